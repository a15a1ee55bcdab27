"""The cessation workflow's state machine, through its services: each legal step and each illegal one refused
with nothing changed."""

import datetime
import hashlib

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.http import Http404
from django.utils import timezone

from agencies.models import AuditEvent, Notification
from cases.meetings.services import meeting_generate_agenda, meeting_schedule
from cases.models import AgendaItem, AgendaReason, Case, CasePerson, CaseStatus, ChronologyEntry, Document, PersonRole
from cessation import services
from cessation.models import (
    Assessment,
    CessationProposal,
    ClosureReport,
    ComplainantLetter,
    FurtherReport,
    FurtherReportStatus,
    JagDecision,
    LetterKind,
    Outcome,
    PeerReview,
    Position,
    ProposalStatus,
    Recommendation,
    ReviewerKind,
    ReviewOutcome,
    VisitStatus,
)
from cessation.permissions import get_further_report_for
from cessation.services import PositionInput
from core import clock
from core.dates import long_date
from incremental.letter_details import default_details
from tests.cessation.helpers import meeting_today
from tests.concurrency import run_at_once
from tests.factories import PASSWORD, AgencyFactory, OfficerFactory

REASONING = "Every option in the plan has been tried over eighteen months; the complainant declines mediation."


@pytest.fixture
def proposal(ceasable_case, meeting, lead_officer):
    return services.cessation_propose(case=ceasable_case, officer=lead_officer, reasoning=REASONING)


@pytest.fixture
def positions(proposal, meeting, chair, lead_agency, partner_agency):
    """Record positions: positions("close", "continue") for the lead and the partner agency."""

    def record(lead: str, partner: str):
        return services.positions_record(
            proposal=proposal,
            meeting=meeting,
            officer=chair,
            rows=[PositionInput(lead_agency, lead), PositionInput(partner_agency, partner, "Patrols still help")],
        )

    return record


@pytest.fixture
def review(proposal, meeting, chair, positions, peer_reviewer, other_jag):
    positions(Position.CLOSE, Position.CONTINUE)
    return services.peer_review_request(
        proposal=proposal,
        meeting=meeting,
        officer=chair,
        rationale="Police see value in continued patrols; the housing provider does not.",
        reviewer_kind=ReviewerKind.JAG,
        reviewer=peer_reviewer,
        reviewer_jag=other_jag,
        access_until=clock.today() + datetime.timedelta(days=28),
        questions="Were the interventions enough?",
    )


def answer(review, officer, **changes):
    values = dict(
        review=review,
        officer=officer,
        reasonable=True,
        proportionate=True,
        appropriate=True,
        findings="Warnings, mediation and monitoring were all tried and recorded.",
        recommendation=Recommendation.CLOSE,
    )
    return services.peer_review_answer(**(values | changes))


@pytest.fixture
def close_decided(proposal, meeting, chair, positions):
    positions(Position.CLOSE, Position.CLOSE)
    services.cessation_decide(
        proposal=proposal, meeting=meeting, officer=chair, outcome=Outcome.CLOSE, rationale="All agree."
    )
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def ceased(close_decided, chair):
    services.closure_report_sign(proposal=close_decided, officer=chair, password=PASSWORD)
    close_decided.refresh_from_db()
    return close_decided


def status_of(proposal) -> str:
    return CessationProposal.objects.get(pk=proposal.pk).status


# --- Proposing ---------------------------------------------------------------------------------------------------


def test_propose_puts_the_case_on_the_next_agenda_with_the_proposal_document(proposal, meeting, ceasable_case, chair):
    assert proposal.status == ProposalStatus.AWAITING_DECISION
    assert proposal.number == 1
    assert proposal.plan_version == ceasable_case.plan_versions.get()
    item = AgendaItem.objects.get(meeting=meeting, case=ceasable_case)
    assert item.reasons == AgendaReason.CESSATION_PROPOSAL
    assert proposal.document.content_type == "application/pdf"
    assert proposal.document.title == "Cessation proposal 1"
    entry = ChronologyEntry.objects.filter(case=ceasable_case).latest("pk")
    assert entry.text.startswith("Cessation proposed by Leicester City Council (Lena Lead)")
    assert REASONING in entry.text
    assert AuditEvent.objects.filter(case_reference=ceasable_case.reference, description="Proposed cessation (1)")
    assert Notification.objects.filter(recipient=chair, event_key=f"cessation:{proposal.pk}:proposed").count() == 1


