"""The case list, My cases, the person page and the chronology: filters, search, pages, and a constant query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import Case, CaseStatus, EntryKind, PersonRole, RiskBand
from cases.services import case_add_person, person_create
from core import clock
from tests.factories import (
    AgencyFactory,
    CaseFactory,
    CategoryFactory,
    InterventionFactory,
    JagFactory,
    OfficerFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("cases:list")
MY_CASES_URL = reverse("cases:my_cases")


def listed(response) -> list[str]:
    return [case.reference for case in response.context["page"]]


def references(*cases) -> list[str]:
    """In the list's order: most recently updated first."""
    return [c.reference for c in sorted(cases, key=lambda c: (c.updated_at, c.pk), reverse=True)]


def fresh(*cases) -> list[Case]:
    return [Case.objects.get(pk=c.pk) for c in cases]


@pytest.fixture
def other_lead_case(partner_officer, jag):
    """A case the partner agency leads, that the lead agency is not part of."""
    return CaseFactory(lead_officer=partner_officer, jag=jag, postcode="LE2 7AB", address="3 Evington Road")


@pytest.fixture
def hidden_case(outsider_officer):
    """A case only the outsider agency can see."""
    return CaseFactory(lead_officer=outsider_officer, postcode="LE15 6AB", address="1 High Street, Oakham")


# --- Who sees what --------------------------------------------------------------------------------------------


def test_case_list_shows_only_visible_cases(
    case, other_lead_case, hidden_case, lead_officer_client, partner_officer_client
):
    lead = listed(lead_officer_client.get(LIST_URL))
    partner = listed(partner_officer_client.get(LIST_URL))

    assert lead == [case.reference]
    assert partner == references(*fresh(case, other_lead_case))


def test_my_cases_lists_open_cases_i_lead_and_their_counts(case, lead_officer, lead_officer_client, hidden_case):
    closed = CaseFactory(lead_officer=lead_officer)
    Case.objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED)
    high = CaseFactory(lead_officer=lead_officer)
    Case.objects.filter(pk=high.pk).update(
        risk_band=RiskBand.HIGH, next_review_date=clock.today() - datetime.timedelta(days=1)
    )

    response = lead_officer_client.get(MY_CASES_URL)

    assert listed(response) == references(*fresh(case, high))
    assert response.context["counts"] == {"open": 2, "high_risk": 1, "review_overdue": 1}


def test_my_agency_cases_include_cases_the_agency_was_brought_into(case, other_lead_case, partner_officer_client):
    assert listed(partner_officer_client.get(MY_CASES_URL, {"show": "agency"})) == references(
        *fresh(case, other_lead_case)
    )


# --- Filters --------------------------------------------------------------------------------------------------


@pytest.fixture
def varied_cases(lead_officer, lead_agency, jag, category):
    """Four cases of the lead agency, each differing from the first in one thing a filter picks out."""
    colleague = OfficerFactory(agency=lead_agency, first_name="Colin", last_name="Colleague")
    other_jag = JagFactory(name="Charnwood JAG", locality="Charnwood")
    hate = CategoryFactory(name="Hate incident (racial)")
    base = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
    high = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
    Case.objects.filter(pk=high.pk).update(risk_band=RiskBand.HIGH)
    closed = CaseFactory(lead_officer=colleague, jag=other_jag, category=hate)
    Case.objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED)
    old = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
    Case.objects.filter(pk=old.pk).update(opened_at=clock.now() - datetime.timedelta(days=400))
    return {
        "base": base,
        "high": high,
        "closed": closed,
        "old": old,
        "colleague": colleague,
        "jag": other_jag,
        "hate": hate,
    }


def test_case_list_filters(varied_cases, lead_officer_client):
    v = varied_cases
    last_year = (clock.today() - datetime.timedelta(days=200)).isoformat()
    all_four = fresh(v["base"], v["high"], v["closed"], v["old"])

    def filtered(**params):
        return listed(lead_officer_client.get(LIST_URL, params))

    assert filtered() == references(*all_four)
    assert filtered(status=CaseStatus.CLOSED) == [v["closed"].reference]
    assert filtered(risk_band=RiskBand.HIGH) == [v["high"].reference]
    assert filtered(jag=v["jag"].pk) == [v["closed"].reference]
    assert filtered(category=v["hate"].pk) == [v["closed"].reference]
    assert filtered(lead_officer=v["colleague"].pk) == [v["closed"].reference]
    assert filtered(opened_before=last_year) == [v["old"].reference]
    assert filtered(opened_after=last_year, status=CaseStatus.OPEN) == references(*fresh(v["base"], v["high"]))


