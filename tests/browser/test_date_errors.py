"""Dates in the browser: an error summary's link moves focus to the date's day input (or the part to correct), and
the case list's month filter, typed the GOV.UK way, explains a wrong month in an error summary.

Chromium against the live server; every page passes the axe-core check, is saved as a screenshot at 1280 px and
390 px, does not scroll sideways at 320 px, and shows no zero-padded day ("03 Dec 2026").
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import CaseFactory

pytestmark = pytest.mark.browser

ZERO_PADDED_DAY = re.compile(
    r"\b0[1-9] (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|January|February|March|April|June|July|August|"
    r"September|October|November|December)\b"
)


def looked_at(page: Page, check_page, name: str) -> None:
    """Checked at 1280 px and at 390 px; measured at 320 px for sideways scrolling."""
    check_page(page, f"{name} (1280)")
    page.set_viewport_size({"width": 390, "height": 844})
    check_page(page, f"{name} (390)")
    page.set_viewport_size({"width": 320, "height": 700})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow} px at 320 px"
    page.set_viewport_size({"width": 1280, "height": 900})
    assert ZERO_PADDED_DAY.findall(page.inner_text("body")) == []


def focused_id(page: Page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_error_summary_link_moves_focus_to_the_day_input(
    transactional_db, sign_in, check_page, lead_officer, lead_agency, jag, category
):
    case = CaseFactory(lead_officer=lead_officer, lead_agency=lead_agency, jag=jag, category=category)
    page = sign_in(lead_officer)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/cases/{case.reference}/incidents/add/")
    page.eval_on_selector("main form", "form => form.noValidate = true")
    page.get_by_role("button", name="Record incident").click()
    page.wait_for_load_state()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name="Enter date it happened")
    assert link.get_attribute("href") == "#id_occurred_on_0"
    link.click()
    assert focused_id(page) == "id_occurred_on_0"
    expect(page.get_by_role("group", name="Date it happened").get_by_label("Day")).to_be_focused()
    looked_at(page, check_page, "incident form with a missing date")

    # A part left out: its own input gets the focus.
    page.eval_on_selector("main form", "form => form.noValidate = true")
    page.locator("input[name=occurred_on_0]").fill("3")
    page.locator("input[name=occurred_on_2]").fill("2026")
    page.get_by_role("button", name="Record incident").click()
    page.wait_for_load_state()
    page.locator(".govuk-error-summary").get_by_role("link", name="Enter the month").click()
    assert focused_id(page) == "id_occurred_on_1"


def test_case_list_bad_month_filter_shows_error_summary(
    transactional_db, sign_in, check_page, lead_officer, lead_agency, jag, category
):
    CaseFactory(lead_officer=lead_officer, lead_agency=lead_agency, jag=jag, category=category)
    page = sign_in(lead_officer)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/cases/")
    looked_at(page, check_page, "case list filters")

    opened = page.get_by_role("group", name="Opened in month")
    expect(opened).to_contain_text("For example, 3 2026")
    opened.get_by_label("Month").fill("13")
    opened.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()

    expect(page).to_have_title(re.compile(r"^Error: Cases"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Opened in month must be a real month")
    expect(page.locator("#div_id_opened_month .govuk-error-message")).to_contain_text(
        "Opened in month must be a real month"
    )
    opened = page.get_by_role("group", name="Opened in month")
    expect(opened.get_by_label("Month")).to_have_value("13")
    expect(opened.get_by_label("Year")).to_have_value("2026")
    looked_at(page, check_page, "case list with a wrong month")

    summary.get_by_role("link", name="Opened in month must be a real month").click()
    assert focused_id(page) == "id_opened_month_0"

    # A dashboard link, written YYYY-MM, fills in the inputs.
    page.goto("/cases/?opened_month=2026-03")
    opened = page.get_by_role("group", name="Opened in month")
    expect(opened.get_by_label("Month")).to_have_value("3")
    expect(opened.get_by_label("Year")).to_have_value("2026")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