def test_propose_says_which_preconditions_are_missing(cessation_jag, case, lead_officer):
    with pytest.raises(ValidationError) as refused:
        services.cessation_propose(case=case, officer=lead_officer, reasoning=REASONING)
    assert refused.value.messages == [
        "The case is not long standing (four months under JAG management in the last twelve): cessation is for "
        "long-standing cases",
        "There is no problem-solving plan (Appendix A): record one on the case first",
    ]
    assert CessationProposal.objects.count() == 0


def test_propose_twice_is_refused(proposal, ceasable_case, lead_officer):
    with pytest.raises(ValidationError) as refused:
        services.cessation_propose(case=ceasable_case, officer=lead_officer, reasoning=REASONING)
    assert refused.value.messages == ["A cessation proposal is already in progress on this case"]
    assert CessationProposal.objects.filter(case=ceasable_case).count() == 1


def test_propose_without_reasoning_is_refused_and_nothing_changes(ceasable_case, lead_officer):
    entries, documents = ChronologyEntry.objects.count(), Document.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.cessation_propose(case=ceasable_case, officer=lead_officer, reasoning="   ")
    assert refused.value.message_dict == {"reasoning": ["Enter the lead agency's reasoning for cessation"]}
    assert (CessationProposal.objects.count(), Document.objects.count()) == (0, documents)
    assert ChronologyEntry.objects.count() == entries


def test_only_the_lead_agency_proposes(ceasable_case, partner_officer, chair):
    for officer in (partner_officer, chair):
        with pytest.raises(PermissionDenied):
            services.cessation_propose(case=ceasable_case, officer=officer, reasoning=REASONING)
    assert CessationProposal.objects.count() == 0


def test_a_proposal_made_before_any_meeting_joins_the_agenda_when_it_is_built(ceasable_case, lead_officer, chair):
    proposal = services.cessation_propose(case=ceasable_case, officer=lead_officer, reasoning=REASONING)
    assert not AgendaItem.objects.exists()
    later = meeting_schedule(
        officer=chair, jag=ceasable_case.jag, starts_at=clock.now() + datetime.timedelta(days=7), location="Hall"
    )
    items = meeting_generate_agenda(meeting=later, officer=chair)
    assert [(i.case_id, AgendaReason.CESSATION_PROPOSAL in i.reasons) for i in items] == [(ceasable_case.pk, True)]
    assert proposal.status == ProposalStatus.AWAITING_DECISION


# --- The JAG's decision ------------------------------------------------------------------------------------------


def test_close_with_every_agency_present_agreeing(close_decided, ceasable_case):
    assert close_decided.status == ProposalStatus.CLOSE_DECIDED
    decision = JagDecision.objects.get(proposal=close_decided)
    assert (decision.outcome, decision.unanimous, decision.after_peer_review) == (Outcome.CLOSE, True, None)
    assert Case.objects.get(pk=ceasable_case.pk).status == CaseStatus.OPEN  # open until the report is signed
    assert "unanimously: close the case" in ChronologyEntry.objects.filter(case=ceasable_case).latest("pk").text


def test_close_without_unanimity_or_peer_review_is_refused(proposal, meeting, chair, positions):
    positions(Position.CLOSE, Position.CONTINUE)
    with pytest.raises(ValidationError) as refused:
        services.cessation_decide(
            proposal=proposal, meeting=meeting, officer=chair, outcome=Outcome.CLOSE, rationale="Close it."
        )
    assert refused.value.message_dict["outcome"][0].startswith("The agencies present are not unanimous")
    assert status_of(proposal) == ProposalStatus.AWAITING_DECISION
    assert not JagDecision.objects.exists()


def test_close_before_every_agency_present_has_a_position_is_refused(
    proposal, meeting, chair, lead_agency, partner_agency
):
    services.positions_record(
        proposal=proposal, meeting=meeting, officer=chair, rows=[PositionInput(lead_agency, Position.CLOSE)]
    )
    with pytest.raises(ValidationError) as refused:
        services.cessation_decide(
            proposal=proposal, meeting=meeting, officer=chair, outcome=Outcome.CLOSE, rationale="Close it."
        )
    assert refused.value.message_dict == {
        "outcome": ["Record the position of every agency present before deciding to close the case"]
    }


