"""An officer records an ASB Case Review from the case page: application, threshold decision, appeal.

Chromium against the live server; every page passes the axe-core check and is saved as a screenshot.
"""

import datetime

import pytest
from playwright.sync_api import Page, expect

from cases.models import CaseReviewActivation, CaseReviewDecision, ChronologyEntry, PersonRole
from cases.services import case_add_person, incident_record
from core import clock
from tests.factories import PersonFactory

pytestmark = pytest.mark.browser


def fill_date(page: Page, name: str, day: datetime.date) -> None:
    page.locator(f"input[name={name}_0]").fill(str(day.day))
    page.locator(f"input[name={name}_1]").fill(str(day.month))
    page.locator(f"input[name={name}_2]").fill(str(day.year))


def test_officer_records_an_asb_case_review(transactional_db, sign_in, check_page, case, lead_officer, lead_agency):
    victim = PersonFactory(first_name="Vera", last_name="Victim", created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=victim, role=PersonRole.COMPLAINANT)
    happened = clock.now() - datetime.timedelta(days=4)
    incident_record(
        case=case,
        officer=lead_officer,
        occurred_at=happened,
        reported_at=happened,
        reported_to=lead_agency,
        description="Abuse shouted at the door because of the victim's religion.",
        hate_incident=True,
    )
    today = clock.today()

    page = sign_in(lead_officer)
    page.goto(f"/cases/{case.reference}/people/")
    card = page.locator("#case-review")
    expect(card).to_contain_text("The ASB Case Review threshold is met for Vera Victim.")
    check_page(page, "case page with the ASB Case Review card")

    card.get_by_role("link", name="Record an application for an ASB Case Review").click()
    check_page(page, "application form")
    page.get_by_label("Victim applying").select_option(label="Vera Victim")
    page.get_by_label("By phone").check()
    page.get_by_role("button", name="Record application").click()
    expect(page.get_by_role("heading", name="ASB Case Review: Vera Victim", level=1)).to_be_visible()
    check_page(page, "activation recorded")

    page.get_by_role("button", name="Record the threshold decision").click()
    expect(page.get_by_role("button", name="Save decision")).to_be_visible()
    page.evaluate("document.querySelector('form[method=post]').noValidate = true")
    page.get_by_label("Rejected as malicious or vexatious").check()
    fill_date(page, "decision_date", today)
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reason for the decision")
    check_page(page, "decision form with an error")
    page.get_by_label("Reason for the decision").fill("The applicant is the subject of the complaints.")
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-inset-text")).to_contain_text("Appeal deadline:")
    check_page(page, "activation decided")

    page.get_by_role("button", name="Record an appeal").click()
    check_page(page, "appeal form")
    fill_date(page, "appeal_received_on", today)
    page.get_by_role("button", name="Save appeal").click()
    expect(
        page.get_by_text("Awaiting the hearing by an independent Community Safety Partnership chair")
    ).to_be_visible()
    check_page(page, "appeal recorded")

    activation = CaseReviewActivation.objects.get()
    assert (activation.threshold_decision, activation.appeal_received_on, activation.version) == (
        CaseReviewDecision.REJECTED,
        today,
        3,
    )
    assert ChronologyEntry.objects.filter(case=case, text__startswith="ASB Case Review").count() == 3
