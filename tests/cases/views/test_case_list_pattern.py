"""The case lists as MOJ's filter a list: sortable columns (on the server, each both ways), the selected filters as
tags that remove themselves, and My cases switched between mine, my team's and my agency's."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import Case, CaseStatus, RiskBand
from core import clock
from tests.factories import AgencyFactory, CaseFactory, CategoryFactory, DepartmentFactory, JagFactory, OfficerFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("cases:list")
MY_CASES_URL = reverse("cases:my_cases")


def listed(response) -> list[str]:
    return [case.reference for case in response.context["page"]]


def _set(case, **changes) -> Case:
    Case.objects.filter(pk=case.pk).update(**changes)
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def sortable(lead_officer, lead_agency, jag, category):
    """Four cases of the lead agency that differ in every sortable column, each in a different order."""
    today = clock.today()
    aaron = OfficerFactory(agency=lead_agency, first_name="Aaron", last_name="Abbott")
    zoe = OfficerFactory(agency=lead_agency, first_name="Zoe", last_name="Zimmer")
    made = {}
    for name, officer, risk, review, status in [
        ("a", lead_officer, RiskBand.HIGH, today + datetime.timedelta(days=20), CaseStatus.OPEN),
        ("b", aaron, RiskBand.STANDARD, None, CaseStatus.CEASED),
        ("c", zoe, "", today - datetime.timedelta(days=3), CaseStatus.CLOSED),
        ("d", aaron, RiskBand.MEDIUM, today + datetime.timedelta(days=5), CaseStatus.OPEN),
    ]:
        case = CaseFactory(lead_officer=officer, jag=jag, category=category)
        made[name] = _set(case, risk_band=risk, next_review_date=review, status=status)
    # Updated in the order d, c, b, a: the unsorted list (newest activity first) is a, b, c, d.
    for minutes, name in enumerate("dcba"):
        _set(made[name], updated_at=clock.now() + datetime.timedelta(minutes=minutes))
    return {name: case.reference for name, case in made.items()}


# Each column's ascending order of the four cases; descending is its reverse, but for the cases with no value
# (no next review), which come last both ways.
ORDERS = {
    "reference": "abcd",
    "lead": "bdac",  # Abbott (b, d newest first), Lead, Zimmer
    "risk": "cbda",  # not assessed, standard, medium, high
    "next_review": "cdab",  # 3 days ago, in 5 days, in 20 days, none
    "status": "adcb",  # open (a, d), closed, ceased
}


@pytest.mark.parametrize("column", ORDERS)
def test_case_list_sorts_by_each_column_both_ways(sortable, lead_officer_client, column):
    ascending = listed(lead_officer_client.get(LIST_URL, {"sort": column}))
    descending = listed(lead_officer_client.get(LIST_URL, {"sort": f"-{column}"}))

    expected_up = [sortable[name] for name in ORDERS[column]]
    if column == "reference":
        expected_up = sorted(sortable.values())
    expected_down = list(reversed(expected_up))
    if column == "lead":
        # Ties (Abbott's two cases) keep the newest activity first both ways.
        expected_down = [sortable[name] for name in "cabd"]
    if column == "next_review":
        expected_down = [sortable[name] for name in "adcb"]
    if column == "status":
        expected_down = [sortable[name] for name in "bcad"]
    assert (ascending, descending) == (expected_up, expected_down)


def test_case_list_unsorted_or_unknown_sort_is_newest_activity_first(sortable, lead_officer_client):
    newest_first = [sortable[name] for name in "abcd"]

    assert listed(lead_officer_client.get(LIST_URL)) == newest_first
    assert listed(lead_officer_client.get(LIST_URL, {"sort": "summary"})) == newest_first
    assert listed(lead_officer_client.get(LIST_URL, {"sort": "-"})) == newest_first


def _headers(response) -> dict[str, tuple[str, str]]:
    """Each sortable column's header: its aria-sort and where its link goes."""
    html = response.content.decode()
    found = re.findall(r'aria-sort="(\w+)"><a class="govuk-link app-sort-link" href="\?([^"]*)">(\w[\w ]*)<', html)
    return {label: (aria, href.replace("&amp;", "&")) for aria, href, label in found}