def test_continue_ends_the_proposal_and_a_new_one_may_follow(proposal, meeting, chair, lead_officer, ceasable_case):
    services.cessation_decide(
        proposal=proposal, meeting=meeting, officer=chair, outcome=Outcome.CONTINUE, rationale="Try the injunction."
    )
    assert status_of(proposal) == ProposalStatus.CONTINUED
    second = services.cessation_propose(case=ceasable_case, officer=lead_officer, reasoning=REASONING)
    assert second.number == 2


@pytest.mark.parametrize("who", ["lead_officer", "partner_officer", "peer_reviewer", "same_jag_member"])
def test_a_decision_by_anyone_but_the_chair_is_refused(request, proposal, meeting, positions, who):
    positions(Position.CLOSE, Position.CLOSE)
    officer = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.cessation_decide(
            proposal=proposal, meeting=meeting, officer=officer, outcome=Outcome.CLOSE, rationale="Close it."
        )
    assert status_of(proposal) == ProposalStatus.AWAITING_DECISION
    assert not JagDecision.objects.exists()


def test_positions_only_for_agencies_present(proposal, meeting, chair, outsider_agency):
    with pytest.raises(ValidationError) as refused:
        services.positions_record(
            proposal=proposal, meeting=meeting, officer=chair, rows=[PositionInput(outsider_agency, Position.CLOSE)]
        )
    assert refused.value.message_dict == {
        f"position_{outsider_agency.pk}": ["Rutland County Council was not present at this meeting"]
    }


def test_positions_recorded_by_an_officer_outside_the_jag_are_refused(proposal, meeting, lead_officer, lead_agency):
    with pytest.raises(PermissionDenied):
        services.positions_record(
            proposal=proposal, meeting=meeting, officer=lead_officer, rows=[PositionInput(lead_agency, Position.CLOSE)]
        )


def test_a_decision_at_another_jags_meeting_is_refused(proposal, chair, other_jag, positions):
    positions(Position.CLOSE, Position.CLOSE)
    other_jag.chair = chair
    other_jag.save()
    elsewhere = meeting_schedule(
        officer=chair, jag=other_jag, starts_at=clock.now() + datetime.timedelta(hours=2), location="Loughborough"
    )
    with pytest.raises(ValidationError) as refused:
        services.cessation_decide(
            proposal=proposal, meeting=elsewhere, officer=chair, outcome=Outcome.CLOSE, rationale="Close it."
        )
    assert refused.value.messages == ["Choose a meeting of Leicester West JAG"]


# --- Peer review -------------------------------------------------------------------------------------------------


def test_peer_review_request_and_answer_then_close_after_review(review, proposal, meeting, chair, peer_reviewer):
    assert status_of(proposal) == ProposalStatus.PEER_REVIEW
    assert review.access_until == timezone.make_aware(
        datetime.datetime.combine(clock.today() + datetime.timedelta(days=29), datetime.time.min)
    )
    assert Notification.objects.filter(recipient=peer_reviewer, event_key=f"cessation:review:{review.pk}").exists()
    answer(review, peer_reviewer)
    assert status_of(proposal) == ProposalStatus.REVIEWED
    decision = services.cessation_decide(
        proposal=proposal, meeting=meeting, officer=chair, outcome=Outcome.CLOSE, rationale="With the review: close."
    )
    assert (decision.unanimous, decision.after_peer_review) == (False, PeerReview.objects.get())
    assert status_of(proposal) == ProposalStatus.CLOSE_DECIDED


def test_a_decision_after_the_review_is_not_put_on_a_meeting_held_before_its_answer(
    review, proposal, meeting, chair, peer_reviewer
):
    """The review asked for at one meeting and answered two days later: the JAG cannot have decided with the review's
    answer at that meeting, so its decision is not recorded there (the documents would give that meeting's date)."""
    with time_machine.travel(meeting.starts_at + datetime.timedelta(days=2), tick=False):
        answer(review, peer_reviewer)
        with pytest.raises(ValidationError) as refused:
            services.cessation_decide(
                proposal=proposal, meeting=meeting, officer=chair, outcome=Outcome.CLOSE, rationale="Close it."
            )

    answered, held = long_date(PeerReview.objects.get().answered_at), long_date(meeting.starts_at)
    assert refused.value.messages == [
        f"The peer review was answered on {answered}, after this meeting of {held} began: record the JAG's decision "
        "at a meeting held since, or as your written decision"
    ]
    assert status_of(proposal) == ProposalStatus.REVIEWED
    assert not JagDecision.objects.filter(outcome=Outcome.CLOSE).exists()


