"""The register of orders and notices in Chromium: a council officer records the risk assessment, applies for a
Respect order, gives it a positive requirement with its supervisor (refused without one), records the supervisor's
update and a breach reported to police; the register shows it; the application bundle PDF is read back. Every page
passes an axe-core check and is saved as a screenshot."""

import datetime
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cases.models import PersonRole
from cases.services import case_add_person, incident_record, person_create
from core import clock
from incremental.models import Intervention
from orders.models import OrderTerm
from tests.browser.test_incremental_journey import fill_date, submit
from tests.factories import CaseFactory
from tests.incremental.helpers import ensure_catalogue
from tests.orders.helpers import respect_kind

pytestmark = pytest.mark.browser

PERPETRATOR = "Darren Whitfield"


def pdftotext(path: Path) -> str:
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def test_orders_journey(transactional_db, sign_in, check_page, live_server, lead_officer, jag, category):
    today = clock.today()
    ensure_catalogue()
    respect_kind(jag.locality)
    case = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
    person = person_create(
        officer=lead_officer, first_name="Darren", last_name="Whitfield", date_of_birth=datetime.date(1990, 1, 5)
    )
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    for first, last in (("Margaret", "Oyelaran"), ("Colin", "Hartshorn")):
        complainant = person_create(officer=lead_officer, first_name=first, last_name=last)
        case_add_person(case=case, officer=lead_officer, person=complainant, role=PersonRole.COMPLAINANT)
    moment = clock.now() - datetime.timedelta(days=2)
    incident_record(
        case=case,
        officer=lead_officer,
        occurred_at=moment,
        reported_at=moment,
        reported_to=lead_officer.agency,
        description="Threats shouted at Flat 2 from the landing at 1am.",
        hate_incident=False,
    )

    page = sign_in(lead_officer)
    # --- No Respect order before the risk assessment: the error is next to the date issued ----------------------
    page.goto(f"/cases/{case.reference}/people/{person.pk}/interventions/new/")
    page.get_by_label("Respect order", exact=True).check()
    submit(page, "Continue")
    page.get_by_label("Court", exact=True).fill("Leicester County Court")
    fill_date(page, "first_hearing_on", today + datetime.timedelta(days=14))
    page.get_by_label("Severity justification").fill("Threats of violence after two breached warnings.")
    submit(page, "Record intervention")
    date_issued = page.locator(".govuk-form-group--error", has_text="Date issued")
    expect(date_issued.locator(".govuk-error-message")).to_contain_text("Record the risk assessment before applying")
    expect(page.get_by_label("Court", exact=True)).to_have_value("Leicester County Court")
    check_page(page, "respect order without risk assessment (error)")
    assert not Intervention.objects.exists()

    page.goto(f"/cases/{case.reference}/interventions/")
    page.locator("#orders").get_by_role("link", name=re.compile("Record a Respect order risk assessment")).click()

    # --- The risk assessment: every part is needed ------------------------------------------------------------
    page.get_by_label("Risk of harassment, alarm or distress to others").fill("Threats to neighbours at night.")
    submit(page, "Record risk assessment")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the respondent's vulnerabilities")
    # Next to the field, as well as in the summary.
    expect(page.locator(".govuk-form-group--error .govuk-error-message").nth(1)).to_contain_text(
        "Enter the other ways of stopping the behaviour"
    )
    check_page(page, "risk assessment (errors)")
    page.get_by_label("The respondent's vulnerabilities").fill("Alcohol dependency.")
    page.get_by_label("Other ways of stopping the behaviour").fill("CPW and ABC both breached.")
    page.get_by_label("Any other material matter").fill("None.")
    submit(page, "Record risk assessment")

    # --- The Respect order application, on incremental's issue form ----------------------------------------------
    expect(page.get_by_label("Respect order", exact=True)).to_be_checked()
    submit(page, "Continue")
    page.get_by_label("Court", exact=True).fill("Leicester County Court")
    fill_date(page, "first_hearing_on", today + datetime.timedelta(days=14))
    page.get_by_label("Severity justification").fill("Threats of violence after two breached warnings.")
    submit(page, "Record intervention")
    expect(page.get_by_role("heading", name=f"Respect order for {PERPETRATOR}")).to_be_visible()
    order = Intervention.objects.get(kind__code="respect_order")

    # --- Its terms: a positive requirement needs its supervisor -------------------------------------------------
    page.goto(f"/cases/{case.reference}/orders/{order.pk}/")
    check_page(page, "order record (new)")
    page.get_by_role("button", name="Add a term").click()
    page.get_by_label("Positive requirement", exact=True).check()
    page.get_by_label("Term", exact=True).fill("Attend an alcohol awareness course.")
    submit(page, "Add term")
    expect(page.locator(".govuk-form-group--error .govuk-error-message").first).to_contain_text(
        "Enter the person or organisation who supervises"
    )
    check_page(page, "requirement without supervisor (error)")
    assert not OrderTerm.objects.exists()
    page.get_by_label("Supervising person or organisation").fill("Turning Point, Leicester")
    page.get_by_label("Supervisor reports every (days)").fill("28")
    submit(page, "Add term")
    expect(page.locator("#terms")).to_be_visible()
    check_page(page, "order with its requirement")

    # --- The supervisor's update ------------------------------------------------------------------------------
    page.get_by_role("link", name=re.compile("Record a supervisor's update")).click()
    page.get_by_label("Complying", exact=True).check()
    page.get_by_label("What the supervisor reports").fill("Attended the first two sessions.")
    check_page(page, "supervisor's update form")
    submit(page, "Record update")
    expect(page.get_by_text("Attended the first two sessions.")).to_be_visible()

    # --- A breach, reported to police --------------------------------------------------------------------------
    page.get_by_role("button", name="Record a breach, variation or discharge").click()
    page.get_by_label("Breach", exact=True).check()
    page.get_by_label("Details").fill("Shouted threats at Flat 2 again.")
    page.get_by_label("Incident that evidences it").select_option(index=1)
    submit(page, "Record event")
    page.goto(f"/cases/{case.reference}/orders/{order.pk}/")
    page.get_by_role("link", name=re.compile("Record what was done")).click()
    fill_date(page, "reported_to_police_on", today)
    page.get_by_label("Police reference").fill("LP-20260601-0113")
    check_page(page, "breach action form")
    submit(page, "Save")
    expect(page.locator("#breaches")).to_be_visible()
    expect(page.get_by_text("(reference LP-20260601-0113)")).to_be_visible()
    check_page(page, "order with breach reported")

    # --- The register shows it ------------------------------------------------------------------------------
    page.get_by_role("link", name="Orders and notices", exact=True).first.click()
    register = page.locator("#register")
    expect(register).to_contain_text(PERPETRATOR)
    expect(register).to_contain_text("Reported to police")
    expect(register).to_contain_text("1 requirement")
    check_page(page, "register")
    page.get_by_label("Status").select_option("in_force")
    submit(page, "Apply filters")
    expect(page.get_by_text("No orders or notices match.")).to_be_visible()
    check_page(page, "register filtered")

    # --- The application bundle ---------------------------------------------------------------------------------
    page.goto(f"/cases/{case.reference}/orders/{order.pk}/bundle/")
    page.get_by_label(re.compile("Threats shouted at Flat 2")).check()
    page.get_by_label("Colin Hartshorn (complainant / victim)").check()
    check_page(page, "bundle choices")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the bundle (PDF)").click()
    text = pdftotext(Path(download.value.path()))
    assert "Respect order: Darren Whitfield" in text
    assert "Alcohol dependency." in text
    assert "Attend an alcohol awareness course. Supervised by Turning Point, Leicester" in text
    assert "Threats shouted at Flat 2" in text
    assert "Colin Hartshorn" in text and "Complainant A" in text
    assert "Margaret Oyelaran" not in text