def test_case_list_headers_say_the_sort_and_link_to_the_other_way(sortable, lead_officer_client):
    unsorted = _headers(lead_officer_client.get(LIST_URL, {"status": "open", "page": "1"}))
    by_risk = _headers(lead_officer_client.get(LIST_URL, {"status": "open", "sort": "risk"}))
    by_risk_down = _headers(lead_officer_client.get(LIST_URL, {"status": "open", "sort": "-risk"}))

    assert unsorted == {
        "Case": ("none", "status=open&sort=reference"),
        "Lead": ("none", "status=open&sort=lead"),
        "Risk": ("none", "status=open&sort=risk"),
        "Next review": ("none", "status=open&sort=next_review"),
        "Status": ("none", "status=open&sort=status"),
    }
    assert (by_risk["Risk"], by_risk["Lead"]) == (
        ("ascending", "status=open&sort=-risk"),
        ("none", "status=open&sort=lead"),
    )
    assert by_risk_down["Risk"] == ("descending", "status=open&sort=risk")


def test_case_list_sort_kept_by_the_filters_and_the_pages(lead_officer, lead_officer_client):
    for _ in range(26):
        CaseFactory(lead_officer=lead_officer)
    response = lead_officer_client.get(LIST_URL, {"status": "open", "sort": "-reference"})
    html = response.content.decode()

    assert listed(response) == sorted(Case.objects.values_list("reference", flat=True), reverse=True)[:25]
    assert '<input type="hidden" name="sort" value="-reference">' in html
    assert 'href="?status=open&amp;sort=-reference&amp;page=2"' in html


def test_case_list_search_sorted(sortable, lead_officer_client):
    assert listed(lead_officer_client.get(LIST_URL, {"q": "ASB-", "sort": "-risk"})) == [
        sortable[name] for name in "adbc"
    ]


def test_case_list_shows_each_selected_filter_as_a_tag_that_removes_it(sortable, lead_officer_client, jag, lead_agency):
    after = clock.today() - datetime.timedelta(days=30)
    params = {
        "status": "open",
        "jag": str(jag.pk),
        "opened_after_0": str(after.day),
        "opened_after_1": str(after.month),
        "opened_after_2": str(after.year),
        "long_standing": "no",
        "sort": "risk",
        "page": "1",
    }
    response = lead_officer_client.get(LIST_URL, params)

    tags = [(tag["heading"], tag["text"], tag["query"]) for tag in response.context["selected_filters"]]
    assert tags == [
        (
            "Status",
            "Open",
            f"jag={jag.pk}&opened_after_0={after.day}&opened_after_1={after.month}"
            f"&opened_after_2={after.year}&long_standing=no&sort=risk",
        ),
        (
            "JAG",
            str(jag),
            f"status=open&opened_after_0={after.day}&opened_after_1={after.month}"
            f"&opened_after_2={after.year}&long_standing=no&sort=risk",
        ),
        ("Opened on or after", f"{after.day} {after:%B %Y}", f"status=open&jag={jag.pk}&long_standing=no&sort=risk"),
        (
            "Long standing",
            "No",
            f"status=open&jag={jag.pk}&opened_after_0={after.day}&opened_after_1={after.month}"
            f"&opened_after_2={after.year}&sort=risk",
        ),
    ]
    html = response.content.decode()
    assert '<span class="govuk-visually-hidden">Remove this filter:</span> Open</a>' in html
    assert f'href="{LIST_URL}?sort=risk">Clear filters</a>' in html


def test_case_list_search_and_officer_tags(sortable, lead_officer, lead_officer_client):
    response = lead_officer_client.get(LIST_URL, {"q": "ASB-20", "lead_officer": str(lead_officer.pk)})

    assert [(tag["heading"], tag["text"]) for tag in response.context["selected_filters"]] == [
        ("Search", "“ASB-20”"),
        ("Lead officer", "Lena Lead"),
    ]


