"""The risk assessment and the Appendix A plan in Chromium, with JavaScript off as well as on: the calculated band is
shown before the question whether to change it; the plan form follows the printed form's sections, marks its
optional fields and says what is missing in GOV.UK words. An incident's police log and crime numbers reach the
case page."""

import datetime

import pytest
from playwright.sync_api import Browser, Page, expect

from cases.models import Incident, PlanVersion, RiskAssessment
from core import clock
from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
NARROWEST = 320


def no_sideways_scroll(page: Page) -> None:
    for width in (NARROWEST, DESKTOP["width"]):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{page.url} scrolls sideways at {width}"
    page.set_viewport_size(DESKTOP)


def at_both_widths(page: Page, check_page, name: str) -> None:
    page.set_viewport_size(DESKTOP)
    check_page(page, name)
    page.set_viewport_size(PHONE)
    check_page(page, f"{name}, phone")
    no_sideways_scroll(page)


def answer(page: Page, question: str, yes: bool) -> None:
    page.get_by_role("group", name=question).get_by_label("Yes" if yes else "No", exact=True).check()


def fill_medium_answers(page: Page) -> None:
    answer(page, "Has this happened before?", True)
    answer(page, "Has it been reported to anyone else?", True)
    answer(page, "Does the victim feel targeted?", False)
    answer(page, "Is anyone in the household disabled, ill or otherwise vulnerable?", False)
    answer(page, "Are children involved?", False)


def band_comes_before_the_override(page: Page) -> None:
    band, override = page.locator("#calculated-band").bounding_box(), page.locator("#id_override_band").bounding_box()
    assert band is not None and override is not None
    assert band["y"] + band["height"] <= override["y"]


def test_risk_band_is_shown_before_it_can_be_changed(
    transactional_db, sign_in, check_page, live_server, case, lead_officer
):
    page = sign_in(lead_officer)
    page.goto(f"/cases/{case.reference}/risk/")
    expect(page.get_by_label("Risk band to record")).to_have_count(0)
    at_both_widths(page, check_page, "risk questions")

    fill_medium_answers(page)
    page.get_by_role("button", name="Calculate band").click()

    band = page.locator("#calculated-band")
    expect(band).to_contain_text("Calculated band: Medium")
    expect(band).to_contain_text("reviewed every 28 days")
    band_comes_before_the_override(page)
    expect(page.get_by_label("Risk band to record")).to_have_value("")
    assert RiskAssessment.objects.filter(case=case).count() == 0
    at_both_widths(page, check_page, "risk band calculated")

    page.get_by_label("Risk band to record").select_option("high")
    page.get_by_role("button", name="Save assessment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Give the reason for changing the calculated risk band"
    )
    expect(page.locator("#calculated-band")).to_contain_text("Medium")
    check_page(page, "risk override without a reason")

    page.get_by_label("Reason for changing the band").fill("Threats of violence at the door last week.")
    page.get_by_role("button", name="Save assessment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Risk assessment saved")
    assessment = RiskAssessment.objects.get(case=case)
    assert (assessment.calculated_band, assessment.band) == ("medium", "high")


def test_risk_band_is_calculated_without_javascript(
    transactional_db, browser: Browser, sign_in, live_server, case, lead_officer
):
    signed_in = sign_in(lead_officer)
    # The same officer's session in a context that runs no script at all (so no axe check here: axe is a script).
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=PHONE)
    context.add_cookies(signed_in.context.cookies())
    page = context.new_page()
    try:
        page.goto(f"/cases/{case.reference}/risk/")
        fill_medium_answers(page)
        page.get_by_role("button", name="Calculate band").click()
        expect(page.locator("#calculated-band")).to_contain_text("Calculated band: Medium")
        band_comes_before_the_override(page)
        page.screenshot(path=SCREENSHOTS / "risk-no-javascript-band-calculated-phone.png", full_page=True)
        page.get_by_role("button", name="Save assessment").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Risk assessment saved")
        assessment = RiskAssessment.objects.get(case=case)
        assert (assessment.calculated_band, assessment.band) == ("medium", "medium")
    finally:
        context.close()