def test_case_list_bad_filter_values_are_not_a_500(varied_cases, lead_officer_client):
    response = lead_officer_client.get(
        LIST_URL, {"status": "nonsense", "jag": "x", "opened_after": "31/02/2024", "page": "999"}
    )

    assert response.status_code == 200


def test_case_list_filter_for_another_agency_shows_nothing_hidden(
    case, hidden_case, outsider_agency, lead_officer_client
):
    response = lead_officer_client.get(LIST_URL, {"lead_agency": outsider_agency.pk})

    assert listed(response) == []
    assert hidden_case.reference not in response.content.decode()


# --- Search ---------------------------------------------------------------------------------------------------


@pytest.fixture
def searchable(case, lead_officer, hidden_case, outsider_officer):
    """Dave Smith is in the shared case and in a case only the outsider sees."""
    dave = person_create(officer=lead_officer, first_name="Dave", last_name="Smith")
    case_add_person(case=case, officer=lead_officer, person=dave, role=PersonRole.PERPETRATOR)
    case_add_person(case=hidden_case, officer=outsider_officer, person=dave, role=PersonRole.PERPETRATOR)
    second = CaseFactory(lead_officer=lead_officer, postcode="LE4 9HA", address="20 Belgrave Gate")
    fosse = CaseFactory(lead_officer=lead_officer, postcode="LE3 5EU", address="3 Fosse Rd North")
    return {"case": case, "second": second, "fosse": fosse, "hidden": hidden_case}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("reference", ["case"]),
        ("reference-lower", ["case"]),
        ("Dave Smith", ["case"]),
        ("smith", ["case"]),
        ("LE3 0BQ", ["case"]),
        ("le30bq", ["case"]),
        ("LE4", ["second"]),
        ("Belgrave Gate", ["second"]),
        ("20 belgrave gate", ["second"]),
        ("LE15 6AB", []),  # the outsider's case
        ("Nobody Atall", []),
        ("Fosse Road", ["fosse"]),  # written "Fosse Rd"
    ],
)
def test_case_list_search(searchable, lead_officer_client, query, expected):
    if query == "reference":
        query = searchable["case"].reference
    elif query == "reference-lower":
        query = searchable["case"].reference.lower()

    response = lead_officer_client.get(LIST_URL, {"q": query})

    assert listed(response) == [searchable[name].reference for name in expected]


def test_case_list_search_by_hidden_reference_finds_nothing(searchable, lead_officer_client):
    response = lead_officer_client.get(LIST_URL, {"q": searchable["hidden"].reference})

    assert listed(response) == []
    assert response.context["page"].paginator.count == 0


def test_case_list_search_lists_the_most_recent_matches_and_says_more_matched(
    lead_officer, lead_officer_client, monkeypatch
):
    monkeypatch.setattr("cases.views.SEARCH_RESULT_LIMIT", 2)
    cases = fresh(*[CaseFactory(lead_officer=lead_officer, postcode="LE4 9HA") for _ in range(3)])

    response = lead_officer_client.get(LIST_URL, {"q": "LE4"})

    assert listed(response) == references(*cases)[:2]
    assert "More than 2 cases match" in response.content.decode()


@pytest.mark.parametrize("limit", [0, 300], ids=["hashed", "row by row"])
def test_case_list_search_same_cases_whichever_way_visibility_is_checked(
    searchable, lead_officer_client, monkeypatch, limit
):
    monkeypatch.setattr("cases.selectors.ROW_BY_ROW_LIMIT", limit)

    response = lead_officer_client.get(LIST_URL, {"q": "smith"})

    assert (listed(response), response.context["page"].paginator.count) == ([searchable["case"].reference], 1)


# --- Pages ----------------------------------------------------------------------------------------------------


def test_case_list_pages_of_25_keep_the_filters(lead_officer, lead_officer_client):
    cases = [CaseFactory(lead_officer=lead_officer) for _ in range(26)]
    expected = references(*fresh(*cases))

    first = lead_officer_client.get(LIST_URL, {"status": CaseStatus.OPEN})
    second = lead_officer_client.get(LIST_URL, {"status": CaseStatus.OPEN, "page": 2})

    assert listed(first) == expected[:25]
    assert listed(second) == expected[25:]
    assert 'href="?status=open&amp;page=2"' in first.content.decode()
    assert 'aria-label="Page 1" aria-current="page">1</a>' in first.content.decode()
    assert 'page=2" aria-label="Page 2">2</a>' in first.content.decode()
    assert 'href="?status=open&amp;page=1"' in second.content.decode()