def test_case_list_no_tags_without_filters_or_with_a_bad_one(sortable, lead_officer_client):
    assert lead_officer_client.get(LIST_URL).context["selected_filters"] == []
    assert lead_officer_client.get(LIST_URL, {"opened_month": "2025-13"}).context["selected_filters"] == []


def test_case_list_overdue_review_says_by_how_many_days(lead_officer, lead_officer_client):
    case = CaseFactory(lead_officer=lead_officer)
    _set(case, next_review_date=clock.today() - datetime.timedelta(days=3))
    one_day = _set(CaseFactory(lead_officer=lead_officer), next_review_date=clock.today() - datetime.timedelta(days=1))
    closed = CaseFactory(lead_officer=lead_officer)
    _set(closed, next_review_date=clock.today() - datetime.timedelta(days=9), status=CaseStatus.CLOSED)

    html = lead_officer_client.get(LIST_URL).content.decode()

    assert re.findall(r"Overdue by \d+ days?", html) == ["Overdue by 1 day", "Overdue by 3 days"]
    assert one_day.review_overdue_days == 1


# --- My cases: mine, my team's, my agency's ---------------------------------------------------------------------


@pytest.fixture
def teams(lead_officer, lead_agency, partner_officer, jag, category):
    """The lead officer in the community safety team with a colleague; another team of the same agency; a case the
    agency was brought into; a closed case of the lead officer's."""
    safety = DepartmentFactory(agency=lead_agency, name="Community Safety")
    housing = DepartmentFactory(agency=lead_agency, name="Housing")
    lead_officer.department = safety
    lead_officer.save()
    colleague = OfficerFactory(agency=lead_agency, department=safety, first_name="Cora", last_name="Colleague")
    other_team = OfficerFactory(agency=lead_agency, department=housing, first_name="Hugo", last_name="Housing")

    def make(officer):
        return CaseFactory(lead_officer=officer, jag=jag, category=category)

    cases = {
        "mine": make(lead_officer),
        "colleague": make(colleague),
        "other_team": make(other_team),
        "brought_in": make(partner_officer),
        "closed": make(lead_officer),
    }
    services.case_add_agency(case=cases["brought_in"], officer=partner_officer, agency=lead_agency)
    _set(cases["closed"], status=CaseStatus.CLOSED)
    for minutes, name in enumerate(["brought_in", "other_team", "colleague", "mine"]):
        _set(cases[name], updated_at=clock.now() + datetime.timedelta(minutes=minutes))
    return {name: case.reference for name, case in cases.items()}


@pytest.mark.parametrize(
    "show, expected",
    [
        ("", ["mine"]),
        ("mine", ["mine"]),
        ("team", ["mine", "colleague"]),
        ("agency", ["mine", "colleague", "other_team", "brought_in"]),
        ("everyone", ["mine"]),
    ],
)
def test_my_cases_switch(teams, lead_officer_client, show, expected):
    response = lead_officer_client.get(MY_CASES_URL, {"show": show} if show else {})

    assert listed(response) == [teams[name] for name in expected]
    assert response.context["counts"]["open"] == len(expected)


def test_my_cases_switch_is_a_sub_navigation_saying_whose_cases(teams, lead_officer_client):
    html = lead_officer_client.get(MY_CASES_URL, {"show": "team"}).content.decode()

    assert re.findall(r'<a class="moj-sub-navigation__link" href="\?show=(\w+)"( aria-current="page")?>', html) == [
        ("mine", ""),
        ("team", ' aria-current="page"'),
        ("agency", ""),
    ]
    assert "Open cases led by you or the officers of the Community Safety team." in html