def test_a_decision_after_the_review_at_a_meeting_held_since_carries_that_meetings_date(
    review, proposal, meeting, chair, peer_reviewer, lead_agency, partner_agency
):
    with time_machine.travel(meeting.starts_at + datetime.timedelta(days=2), tick=False):
        answer(review, peer_reviewer)
        later = meeting_today(proposal.case.jag, chair, [lead_agency, partner_agency])
        meeting_generate_agenda(meeting=later, officer=chair)
        decision = services.cessation_decide(
            proposal=proposal, meeting=later, officer=chair, outcome=Outcome.CLOSE, rationale="With the review."
        )

    assert (decision.meeting, decision.in_writing) == (later, False)
    assert decision.decided_on == timezone.localdate(later.starts_at)
    assert decision.after_peer_review == PeerReview.objects.get()
    assert status_of(proposal) == ProposalStatus.CLOSE_DECIDED
    entry = ChronologyEntry.objects.filter(case=proposal.case).order_by("-pk").first()
    assert f"(Leicester West JAG meeting of {long_date(later.starts_at)}), after the peer review" in entry.text


def test_the_chairs_written_decision_after_the_review_is_dated_the_day_it_is_taken(
    review, proposal, meeting, chair, peer_reviewer
):
    taken_at = meeting.starts_at + datetime.timedelta(days=2)
    with time_machine.travel(taken_at, tick=False):
        answer(review, peer_reviewer)
        decision = services.cessation_decide(
            proposal=proposal, meeting=None, officer=chair, outcome=Outcome.CLOSE, rationale="With the review."
        )

    assert (decision.meeting, decision.in_writing) == (None, True)
    assert decision.decided_on == timezone.localdate(taken_at)
    assert decision.taken() == f"written decision of the chair of Leicester West JAG, {long_date(taken_at)}"
    assert status_of(proposal) == ProposalStatus.CLOSE_DECIDED
    entry = ChronologyEntry.objects.filter(case=proposal.case).order_by("-pk").first()
    assert entry.text.startswith(
        f"JAG decision on cessation proposal 1 (written decision of the chair of Leicester West JAG, "
        f"{long_date(taken_at)}), after the peer review: close the case"
    )


def test_a_written_decision_while_the_review_is_awaited_is_refused(review, proposal, chair):
    with pytest.raises(ValidationError) as refused:
        services.cessation_decide(
            proposal=proposal, meeting=None, officer=chair, outcome=Outcome.CLOSE, rationale="Close."
        )
    assert refused.value.messages == ["You cannot record the JAG's decision now: a peer review is awaited."]
    assert not JagDecision.objects.exclude(outcome=Outcome.PEER_REVIEW).exists()


def test_a_written_decision_before_any_review_is_refused(proposal, chair, positions):
    positions(Position.CLOSE, Position.CLOSE)
    with pytest.raises(ValidationError) as refused:
        services.cessation_decide(
            proposal=proposal, meeting=None, officer=chair, outcome=Outcome.CLOSE, rationale="Close."
        )
    assert refused.value.messages == [
        "The chair decides in writing only after a peer review has been answered: record the JAG's decision at the "
        "meeting that takes it"
    ]
    assert (status_of(proposal), JagDecision.objects.count()) == (ProposalStatus.AWAITING_DECISION, 0)


def test_a_written_decision_from_a_stale_form_is_refused(review, proposal, chair, peer_reviewer):
    opened_at = CessationProposal.objects.get(pk=proposal.pk).version
    answer(review, peer_reviewer)
    with pytest.raises(services.ConcurrentChangeError):
        services.cessation_decide(
            proposal=proposal,
            meeting=None,
            officer=chair,
            outcome=Outcome.CLOSE,
            rationale="Close.",
            expected_version=opened_at,
        )
    assert status_of(proposal) == ProposalStatus.REVIEWED


