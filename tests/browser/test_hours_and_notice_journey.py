"""Hours-long powers and orders made without notice in Chromium: a police officer's dispersal direction refused
beyond its 48 hours then recorded within them, and a civil injunction made without notice, refused without its
return hearing, then recorded and shown with it. Every page passes axe and fits 320 px without scrolling sideways."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from cases.models import PersonRole
from cases.services import case_add_person, person_create
from core import clock
from core.dates import long_date
from incremental.models import Intervention
from tests.browser.test_risk_and_plan_forms import at_both_widths
from tests.incremental.helpers import ensure_catalogue

pytestmark = pytest.mark.browser


def fill_date(page: Page, name: str, day: datetime.date) -> None:
    for part, value in enumerate((day.day, day.month, day.year)):
        page.locator(f"input[name={name}_{part}]").fill(str(value))


def days_from_today(n: int) -> datetime.date:
    return clock.today() + datetime.timedelta(days=n)


@pytest.fixture
def first_step(transactional_db, live_server, case, lead_officer):
    ensure_catalogue()
    person = person_create(
        officer=lead_officer,
        first_name="Darren",
        last_name="Whitfield",
        date_of_birth=datetime.date(1994, 8, 30),
        address="16 Narborough Road, Leicester",
    )
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    return f"/cases/{case.reference}/people/{person.pk}/interventions/new/"


def test_a_dispersal_direction_is_kept_within_48_hours(sign_in, check_page, first_step, partner_officer):
    page = sign_in(partner_officer)
    page.goto(first_step)
    expect(page.locator("#id_kind_2_hint, .govuk-radios__hint").filter(has_text="up to 48 hours")).to_have_count(1)
    page.get_by_label("Dispersal direction", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("up to 48 hours from when it was given")).to_be_visible()

    page.evaluate("document.querySelectorAll('form').forEach((form) => { form.noValidate = true; })")
    fill_date(page, "issued_on", days_from_today(-1))
    fill_date(page, "live_until", days_from_today(2))
    page.locator("textarea[name=conditions]").fill("Leave Braunstone Gate; do not return for 48 hours.")
    page.get_by_role("button", name="Record intervention").click()

    message = (
        f"Dispersal direction can last at most 48 hours: given on {long_date(days_from_today(-1))}, it is live "
        f"until {long_date(days_from_today(1))} at the latest"
    )
    expect(page.locator("#id_live_until_1_error")).to_contain_text(message)
    expect(page.locator("input[name=live_until_0]")).to_have_value(str(days_from_today(2).day))
    at_both_widths(page, check_page, "dispersal beyond 48 hours")

    fill_date(page, "live_until", days_from_today(1))
    page.get_by_role("button", name="Record intervention").click()
    expect(page.get_by_role("heading", name="Dispersal direction for Darren Whitfield", level=1)).to_be_visible()
    assert Intervention.objects.get().live_until == days_from_today(1)


def test_an_injunction_made_without_notice_has_its_return_hearing(sign_in, check_page, first_step, lead_officer):
    page = sign_in(lead_officer)
    page.goto(first_step)
    page.get_by_label("Civil injunction (section 1)", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Issuing officer").select_option(label="Lena Lead (LCC)")
    fill_date(page, "issued_on", days_from_today(-1))
    page.get_by_label("Court", exact=True).fill("Leicester County Court")
    fill_date(page, "first_hearing_on", days_from_today(-1))
    page.get_by_label("Order made").fill("Not to enter Wessex Row")
    page.get_by_label("The order was made without notice to the respondent").check()
    page.get_by_label("Severity justification").fill("Threats of violence to neighbours.")
    page.get_by_role("button", name="Record intervention").click()

    expect(page.locator("#id_return_hearing_on_1_error")).to_contain_text("Enter the date of the return hearing")
    expect(page.get_by_label("The order was made without notice to the respondent")).to_be_checked()
    at_both_widths(page, check_page, "without notice, no return hearing")

    back = days_from_today(13)
    fill_date(page, "return_hearing_on", back)
    page.get_by_role("button", name="Record intervention").click()
    expect(page.get_by_role("heading", name="Civil injunction (section 1) for Darren Whitfield")).to_be_visible()
    expect(page.locator("#without-notice")).to_contain_text("Yes: the respondent was not given notice")
    expect(page.locator("#next-hearing dt")).to_have_text("Return hearing (on notice)")
    expect(page.locator("#next-hearing dd")).to_have_text(long_date(back))
    at_both_widths(page, check_page, "injunction made without notice")
