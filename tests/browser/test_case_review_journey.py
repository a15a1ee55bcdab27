"""The ASB Case Review as the 2025 statutory guidance asks, in the browser: a victim's second report within six
months prompts the officer to explain the Case Review, which the officer records and prints as a leaflet; an
application taken by phone goes through the threshold decision, a review with the victim consulted and their
attendance, an action plan with an owner and a due date, and a PCC review with its outcome; a PCC review before a
decision is refused; the manager sees the year's figures and downloads them.

Chromium against the live server; every page passes check_page (axe, 320 and 1280 px) and is also saved at 390 px;
the leaflet is saved as a PDF and as PNG pages (pdftoppm).
"""

import datetime
import re
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from cases.case_reviews import services
from cases.models import (
    CaseReviewAction,
    CaseReviewActivation,
    CaseReviewDecision,
    CaseReviewExplanation,
    ChronologyEntry,
    PersonRole,
)
from cases.services import case_add_person, incident_record
from core import clock
from tests.browser.conftest import SCREENSHOTS
from tests.factories import PersonFactory

pytestmark = pytest.mark.browser


def fill_date(page: Page, name: str, day: datetime.date) -> None:
    page.locator(f"input[name={name}_0]").fill(str(day.day))
    page.locator(f"input[name={name}_1]").fill(str(day.month))
    page.locator(f"input[name={name}_2]").fill(str(day.year))


class Checked:
    """check_page, and a screenshot of the same page at 390 px wide (a phone)."""

    def __init__(self, check_page):
        self.check_page = check_page

    def __call__(self, page: Page, name: str) -> None:
        self.check_page(page, name)
        size = page.viewport_size
        assert size is not None
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        page.set_viewport_size({"width": 390, "height": size["height"]})
        try:
            page.screenshot(path=str(SCREENSHOTS / f"case_review_journey-390px-{slug}.png"), full_page=True)
        finally:
            page.set_viewport_size(size)