def test_peer_review_from_the_cases_own_jag_is_refused(proposal, meeting, chair, positions, same_jag_member):
    positions(Position.CLOSE, Position.CONTINUE)
    own_jag = proposal.case.jag
    with pytest.raises(ValidationError) as refused:
        services.peer_review_request(
            proposal=proposal,
            meeting=meeting,
            officer=chair,
            rationale="Split.",
            reviewer_kind=ReviewerKind.JAG,
            reviewer=same_jag_member,
            reviewer_jag=own_jag,
            access_until=clock.today() + datetime.timedelta(days=28),
        )
    assert refused.value.message_dict["reviewer_jag"] == [
        "Choose another locality's JAG: the peer review cannot come from the case's own JAG"
    ]
    assert refused.value.message_dict["reviewer"][0].endswith("the peer reviewer must not be from the case's own JAG")
    assert (PeerReview.objects.count(), JagDecision.objects.count()) == (0, 0)
    assert status_of(proposal) == ProposalStatus.AWAITING_DECISION


def test_peer_review_when_unanimous_is_refused(proposal, meeting, chair, positions, peer_reviewer, other_jag):
    positions(Position.CLOSE, Position.CLOSE)
    with pytest.raises(ValidationError) as refused:
        services.peer_review_request(
            proposal=proposal,
            meeting=meeting,
            officer=chair,
            rationale="Check.",
            reviewer_kind=ReviewerKind.JAG,
            reviewer=peer_reviewer,
            reviewer_jag=other_jag,
            access_until=clock.today() + datetime.timedelta(days=28),
        )
    assert refused.value.messages[0].startswith("The agencies present are unanimous")


def test_the_county_community_safety_team_may_review(proposal, meeting, chair, positions):
    positions(Position.CONTINUE, Position.CLOSE)
    county = OfficerFactory(first_name="Cora", last_name="County", roles=["county_community_safety_team"])
    review = services.peer_review_request(
        proposal=proposal,
        meeting=meeting,
        officer=chair,
        rationale="Split.",
        reviewer_kind=ReviewerKind.COUNTY,
        reviewer=county,
        reviewer_jag=None,
        access_until=clock.today() + datetime.timedelta(days=14),
    )
    assert (review.reviewer, review.reviewer_jag) == (county, None)


def test_a_peer_reviewer_may_not_decide_and_the_chair_may_not_decide_while_the_review_is_awaited(
    review, proposal, meeting, chair, peer_reviewer
):
    with pytest.raises(PermissionDenied):
        services.cessation_decide(
            proposal=proposal, meeting=meeting, officer=peer_reviewer, outcome=Outcome.CLOSE, rationale="Close."
        )
    with pytest.raises(ValidationError) as refused:
        services.cessation_decide(
            proposal=proposal, meeting=meeting, officer=chair, outcome=Outcome.CLOSE, rationale="Close."
        )
    assert refused.value.messages == ["You cannot record the JAG's decision now: a peer review is awaited."]


def test_only_the_named_reviewer_answers_and_only_while_access_lasts(review, proposal, chair, peer_reviewer):
    with pytest.raises(PermissionDenied):
        answer(review, chair)
    PeerReview.objects.filter(pk=review.pk).update(access_until=clock.now() - datetime.timedelta(minutes=1))
    with pytest.raises(PermissionDenied):
        answer(review, peer_reviewer)
    assert status_of(proposal) == ProposalStatus.PEER_REVIEW


def test_an_incomplete_answer_is_refused(review, peer_reviewer):
    with pytest.raises(ValidationError) as refused:
        answer(review, peer_reviewer, proportionate=None, findings="", recommendation="")
    assert set(refused.value.message_dict) == {"proportionate", "findings", "recommendation"}
    assert PeerReview.objects.get().answered_at is None


# --- Signing and ceasing -----------------------------------------------------------------------------------------


def test_sign_before_a_close_decision_is_refused(proposal, chair):
    with pytest.raises(ValidationError) as refused:
        services.closure_report_sign(proposal=proposal, officer=chair, password=PASSWORD)
    assert refused.value.messages == [
        "You cannot sign the closure report now: the JAG has not yet decided to close the case."
    ]
    assert not ClosureReport.objects.exists()


