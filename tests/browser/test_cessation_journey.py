"""Cessation in Chromium, across four users: the lead officer proposes cessation on a long-standing case; the JAG
chair records a split between the agencies at the meeting under way and requests a peer review from another
locality's JAG; the reviewer prints the case review pack and answers after the meeting began, so the meeting takes no
decision with the answer and the chair closes the case by written decision, then signs the closure report; the lead
officer downloads the complainant's letter, which gives the written decision and its date. Then a further report on the same circumstances goes to the LPU commander, who
closes it with no further action. Every page passes an axe-core check and is saved as a screenshot under test-results/screenshots/, the
signed closure report and the letters' first pages as PNGs beside them.
"""

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from cases.meetings.services import AttendanceInput, attendance_record, meeting_schedule
from cases.models import Case, CaseStatus, PersonRole
from cases.services import case_add_person
from cessation.models import (
    ClosureReport,
    ComplainantLetter,
    FurtherReport,
    FurtherReportStatus,
    LetterKind,
    PeerReview,
    ProposalStatus,
)
from core import clock
from core.dates import long_date, start_of_day
from tests.browser.conftest import SCREENSHOTS
from tests.cessation.helpers import make_ceasable
from tests.factories import PASSWORD, AgencyFactory, JagFactory, OfficerFactory, PersonFactory
from tests.incremental.helpers import ensure_catalogue

pytestmark = pytest.mark.browser

REASONING = (
    "Warnings, mediation and noise monitoring have all been tried over fourteen months; Mrs Ellison declines "
    "mediation and expects an eviction the evidence cannot support."
)


def fill_date(page: Page, name: str, day: datetime.date) -> None:
    page.locator(f"input[name={name}_0]").fill(str(day.day))
    page.locator(f"input[name={name}_1]").fill(str(day.month))
    page.locator(f"input[name={name}_2]").fill(str(day.year))


def submit(page: Page, label: str) -> None:
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def download_text(page: Page, link, keep_as: str) -> str:
    """Download the PDF behind `link`, keep it (and its first page as a PNG) beside the screenshots, return its text."""
    with page.expect_download() as download_info:
        link.click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    kept = SCREENSHOTS / f"cessation_journey-{keep_as}.pdf"
    kept.write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(kept), str(kept.with_suffix(""))], check=True
        )
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(kept).pages)


