"""Victims first, end to end on one case, as the officers and the manager do it in Chromium: the officer keeps the
victim informed (single point of contact, contact plan, the victim assessed as high risk, an update given), refers
the victim to Victim First with consent (accepted), refers the perpetrator to drug and alcohol support and to IOM
(adopted, shown on the ladder), explains the ASB Case Review after the victim's second report within six months
(recorded, leaflet printed and read back), takes her Case Review application by phone through the threshold decision,
the review with her consulted, an action plan and a PCC review, closes the case once the victim has been told why
(outcome, satisfaction, closing letter read back), and the manager sees the outcome, the satisfaction and the victim
contacts on the dashboard's Victims page, and the Case Review in the year's figures.

Every page reached passes the axe-core check, does not scroll sideways at 320 or 1280 px, and is saved as a
screenshot (also 390 px wide with ASB_PHONE_SCREENSHOTS=1)."""

import datetime
import pkgutil
import re
import shutil
import subprocess
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

import cases.migrations
from cases.models import (
    Case,
    CaseReviewAction,
    CaseReviewActivation,
    CaseReviewDecision,
    CaseReviewExplanation,
    CaseStatus,
    ChronologyEntry,
    IomDecision,
    IomReferral,
    PersonRole,
    ReferralStatus,
    SupportReferral,
    SupportService,
    VictimClosure,
    VictimContact,
    VictimContactPlan,
)
from cases.services import case_add_person, incident_record
from core import clock
from core.dates import short_date
from tests.browser.conftest import SCREENSHOTS
from tests.factories import PersonFactory

pytestmark = pytest.mark.browser

PREFIX = "victims_first_journey"


def seed_catalogue() -> None:
    """The support catalogue as its migration seeds it, again if a transactional test before this one flushed it."""
    if SupportService.objects.exists():
        return
    (module,) = [m.name for m in pkgutil.iter_modules(cases.migrations.__path__) if m.name.endswith("_support")]
    import_module(f"cases.migrations.{module}").seed_services(apps, None)


def fill_date(page: Page, name: str, day: datetime.date) -> None:
    page.locator(f"input[name={name}_0]").fill(str(day.day))
    page.locator(f"input[name={name}_1]").fill(str(day.month))
    page.locator(f"input[name={name}_2]").fill(str(day.year))


def answer(page: Page, question: str, yes: bool) -> None:
    page.get_by_role("group", name=question).get_by_label("Yes" if yes else "No", exact=True).check()


def submit(page: Page, label: str) -> None:
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def section(page: Page, reference: str, label: str) -> None:
    """Open a section of the case page from its sub navigation, by way of the case's own link (in the heading's
    caption or the back link) from a page of one record of the case."""
    nav = page.get_by_role("navigation", name=f"Sections of case {reference}")
    if not nav.count():
        page.get_by_role("link", name=re.compile(rf"^(Back to case )?{reference}$")).first.click()
    nav.get_by_role("link", name=label, exact=True).click()
    expect(nav.get_by_role("link", name=label, exact=True)).to_have_attribute("aria-current", "page")


def download_text(page: Page, link: Locator, keep_as: str) -> str:
    with page.expect_download() as download_info:
        link.click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    kept = SCREENSHOTS / f"{PREFIX}-{keep_as}.pdf"
    kept.write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(kept), str(kept.with_suffix(""))], check=True
        )
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(kept).pages)


