"""The header search: each kind of result, only among what the user may see, streets without house numbers."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import PersonRole
from cases.search.selectors import search
from cases.selectors import address_spellings
from cases.services import case_add_person, incident_record
from core import clock
from tests.factories import CaseFactory, PersonFactory

URL = reverse("search:results")


@pytest.fixture
def fosse_case(lead_officer, lead_agency, jag, category):
    return CaseFactory(
        lead_officer=lead_officer,
        jag=jag,
        category=category,
        address="14 Fosse Road North, Leicester",
        postcode="LE3 5ET",
    )


@pytest.fixture
def hidden_fosse_case(outsider_officer, jag, category):
    """On the same street, led by an agency the lead officer is not part of."""
    return CaseFactory(
        lead_officer=outsider_officer, jag=jag, category=category, address="20 Fosse Road North", postcode="LE3 5EU"
    )


@pytest.fixture
def fosse_resident(case, lead_officer):
    person = PersonFactory(
        first_name="Wayne", last_name="Ruddock", address="3 FOSSE ROAD SOUTH, Leicester", postcode="LE3 0FP"
    )
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    return person


@pytest.fixture
def hidden_resident(hidden_fosse_case, outsider_officer):
    person = PersonFactory(first_name="Sam", last_name="Hidden", address="22 Fosse Road North", postcode="LE3 5EU")
    case_add_person(case=hidden_fosse_case, officer=outsider_officer, person=person, role=PersonRole.COMPLAINANT)
    return person


def record_incident(case, officer, description):
    now = clock.now()
    return incident_record(
        case=case,
        officer=officer,
        occurred_at=now - datetime.timedelta(hours=2),
        reported_at=now - datetime.timedelta(hours=1),
        reported_to=officer.agency,
        description=description,
        hate_incident=False,
    )


def found(user, query) -> dict[str, list[int]]:
    return {kind: result.ids for kind, result in search(user, query).items()}


def test_a_street_finds_cases_people_and_incidents_without_number_or_postcode(
    case, fosse_case, fosse_resident, lead_officer
):
    incident = record_incident(case, lead_officer, "Stones thrown at a bus stop on Fosse Road North.")

    assert found(lead_officer, "fosse road") == {
        "cases": [fosse_case.pk],
        "people": [fosse_resident.pk],
        "incidents": [incident.pk],
    }


@pytest.mark.parametrize("typed", ["Fosse Road", "FOSSE ROAD", "  fosse   road ", "Fosse Road North"])
def test_a_street_is_found_however_it_is_typed(fosse_case, lead_officer, typed):
    assert found(lead_officer, typed)["cases"] == [fosse_case.pk]


def test_a_case_the_user_may_not_see_is_never_found(
    case, fosse_case, hidden_fosse_case, fosse_resident, hidden_resident, lead_officer, outsider_officer
):
    record_incident(hidden_fosse_case, outsider_officer, "Fight outside the shop on Fosse Road North.")
    for query in ("Fosse Road", hidden_fosse_case.reference, "LE3 5EU", "LE35EU", "Sam Hidden", "hidden"):
        results = found(lead_officer, query)
        assert hidden_fosse_case.pk not in results["cases"], query
        assert hidden_resident.pk not in results["people"], query
        assert results["incidents"] == [], query
    assert found(outsider_officer, "fosse road")["cases"] == [hidden_fosse_case.pk]


def test_a_reference_finds_its_case(fosse_case, case, lead_officer):
    assert found(lead_officer, fosse_case.reference.lower())["cases"] == [fosse_case.pk]
    assert found(lead_officer, fosse_case.reference.split("-", 1)[1])["cases"] == [fosse_case.pk]


@pytest.mark.parametrize("typed", ["LE3 5ET", "le35et", "LE3 5", "le3"])
def test_a_postcode_with_or_without_its_space_finds_cases(fosse_case, lead_officer, typed):
    assert fosse_case.pk in found(lead_officer, typed)["cases"]


@pytest.mark.parametrize("typed", ["LE3 0FP", "le30fp", "LE3 0"])
def test_a_postcode_finds_people(fosse_resident, lead_officer, typed):
    assert found(lead_officer, typed)["people"] == [fosse_resident.pk]


@pytest.mark.parametrize("typed", ["Wayne Ruddock", "ruddock", "wayne rud"])
def test_a_name_finds_the_person_and_their_cases(case, fosse_resident, lead_officer, typed):
    results = found(lead_officer, typed)

    assert (results["people"], results["cases"]) == ([fosse_resident.pk], [case.pk])


def test_a_partner_finds_what_it_was_brought_into(case, fosse_resident, partner_officer, outsider_officer):
    assert found(partner_officer, "ruddock")["people"] == [fosse_resident.pk]
    assert found(outsider_officer, "ruddock") == {"cases": [], "people": [], "incidents": []}


def test_the_page_lists_each_kind_with_links_back_to_the_results(
    case, fosse_case, fosse_resident, lead_officer, lead_officer_client
):
    record_incident(case, lead_officer, "Noise on Fosse Road all night.")

    for kind, link in (
        ("cases", fosse_case.get_absolute_url()),
        ("people", fosse_resident.get_absolute_url()),
        ("incidents", case.get_absolute_url()),
    ):
        page = lead_officer_client.get(URL, {"q": "Fosse Road", "show": kind})
        back = "?back=/search/%3Fq%3DFosse%2BRoad%26show%3D" + kind
        assert page.status_code == 200
        assert f'href="{link}{back}' in page.content.decode(), kind
    opened = lead_officer_client.get(fosse_case.get_absolute_url(), {"back": "/search/?q=Fosse+Road&show=cases"})
    assert 'href="/search/?q=Fosse+Road&amp;show=cases" class="govuk-back-link">Back to search results' in (
        opened.content.decode()
    )


def test_the_page_opens_on_the_first_kind_with_results(case, lead_officer, lead_officer_client):
    incident = record_incident(case, lead_officer, "Scooters ridden through Westcotes Gardens.")

    page = lead_officer_client.get(URL, {"q": "westcotes gardens"})

    assert page.context["shown"] == "incidents"
    assert [i.pk for i in page.context["page"]] == [incident.pk]


def test_the_queries_do_not_grow_with_the_results(lead_officer, lead_officer_client, jag, category):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert lead_officer_client.get(URL, {"q": "Fosse Road"}).status_code == 200
        return len(captured)

    CaseFactory(lead_officer=lead_officer, jag=jag, category=category, address="1 Fosse Road")
    few = queries()
    for number in range(2, 8):
        CaseFactory(lead_officer=lead_officer, jag=jag, category=category, address=f"{number} Fosse Road")

    assert queries() == few


def test_results_are_paginated(lead_officer, lead_officer_client, jag, category):
    for number in range(30):
        CaseFactory(lead_officer=lead_officer, jag=jag, category=category, address=f"{number} Fosse Road")

    first = lead_officer_client.get(URL, {"q": "fosse road"})
    second = lead_officer_client.get(URL, {"q": "fosse road", "show": "cases", "page": 2})

    assert (len(first.context["page"]), len(second.context["page"])) == (25, 5)
    assert "Cases (30)" in first.content.decode()


@pytest.mark.parametrize(("typed", "error"), [("", "Enter a case reference"), ("a", "Enter at least 2 characters")])
def test_a_blank_or_too_short_search_says_what_to_do(lead_officer_client, typed, error):
    page = lead_officer_client.get(URL, {"q": typed})

    assert error in page.content.decode()
    assert 'href="#id_q"' in page.content.decode()


def test_every_signed_in_page_has_the_search_box(lead_officer_client, anonymous_client):
    assert 'id="header-search"' in lead_officer_client.get(reverse("cases:my_cases")).content.decode()
    assert 'id="header-search"' not in anonymous_client.get(reverse("login")).content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(anonymous_client):
    assert anonymous_client.get(URL, {"q": "Fosse Road"}).status_code == 302


@pytest.mark.parametrize(
    ("typed", "spellings"),
    [
        ("Fosse Road", ["Fosse Road", "fosse rd"]),
        ("fosse rd.", ["fosse rd.", "fosse road"]),
        ("14 Belgrave Gate", ["14 Belgrave Gate"]),
        ("St Saviours Rd", ["St Saviours Rd", "street saviours road"]),
    ],
)
def test_street_types_are_searched_both_ways(typed, spellings):
    assert address_spellings(typed) == spellings


def test_a_street_written_short_is_found_by_its_long_name_and_back(fosse_case, lead_officer, jag, category):
    short = CaseFactory(lead_officer=lead_officer, jag=jag, category=category, address="3 Fosse Rd North")
    incident = record_incident(short, lead_officer, "Bins set alight on Fosse Rd.")

    assert sorted(found(lead_officer, "Fosse Road")["cases"]) == sorted([fosse_case.pk, short.pk])
    assert sorted(found(lead_officer, "fosse rd")["cases"]) == sorted([fosse_case.pk, short.pk])
    assert found(lead_officer, "Fosse Road")["incidents"] == [incident.pk]
