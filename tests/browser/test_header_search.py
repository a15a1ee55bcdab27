"""Searching from the header: a street name finds the cases, people and incidents on it; a result opens with a back
link to the results. Every page passes the axe check at 1280 px and 390 px and does not scroll sideways at 320 px,
the header's search box included."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from cases import services
from cases.models import PersonRole
from core import clock
from tests.factories import CaseFactory

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
NARROWEST = {"width": 320, "height": 640}


def checked(page: Page, check_page, name: str) -> None:
    """At 390 px and 1280 px through the axe check (with a screenshot), and measured for sideways scroll at 320 px."""
    page.set_viewport_size(NARROWEST)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow} px at 320 px"
    page.set_viewport_size(PHONE)
    check_page(page, f"{name} (390 px)")
    page.set_viewport_size(DESKTOP)
    check_page(page, f"{name} (1280 px)")


def test_search_a_street_from_the_header_and_come_back_to_the_results(
    transactional_db, sign_in, check_page, lead_officer, outsider_officer
):
    on_fosse = CaseFactory(lead_officer=lead_officer, address="14 Fosse Road North, Leicester", postcode="LE3 5ET")
    elsewhere = CaseFactory(lead_officer=lead_officer, address="2 Narborough Road", postcode="LE3 0BQ")
    hidden = CaseFactory(lead_officer=outsider_officer, address="20 Fosse Road North", postcode="LE3 5EU")
    resident = services.person_create(
        officer=lead_officer, first_name="Wayne", last_name="Ruddock", address="3 Fosse Road South", postcode="LE3 0FP"
    )
    services.case_add_person(case=elsewhere, officer=lead_officer, person=resident, role=PersonRole.PERPETRATOR)
    now = clock.now()
    services.incident_record(
        case=elsewhere,
        officer=lead_officer,
        occurred_at=now - datetime.timedelta(hours=3),
        reported_at=now - datetime.timedelta(hours=2),
        reported_to=lead_officer.agency,
        description="Stones thrown at the bus shelter on Fosse Road.",
        hate_incident=False,
    )
    page = sign_in(lead_officer)
    page.set_viewport_size(DESKTOP)
    page.goto("/my-cases/")
    checked(page, check_page, "my cases with the header search")

    search = page.get_by_role("search", name="Site search")
    search.get_by_label("Search cases, people, addresses and postcodes").fill("Fosse Road")
    search.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    tabs = page.get_by_role("navigation", name="Kinds of result")
    expect(tabs.get_by_role("link", name="Cases (1)")).to_have_attribute("aria-current", "page")
    expect(tabs.get_by_role("link", name="People (1)")).to_be_visible()
    expect(tabs.get_by_role("link", name="Incidents (1)")).to_be_visible()
    expect(page.locator("main table")).to_contain_text(on_fosse.reference)
    expect(page.locator("main table")).not_to_contain_text(hidden.reference)
    checked(page, check_page, "search results for a street")
    results_url = page.url

    page.locator("main table").get_by_role("link", name=on_fosse.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {on_fosse.reference}")
    back = page.locator("main .govuk-back-link")
    expect(back).to_have_text("Back to search results")
    back.click()
    assert page.url == results_url

    tabs.get_by_role("link", name="People (1)").click()
    expect(tabs.get_by_role("link", name="People (1)")).to_have_attribute("aria-current", "page")
    checked(page, check_page, "search results, people")
    page.locator("main table").get_by_role("link", name="Wayne Ruddock").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wayne Ruddock")
    expect(back).to_have_text("Back to search results")
    back.click()

    tabs.get_by_role("link", name="Incidents (1)").click()
    checked(page, check_page, "search results, incidents")
    page.locator("main table").get_by_role("link", name=elsewhere.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {elsewhere.reference}")
    expect(back).to_have_text("Back to search results")


def test_an_empty_search_says_what_to_type(transactional_db, sign_in, check_page, lead_officer):
    page = sign_in(lead_officer)
    page.set_viewport_size(DESKTOP)
    page.goto("/search/?q=")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a case reference, a name, an address or a postcode")
    summary.get_by_role("link").click()
    expect(page.locator("#id_q")).to_be_focused()
    checked(page, check_page, "search with nothing typed")
