"""The JAG at a meeting: the positions of the agencies present, and the chair's decision to continue or to close
(after a peer review, at a meeting held since its answer or in writing)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from agencies.models import Agency, AuditAction, Officer
from cases.meetings.permissions import may_run_jag
from cases.meetings.services import meeting_date
from cases.models import AgendaItem, EntryKind
from cases.record import audit_case, write_entry
from core import clock
from core.dates import long_date
from jag.models import Meeting, MeetingAttendance, MeetingStatus

from ..models import AgencyPosition, CessationProposal, JagDecision, Outcome, PeerReview, Position, ProposalStatus
from ..permissions import may_chair
from ..rules import Step, positions_missing, require, unanimous_for_closure
from .common import ConcurrentChangeError, lock_proposal, notify, set_status


@dataclass(frozen=True)
class PositionInput:
    agency: Agency
    position: str
    comment: str = ""


def check_meeting(proposal: CessationProposal, meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_related("jag").get(pk=meeting.pk)
    if meeting.jag_id != proposal.case.jag_id or meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(f"Choose a meeting of {proposal.case.jag}")
    if not AgendaItem.objects.filter(meeting=meeting, case_id=proposal.case_id).exists():
        raise ValidationError(f"Put {proposal.case.reference} on the agenda of this meeting first")
    return meeting


def present_agency_ids(meeting: Meeting) -> list[int]:
    return list(MeetingAttendance.objects.filter(meeting=meeting, present=True).values_list("agency_id", flat=True))


def meeting_positions(proposal: CessationProposal, meeting: Meeting) -> dict[int, str]:
    return dict(AgencyPosition.objects.filter(proposal=proposal, meeting=meeting).values_list("agency_id", "position"))


@transaction.atomic
def positions_record(
    *,
    proposal: CessationProposal,
    meeting: Meeting,
    officer: Officer,
    rows: list[PositionInput],
    expected_version: int | None = None,
) -> list[AgencyPosition]:
    """Record where each agency present at the meeting stands (a later record for an agency replaces its earlier
    one at the same meeting, until the JAG decides). With `expected_version` (the proposal's version when the form
    was opened), positions recorded or a step taken since refuse the save with ConcurrentChangeError."""
    proposal = lock_proposal(proposal)
    if not may_run_jag(officer, proposal.case.jag):
        raise PermissionDenied("Only the JAG's chair or its members record the agencies' positions")
    if expected_version is not None and proposal.version != expected_version:
        raise ConcurrentChangeError(proposal)
    require(proposal, Step.RECORD_POSITIONS)
    meeting = check_meeting(proposal, meeting)
    present = set(present_agency_ids(meeting))
    if not present:
        raise ValidationError("Record who attended the meeting first: positions are those of the agencies present")
    errors = {}
    for row in rows:
        if row.agency.pk not in present:
            errors[f"position_{row.agency.pk}"] = f"{row.agency} was not present at this meeting"
        elif row.position not in Position.values:
            errors[f"position_{row.agency.pk}"] = f"Choose the position of {row.agency}"
    if not rows:
        raise ValidationError("Record the position of at least one agency present")
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    saved = []
    on = f"{meeting.jag} meeting of {long_date(meeting_date(meeting))}"
    for row in rows:
        position, _ = AgencyPosition.objects.update_or_create(
            proposal=proposal,
            meeting=meeting,
            agency=row.agency,
            defaults={
                "position": row.position,
                "comment": row.comment.strip(),
                "recorded_by": officer,
                "recorded_at": now,
            },
        )
        position.full_clean()
        saved.append(position)
        comment = f" ({position.comment})" if position.comment else ""
        write_entry(
            case=proposal.case,
            officer=officer,
            kind=EntryKind.DECISION,
            text=f"Cessation proposal {proposal.number}, {on}: {row.agency} "
            f"{Position(row.position).label[0].lower() + Position(row.position).label[1:]}{comment}.",
        )
    proposal.version += 1
    proposal.save(update_fields=["version"])
    audit_case(
        officer, AuditAction.CHANGE, f"Recorded {len(saved)} agency positions on cessation", proposal.case, proposal
    )
    return saved


def decision_basis(proposal: CessationProposal, meeting: Meeting) -> tuple[set[int], dict[int, str]]:
    return set(present_agency_ids(meeting)), meeting_positions(proposal, meeting)


def review_answered_after(proposal: CessationProposal, meeting: Meeting) -> PeerReview | None:
    """The answered peer review the JAG decides with, when it was answered after the meeting began (None when the
    meeting may take the decision: no review awaits a decision, or the meeting began once it was answered). A decision
    after a review cannot have been taken at a meeting held before the JAG had the review's answer."""
    if proposal.status != ProposalStatus.REVIEWED:
        return None
    review = proposal.peer_reviews.filter(answered_at__isnull=False).order_by("-answered_at").first()
    if review is not None and review.answered_at is not None and meeting.starts_at < review.answered_at:
        return review
    return None


