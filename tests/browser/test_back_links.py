"""Going back from a case or a person to where the officer came from: a filtered page of All cases, a case, a
person. Every page passes the axe check (moderate violations included: the pagination's current page, the phase
banner and the back link in landmarks) at 1280 px and 390 px."""

import re

import pytest
from playwright.sync_api import Page, expect

from cases import services
from cases.models import PersonRole
from tests.factories import CaseFactory

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def at_both_widths(page: Page, check_page, name: str) -> None:
    page.set_viewport_size(PHONE)
    check_page(page, f"{name} (390 px)")
    page.set_viewport_size(DESKTOP)
    check_page(page, f"{name} (1280 px)")


def test_back_links_return_to_the_filtered_list_the_case_and_the_person(
    transactional_db, sign_in, check_page, lead_officer
):
    cases = [CaseFactory(lead_officer=lead_officer) for _ in range(30)]
    for case in cases:
        person = services.person_create(officer=lead_officer, first_name="Kayleigh", last_name=f"Marsh{case.pk}")
        services.case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.COMPLAINANT)
    page = sign_in(lead_officer)
    page.set_viewport_size(DESKTOP)

    page.goto("/cases/?status=open")
    pagination = page.get_by_role("navigation", name="Pagination")
    pagination.get_by_role("link", name="Page 2").click()
    expect(pagination.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    at_both_widths(page, check_page, "all cases, open, page 2")
    list_url = page.url

    page.locator("main table tbody a").first.click()
    reference = page.get_by_role("heading", level=1).inner_text().removeprefix("Case ")
    back = page.locator("main .govuk-back-link")
    expect(back).to_have_text("Back to all cases")
    at_both_widths(page, check_page, "case from all cases")

    # The back link stays with the officer from section to section of the case.
    page.get_by_role("navigation", name=f"Sections of case {reference}").get_by_role("link", name="People").click()
    expect(back).to_have_text("Back to all cases")
    page.locator("#people").get_by_role("link", name=re.compile("^Kayleigh")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kayleigh Marsh")
    expect(back).to_have_text(f"Back to case {reference}")
    at_both_widths(page, check_page, "person from the case")

    back.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {reference}")
    expect(back).to_have_text("Back to all cases")
    back.click()
    assert page.url == list_url
    expect(page.get_by_role("navigation", name="Pagination").get_by_role("link", name="Page 2")).to_have_attribute(
        "aria-current", "page"
    )

    page.goto("/my-cases/")
    page.locator("main table tbody a").first.click()
    expect(back).to_have_text("Back to my cases")
    expect(back).to_have_attribute("href", "/my-cases/")


def test_page_check_reports_moderate_violations(page: Page, check_page):
    """The accessibility check fails a page on a moderate violation too: here a back link outside every landmark."""
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Outside</title></head><body>'
        '<a href="/my-cases/">Back to my cases</a><main><h1>Outside</h1></main></body></html>'
    )

    with pytest.raises(AssertionError) as failure:
        check_page(page, "back link outside the landmarks")

    assert "region (moderate)" in str(failure.value)
