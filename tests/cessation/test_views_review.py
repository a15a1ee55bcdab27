"""The cessation pages for people who are not on the case (the peer reviewer, the further report's reviewers), the
queue, the documents made on request, and the cessation parts of the case page, the plan, the meeting card and the
service navigation."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from agencies.models import AuditAction, AuditEvent
from cases.meetings.services import AttendanceInput, attendance_record
from cases.models import Case, CaseStatus, PersonRole
from cases.services import case_add_agency, case_add_person, plan_save
from cessation import services
from cessation.models import (
    Assessment,
    CessationProposal,
    ComplainantLetter,
    FurtherReport,
    FurtherReportStatus,
    LetterKind,
    PackJob,
    PeerReview,
    Position,
    ProposalStatus,
    Recommendation,
    ReviewerKind,
    ReviewOutcome,
)
from core import clock
from tests import letter_steps
from tests.cases.views.helpers import assert_error_summary, date_parts, new_token, page_text
from tests.cessation import helpers
from tests.conftest import _signed_in
from tests.factories import AgencyFactory, CaseFactory, OfficerFactory, PersonFactory

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def review_url(name: str, review: PeerReview) -> str:
    return reverse(f"cessation:{name}", kwargs={"pk": review.pk})


def further_url(name: str, report: FurtherReport) -> str:
    return reverse(f"cessation:{name}", kwargs={"pk": report.pk})


@pytest.fixture
def proposal(ceasable_case, meeting, lead_officer):
    return helpers.propose(ceasable_case, lead_officer)


@pytest.fixture
def review(proposal, meeting, chair, lead_agency, partner_agency, peer_reviewer, other_jag):
    helpers.record_positions(proposal, meeting, chair, {lead_agency: Position.CLOSE, partner_agency: Position.CONTINUE})
    return helpers.request_review(proposal, meeting, chair, peer_reviewer, other_jag)


@pytest.fixture
def ceased(proposal, meeting, chair, lead_agency, partner_agency):
    helpers.record_positions(proposal, meeting, chair, {lead_agency: Position.CLOSE, partner_agency: Position.CLOSE})
    helpers.decide(proposal, meeting, chair)
    helpers.sign(proposal, chair)
    proposal.refresh_from_db()
    proposal.case.refresh_from_db()
    return proposal


@pytest.fixture
def further(ceased, lead_officer, complainant):
    return services.further_report_record(
        case=ceased.case,
        officer=lead_officer,
        complainant=complainant,
        received_on=clock.today(),
        description="Music again last night.",
        assessment=Assessment.SAME,
        assessment_reason="The same neighbour and the same noise.",
    )


# --- The peer reviewer -------------------------------------------------------------------------------------------


def test_the_reviewer_reads_the_proposal_and_its_documents_but_not_the_case(review, peer_reviewer_client, proposal):
    page = page_text(peer_reviewer_client.get(review_url("review", review)))

    assert helpers.REASONING in page
    assert "Darren Whitfield" in page  # the collated summary
    assert "Were the interventions enough?" in page
    for name in ("review_pack", "review_proposal_pdf", "review_appendix_a", "review_answer"):
        assert review_url(name, review) in page
    assert proposal.case.get_absolute_url() + '"' not in page
    assert peer_reviewer_client.get(proposal.case.get_absolute_url()).status_code == 404
    assert peer_reviewer_client.get(reverse("cessation:proposal", args=[proposal.case.reference, 1])).status_code == 404


def test_the_reviewers_downloads_are_pdfs_named_for_the_case_and_audited(
    review, peer_reviewer_client, peer_reviewer, django_capture_on_commit_callbacks
):
    reference = review.proposal.case.reference
    with django_capture_on_commit_callbacks(execute=True):
        asked = peer_reviewer_client.post(review_url("review_pack", review))
    ready = PackJob.objects.get(review=review)
    assert asked["Location"] == ready.get_absolute_url()

    for name, url in [
        ("review_pack", reverse("cessation:pack_download", args=[ready.pk])),
        ("review_proposal_pdf", review_url("review_proposal_pdf", review)),
        ("review_appendix_a", review_url("review_appendix_a", review)),
    ]:
        response = peer_reviewer_client.get(url)
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert reference in response["Content-Disposition"]
        assert "Margaret Ellison" in pdf_text(response) or name == "review_appendix_a"

    actions = set(
        AuditEvent.objects.filter(officer=peer_reviewer, case_reference=reference).values_list("action", flat=True)
    )
    assert {AuditAction.EXPORT, AuditAction.DOWNLOAD} <= actions


def test_the_reviewer_answers_and_the_proposal_awaits_the_jag(review, peer_reviewer_client, chair_client):
    response = peer_reviewer_client.post(
        review_url("review_answer", review),
        {
            "reasonable": "yes",
            "proportionate": "yes",
            "appropriate": "no",
            "findings": "Mediation was never followed up.",
            "recommendation": Recommendation.CONTINUE,
            "submission_token": new_token(),
        },
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.reasonable, review.appropriate, review.recommendation) == (True, False, Recommendation.CONTINUE)
    assert CessationProposal.objects.get(pk=review.proposal_id).status == ProposalStatus.REVIEWED
    page = page_text(chair_client.get(reverse("cessation:proposal", args=[review.proposal.case.reference, 1])))
    assert "Mediation was never followed up." in page


def test_an_incomplete_answer_is_refused_with_each_question_named(review, peer_reviewer_client):
    response = peer_reviewer_client.post(
        review_url("review_answer", review), {"findings": "", "submission_token": new_token()}
    )

    assert_error_summary(
        response,
        "Answer: Were the interventions reasonable?",
        "Answer: Were they appropriate?",
        "Enter your findings",
        "Choose your recommendation",
    )
    review.refresh_from_db()
    assert review.answered_at is None


def test_case_viewers_read_the_review_but_only_the_reviewer_answers(review, lead_officer_client, chair_client):
    assert lead_officer_client.get(review_url("review", review)).status_code == 200
    assert lead_officer_client.get(review_url("review_answer", review)).status_code == 403
    response = chair_client.post(
        review_url("review_answer", review),
        {
            "reasonable": "yes",
            "proportionate": "yes",
            "appropriate": "yes",
            "findings": "Fine.",
            "recommendation": Recommendation.CLOSE,
        },
    )
    assert response.status_code == 403
    assert PeerReview.objects.get(pk=review.pk).answered_at is None


def test_the_reviewers_access_ends_at_access_until(review, peer_reviewer_client, lead_officer_client):
    PeerReview.objects.filter(pk=review.pk).update(access_until=clock.now() - datetime.timedelta(minutes=1))

    for name in ("review", "review_answer", "review_pack", "review_proposal_pdf", "review_appendix_a"):
        assert peer_reviewer_client.get(review_url(name, review)).status_code == 404, name
    answer = peer_reviewer_client.post(
        review_url("review_answer", review),
        {"reasonable": "yes", "proportionate": "yes", "appropriate": "yes", "findings": "x", "recommendation": "close"},
    )
    assert answer.status_code == 404
    assert PeerReview.objects.get(pk=review.pk).answered_at is None
    assert review_url("review", review) not in page_text(peer_reviewer_client.get(reverse("cessation:queue")))
    # The case's own officers still read it.
    assert lead_officer_client.get(review_url("review", review)).status_code == 200


def test_an_outsider_never_learns_of_a_review(review, outsider_client):
    for name in ("review", "review_answer", "review_pack", "review_proposal_pdf", "review_appendix_a"):
        assert outsider_client.get(review_url(name, review)).status_code == 404, name


# --- Further reports ---------------------------------------------------------------------------------------------


def further_data(complainant, assessment, **changes) -> dict:
    return {
        "complainant": complainant.pk,
        **date_parts("received_on", clock.today()),
        "description": "Shouting in the street again.",
        "assessment": assessment,
        "assessment_reason": "Reasons given.",
        "submission_token": new_token(),
    } | changes


def test_an_unrelated_further_report_goes_to_its_new_case(ceased, lead_officer_client, complainant):
    response = lead_officer_client.post(
        reverse("cessation:further_report_new", args=[ceased.case.reference]),
        further_data(complainant, Assessment.UNRELATED),
    )

    report = FurtherReport.objects.get(case=ceased.case)
    assert report.status == FurtherReportStatus.NEW_CASE
    assert response.status_code == 302
    assert response["Location"] == report.new_case.get_absolute_url()
    page = page_text(lead_officer_client.get(response["Location"]))
    assert "as unrelated: this new case is opened for it" in page
    page = page_text(
        lead_officer_client.get(reverse("cases:cessation", kwargs={"reference": report.new_case.reference}))
    )
    assert f"Opened from a further report on ceased case {ceased.case.reference}" in page


def test_a_further_report_on_the_same_circumstances_goes_to_its_page(ceased, partner_officer_client, complainant):
    response = partner_officer_client.post(
        reverse("cessation:further_report_new", args=[ceased.case.reference]),
        further_data(complainant, Assessment.SAME),
    )

    report = FurtherReport.objects.get(case=ceased.case)
    assert response["Location"] == further_url("further_report", report)
    assert report.status == FurtherReportStatus.AWAITING_REVIEW


def test_a_further_report_with_bad_input_keeps_what_was_typed_and_saves_nothing(
    ceased, lead_officer_client, complainant
):
    tomorrow = clock.today() + datetime.timedelta(days=1)

    response = lead_officer_client.post(
        reverse("cessation:further_report_new", args=[ceased.case.reference]),
        further_data(complainant, "", **date_parts("received_on", tomorrow), assessment_reason=""),
    )

    assert_error_summary(
        response, "The date received must be today or in the past", "Choose your assessment of the report"
    )
    assert "Shouting in the street again." in page_text(response)
    assert not FurtherReport.objects.exists()


def test_further_reports_are_for_ceased_cases(proposal, lead_officer_client):
    response = lead_officer_client.get(reverse("cessation:further_report_new", args=[proposal.case.reference]))

    assert response.status_code == 302
    assert response["Location"] == proposal.case.get_absolute_url()


def test_the_lpu_commander_closes_it_with_no_further_action_and_the_letter_is_kept(
    further, lpu_commander_client, lead_officer_client
):
    page = page_text(lpu_commander_client.get(further_url("further_report", further)))
    response = lpu_commander_client.post(
        further_url("further_report_review", further),
        {
            "outcome": ReviewOutcome.NO_FURTHER_ACTION,
            "notes": "Help was offered and refused.",
            "letter_kind": LetterKind.FURTHER_REFUSED,
            "submission_token": new_token(),
        },
    )

    assert "Music again last night." in page
    assert further_url("further_report_review", further) in page
    # Closed; the reviewer goes on to the letter's own steps: nothing is filed until the preview is confirmed.
    letter_url = further_url("further_letter", further)
    assert (response.status_code, response["Location"]) == (302, letter_url)
    further.refresh_from_db()
    assert further.status == FurtherReportStatus.CLOSED_NFA
    assert not ComplainantLetter.objects.exists()
    waiting = page_text(lead_officer_client.get(further_url("further_report", further)))
    assert "has not been filed yet" in waiting
    assert letter_url not in waiting  # only the reviewers write it
    assert letter_url in page_text(lpu_commander_client.get(further_url("further_report", further)))

    form = page_text(lpu_commander_client.get(letter_url))
    preview = letter_steps.preview(lpu_commander_client, letter_url, title="Ms")
    filed = lpu_commander_client.post(letter_url, letter_steps.confirm_data(preview))
    again = lpu_commander_client.post(letter_url, letter_steps.confirm_data(preview))

    assert "Postcode" in form and "How the letter begins" in form
    shown_preview = page_text(preview)
    assert "Flat 3" in shown_preview and "File the letter" in shown_preview
    assert filed.status_code == 302 and again.status_code == 302
    letter = ComplainantLetter.objects.get(further_report=further)
    assert letter.kind == LetterKind.FURTHER_REFUSED
    assert letter.document.recipient.address_line_2 == "41 Tudor Road"
    assert "has not been filed yet" not in page_text(lpu_commander_client.get(further_url("further_report", further)))
    shown = page_text(lead_officer_client.get(further_url("further_report", further)))
    assert "Help was offered and refused." in shown
    assert letter.document.get_absolute_url() in shown
    # Once filed there is nothing more to write.
    assert lpu_commander_client.get(letter_url)["Location"] == further_url("further_report", further)


def test_only_the_reviewers_write_the_further_letter(further, lpu_commander_client, lead_officer_client):
    lpu_commander_client.post(
        further_url("further_report_review", further),
        {
            "outcome": ReviewOutcome.NO_FURTHER_ACTION,
            "notes": "Help was offered and refused.",
            "letter_kind": LetterKind.FURTHER_REFUSED,
            "submission_token": new_token(),
        },
    )
    letter_url = further_url("further_letter", further)

    assert lead_officer_client.get(letter_url).status_code == 403
    assert letter_steps.preview(lead_officer_client, letter_url).status_code == 403
    assert not ComplainantLetter.objects.exists()


def test_closing_with_no_further_action_needs_the_letter_version(further, lpu_commander_client):
    response = lpu_commander_client.post(
        further_url("further_report_review", further),
        {"outcome": ReviewOutcome.NO_FURTHER_ACTION, "notes": "", "submission_token": new_token()},
    )

    assert_error_summary(response, "Choose which letter the complainant gets", "Enter your review notes")
    assert FurtherReport.objects.get(pk=further.pk).status == FurtherReportStatus.AWAITING_REVIEW


def test_a_reviewer_of_a_jag_agency_not_on_the_case_reads_the_report_but_not_the_case(
    further, cessation_jag, django_capture_on_commit_callbacks
):
    police_lpu = AgencyFactory(name="Leicestershire Police LPU West")
    cessation_jag.member_agencies.add(police_lpu)
    commander = OfficerFactory(agency=police_lpu, roles=["officer", "lpu_commander"])
    client = _signed_in(commander)

    page = page_text(client.get(further_url("further_report", further)))

    assert further_url("further_report_pack", further) in page
    assert further.case.get_absolute_url() + '"' not in page
    assert client.get(further.case.get_absolute_url()).status_code == 404
    assert client.get(further_url("further_report_pack", further)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(further_url("further_report_pack", further))
    job = PackJob.objects.get(further_report=further)
    assert "Back to the further report" in page_text(client.get(job.get_absolute_url()))
    pack = client.get(reverse("cessation:pack_download", args=[job.pk]))
    assert pack.status_code == 200
    assert further.case.reference in pdf_text(pack)
    assert (
        AuditEvent.objects.filter(officer=commander, action=AuditAction.DOWNLOAD).values_list("description", flat=True)
    ).get() == f"Downloaded the case review pack of {further.case.reference} for a further report's review"


def test_officers_without_the_role_may_not_review_and_outsiders_never_see(
    further, lead_officer_client, outsider_client, community_safety_manager_client
):
    data = {"outcome": ReviewOutcome.NEW_CASE, "notes": "Open it."}

    assert lead_officer_client.get(further_url("further_report", further)).status_code == 200
    assert lead_officer_client.post(further_url("further_report_review", further), data).status_code == 403
    for name in ("further_report", "further_report_review", "further_report_pack"):
        assert outsider_client.get(further_url(name, further)).status_code == 404
    assert FurtherReport.objects.get(pk=further.pk).status == FurtherReportStatus.AWAITING_REVIEW
    # The LA community safety manager of the lead agency reviews as well.
    assert community_safety_manager_client.get(further_url("further_report_review", further)).status_code == 200


# --- Documents ---------------------------------------------------------------------------------------------------


def test_the_case_review_pack_and_appendix_a_are_pdfs_for_case_viewers_with_an_audit_event(
    ceasable_case, partner_officer_client, partner_officer, outsider_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        partner_officer_client.post(reverse("cessation:case_review_pack", args=[ceasable_case.reference]))
    pack = partner_officer_client.get(reverse("cessation:pack_download", args=[PackJob.objects.get().pk]))
    appendix = partner_officer_client.get(reverse("cessation:appendix_a", args=[ceasable_case.reference, 1]))

    for response in (pack, appendix):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert ceasable_case.reference in response["Content-Disposition"]
    assert "Darren Whitfield" in pdf_text(pack)
    assert "Loud music and shouting from number 16" in pdf_text(appendix)
    events = AuditEvent.objects.filter(officer=partner_officer, case_reference=ceasable_case.reference)
    assert set(events.values_list("action", flat=True)) >= {AuditAction.EXPORT, AuditAction.DOWNLOAD}
    assert outsider_client.get(reverse("cessation:case_review_pack", args=[ceasable_case.reference])).status_code == 404
    assert outsider_client.get(reverse("cessation:appendix_a", args=[ceasable_case.reference, 1])).status_code == 404


def test_appendix_a_of_an_earlier_plan_version_and_the_link_from_the_plan_page(
    ceasable_case, lead_officer, lead_officer_client
):
    plan_save(
        case=ceasable_case,
        officer=lead_officer,
        overview="Version two: the noise moved to the garden.",
        who_is_at_risk="Mrs Ellison",
        risk_from="The tenant of number 16",
        children_involved=False,
        actions="CPW considered.",
    )

    first = lead_officer_client.get(reverse("cessation:appendix_a", args=[ceasable_case.reference, 1]))
    plan_page = page_text(lead_officer_client.get(reverse("cases:plan_version", args=[ceasable_case.reference, 2])))

    assert "Loud music and shouting from number 16" in pdf_text(first)
    assert reverse("cessation:appendix_a", args=[ceasable_case.reference, 2]) in plan_page
    assert "Download Appendix A (PDF)" in plan_page
    assert (
        lead_officer_client.get(reverse("cessation:appendix_a", args=[ceasable_case.reference, 3])).status_code == 404
    )


def test_no_draft_closure_report_before_a_decision_to_close(proposal, chair_client):
    response = chair_client.get(reverse("cessation:draft_report", args=[proposal.case.reference, proposal.number]))

    assert response.status_code == 404


# --- The case page, the meeting card and the navigation ----------------------------------------------------------


def test_the_case_page_offers_the_lead_agency_a_proposal_when_possible(ceasable_case, lead_officer_client):
    page = page_text(lead_officer_client.get(reverse("cases:cessation", kwargs={"reference": ceasable_case.reference})))

    assert 'id="cessation"' in page
    assert reverse("cessation:propose", args=[ceasable_case.reference]) in page
    assert reverse("cessation:summary", args=[ceasable_case.reference]) in page
    assert reverse("cessation:case_review_pack", args=[ceasable_case.reference]) in page


def test_the_case_page_lists_what_is_missing_for_a_proposal(case, lead_officer_client, partner_officer_client):
    lead = page_text(lead_officer_client.get(reverse("cases:cessation", kwargs={"reference": case.reference})))
    partner = page_text(partner_officer_client.get(reverse("cases:cessation", kwargs={"reference": case.reference})))

    assert "Cessation cannot be proposed yet" in lead
    assert "The case is not long standing" in lead
    assert reverse("cessation:propose", args=[case.reference]) not in lead
    assert "Cessation cannot be proposed yet" not in partner


def test_the_ceased_case_page_shows_the_signed_report_with_its_hash_and_the_further_report_button(
    ceased, partner_officer_client
):
    report = ceased.closure_reports.get()

    page = page_text(
        partner_officer_client.get(reverse("cases:cessation", kwargs={"reference": ceased.case.reference}))
    )

    assert "Ceased: case closed as unresolved" in page
    assert report.document.get_absolute_url() in page
    assert report.sha256[:16] in page
    assert reverse("cessation:further_report_new", args=[ceased.case.reference]) in page
    assert reverse("cessation:propose", args=[ceased.case.reference]) not in page


def test_the_meeting_card_links_the_agenda_item_to_the_positions_and_decision(
    proposal, meeting, partner_officer_client
):
    page = page_text(partner_officer_client.get(reverse("cases:jag", kwargs={"reference": proposal.case.reference})))

    assert "Cessation proposal: positions and decision" in page
    assert reverse("cessation:meeting", args=[proposal.case.reference, 1, meeting.pk]) in page


def test_the_navigation_shows_cessation_to_the_roles_that_use_it(
    case, chair_client, lpu_commander_client, lead_officer_client
):
    queue = reverse("cessation:queue")

    assert f'href="{queue}"' in page_text(
        chair_client.get(reverse("cases:cessation", kwargs={"reference": case.reference}))
    )
    assert f'href="{queue}"' in page_text(lpu_commander_client.get(reverse("cases:my_cases")))
    assert f'href="{queue}"' not in page_text(lead_officer_client.get(reverse("cases:my_cases")))


# --- The queue ---------------------------------------------------------------------------------------------------


def test_the_queue_says_when_there_is_nothing(chair_client, lpu_commander_client, lead_officer_client):
    chair = page_text(chair_client.get(reverse("cessation:queue")))
    commander = page_text(lpu_commander_client.get(reverse("cessation:queue")))
    lead = page_text(lead_officer_client.get(reverse("cessation:queue")))

    assert "No proposals await a decision." in chair
    assert "No closure reports await your signature." in chair
    assert "No peer reviews are asked of you." in chair
    assert "No further reports await review." in commander
    assert "Your agency has no cessation proposals in progress." in lead
    assert "For the JAGs you chair" not in lead


def test_each_role_finds_its_work_in_the_queue(review, peer_reviewer_client, chair_client, lead_officer_client):
    reference = review.proposal.case.reference

    chair = page_text(chair_client.get(reverse("cessation:queue")))
    reviewer = page_text(peer_reviewer_client.get(reverse("cessation:queue")))
    lead = page_text(lead_officer_client.get(reverse("cessation:queue")))

    assert 'id="awaiting-review"' in chair and reference in chair
    assert review_url("review", review) in reviewer
    assert 'id="in-progress"' in lead and reference in lead


def _bare_proposals(jag, lead_officer, partner_agency, n: int, status: str):
    """n cases of the JAG with a plan and a proposal in `status`, written straight to the table (the queue reads
    them; the steps are tested through the services)."""
    for _ in range(n):
        case = CaseFactory(lead_officer=lead_officer, jag=jag)
        case_add_agency(case=case, officer=lead_officer, agency=partner_agency)
        plan = helpers.make_ceasable(case, lead_officer).plan_versions.get()
        yield CessationProposal.objects.create(
            case=case, number=1, status=status, plan_version=plan, reasoning="Exhausted.", proposed_by=lead_officer
        )


def _queue_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("cessation:queue"))
    assert response.status_code == 200
    return len(captured)


def _fill_queue(n, cessation_jag, lead_officer, partner_agency, peer_reviewer, other_jag, chair):
    until = clock.now() + datetime.timedelta(days=7)
    for status in (ProposalStatus.AWAITING_DECISION, ProposalStatus.CLOSE_DECIDED, ProposalStatus.CEASED):
        list(_bare_proposals(cessation_jag, lead_officer, partner_agency, n, status))
    for proposal in _bare_proposals(cessation_jag, lead_officer, partner_agency, n, ProposalStatus.PEER_REVIEW):
        PeerReview.objects.create(
            proposal=proposal,
            requested_by=chair,
            reviewer_kind=ReviewerKind.JAG,
            reviewer_jag=other_jag,
            reviewer=peer_reviewer,
            access_until=until,
        )
        Case.objects.filter(pk=proposal.case_id).update(status=CaseStatus.CEASED)
        FurtherReport.objects.create(
            case=proposal.case,
            complainant=PersonFactory(created_by=lead_officer),
            received_on=clock.today(),
            description="Again.",
            assessment=Assessment.SAME,
            assessment_reason="Same.",
            status=FurtherReportStatus.AWAITING_REVIEW,
            recorded_by=lead_officer,
        )


@pytest.mark.parametrize("visitor", ["chair", "reviewer", "commander", "lead"])
def test_the_queue_reads_in_the_same_number_of_queries_for_1_or_10_rows(
    visitor,
    cessation_jag,
    lead_officer,
    partner_agency,
    peer_reviewer,
    other_jag,
    chair,
    lpu_commander,
):
    client = _signed_in(
        {"chair": chair, "reviewer": peer_reviewer, "commander": lpu_commander, "lead": lead_officer}[visitor]
    )
    _fill_queue(1, cessation_jag, lead_officer, partner_agency, peer_reviewer, other_jag, chair)
    one = _queue_queries(client)
    page = page_text(client.get(reverse("cessation:queue")))
    _fill_queue(9, cessation_jag, lead_officer, partner_agency, peer_reviewer, other_jag, chair)

    ten = _queue_queries(client)

    assert one == ten
    # Each fill gives the lead agency three proposals in progress (awaiting a decision, peer review, signature).
    rows, per_fill = {
        "chair": ("awaiting-decision-row", 1),
        "reviewer": ("reviews-row", 1),
        "commander": ("further-reports-row", 1),
        "lead": ("in-progress-row", 3),
    }[visitor]
    assert page.count(f'data-testid="{rows}"') == per_fill
    assert page_text(client.get(reverse("cessation:queue"))).count(f'data-testid="{rows}"') == 10 * per_fill


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_meeting_page_reads_in_the_same_number_of_queries_for_2_or_10_agencies(
    proposal, meeting, chair, chair_client, cessation_jag, lead_agency, partner_agency
):
    url = reverse("cessation:meeting", args=[proposal.case.reference, 1, meeting.pk])
    helpers.record_positions(proposal, meeting, chair, {lead_agency: Position.CLOSE, partner_agency: Position.CLOSE})
    two = _page_queries(chair_client, url)
    agencies = [AgencyFactory() for _ in range(8)]
    cessation_jag.member_agencies.add(*agencies)
    attendance_record(
        meeting=meeting,
        officer=chair,
        rows=[
            AttendanceInput(agency=a, present=True, attendees="Someone") for a in cessation_jag.member_agencies.all()
        ],
    )
    helpers.record_positions(proposal, meeting, chair, {a: Position.CLOSE for a in agencies})

    ten = _page_queries(chair_client, url)

    assert ten == two
    assert page_text(chair_client.get(url)).count("Supports closure") >= 10


def test_the_proposal_and_case_pages_read_in_the_same_number_of_queries_for_1_or_3_letters(
    ceasable_case, meeting, chair, lead_officer, lead_officer_client, complainant, lead_agency, partner_agency
):
    others = [PersonFactory(created_by=lead_officer) for _ in range(2)]
    for person in others:
        case_add_person(case=ceasable_case, officer=lead_officer, person=person, role=PersonRole.COMPLAINANT)
    proposal = helpers.propose(ceasable_case, lead_officer)
    helpers.record_positions(proposal, meeting, chair, {lead_agency: Position.CLOSE, partner_agency: Position.CLOSE})
    helpers.decide(proposal, meeting, chair)
    helpers.sign(proposal, chair)
    url = reverse("cessation:proposal", args=[ceasable_case.reference, proposal.number])
    services.cessation_letter_generate(proposal=proposal, officer=lead_officer, complainant=complainant)
    one = _page_queries(lead_officer_client, url)
    case_one = _page_queries(
        lead_officer_client, reverse("cases:cessation", kwargs={"reference": ceasable_case.reference})
    )
    for person in others:
        services.cessation_letter_generate(proposal=proposal, officer=lead_officer, complainant=person)

    three = _page_queries(lead_officer_client, url)
    case_three = _page_queries(
        lead_officer_client, reverse("cases:cessation", kwargs={"reference": ceasable_case.reference})
    )

    assert three == one
    assert case_three == case_one
    assert page_text(lead_officer_client.get(url)).count("Record the visit") == 3