def test_an_officer_signing_as_chair_is_refused(close_decided, lead_officer):
    with pytest.raises(PermissionDenied):
        services.closure_report_sign(proposal=close_decided, officer=lead_officer, password=PASSWORD)
    assert status_of(close_decided) == ProposalStatus.CLOSE_DECIDED


def test_a_wrong_password_at_signing_changes_nothing(close_decided, chair, ceasable_case):
    documents = Document.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.closure_report_sign(proposal=close_decided, officer=chair, password="not-my-password")
    assert refused.value.message_dict == {"password": ["The password is not right: enter your own password to sign"]}
    assert status_of(close_decided) == ProposalStatus.CLOSE_DECIDED
    assert Case.objects.get(pk=ceasable_case.pk).status == CaseStatus.OPEN
    assert Document.objects.count() == documents


def test_signing_stores_the_report_with_its_hash_and_ceases_the_case(ceased, chair, ceasable_case):
    report = ClosureReport.objects.get()
    content = report.document.file.open("rb").read()
    assert report.sha256 == hashlib.sha256(content).hexdigest() == report.document.sha256
    assert (report.signed_by, report.signer_role, report.number) == (chair, "Chair, Leicester West JAG", 1)
    case = Case.objects.get(pk=ceasable_case.pk)
    assert (case.status, case.get_status_display()) == (CaseStatus.CEASED, "Closed: unresolved (ceased)")
    assert case.closed_at is not None
    assert ceased.status == ProposalStatus.CEASED
    assert not case.jag_periods.filter(ended_on__isnull=True).exists()
    last = ChronologyEntry.objects.filter(case=case).latest("pk").text
    assert last == (
        f"Closure report signed by Chandra Chair (Chair, Leicester West JAG), SHA-256 {report.sha256}. Case closed "
        "as unresolved (ceased): no further active investigation."
    )


def test_a_second_signature_is_refused(ceased, chair):
    with pytest.raises(ValidationError):
        services.closure_report_sign(proposal=ceased, officer=chair, password=PASSWORD)
    assert ClosureReport.objects.count() == 1


def test_a_signed_report_never_changes(ceased):
    report = ClosureReport.objects.get()
    report.signer_name = "Someone else"
    with pytest.raises(ValidationError):
        report.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        ClosureReport.objects.filter(pk=report.pk).update(signer_name="Someone else")
    with pytest.raises(DatabaseError), transaction.atomic():
        Document.objects.filter(pk=report.document_id).update(title="Changed")
    assert ClosureReport.objects.get().signer_name == "Chandra Chair"


def test_a_new_version_is_a_new_document_and_the_first_stays(ceased, chair):
    first = ClosureReport.objects.get()
    with pytest.raises(ValidationError) as refused:
        services.closure_report_new_version(proposal=ceased, officer=chair, password=PASSWORD, reason="")
    assert refused.value.message_dict == {"reason": ["Enter why a new version is needed"]}
    second = services.closure_report_new_version(
        proposal=ceased, officer=chair, password=PASSWORD, reason="The meeting date was wrong."
    )
    assert (second.number, second.new_version_reason) == (2, "The meeting date was wrong.")
    assert second.document_id != first.document_id
    assert ClosureReport.objects.get(number=1).sha256 == first.sha256


@pytest.mark.django_db(transaction=True)
def test_two_signatures_at_once_sign_once(close_decided, chair):
    def sign():
        try:
            return services.closure_report_sign(proposal=close_decided, officer=chair, password=PASSWORD).pk
        except ValidationError as refused:
            return refused.messages[0]

    results = run_at_once(sign)
    assert sorted(map(type, results), key=str) == [int, str]
    assert "the case has been ceased" in next(r for r in results if isinstance(r, str))
    assert ClosureReport.objects.count() == 1


# --- Letters -----------------------------------------------------------------------------------------------------


