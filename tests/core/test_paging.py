"""A page of a list with the list's totals: from one pass (counted_page), or counted then read down an index
(indexed_page)."""

import pytest
from django.db.models import Count, Q

from cases.models import Category
from core.paging import counted_page, indexed_page, page_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def categories():
    Category.objects.all().delete()
    return [
        Category.objects.create(name=f"Category {n:02d}", is_hate_incident=n % 3 == 0, sort_order=n)
        for n in range(1, 8)
    ]


@pytest.fixture(params=[counted_page, indexed_page])
def paging(request):
    return request.param


@pytest.fixture
def page_of(paging):
    def page(number, per_page=3, totals=None):
        queryset = Category.objects.order_by("sort_order")
        return paging(queryset, number, per_page=per_page, rows=Category.objects.in_bulk, totals=totals)

    return page


@pytest.mark.parametrize(
    ("asked", "number", "names"),
    [
        ("1", 1, ["Category 01", "Category 02", "Category 03"]),
        ("2", 2, ["Category 04", "Category 05", "Category 06"]),
        ("3", 3, ["Category 07"]),
        ("9", 3, ["Category 07"]),
        ("9" * 30, 3, ["Category 07"]),
        ("0", 1, ["Category 01", "Category 02", "Category 03"]),
        ("two", 1, ["Category 01", "Category 02", "Category 03"]),
        (None, 1, ["Category 01", "Category 02", "Category 03"]),
    ],
)
def test_the_page_in_the_lists_order_with_its_count(categories, page_of, asked, number, names):
    page, totals = page_of(asked, totals={"hate": Count("pk", filter=Q(is_hate_incident=True))})

    assert [category.name for category in page.object_list] == names
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (number, 7, 3)
    assert totals == {"hate": 2}
    assert page.has_next() == (number < 3)


def test_count_and_totals_come_with_the_page_in_a_fixed_number_of_queries(
    categories, paging, page_of, django_assert_num_queries
):
    # counted_page: the ids with the totals, then the page's rows; indexed_page: the totals, the ids, the rows.
    with django_assert_num_queries(2 if paging is counted_page else 3):
        page, totals = page_of("2", totals={"hate": Count("pk", filter=Q(is_hate_incident=True))})
        assert page.paginator.count == 7

    assert totals["hate"] == 2


def test_an_empty_list_is_one_empty_page_with_zero_totals(categories, page_of):
    Category.objects.all().delete()

    page, totals = page_of("4", totals={"hate": Count("pk", filter=Q(is_hate_incident=True))})

    assert (list(page.object_list), page.number, page.paginator.count) == ([], 1, 0)
    assert totals == {"hate": 0}


@pytest.mark.parametrize(("value", "number"), [("3", 3), ("-2", 1), ("", 1), ("1.5", 1), (None, 1), ("9" * 30, 10**9)])
def test_page_number(value, number):
    assert page_number(value) == number