def test_plan_form_sections_optional_fields_and_errors(
    transactional_db, sign_in, check_page, live_server, case, lead_officer
):
    from cases import services

    services.risk_assess(
        case=case,
        officer=lead_officer,
        happened_before=True,
        reported_elsewhere=True,
        feels_targeted=False,
        household_vulnerable=False,
        children_involved=True,
    )
    page = sign_in(lead_officer)
    page.goto(f"/cases/{case.reference}/plan/")
    headings = page.locator("main h2.govuk-heading-m").all_inner_texts()
    assert [h for h in headings if h[:1].isdigit()] == [
        "1. Case details",
        "2. Information and intelligence (what we know)",
        "3. Vulnerability / threat of harm",
        "4. Options of support, powers and policies",
        "5. Actions taken",
        "6. Review",
        "7. Revise",
    ]
    expect(page.get_by_label("What partners and residents report (optional)")).to_be_visible()
    at_both_widths(page, check_page, "plan form")

    page.get_by_role("group", name="Are children involved?").get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save as a new version").click()
    summary = page.locator(".govuk-error-summary")
    for message in (
        "Enter an overview of the issues",
        "Enter who is at risk",
        "Enter what or whom they are at risk from",
        "Enter what you are going to do or have done",
        "Select whether a welfare check or safeguarding referral has been considered, as children are involved",
    ):
        expect(summary).to_contain_text(message)
    expect(summary).not_to_contain_text("Enter:")
    summary.get_by_role("link", name="Enter an overview of the issues").click()
    expect(page.get_by_label("Overview of the issues", exact=True)).to_be_focused()
    at_both_widths(page, check_page, "plan form errors")

    page.get_by_label("Overview of the issues", exact=True).fill("Noise most nights from the flat above.")
    page.get_by_label("Who is at risk", exact=True).fill("The complainant and her two children.")
    page.get_by_label("At risk from what or whom", exact=True).fill("The tenant above and his visitors.")
    page.get_by_role("group", name="If yes, has a welfare check").get_by_label("Yes", exact=True).check()
    page.get_by_label("What we are going to do or have done", exact=True).fill("Warning letter; noise monitoring.")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Problem-solving plan saved as a new version")
    assert PlanVersion.objects.get(case=case).safeguarding_considered is True


def test_incident_police_numbers_reach_the_case_page(
    transactional_db, sign_in, check_page, live_server, case, lead_officer
):
    today = clock.today()
    page = sign_in(lead_officer)
    page.goto(f"/cases/{case.reference}/incidents/add/")
    expect(page.get_by_label("Police log number (optional)")).to_be_visible()
    at_both_widths(page, check_page, "record an incident")
    for name, day in (("occurred_on", today - datetime.timedelta(days=3)), ("reported_on", today)):
        page.locator(f"input[name={name}_0]").fill(str(day.day))
        page.locator(f"input[name={name}_1]").fill(str(day.month))
        page.locator(f"input[name={name}_2]").fill(str(day.year))
    page.get_by_label("Description").fill("Stones thrown at the window; the police attended.")
    page.get_by_label("Police log number (optional)").fill("see notes")
    page.get_by_label("Crime number (optional)").fill("23000123456")
    page.get_by_role("button", name="Record incident").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The police log number must include a number")
    expect(page.get_by_label("Crime number (optional)")).to_have_value("23000123456")
    check_page(page, "record an incident, bad log number")

    page.get_by_label("Police log number (optional)").fill("0452 of 03/12/2026")
    page.get_by_role("button", name="Record incident").click()
    incidents = page.locator("#incidents")
    expect(incidents).to_contain_text("Police log: 0452 of 03/12/2026")
    expect(incidents).to_contain_text("Crime number: 23000123456")
    page.set_viewport_size(DESKTOP)
    check_page(page, "case with the incident")
    page.set_viewport_size(PHONE)
    check_page(page, "case with the incident, phone")
    # The numbers wrap inside the incidents card rather than widen it (the rest of the case page is laid out elsewhere).
    page.set_viewport_size({"width": NARROWEST, "height": 800})
    wide = page.evaluate(
        "[...document.querySelectorAll('#incidents td')].filter(c => c.scrollWidth > c.clientWidth).length"
    )
    assert wide == 0
    assert Incident.objects.get(case=case).crime_number == "23000123456"