def test_cessation_journey(
    transactional_db,  # the live server's thread must see what this test writes, so nothing is rolled back
    sign_in,
    check_page,
    live_server,
    case,
    jag,
    chair,
    lead_officer,
    lead_agency,
    partner_agency,
):
    ensure_catalogue()
    jag.member_agencies.add(lead_agency, partner_agency)
    complainant = PersonFactory(
        first_name="Margaret", last_name="Ellison", address="14 Narborough Road, Leicester", created_by=lead_officer
    )
    case_add_person(case=case, officer=lead_officer, person=complainant, role=PersonRole.COMPLAINANT)
    make_ceasable(case, lead_officer)
    # The meeting began a few minutes ago (today's, so the proposal goes on its agenda): the review is answered after.
    meeting = meeting_schedule(
        officer=chair,
        jag=jag,
        starts_at=max(clock.now() - datetime.timedelta(minutes=5), start_of_day(clock.today())),
        location="Town Hall",
    )
    attendance_record(
        meeting=meeting,
        officer=chair,
        rows=[
            AttendanceInput(agency=agency, present=True, attendees="An officer")
            for agency in (lead_agency, partner_agency)
        ],
    )
    other_jag = JagFactory(name="Charnwood JAG", locality="Charnwood")
    reviewer = OfficerFactory(
        username="peer.reviewer",
        first_name="Rhiannon",
        last_name="Reviewer",
        agency=AgencyFactory(name="Charnwood Borough Council", short_name="CBC"),
        roles=["officer", "jag_chair"],
    )
    other_jag.chair = reviewer
    other_jag.save()
    melton_member = OfficerFactory(username="melton.member", first_name="Ade", last_name="Bello")
    JagFactory(name="Melton JAG", locality="Melton").members.add(melton_member)
    commander = OfficerFactory(
        username="lpu.commander",
        first_name="Leon",
        last_name="Commander",
        agency=partner_agency,
        roles=["officer", "lpu_commander"],
    )
    case_url = f"{live_server.url}/cases/{case.reference}/cessation/"
    today = clock.today()

    # --- The lead officer proposes cessation -----------------------------------------------------------------------
    officer_page = sign_in(lead_officer)
    officer_page.goto(case_url)
    officer_page.locator("#cessation").get_by_role("button", name="Propose cessation").click()
    expect(officer_page.get_by_role("heading", name="Propose cessation", level=1)).to_be_visible()
    expect(officer_page.locator("#preconditions")).not_to_contain_text("Missing")
    check_page(officer_page, "propose with the collated summary")
    submit(officer_page, "Submit the proposal to the JAG")
    expect(officer_page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the lead agency's reasoning for cessation"
    )
    check_page(officer_page, "proposal without reasoning")
    officer_page.get_by_label("The lead agency's reasoning for cessation").fill(REASONING)
    submit(officer_page, "Submit the proposal to the JAG")
    expect(officer_page.get_by_role("heading", name=re.compile("Cessation proposal 1"), level=1)).to_be_visible()
    expect(officer_page.locator("main")).to_contain_text(ProposalStatus.AWAITING_DECISION.label)
    check_page(officer_page, "proposal submitted")
    proposal = case.cessation_proposals.get()

    # --- The chair: a split between the agencies, so a peer review -------------------------------------------------
    chair_page = sign_in(chair)
    chair_page.goto("/cessation/")
    expect(chair_page.locator("main")).to_contain_text(case.reference)
    check_page(chair_page, "chair's queue with the proposal")
    chair_page.goto(f"/meetings/{meeting.pk}/")
    check_page(chair_page, "meeting with the proposal on its agenda")
    chair_page.get_by_role("link", name=re.compile("Cessation proposal")).first.click()
    chair_page.locator(f"input[name=position_{lead_agency.pk}][value=close]").check()
    chair_page.locator(f"input[name=position_{partner_agency.pk}][value=continue]").check()
    chair_page.locator(f"textarea[name=comment_{partner_agency.pk}]").fill("Patrols are still reducing incidents.")
    check_page(chair_page, "positions of the agencies present")
    submit(chair_page, "Record the positions")
    check_page(chair_page, "positions recorded, split")
    chair_page.locator("input[name=outcome][value=close]").check()
    chair_page.get_by_label("Rationale").fill("Close: nothing further can reasonably be offered.")
    submit(chair_page, "Record the decision")
    expect(chair_page.locator(".govuk-error-summary")).to_contain_text("not unanimous")
    check_page(chair_page, "close refused without unanimity")
    chair_page.get_by_role("link", name="Request a peer review").first.click()
    reviewers = chair_page.get_by_label("The reviewer", exact=True)
    expect(reviewers.locator("optgroup[label='Melton JAG']")).to_be_attached()  # every group before a choice
    chair_page.locator("input[name=reviewer_kind][value=jag]").check()
    chair_page.get_by_label("The reviewing JAG").select_option(label="Charnwood JAG")
    # The list narrows to the chosen JAG's chair and members.
    expect(reviewers.locator("optgroup:not([hidden])")).to_have_count(1)
    expect(reviewers.locator("optgroup:not([hidden])")).to_have_attribute("label", "Charnwood JAG")
    chair_page.get_by_label("The reviewer", exact=True).select_option(value=str(reviewer.pk))
    fill_date(chair_page, "access_until", today + datetime.timedelta(days=28))
    chair_page.get_by_label("Rationale").fill("Police and council disagree on whether patrols still help.")
    check_page(chair_page, "peer review request")
    submit(chair_page, "Request the peer review")
    expect(chair_page.locator("main")).to_contain_text(ProposalStatus.PEER_REVIEW.label)
    check_page(chair_page, "peer review requested")

    # --- The peer reviewer answers ----------------------------------------------------------------------------------
    reviewer_page = sign_in(reviewer)
    reviewer_page.goto(case_url)
    expect(reviewer_page.get_by_role("heading", name="Page not found")).to_be_visible()  # no access to the case itself
    check_page(reviewer_page, "case page not found for the reviewer")
    reviewer_page.goto("/cessation/")
    check_page(reviewer_page, "reviewer's queue")
    reviewer_page.get_by_role("link", name=re.compile(case.reference)).first.click()
    expect(reviewer_page.locator("main")).to_contain_text(REASONING)
    check_page(reviewer_page, "peer review with the collated summary")
    reviewer_page.get_by_role("link", name=re.compile("Case review pack")).first.click()
    check_page(reviewer_page, "case review pack offered to the reviewer")
    # Tasks run in-process in this journey, so the pack is ready when the page comes back (test_case_review_pack.py
    # follows one on a real worker).
    submit(reviewer_page, "Prepare the case review pack")
    expect(reviewer_page.get_by_role("heading", name="Case review pack ready")).to_be_visible()
    check_page(reviewer_page, "case review pack ready for the reviewer")
    pack = download_text(
        reviewer_page,
        reviewer_page.get_by_role("link", name=re.compile("Download the case review pack")),
        "review-pack",
    )
    assert case.reference in pack and "Margaret Ellison" in pack
    reviewer_page.get_by_role("link", name="Back to the peer review").click()
    reviewer_page.get_by_role("button", name="Answer the review").click()
    for question in ("reasonable", "proportionate", "appropriate"):
        reviewer_page.locator(f"input[name={question}][value=yes]").check()
    reviewer_page.get_by_label("Findings").fill("Warnings, mediation and monitoring were tried and recorded.")
    reviewer_page.locator("input[name=recommendation][value=close]").check()
    check_page(reviewer_page, "answer the peer review")
    submit(reviewer_page, "Send the answer")
    expect(reviewer_page.locator("main")).to_contain_text("Warnings, mediation and monitoring were tried")
    check_page(reviewer_page, "peer review answered")
    assert PeerReview.objects.get().recommendation == "close"

    # --- The chair decides in writing with the review (the meeting began before its answer), and signs -------------
    chair_page.goto(f"/cases/{case.reference}/cessation/{proposal.number}/")
    expect(chair_page.locator("#decide-after-review")).to_contain_text("record your written decision")
    expect(chair_page.get_by_role("button", name="Record your written decision")).to_be_visible()
    check_page(chair_page, "proposal with the review answered")
    chair_page.goto(f"/cases/{case.reference}/cessation/{proposal.number}/meetings/{meeting.pk}/")
    expect(chair_page.locator("#decided-elsewhere")).to_contain_text("after this meeting began")
    expect(chair_page.locator("#decision-form")).to_have_count(0)
    check_page(chair_page, "meeting begun before the review's answer")
    chair_page.get_by_role("link", name="record your written decision").click()
    expect(chair_page.get_by_role("heading", name="Your written decision after the peer review")).to_be_visible()
    expect(chair_page.locator("main")).to_contain_text("Warnings, mediation and monitoring were tried and recorded.")
    check_page(chair_page, "written decision after the review")
    for width in (390, 1280):
        chair_page.set_viewport_size({"width": width, "height": 900})
        chair_page.screenshot(path=SCREENSHOTS / f"cessation_journey-written-decision-{width}.png", full_page=True)
    submit(chair_page, "Record your decision")
    expect(chair_page.locator(".govuk-error-summary")).to_contain_text("Choose your decision")
    expect(chair_page.locator(".govuk-error-summary")).to_contain_text("Enter the rationale for the decision")
    check_page(chair_page, "written decision without an answer")
    chair_page.locator("input[name=outcome][value=close]").check()
    chair_page.get_by_label("Rationale").fill("With the peer review's findings I close the case.")
    submit(chair_page, "Record your decision")
    expect(chair_page.locator("main")).to_contain_text(ProposalStatus.CLOSE_DECIDED.label)
    expect(chair_page.locator("#decisions")).to_contain_text("The chair's written decision")
    check_page(chair_page, "closure decided in writing")
    decided = long_date(today)
    chair_page.get_by_role("button", name="Sign the closure report").first.click()
    chair_page.get_by_label("Your password").fill("not-my-password")
    submit(chair_page, "Sign the closure report")
    expect(chair_page.locator(".govuk-error-summary")).to_contain_text("The password is not right")
    check_page(chair_page, "wrong password at signing")
    assert not ClosureReport.objects.exists()
    chair_page.get_by_label("Your password").fill(PASSWORD)
    submit(chair_page, "Sign the closure report")
    report = ClosureReport.objects.get()
    expect(chair_page.locator("main")).to_contain_text(report.sha256[:16])
    check_page(chair_page, "closure report signed")
    signed = download_text(
        chair_page, chair_page.get_by_role("link", name=re.compile("Version 1")).first, "closure-report"
    )
    assert "Chandra Chair" in signed and "Rhiannon Reviewer" in signed and REASONING[:40] in signed
    assert (
        f"Decision to close Written decision of the JAG chair, Chandra Chair, on {decided}, after the peer review"
        in (signed)
    )
    assert f"Decision to close {jag} meeting of" not in signed
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CEASED
    chair_page.get_by_role("button", name="Sign a new version of the closure report").click()
    expect(chair_page.get_by_label("Why a new version is needed")).to_be_visible()
    check_page(chair_page, "new version of the closure report")

    # --- The lead officer writes to the complainant and downloads the letter ---------------------------------------
    officer_page.goto(f"/cases/{case.reference}/cessation/{proposal.number}/")
    officer_page.get_by_role("button", name="Write to the complainant").first.click()
    # The case's only complainant: her address is offered, her title chosen, the letter previewed, then filed.
    expect(officer_page.get_by_role("heading", name="Who the letter is to")).to_be_visible()
    officer_page.get_by_label("Mrs", exact=True).check()
    check_page(officer_page, "letter to the complainant")
    officer_page.get_by_role("button", name="Preview the letter").click()
    expect(officer_page.locator(".app-letter-preview__page")).to_contain_text("Dear Mrs Ellison")
    check_page(officer_page, "letter to the complainant previewed")
    officer_page.get_by_role("button", name="File the letter").click()
    officer_page.wait_for_load_state()
    check_page(officer_page, "letter generated")
    letter_text = download_text(
        officer_page,
        officer_page.get_by_role("link", name=re.compile("Cessation letter to Margaret Ellison")).first,
        "complainant-letter",
    )
    assert "Margaret Ellison" in letter_text and "unresolved" in letter_text and "ASB Case Review" in letter_text
    assert (
        f"On {decided}, after a peer review of your case by reviewers from outside the {jag}, the chair of the {jag} "
        "decided that nothing further can reasonably be offered" in letter_text
    )
    assert "At its meeting" not in letter_text
    officer_page.get_by_role("link", name=re.compile("Record the visit")).first.click()
    officer_page.locator("input[name=visit_status][value=not_appropriate]").check()
    officer_page.get_by_label("Why").fill("Mrs Ellison asked for the letter by post only.")
    check_page(officer_page, "record the joint-agency visit")
    submit(officer_page, "Save")
    check_page(officer_page, "joint-agency visit recorded")
    assert ComplainantLetter.objects.get().visit_status == "not_appropriate"

    # --- A further report on the same circumstances, closed with no further action -----------------------------------
    officer_page.goto(case_url)
    expect(officer_page.locator("#cessation")).to_contain_text(report.sha256[:16])
    check_page(officer_page, "ceased case with its cessation documents")
    officer_page.locator("#cessation").get_by_role("button", name="Record a further report").click()
    officer_page.get_by_label("Complainant").select_option(value=str(complainant.pk))
    fill_date(officer_page, "received_on", today)
    officer_page.get_by_label("What was reported").fill("Music again on Saturday night from number 16.")
    officer_page.locator("input[name=assessment][value=same]").check()
    officer_page.get_by_label("Why").fill("The same neighbour and the same behaviour the JAG considered.")
    check_page(officer_page, "further report")
    submit(officer_page, "Record the further report")
    expect(officer_page.locator("main")).to_contain_text(FurtherReportStatus.AWAITING_REVIEW.label)
    check_page(officer_page, "further report routed")

    commander_page = sign_in(commander)
    commander_page.goto("/cessation/")
    check_page(commander_page, "LPU commander's queue with the further report")
    commander_page.get_by_role("link", name=re.compile(case.reference)).first.click()
    check_page(commander_page, "further report for the LPU commander")
    commander_page.get_by_role("button", name="Review the further report").first.click()
    commander_page.locator("input[name=outcome][value=nfa]").check()
    commander_page.locator("textarea[name=notes]").fill("Nothing new: the same dispute the JAG closed.")
    commander_page.locator(f"input[name=letter_kind][value={LetterKind.FURTHER_UNRESOLVED}]").check()
    check_page(commander_page, "review the further report")
    submit(commander_page, "Save the review")
    # Closed; the chosen letter is then addressed, previewed and filed like every letter.
    expect(commander_page.get_by_role("heading", name="Who the letter is to")).to_be_visible()
    check_page(commander_page, "further letter's details")
    commander_page.get_by_label("Mrs", exact=True).check()
    commander_page.get_by_role("button", name="Preview the letter").click()
    expect(commander_page.locator(".app-letter-preview__page")).to_contain_text("Dear Mrs Ellison")
    check_page(commander_page, "further letter previewed")
    commander_page.get_by_role("button", name="File the letter").click()
    expect(commander_page.locator("main")).to_contain_text(FurtherReportStatus.CLOSED_NFA.label)
    expect(commander_page.locator("main")).not_to_contain_text("has not been filed yet")
    check_page(commander_page, "further report closed with no further action")
    further = FurtherReport.objects.get()
    assert (further.status, further.reviewed_by) == (FurtherReportStatus.CLOSED_NFA, commander)
    further_letter = ComplainantLetter.objects.get(kind=LetterKind.FURTHER_UNRESOLVED)
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(further_letter.document.file.path).pages
    )
    assert "Margaret Ellison" in text
