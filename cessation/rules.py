"""The cessation workflow's rules: which step is allowed from which state, and the preconditions of a proposal.

The services call these before every write (under a row lock) and the pages use the same functions to decide what
to offer, so a button is never shown for a step the service would refuse.
"""

from collections.abc import Iterable
from enum import StrEnum

from django.core.exceptions import ValidationError

from cases.models import Case, CaseStatus, PlanVersion

from .models import ACTIVE_STATUSES, CessationProposal, Position, ProposalStatus


class Step(StrEnum):
    RECORD_POSITIONS = "record positions"
    DECIDE = "record the JAG's decision"
    REQUEST_PEER_REVIEW = "request a peer review"
    ANSWER_PEER_REVIEW = "answer the peer review"
    SIGN = "sign the closure report"
    NEW_REPORT_VERSION = "sign a new version of the closure report"
    WRITE_LETTER = "write to the complainant"
    WITHDRAW = "withdraw the proposal"


ALLOWED_STEPS: dict[str, frozenset[Step]] = {
    ProposalStatus.AWAITING_DECISION: frozenset(
        {Step.RECORD_POSITIONS, Step.DECIDE, Step.REQUEST_PEER_REVIEW, Step.WITHDRAW}
    ),
    ProposalStatus.PEER_REVIEW: frozenset({Step.ANSWER_PEER_REVIEW, Step.WITHDRAW}),
    ProposalStatus.REVIEWED: frozenset({Step.DECIDE, Step.WITHDRAW}),
    ProposalStatus.CLOSE_DECIDED: frozenset({Step.SIGN}),
    ProposalStatus.CEASED: frozenset({Step.NEW_REPORT_VERSION, Step.WRITE_LETTER}),
    ProposalStatus.CONTINUED: frozenset(),
    ProposalStatus.WITHDRAWN: frozenset(),
}

# Why a step is refused, by the state the proposal is in.
_REFUSAL: dict[str, str] = {
    ProposalStatus.AWAITING_DECISION: "the JAG has not yet decided to close the case",
    ProposalStatus.PEER_REVIEW: "a peer review is awaited",
    ProposalStatus.REVIEWED: "the JAG has not yet decided after the peer review",
    ProposalStatus.CLOSE_DECIDED: "the JAG has decided to close the case and the report awaits the chair's signature",
    ProposalStatus.CEASED: "the case has been ceased",
    ProposalStatus.CONTINUED: "the JAG decided to resolve the case through existing processes",
    ProposalStatus.WITHDRAWN: "the proposal was withdrawn",
}


def allows(proposal: CessationProposal, step: Step) -> bool:
    return step in ALLOWED_STEPS[proposal.status]


def require(proposal: CessationProposal, step: Step) -> None:
    """Refuse a step the proposal's state does not allow, saying why."""
    if not allows(proposal, step):
        raise ValidationError(f"You cannot {step} now: {_REFUSAL[proposal.status]}.")


def proposal_missing(case: Case) -> list[str]:
    """The preconditions of a cessation proposal that the case does not meet, in words (none: it may be proposed)."""
    missing = []
    if case.status != CaseStatus.OPEN:
        missing.append(f"The case is {case.get_status_display().lower()}")
    if case.long_standing_since is None:
        missing.append(
            "The case is not long standing (four months under JAG management in the last twelve): cessation is for "
            "long-standing cases"
        )
    if not PlanVersion.objects.filter(case=case).exists():
        missing.append("There is no problem-solving plan (Appendix A): record one on the case first")
    if CessationProposal.objects.filter(case=case, status__in=ACTIVE_STATUSES).exists():
        missing.append("A cessation proposal is already in progress on this case")
    return missing


def unanimous_for_closure(present_agency_ids: Iterable[int], positions: dict[int, str]) -> bool:
    """Every agency present at the meeting supports closure (and at least one was present)."""
    present = set(present_agency_ids)
    return bool(present) and all(positions.get(agency_id) == Position.CLOSE for agency_id in present)


def positions_missing(present_agency_ids: Iterable[int], positions: dict[int, str]) -> set[int]:
    return set(present_agency_ids) - set(positions)


def positions_split(positions: dict[int, str]) -> bool:
    """The agencies disagree: at least one for closure and one against."""
    return len(set(positions.values())) > 1