def test_my_team_without_a_department_is_who_sits_on_my_jags(
    lead_officer, lead_agency, jag, category, lead_officer_client
):
    jag_colleague = OfficerFactory(agency=lead_agency)
    elsewhere = OfficerFactory(agency=lead_agency)
    other_agency_member = OfficerFactory(agency=AgencyFactory())
    jag.members.add(lead_officer, jag_colleague, other_agency_member)
    JagFactory().members.add(elsewhere)
    mine = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
    theirs = CaseFactory(lead_officer=jag_colleague, jag=jag, category=category)
    CaseFactory(lead_officer=elsewhere, jag=jag, category=category)

    response = lead_officer_client.get(MY_CASES_URL, {"show": "team"})

    assert sorted(listed(response)) == sorted([mine.reference, theirs.reference])
    assert "officers of your agency who sit on a JAG with you" in response.content.decode()


# --- Query counts: the same with 1 row as with 10 -----------------------------------------------------------------


def query_count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        *(f"{LIST_URL}?sort={column}" for column in ORDERS),
        f"{LIST_URL}?sort=-lead&status=open&risk_band=medium",
        f"{LIST_URL}?q=ASB-&sort=-next_review",
        *(f"{MY_CASES_URL}?show={show}&sort=-risk" for show in ("mine", "team", "agency")),
    ],
)
def test_sorted_and_switched_lists_query_count_does_not_grow_with_rows(lead_officer, lead_officer_client, url):
    lead_officer.department = DepartmentFactory(agency=lead_officer.agency)
    lead_officer.save()

    def more(n):
        for _ in range(n):
            case = CaseFactory(lead_officer=lead_officer, jag=JagFactory(), category=CategoryFactory())
            services.case_add_agency(case=case, officer=lead_officer, agency=AgencyFactory())
            _set(case, risk_band=RiskBand.MEDIUM, next_review_date=clock.today() - datetime.timedelta(days=2))

    more(1)
    one = query_count(lead_officer_client, url)
    more(9)
    ten = query_count(lead_officer_client, url)

    assert (one, ten) == (one, one)


# --- Sorted lists read down an index ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "sort", "expected"),
    [
        # Every case listed is open: sorted by status either way, the newest activity comes first.
        ({"status": "open"}, "status", "ad"),
        ({"status": "open"}, "-status", "ad"),
        ({"risk_band": "medium"}, "-risk", "d"),
        # Another filter leaves the column's order as it is.
        ({"jag": None}, "-status", "bcad"),
    ],
)
def test_a_list_filtered_to_one_value_of_the_sorted_column_keeps_the_newest_activity_order(
    sortable, jag, lead_officer_client, filters, sort, expected
):
    filters = {name: value or jag.pk for name, value in filters.items()}

    response = lead_officer_client.get(LIST_URL, filters | {"sort": sort})

    assert listed(response) == [sortable[name] for name in expected]
    # The column still says how the list is sorted.
    assert 'aria-sort="' + ("descending" if sort.startswith("-") else "ascending") in response.content.decode()


def test_my_cases_sorted_by_status_is_the_newest_activity_order(teams, lead_officer_client):
    response = lead_officer_client.get(MY_CASES_URL, {"show": "agency", "sort": "-status"})

    assert listed(response) == [teams[name] for name in ("mine", "colleague", "other_team", "brought_in")]


def _plan(queryset) -> str:
    """PostgreSQL's plan of the query with sorting made the last resort, so an index that gives the order is used."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("column", [column for column in ORDERS if column != "lead"])
@pytest.mark.parametrize("descending", [False, True])
def test_every_sorted_order_but_the_lead_officers_name_has_an_index(column, descending):
    from cases.selectors import sorted_cases

    plan = _plan(sorted_cases(Case.objects.all(), (column, descending)).values("pk")[:25])

    # No sort of every case; an incremental sort of a reference's one row (ties by activity) costs nothing.
    assert not re.search(r"(?m)^\s*(->\s+)?Sort\s+\(", plan), plan
    assert re.search(r"Index (Only )?Scan( Backward)? using (case_sort_\w+|cases_case_reference_key)", plan), plan
