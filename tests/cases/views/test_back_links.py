"""The back link of the case and person pages returns to the page the officer came from, and only on this site."""

import html
import re

import pytest
from django.urls import reverse

from cases.models import PersonRole
from cases.services import case_add_person, person_create

pytestmark = pytest.mark.django_db

MY_CASES = reverse("cases:my_cases")


def back_link(response) -> tuple[str, str]:
    """The page's back link: where it goes and what it says."""
    match = re.search(r'<a href="([^"]*)" class="govuk-back-link">([^<]*)</a>', response.content.decode())
    assert match, "no back link on the page"
    return html.unescape(match.group(1)), html.unescape(match.group(2))


@pytest.fixture
def mary(case, lead_officer):
    person = person_create(officer=lead_officer, first_name="Mary", last_name="Jones")
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.COMPLAINANT)
    return person


def test_case_page_without_back_goes_to_my_cases(lead_officer_client, case):
    assert back_link(lead_officer_client.get(case.get_absolute_url())) == (MY_CASES, "Back to my cases")


@pytest.mark.parametrize(
    ("back", "text"),
    [
        ("/cases/?status=open&category=3&page=2", "Back to all cases"),
        ("/my-cases/?page=3", "Back to my cases"),
        ("/meetings/12/", "Back to the meeting"),
        ("/people/7/", "Back to the person"),
        ("/dashboard/", "Back to the dashboard"),
    ],
)
def test_case_page_goes_back_to_the_list_it_came_from(lead_officer_client, case, back, text):
    response = lead_officer_client.get(case.get_absolute_url(), {"back": back})

    assert back_link(response) == (back, text)


@pytest.mark.parametrize(
    "back",
    [
        "https://evil.example/cases/",
        "//evil.example/cases/",
        "/\\evil.example/cases/",
        "http://testserver/cases/",
        "javascript:alert(1)",
        "cases/",
        "/no-such-page/",
        "",
    ],
)
def test_case_page_ignores_a_back_that_is_not_a_page_of_this_site(lead_officer_client, case, back):
    response = lead_officer_client.get(case.get_absolute_url(), {"back": back})

    assert back_link(response) == (MY_CASES, "Back to my cases")


def test_person_page_has_a_back_link_to_the_case_it_was_opened_from(lead_officer_client, case, mary):
    people = reverse("cases:people", kwargs={"reference": case.reference})
    case_page = lead_officer_client.get(people, {"back": "/cases/?status=open"})
    person_url = html.unescape(
        re.search(rf'href="({re.escape(mary.get_absolute_url())}\?back=[^"]*)"', case_page.content.decode()).group(1)
    )

    person_page = lead_officer_client.get(person_url)
    url, text = back_link(person_page)

    assert (url.split("?")[0], text) == (people, f"Back to case {case.reference}")
    # The case page it leads to still goes back to where the officer began.
    assert back_link(lead_officer_client.get(url)) == ("/cases/?status=open", "Back to all cases")
    # And its link to the case brings the officer back to the person.
    assert f'href="{case.get_absolute_url()}?back={mary.get_absolute_url()}%3Fback%3D' in person_page.content.decode()


def test_person_page_without_back_goes_to_my_cases(lead_officer_client, mary):
    assert back_link(lead_officer_client.get(mary.get_absolute_url())) == (MY_CASES, "Back to my cases")


def test_lists_link_to_cases_with_their_own_address_as_back(lead_officer_client, case):
    page = lead_officer_client.get(reverse("cases:list"), {"status": "open"}).content.decode()

    assert f'href="{case.get_absolute_url()}?back=/cases/%3Fstatus%3Dopen"' in page