def test_victims_first_journey(
    transactional_db, sign_in, check_page, case, lead_officer, partner_officer, partner_agency, manager
):
    seed_catalogue()
    vera = PersonFactory(first_name="Vera", last_name="Victim", created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=vera, role=PersonRole.COMPLAINANT)
    darren = PersonFactory(first_name="Darren", last_name="Whitmore", created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=darren, role=PersonRole.PERPETRATOR)
    # Vera first reported forty days ago: her next report is her second within six months.
    earlier = clock.now() - datetime.timedelta(days=40)
    incident_record(
        case=case,
        officer=lead_officer,
        occurred_at=earlier,
        reported_at=earlier,
        reported_to=case.lead_agency,
        description="Music until 3am.",
        hate_incident=False,
        reported_by=vera,
    )
    today = clock.today()

    page = sign_in(lead_officer)
    page.goto(f"/cases/{case.reference}/")
    check_page(page, "case overview")

    # --- 1. The victim's page: single point of contact, contact plan, high risk, an update given ---
    section(page, case.reference, "Victims")
    expect(page.locator("#table-victims")).to_contain_text("No contact plan yet")
    check_page(page, "victims section")
    page.locator("#table-victims").get_by_role("link", name="Vera Victim").click()
    expect(page.get_by_role("heading", name="Vera Victim", level=1)).to_be_visible()
    check_page(page, "victim page empty")

    page.get_by_role("link", name="Make a contact plan").click()
    check_page(page, "contact plan form")
    page.get_by_label("Single point of contact").select_option(str(partner_officer.pk))
    page.get_by_label("Phone").check()
    page.get_by_label("Visit").check()
    page.get_by_label("Safe times to contact").fill("Weekday evenings after 6pm")
    page.get_by_label("Language").fill("Punjabi")
    page.get_by_role("group", name="Is an interpreter needed?").get_by_label("Yes", exact=True).check()
    submit(page, "Save contact plan")
    expect(page.locator("#spoc")).to_contain_text(f"Priya Partner, {partner_agency.name}")
    expect(page.locator("#frequency")).to_contain_text("At least every 28 days (follows the victim's risk band)")
    check_page(page, "victim page with the contact plan")

    page.get_by_role("link", name="Assess the risk to the victim").click()
    check_page(page, "victim assessment questions")
    answer(page, "Has the victim been a victim of anti-social behaviour before?", True)
    answer(page, "Is the victim targeted (a hate incident, or deliberate targeting)?", False)
    answer(page, "Is anyone in the household vulnerable?", False)
    answer(page, "Is it affecting anyone's physical or mental health?", True)
    answer(page, "Are there children in the household?", False)
    answer(page, "Does the victim feel unsafe in their home?", True)
    submit(page, "Calculate band")
    expect(page.locator("#calculated-band")).to_contain_text("Calculated band: High")
    check_page(page, "victim band calculated")
    submit(page, "Save assessment")
    expect(page.locator("#assessment")).to_contain_text("High")
    expect(page.locator("#frequency")).to_contain_text("At least every 7 days (follows the victim's risk band)")

    page.get_by_role("link", name="Record an update given to Vera Victim").click()
    check_page(page, "record an update")
    page.get_by_label("Phone").check()
    page.get_by_label("What was said").fill("Told Vera the neighbour was warned on Monday and is being watched.")
    submit(page, "Save update")
    expect(page.locator("#contacts")).to_contain_text("Told Vera the neighbour was warned")
    check_page(page, "victim page with an update")

    section(page, case.reference, "Chronology")
    expect(page.locator("main")).to_contain_text("Update given to Vera Victim (phone)")
    check_page(page, "chronology with the update")

    # --- 2. A Victim First referral for the victim, with consent, accepted ---
    section(page, case.reference, "Victims")
    expect(page.locator("#table-victims")).to_contain_text("Priya Partner")
    expect(page.locator("#table-victims")).to_contain_text("High")
    page.locator("#table-victims").get_by_role("link", name="Vera Victim").click()
    expect(page.locator("#support")).to_contain_text("Vera Victim has not been referred for support on this case.")
    page.locator("#support").get_by_role("link", name="Make a support referral for Vera Victim").click()
    expect(page.get_by_role("heading", name="Make a support referral: Vera Victim")).to_be_visible()
    check_page(page, "victim first referral form")
    page.get_by_label("Service referred to").select_option(label="Victim First")
    page.get_by_label("What support is needed and why").fill("Feels unsafe at home; not sleeping.")
    page.locator("input[name=consent_given][value=yes]").check()
    fill_date(page, "consent_on", today)
    page.get_by_label("How consent was given").select_option(label="By phone")
    submit(page, "Make the referral")
    expect(page.get_by_role("heading", name="Support referral: Victim First for Vera Victim")).to_be_visible()
    check_page(page, "victim first referral made")

    submit(page, "Record the service's response")
    check_page(page, "victim first response form")
    page.get_by_label("Accepted").check()
    fill_date(page, "responded_on", today)
    submit(page, "Save the response")
    expect(page.locator("#referral-summary")).to_contain_text("Accepted")
    check_page(page, "victim first referral accepted")

    section(page, case.reference, "Victims")
    page.locator("#table-victims").get_by_role("link", name="Vera Victim").click()
    expect(page.locator("#support")).to_contain_text("Victim First")
    expect(page.locator("#support")).to_contain_text("Accepted")
    check_page(page, "victim page with the referral")

    # --- 3. The perpetrator: drug and alcohol support, and the IOM panel (adopted) shown on the ladder ---
    section(page, case.reference, "People")
    check_page(page, "people section")
    page.locator("#support").get_by_role("link", name="Make a support referral for Darren Whitmore").click()
    expect(page.get_by_role("heading", name="Make a support referral: Darren Whitmore")).to_be_visible()
    check_page(page, "drug and alcohol referral form")
    page.get_by_label("Service referred to").select_option(label="Drug and alcohol service")
    page.get_by_label("What support is needed and why").fill("Drinking heavily; the disorder follows.")
    page.locator("input[name=consent_given][value=yes]").check()
    fill_date(page, "consent_on", today)
    page.get_by_label("How consent was given").select_option(label="In person")
    submit(page, "Make the referral")
    expect(
        page.get_by_role("heading", name="Support referral: Drug and alcohol service for Darren Whitmore")
    ).to_be_visible()
    check_page(page, "drug and alcohol referral made")

    page.get_by_role("link", name=f"Back to case {case.reference}").click()
    expect(page.locator("#support")).to_contain_text("Drug and alcohol service")
    check_page(page, "people section with the referrals")
    page.locator("#support").get_by_role("link", name="Refer to IOM Darren Whitmore").click()
    check_page(page, "IOM referral form")
    page.get_by_label("Reasons for the referral").fill("Prolific offending around the estate; three arrests.")
    submit(page, "Make the referral")
    expect(page.get_by_role("heading", name="IOM referral: Darren Whitmore")).to_be_visible()
    check_page(page, "IOM referral made")

    submit(page, "Record the panel's decision")
    check_page(page, "IOM decision form")
    page.get_by_label("Adopted onto IOM").check()
    fill_date(page, "decided_on", today)
    page.get_by_label("IOM lead", exact=True).fill("PC Jo Marsh")
    page.get_by_label("IOM lead's agency").select_option(label=str(partner_agency))
    submit(page, "Save the decision")
    expect(page.locator("#iom-summary")).to_contain_text(f"PC Jo Marsh, {partner_agency}")
    check_page(page, "IOM referral adopted")

    section(page, case.reference, "Interventions")
    expect(page.locator("#iom")).to_contain_text(f"Adopted {short_date(today)}")
    expect(page.locator("#iom")).to_contain_text(f"IOM lead: PC Jo Marsh, {partner_agency}")
    check_page(page, "ladder with the IOM referral")

    # --- 4. The ASB Case Review: explained after the victim's second report, an application taken by phone ---
    # Vera reports again within six months: the officer is asked to explain the Case Review, and prints the leaflet.
    section(page, case.reference, "Overview")
    page.get_by_role("button", name="Record an incident").click()
    check_page(page, "record an incident form")
    fill_date(page, "occurred_on", today)
    fill_date(page, "reported_on", today)
    page.locator("select[name=reported_to]").select_option(label=case.lead_agency.name)
    page.get_by_label("Who reported it (optional)").select_option(label="Vera Victim")
    page.get_by_label("Description").fill("Music again, and shouting at the door.")
    submit(page, "Record incident")
    expect(page.get_by_role("heading", name="Explain the ASB Case Review", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Important")).to_contain_text(
        "Vera Victim has reported again within 6 months"
    )
    check_page(page, "explain the ASB Case Review after a second report")
    text = download_text(page, page.get_by_role("link", name="Print the ASB Case Review leaflet (PDF)"), "leaflet")
    assert "For Vera Victim" in text
    assert "Police and Crime Commissioner" in text
    expect(page.get_by_label("Victim it was explained to")).to_have_value(str(vera.pk))
    fill_date(page, "explained_on", today)
    page.get_by_label("In person").check()
    page.get_by_label("Notes (optional)").fill("Gave her the leaflet; she will think about applying.")
    submit(page, "Record explanation")
    review_card = page.locator("#case-review")
    expect(review_card).to_contain_text(f"Vera Victim: {short_date(today)}, in person")
    expect(review_card.get_by_role("region", name="Important")).to_have_count(0)
    check_page(page, "ASB Case Review explained on the case")

    # Vera applies by phone; staff enter it, decide the threshold is met, hold the review with her consulted, agree
    # an action plan, and record the Police and Crime Commissioner's review.
    review_card.get_by_role("link", name="Record an application for an ASB Case Review").click()
    expect(page.get_by_role("heading", name="Record an ASB Case Review application", level=1)).to_be_visible()
    page.get_by_label("Victim applying").select_option(label="Vera Victim")
    fill_date(page, "application_date", today)
    page.get_by_label("By phone").check()
    check_page(page, "ASB Case Review application taken by phone")
    submit(page, "Record application")
    expect(page.get_by_role("heading", name="ASB Case Review: Vera Victim", level=1)).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("By phone, taken by Lena Lead")
    check_page(page, "ASB Case Review application recorded")

    submit(page, "Record the threshold decision")
    check_page(page, "ASB Case Review threshold decision form")
    page.get_by_label("Threshold met: review to go ahead").check()
    fill_date(page, "decision_date", today)
    submit(page, "Save decision")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Threshold met")
    check_page(page, "ASB Case Review threshold met")

    submit(page, "Record the review meeting and outcome")
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
    check_page(page, "ASB Case Review meeting with the victim consulted")
    submit(page, "Save review")
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        "Gareth Lloyd, Leicestershire County Council (independent)"
    )
    expect(page.locator(".govuk-summary-list")).to_contain_text("Attended by phone")

    page.get_by_role("link", name="Add an action to the action plan").click()
    page.get_by_label("Action").fill("Visit the neighbour with a tenancy warning")
    page.get_by_label("Agency responsible").select_option(label=partner_agency.name)
    page.get_by_label("Officer responsible (optional)").select_option(
        label=f"{partner_officer.display_name} ({partner_agency.short_name})"
    )
    fill_date(page, "due_on", today + datetime.timedelta(days=14))
    check_page(page, "ASB Case Review action form")
    submit(page, "Add action")
    expect(page.locator("#action-plan + .app-table-scroll")).to_contain_text("Visit the neighbour")
    check_page(page, "ASB Case Review with its action plan")

    submit(page, "Record a PCC review")
    fill_date(page, "pcc_requested_on", today)
    page.get_by_label("Outcome of the PCC review").select_option(label="Recommendations made to the partnership")
    page.get_by_label("What the PCC said").fill("Keep the victim told fortnightly.")
    fill_date(page, "pcc_outcome_on", today)
    check_page(page, "PCC review form")
    submit(page, "Save PCC review")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Recommendations made to the partnership")
    check_page(page, "ASB Case Review with the PCC review")

    # --- 5. The case closed once the victim has been told why: outcome, satisfaction, closing letter ---
    section(page, case.reference, "Overview")
    page.get_by_role("link", name="Close the case").click()
    expect(page.get_by_role("heading", name="Close the case", level=1)).to_be_visible()
    expect(page.locator("#victims")).to_contain_text("Not yet recorded")
    check_page(page, "close the case with the victim not yet told")

    page.get_by_role("link", name="Record how Vera Victim was told").click()
    expect(page.get_by_role("heading", name="Closing the case: Vera Victim")).to_be_visible()
    check_page(page, "record how Vera was told")
    page.get_by_label("Visit", exact=True).check()
    fill_date(page, "told_on", today)
    page.get_by_label("What they were told").fill("The neighbour has moved out and the noise has stopped.")
    page.get_by_label("ASB stopped").check()
    page.get_by_label("5: very satisfied").check()
    submit(page, "Save")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Closing recorded for Vera Victim")
    check_page(page, "close the case with the victim told")

    page.get_by_role("link", name="Closing letter to Vera Victim").click()
    expect(page.get_by_label("Name and address")).to_have_value("Vera Victim\n12 Example Street, Leicester\nLE1 6ZG")
    check_page(page, "closing letter form")
    submit(page, "Generate letter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Closing letter to Vera Victim generated")
    text = download_text(page, page.get_by_role("link", name="Download letter to Vera Victim"), "closing-letter")
    assert "Dear Vera Victim" in text
    assert "The neighbour has moved out and the noise has stopped." in text
    assert case.reference in text
    check_page(page, "close the case with the letter")

    page.get_by_label("Reason").fill("The neighbour has moved out and the noise has stopped.")
    submit(page, "Close case")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Case closed")
    check_page(page, "case closed")
    page.get_by_role("link", name="See the victims' closing records").click()
    expect(page.locator("main")).to_contain_text("5 out of 5")
    check_page(page, "victims told and outcomes")

    # --- 6. The manager sees the outcome, the satisfaction and the victim contacts on the dashboard ---
    board = sign_in(manager)
    board.get_by_role("link", name="Dashboard").click()
    expect(board.get_by_role("heading", name="Managers' dashboard: cases", level=1)).to_be_visible()
    board.get_by_role("navigation", name="Pages of the managers' dashboard").get_by_role("link", name="Victims").click()
    expect(board.get_by_role("heading", name="Managers' dashboard: victims", level=1)).to_be_visible()
    outcomes = board.locator("#table-outcomes-by-jag")
    expect(outcomes).to_contain_text(case.jag.name)
    expect(outcomes.locator("[data-figure=outcome_stopped]")).to_have_text("1")
    expect(outcomes.locator("[data-figure=satisfaction_average]")).to_have_text("5.0")
    expect(board.locator("main")).to_contain_text("1 victim in all; average satisfaction 5.0 from 1.")
    # The victim is kept informed and the case is closed: no contact is overdue.
    expect(board.get_by_role("heading", name="Victim contacts overdue")).to_be_visible()
    expect(board.locator("#victim-contacts-total")).to_have_text("0")
    check_page(board, "dashboard with the outcome for the victim")

    # ... and the ASB Case Review among the year's figures, on the page and in its CSV.
    board.get_by_role("link", name="ASB Case Review figures for the year").click()
    expect(board.get_by_role("heading", name="ASB Case Review figures", level=1)).to_be_visible()
    expect(board.locator("#figure-applications")).to_have_text("1")
    expect(board.locator("#figure-threshold_met")).to_have_text("1")
    expect(board.locator("#figure-reviews_held")).to_have_text("1")
    expect(board.locator("#figure-pcc_recommendations")).to_have_text("1")
    check_page(board, "annual ASB Case Review figures")
    with board.expect_download() as csv_info:
        board.get_by_role("link", name="Download these figures (CSV)").click()
    rows = Path(csv_info.value.path()).read_text().splitlines()
    assert rows[0] == "Year,Figure,Number"
    assert any(row.endswith("Applications received,1") for row in rows)

    # What the pages showed is what was recorded, and every step is on the chronology.
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED
    plan = VictimContactPlan.objects.get(case=case, victim=vera)
    assert (plan.spoc, plan.frequency_days) == (partner_officer, 7)
    assert VictimContact.objects.filter(case=case, victim=vera).count() == 1
    assert sorted(SupportReferral.objects.filter(case=case).values_list("person", "service_name", "status")) == sorted(
        [
            (vera.pk, "Victim First", ReferralStatus.ACCEPTED),
            (darren.pk, "Drug and alcohol service", ReferralStatus.MADE),
        ]
    )
    iom = IomReferral.objects.get(case=case)
    assert (iom.person, iom.decision, iom.lead_name) == (darren, IomDecision.ADOPTED, "PC Jo Marsh")
    assert list(VictimClosure.objects.filter(case=case).values_list("victim", "outcome", "satisfaction")) == [
        (vera.pk, "stopped", 5)
    ]
    explanation = CaseReviewExplanation.objects.get(case=case)
    assert (explanation.victim, explanation.explained_on, explanation.how) == (vera, today, "in_person")
    activation = CaseReviewActivation.objects.get(case=case)
    assert (activation.victim, activation.received_how, activation.threshold_decision) == (
        vera,
        "phone",
        CaseReviewDecision.MET,
    )
    assert (activation.victim_consulted, activation.victim_attendance, activation.chair_name) == (
        True,
        "phone",
        "Gareth Lloyd",
    )
    assert activation.pcc_outcome == "recommendations"
    action = CaseReviewAction.objects.get(activation=activation)
    assert (action.owner_agency, action.owner_officer, action.due_on) == (
        partner_agency,
        partner_officer,
        today + datetime.timedelta(days=14),
    )
    chronology = " ".join(ChronologyEntry.objects.filter(case=case).values_list("text", flat=True))
    for step in (
        "Update given to Vera Victim",
        "Victim First",
        "Drug and alcohol service",
        "IOM",
        "Police and Crime Commissioner",
        "Closing the case",
    ):
        assert re.search(re.escape(step), chronology), step