def test_case_review_journey(
    transactional_db, sign_in, check_page, case, lead_officer, lead_agency, partner_officer, manager
):
    checked = Checked(check_page)
    victim = PersonFactory(first_name="Vera", last_name="Victim", created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=victim, role=PersonRole.COMPLAINANT)
    earlier = clock.now() - datetime.timedelta(days=40)
    incident_record(
        case=case,
        officer=lead_officer,
        occurred_at=earlier,
        reported_at=earlier,
        reported_to=lead_agency,
        description="Music until 3am.",
        hate_incident=False,
        reported_by=victim,
    )
    today = clock.today()

    # The victim's second report within six months: the officer is asked to explain the ASB Case Review.
    page = sign_in(lead_officer)
    page.goto(reverse("cases:incident_add", args=[case.reference]))
    fill_date(page, "occurred_on", today)
    fill_date(page, "reported_on", today)
    page.locator("select[name=reported_to]").select_option(label=lead_agency.name)
    page.get_by_label("Who reported it (optional)").select_option(label="Vera Victim")
    page.get_by_label("Description").fill("Music again, and shouting at the door.")
    page.get_by_role("button", name="Record incident").click()
    banner = page.get_by_role("region", name="Important")
    expect(banner).to_contain_text("Vera Victim has reported again within 6 months")
    checked(page, "explain the ASB Case Review after a second report")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Print the ASB Case Review leaflet (PDF)").click()
    leaflet = SCREENSHOTS / "case_review_leaflet.pdf"
    leaflet.write_bytes(Path(download_info.value.path()).read_bytes())
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(leaflet).pages)
    assert "For Vera Victim" in text and "Police and Crime Commissioner" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(leaflet), str(SCREENSHOTS / "case_review_leaflet")], check=True)

    page.get_by_label("In person").check()
    page.get_by_label("Notes (optional)").fill("Gave her the leaflet; she will think about applying.")
    page.get_by_role("button", name="Record explanation").click()
    card = page.locator("#case-review")
    expect(card).to_contain_text("Vera Victim: " + today.strftime("%-d %b %Y") + ", in person")
    expect(card.get_by_role("region", name="Important")).to_have_count(0)
    checked(page, "explanation recorded on the case")
    assert CaseReviewExplanation.objects.get().how == "in_person"

    # An application taken by phone.
    card.get_by_role("link", name="Record an application for an ASB Case Review").click()
    page.get_by_label("Victim applying").select_option(label="Vera Victim")
    page.get_by_label("By phone").check()
    checked(page, "application taken by phone")
    page.get_by_role("button", name="Record application").click()
    expect(page.get_by_role("heading", name="ASB Case Review: Vera Victim", level=1)).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("By phone, taken by Lena Lead")

    page.get_by_role("button", name="Record the threshold decision").click()
    page.get_by_label("Threshold met: review to go ahead").check()
    fill_date(page, "decision_date", today)
    page.get_by_role("button", name="Save decision").click()

    # The review: its chair, the victim consulted on the action plan and at the review.
    page.get_by_role("button", name="Record the review meeting and outcome").click()
    fill_date(page, "review_meeting_date", today)
    page.get_by_label("Chair of the review").fill("Gareth Lloyd")
    page.get_by_label("Chair's agency or organisation").fill("Leicestershire County Council")
    page.locator("input[name=chair_independent][value=yes]").check()
    page.locator("input[name=victim_consulted][value=yes]").check()
    fill_date(page, "consulted_on", today)
    page.get_by_label("How the victim was consulted").select_option(label="By phone")
    page.get_by_label("The victim's views on the action plan").fill("Wants the landlord to act on the tenancy.")
    page.get_by_label("Did the victim attend the review?").select_option(label="Attended by phone")
    page.get_by_label("Outcome of the review").fill("The agencies agree a joint action plan.")
    fill_date(page, "outcome_date", today)
    checked(page, "review with the victim consulted")
    page.get_by_role("button", name="Save review").click()
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text("Gareth Lloyd, Leicestershire County Council (independent)")
    expect(summary).to_contain_text("Attended by phone")

    # The action plan: an action owned by an agency and one of its officers, due in a fortnight.
    page.get_by_role("link", name="Add an action to the action plan").click()
    page.get_by_label("Action").fill("Visit the neighbour with a tenancy warning")
    page.get_by_label("Agency responsible").select_option(label=partner_officer.agency.name)
    page.get_by_label("Officer responsible (optional)").select_option(
        label=f"{partner_officer.display_name} ({partner_officer.agency.short_name})"
    )
    fill_date(page, "due_on", today + datetime.timedelta(days=14))
    checked(page, "action form")
    page.get_by_role("button", name="Add action").click()
    expect(page.locator("#action-plan + .app-table-scroll")).to_contain_text("Visit the neighbour")

    # The PCC review and its outcome.
    page.get_by_role("button", name="Record a PCC review").click()
    fill_date(page, "pcc_requested_on", today)
    page.get_by_label("Outcome of the PCC review").select_option(label="Recommendations made to the partnership")
    page.get_by_label("What the PCC said").fill("Keep the victim told fortnightly.")
    fill_date(page, "pcc_outcome_on", today)
    checked(page, "PCC review form")
    page.get_by_role("button", name="Save PCC review").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Recommendations made to the partnership")
    checked(page, "ASB Case Review with its action plan and PCC review")

    activation = CaseReviewActivation.objects.get()
    assert (activation.received_how, activation.victim_attendance, activation.pcc_outcome) == (
        "phone",
        "phone",
        "recommendations",
    )
    assert CaseReviewAction.objects.get().owner_officer == partner_officer
    assert ChronologyEntry.objects.filter(case=case, text__contains="Police and Crime Commissioner").exists()

    # Bad input: a PCC review of an application not yet decided is refused next to the field.
    pending = services.case_review_apply(
        case=case,
        officer=lead_officer,
        victim=victim,
        application_date=today,
        point_of_contact=lead_officer,
        received_how="paper",
        received_by=lead_officer,
    )
    page.goto(f"/cases/{case.reference}/case-reviews/{pending.pk}/pcc-review/")
    fill_date(page, "pcc_requested_on", today)
    page.get_by_role("button", name="Save PCC review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("only once the threshold decision is recorded")
    expect(page.locator("#pcc_requested_on-error, .govuk-error-message").first).to_be_visible()
    checked(page, "PCC review before the decision refused")
    pending.refresh_from_db()
    assert (pending.pcc_requested_on, pending.threshold_decision) == (None, CaseReviewDecision.PENDING)

    # The manager sees the year's figures and downloads them.
    desk = sign_in(manager)
    desk.goto("/dashboard/")
    desk.get_by_role("link", name="ASB Case Review figures for the year").click()
    expect(desk.locator("#figure-applications")).to_have_text("2")
    expect(desk.locator("#figure-threshold_met")).to_have_text("1")
    expect(desk.locator("#figure-reviews_held")).to_have_text("1")
    expect(desk.locator("#figure-pcc_recommendations")).to_have_text("1")
    checked(desk, "annual ASB Case Review figures")
    with desk.expect_download() as csv_info:
        desk.get_by_role("link", name="Download these figures (CSV)").click()
    rows = Path(csv_info.value.path()).read_text().splitlines()
    assert rows[0] == "Year,Figure,Number" and any(row.endswith("Applications received,2") for row in rows)