@transaction.atomic
def cessation_decide(
    *,
    proposal: CessationProposal,
    meeting: Meeting | None,
    officer: Officer,
    outcome: str,
    rationale: str,
    expected_version: int | None = None,
) -> JagDecision:
    """The chair records the JAG's decision: continue through existing processes, or close. Closing needs every
    agency present to support it, unless a peer review has been answered, which the JAG then decides with: at a
    meeting begun since the answer, or (no meeting) as the chair's written decision, dated the day it is recorded.
    With `expected_version` (the proposal's version when the form was opened), a step taken since refuses the save
    with ConcurrentChangeError."""
    proposal = lock_proposal(proposal)
    if not may_chair(officer, proposal):
        raise PermissionDenied("Only the chair of the case's JAG records the JAG's decision")
    if expected_version is not None and proposal.version != expected_version:
        raise ConcurrentChangeError(proposal)
    require(proposal, Step.DECIDE)
    after_review = proposal.status == ProposalStatus.REVIEWED
    if meeting is None:
        if not after_review:
            raise ValidationError(
                "The chair decides in writing only after a peer review has been answered: record the JAG's decision "
                "at the meeting that takes it"
            )
    else:
        meeting = check_meeting(proposal, meeting)
        too_early = review_answered_after(proposal, meeting)
        if too_early is not None:
            raise ValidationError(
                f"The peer review was answered on {long_date(too_early.answered_at)}, after this meeting of "
                f"{long_date(meeting_date(meeting))} began: record the JAG's decision at a meeting held since, or as "
                "your written decision"
            )
    rationale = rationale.strip()
    errors = {}
    if outcome not in (Outcome.CONTINUE, Outcome.CLOSE):
        errors["outcome"] = "Choose the JAG's decision"
    if not rationale:
        errors["rationale"] = "Enter the reasons for the decision"
    if errors:
        raise ValidationError(errors)
    present, positions = decision_basis(proposal, meeting) if meeting is not None else (set(), {})
    unanimous = unanimous_for_closure(present, positions)
    review = proposal.peer_reviews.filter(answered_at__isnull=False).order_by("-answered_at").first()
    if outcome == Outcome.CLOSE and not after_review:
        if not present:
            raise ValidationError("Record who attended the meeting first: closing needs every agency present to agree")
        if positions_missing(present, positions):
            raise ValidationError(
                {"outcome": "Record the position of every agency present before deciding to close the case"}
            )
        if not unanimous:
            raise ValidationError(
                {
                    "outcome": "The agencies present are not unanimous: the case can be closed only by a unanimous "
                    "decision, or after a peer review"
                }
            )
    decision = JagDecision(
        proposal=proposal,
        meeting=meeting,
        outcome=outcome,
        rationale=rationale,
        unanimous=unanimous,
        after_peer_review=review if after_review else None,
        decided_by=officer,
        decided_at=clock.now(),
    )
    decision.full_clean()
    decision.save()
    on = decision.taken()
    if outcome == Outcome.CLOSE:
        set_status(proposal, ProposalStatus.CLOSE_DECIDED)
        basis = "after the peer review" if after_review else "unanimously"
        text = f"JAG decision on cessation proposal {proposal.number} ({on}), {basis}: close the case, nothing "
        text += f"further can reasonably be offered. The closure report awaits the chair's signature. {rationale}"
    else:
        set_status(proposal, ProposalStatus.CONTINUED, ended=True)
        text = f"JAG decision on cessation proposal {proposal.number} ({on}): resolve through existing processes; "
        text += f"the case continues. {rationale}"
    write_entry(case=proposal.case, officer=officer, kind=EntryKind.DECISION, text=text)
    audit_case(officer, AuditAction.CREATE, f"JAG decision on cessation: {outcome}", proposal.case, decision)
    notify(
        [proposal.case.lead_officer, proposal.proposed_by],
        f"The JAG decided on the cessation proposal on {proposal.case.reference}: {Outcome(outcome).label}",
        proposal.get_absolute_url(),
        f"cessation:{proposal.pk}:decision:{decision.pk}",
    )
    return decision