def test_the_cessation_letter_and_the_joint_visit(ceased, lead_officer, complainant, ceasable_case):
    letter = services.cessation_letter_generate(proposal=ceased, officer=lead_officer, complainant=complainant)
    assert (letter.kind, letter.complainant, letter.document.title) == (
        LetterKind.CESSATION,
        complainant,
        "Cessation letter to Margaret Ellison",
    )
    with pytest.raises(ValidationError) as refused:
        services.letter_visit_record(
            letter=letter,
            officer=lead_officer,
            expected_version=1,
            visit_status=VisitStatus.PLANNED,
            visit_on=None,
            visit_agencies="",
            visit_reason="",
        )
    assert refused.value.message_dict == {
        "visit_on": ["Enter the date the visit is planned for"],
        "visit_reason": ["Enter why"],
    }
    planned = services.letter_visit_record(
        letter=letter,
        officer=lead_officer,
        expected_version=1,
        visit_status=VisitStatus.PLANNED,
        visit_on=clock.today() + datetime.timedelta(days=3),
        visit_agencies="Council and police",
        visit_reason="Mrs Ellison asked for the decision to be explained in person.",
    )
    assert planned.version == 2
    with pytest.raises(services.ConcurrentChangeError):
        services.letter_visit_record(
            letter=letter,
            officer=lead_officer,
            expected_version=1,
            visit_status=VisitStatus.NOT_APPROPRIATE,
            visit_on=None,
            visit_agencies="",
            visit_reason="Changed mind.",
        )
    assert ComplainantLetter.objects.get().visit_status == VisitStatus.PLANNED
    assert (
        ChronologyEntry.objects.filter(case=ceasable_case)
        .latest("pk")
        .text.startswith("Joint-agency visit to hand-deliver the cessation letter to Margaret Ellison: planned on")
    )


def test_no_letter_before_the_case_is_ceased(close_decided, lead_officer, complainant):
    with pytest.raises(ValidationError):
        services.cessation_letter_generate(proposal=close_decided, officer=lead_officer, complainant=complainant)


def test_the_letter_goes_only_to_a_complainant_of_the_case(ceased, lead_officer, perpetrator):
    with pytest.raises(ValidationError) as refused:
        services.cessation_letter_generate(proposal=ceased, officer=lead_officer, complainant=perpetrator)
    assert refused.value.message_dict == {"complainant": ["Choose a complainant on this case"]}


# --- Further reports ---------------------------------------------------------------------------------------------


def record_further(case, officer, complainant, assessment):
    return services.further_report_record(
        case=case,
        officer=officer,
        complainant=complainant,
        received_on=clock.today(),
        description="Music again last Saturday night.",
        assessment=assessment,
        assessment_reason="Same neighbour, same behaviour." if assessment == Assessment.SAME else "A new address.",
    )


def test_a_further_report_on_a_case_that_is_not_ceased_is_refused(ceasable_case, lead_officer, complainant):
    with pytest.raises(ValidationError):
        record_further(ceasable_case, lead_officer, complainant, Assessment.SAME)


def test_an_unrelated_further_report_opens_a_new_linked_case(ceased, ceasable_case, lead_officer, complainant):
    report = record_further(ceasable_case, lead_officer, complainant, Assessment.UNRELATED)
    assert report.status == FurtherReportStatus.NEW_CASE
    new_case = report.new_case
    assert (new_case.status, new_case.jag, new_case.lead_agency) == (
        CaseStatus.OPEN,
        ceasable_case.jag,
        ceasable_case.lead_agency,
    )
    assert CasePerson.objects.filter(case=new_case, person=complainant, role=PersonRole.COMPLAINANT).exists()
    assert ceasable_case.reference in ChronologyEntry.objects.filter(case=new_case).latest("pk").text
    assert new_case.reference in ChronologyEntry.objects.filter(case=ceasable_case).latest("pk").text


