"""The array lookups: a list of values sent to PostgreSQL as one parameter, as a WHERE test or a hashed set."""

import pytest
from django.db.models import Count, Q

from agencies.models import Agency
from core.sql import Values, pk_in
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies():
    return [AgencyFactory(name=f"Agency {n}") for n in range(5)]


@pytest.mark.parametrize("per_row", [False, True])
def test_pk_in_finds_exactly_the_rows_named(agencies, per_row):
    wanted = {agencies[0].pk, agencies[3].pk}
    found = set(Agency.objects.filter(pk_in(wanted, per_row=per_row)).values_list("pk", flat=True))
    assert found == wanted


@pytest.mark.parametrize("per_row", [False, True])
def test_pk_in_nothing_matches_no_row(agencies, per_row):
    assert not Agency.objects.filter(pk_in([], per_row=per_row)).exists()


def test_a_hashed_set_counts_in_an_aggregate_filter_and_combines_with_other_conditions(agencies):
    named = pk_in([a.pk for a in agencies[:3]], per_row=True)
    counts = Agency.objects.filter(pk__in=[a.pk for a in agencies]).aggregate(
        named=Count("pk", filter=named),
        named_and_first=Count("pk", filter=named & Q(name="Agency 0")),
        not_named=Count("pk", filter=~named),
    )
    assert counts == {"named": 3, "named_and_first": 1, "not_named": 2}


def test_any_of_compares_text_values_too(agencies):
    found = Agency.objects.filter(name__any_of=Values(["Agency 1", "Agency 4", "No such agency"]))
    assert sorted(found.values_list("name", flat=True)) == ["Agency 1", "Agency 4"]


def test_values_are_equal_and_hash_alike_by_their_items():
    assert Values([3, 1]) == Values((3, 1))
    assert hash(Values([3, 1])) == hash(Values((3, 1)))
    assert Values([1, 3]) != Values([3, 1])
    assert len(Values(range(4))) == 4


def test_conditions_on_equal_values_are_equal():
    """Django compares and hashes conditions when it combines them: equal id sets make equal conditions."""
    assert pk_in([2, 1]) == pk_in([1, 2])
    assert pk_in([1, 2]) != pk_in([1, 3])