# --- Query counts: the same with 1 row as with 10 -----------------------------------------------------------------


def query_count(client, url) -> int:
    # A first request warms the per-process caches (content types for the audit trail), which are not per row.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def more_cases(officer, n, **kwargs):
    """Cases as they are in life: a person, an involved agency and a risk band each, so lazy loads would show."""
    made = []
    for _ in range(n):
        case = CaseFactory(lead_officer=officer, **kwargs)
        services.case_add_agency(case=case, officer=officer, agency=AgencyFactory())
        Case.objects.filter(pk=case.pk).update(risk_band=RiskBand.MEDIUM, next_review_date=clock.today())
        made.append(case)
    return made


@pytest.mark.parametrize("url", [LIST_URL, MY_CASES_URL, LIST_URL + "?q=LE3&status=open"], ids=["list", "my", "search"])
def test_case_lists_query_count_does_not_grow_with_rows(lead_officer, lead_officer_client, jag, category, url):
    more_cases(lead_officer, 1, jag=jag, category=category)
    one = query_count(lead_officer_client, url)

    more_cases(lead_officer, 9, jag=JagFactory(), category=category)
    ten = query_count(lead_officer_client, url)

    assert ten == one


def test_person_page_query_count_does_not_grow_with_cases(lead_officer, lead_officer_client):
    person = person_create(officer=lead_officer, first_name="Dave", last_name="Smith")
    for case in more_cases(lead_officer, 1):
        case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
        InterventionFactory(case=case, person=person)  # the person page shows their ladder too
    one = query_count(lead_officer_client, person.get_absolute_url())

    for case in more_cases(lead_officer, 9, jag=JagFactory()):
        case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
        InterventionFactory(case=case, person=person)
    ten = query_count(lead_officer_client, person.get_absolute_url())

    assert ten == one


def test_chronology_page_query_count_does_not_grow_with_entries(
    case, lead_officer, partner_officer, lead_officer_client
):
    url = reverse("cases:chronology", kwargs={"reference": case.reference})
    now = clock.now()

    def log(n):
        for i in range(n):
            officer = (lead_officer, partner_officer)[i % 2]
            entry = services.chronology_add(
                case=case,
                officer=officer,
                kind=EntryKind.CALL,
                occurred_at=now - datetime.timedelta(hours=i),
                text="Call.",
            )
            services.chronology_correct(entry=entry, officer=officer, text="It was a visit.")

    log(1)
    one = query_count(lead_officer_client, url)
    log(9)
    ten = query_count(lead_officer_client, url)

    assert ten == one


def test_case_detail_query_count_does_not_grow_with_the_record(case, lead_officer, lead_officer_client):
    """The case page shows people (each perpetrator with their ladder), incidents, documents, agencies and
    chronology: none may load row by row."""
    now = clock.now()

    def add(n):
        for i in range(n):
            person = person_create(officer=lead_officer, first_name=f"Person{i}", last_name="Test")
            case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.WITNESS)
            perpetrator = person_create(officer=lead_officer, first_name=f"Perpetrator{i}", last_name="Test")
            case_add_person(case=case, officer=lead_officer, person=perpetrator, role=PersonRole.PERPETRATOR)
            InterventionFactory(case=case, person=perpetrator)
            services.incident_record(
                case=case,
                officer=lead_officer,
                occurred_at=now - datetime.timedelta(days=i + 1),
                reported_at=now - datetime.timedelta(days=i),
                reported_to=AgencyFactory(),
                description="Noise.",
                hate_incident=False,
            )
            services.case_add_agency(case=case, officer=lead_officer, agency=AgencyFactory())

    add(1)
    one = query_count(lead_officer_client, case.get_absolute_url())
    add(9)
    ten = query_count(lead_officer_client, case.get_absolute_url())

    assert ten == one


@pytest.mark.parametrize(
    "param",
    [
        "q",
        "status",
        "risk_band",
        "jag",
        "lead_agency",
        "category",
        "lead_officer",
        "opened_after",
        "opened_before",
        "page",
    ],
)
def test_case_list_hostile_filter_value_is_not_a_server_error(case, lead_officer_client, param):
    statuses = {
        value[:12]: lead_officer_client.get(LIST_URL, {param: value}).status_code
        for value in ["\x00", "9" * 30, "-1", "<script>", "é" * 3000, "2024-02-31", ""]
    }

    assert set(statuses.values()) == {200}