def test_same_circumstances_go_to_the_reviewers_who_close_with_no_further_action(
    ceased, ceasable_case, lead_officer, complainant, lpu_commander, community_safety_manager, partner_agency
):
    report = record_further(ceasable_case, lead_officer, complainant, Assessment.SAME)
    assert report.status == FurtherReportStatus.AWAITING_REVIEW
    notified = set(
        Notification.objects.filter(event_key=f"cessation:further:{report.pk}").values_list("recipient", flat=True)
    )
    assert notified == {lpu_commander.pk, community_safety_manager.pk}
    reviewed = services.further_report_review(
        report=report,
        officer=lpu_commander,
        outcome=ReviewOutcome.NO_FURTHER_ACTION,
        notes="Nothing new: the same dispute the JAG closed.",
        letter_kind=LetterKind.FURTHER_REFUSED,
    )
    assert (reviewed.status, reviewed.reviewer_role) == (FurtherReportStatus.CLOSED_NFA, "LPU commander")
    # The letter chosen is written in its own steps (addressed, previewed, confirmed): not filed by the review.
    assert reviewed.letter_kind == LetterKind.FURTHER_REFUSED
    assert not ComplainantLetter.objects.exists()
    assert services.further_letter_due(reviewed)
    details = default_details(complainant, ceasable_case)
    letter = services.further_letter_generate(report=reviewed, officer=lpu_commander, details=details)
    assert (letter.kind, letter.document.description) == (
        LetterKind.FURTHER_REFUSED,
        "Further report: help previously offered and refused. Sent by post to 14 Narborough Road, Leicester, LE3 0BQ.",
    )
    assert (letter.document.recipient.address_line_1, letter.document.recipient.delivery) == (
        "14 Narborough Road",
        "post",
    )
    assert not services.further_letter_due(reviewed)
    with pytest.raises(ValidationError, match="already been filed"):
        services.further_letter_generate(report=reviewed, officer=lpu_commander, details=details)
    with pytest.raises(PermissionDenied):
        services.further_letter_generate(report=reviewed, officer=lead_officer, details=details)
    assert ComplainantLetter.objects.count() == 1
    with pytest.raises(ValidationError):
        services.further_report_review(
            report=report,
            officer=community_safety_manager,
            outcome=ReviewOutcome.NO_FURTHER_ACTION,
            notes="Again",
            letter_kind=LetterKind.FURTHER_UNRESOLVED,
        )


def test_further_reports_are_reviewed_only_by_the_jags_lpu_commander_or_community_safety_manager(
    ceased, ceasable_case, lead_officer, complainant, partner_officer
):
    report = record_further(ceasable_case, lead_officer, complainant, Assessment.SAME)
    elsewhere = OfficerFactory(agency=AgencyFactory(), roles=["lpu_commander"])
    for officer in (partner_officer, elsewhere, lead_officer):
        with pytest.raises(PermissionDenied):
            services.further_report_review(
                report=report,
                officer=officer,
                outcome=ReviewOutcome.NO_FURTHER_ACTION,
                notes="NFA",
                letter_kind=LetterKind.FURTHER_UNRESOLVED,
            )
    assert FurtherReport.objects.get().status == FurtherReportStatus.AWAITING_REVIEW


def test_a_review_that_finds_action_needed_opens_a_new_case(
    ceased, ceasable_case, lead_officer, complainant, community_safety_manager
):
    report = record_further(ceasable_case, lead_officer, complainant, Assessment.SAME)
    reviewed = services.further_report_review(
        report=report, officer=community_safety_manager, outcome=ReviewOutcome.NEW_CASE, notes="New threats made."
    )
    assert reviewed.status == FurtherReportStatus.NEW_CASE
    assert reviewed.new_case.status == CaseStatus.OPEN
    assert not ComplainantLetter.objects.exists()


def test_withdrawing_before_a_decision(proposal, lead_officer, chair):
    with pytest.raises(PermissionDenied):
        services.cessation_withdraw(proposal=proposal, officer=chair, reason="No")
    services.cessation_withdraw(proposal=proposal, officer=lead_officer, reason="New evidence came in.")
    assert status_of(proposal) == ProposalStatus.WITHDRAWN


def test_withdrawing_after_the_close_decision_is_refused(close_decided, lead_officer):
    with pytest.raises(ValidationError):
        services.cessation_withdraw(proposal=close_decided, officer=lead_officer, reason="Too late")


def test_an_unrelated_further_report_is_not_shown_to_the_reviewers(ceased, ceasable_case, lead_officer, complainant):
    # A community safety manager of a member agency of the JAG that is not part of the case itself.
    council = AgencyFactory(name="Blaby District Council", short_name="Blaby")
    ceasable_case.jag.member_agencies.add(council)
    manager = OfficerFactory(agency=council, roles=["officer", "la_community_safety_manager"])
    unrelated = record_further(ceasable_case, lead_officer, complainant, Assessment.UNRELATED)
    same = record_further(ceasable_case, lead_officer, complainant, Assessment.SAME)
    assert get_further_report_for(manager, same.pk) == same
    with pytest.raises(Http404):
        get_further_report_for(manager, unrelated.pk)
    assert get_further_report_for(lead_officer, unrelated.pk) == unrelated
