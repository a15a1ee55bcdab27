"""Peer review: the chair asks another locality's JAG or the County Community Safety Team when the agencies present
are not unanimous; the reviewer answers while their access lasts."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from agencies.models import AuditAction, Officer
from cases.meetings.services import meeting_date
from cases.models import EntryKind
from cases.record import audit_case, write_entry
from core import clock
from core.dates import long_date, start_of_day
from jag.models import Jag, Meeting

from ..models import CessationProposal, JagDecision, Outcome, PeerReview, ProposalStatus, Recommendation, ReviewerKind
from ..permissions import county_reviewers, eligible_reviewers, may_chair, own_jag_officer_ids
from ..rules import Step, positions_missing, positions_split, require
from .common import lock_proposal, notify, set_status
from .decision import check_meeting, decision_basis

MAX_REVIEW_ACCESS_DAYS = 90


@transaction.atomic
def peer_review_request(
    *,
    proposal: CessationProposal,
    meeting: Meeting,
    officer: Officer,
    rationale: str,
    reviewer_kind: str,
    reviewer: Officer | None,
    reviewer_jag: Jag | None,
    access_until: datetime.date | None,
    questions: str = "",
) -> PeerReview:
    """No unanimity: the chair asks another locality's JAG or the County Community Safety Team for a peer review.
    The reviewer may read the case through the review until the end of `access_until`."""
    proposal = lock_proposal(proposal)
    if not may_chair(officer, proposal):
        raise PermissionDenied("Only the chair of the case's JAG requests a peer review")
    require(proposal, Step.REQUEST_PEER_REVIEW)
    meeting = check_meeting(proposal, meeting)
    present, positions = decision_basis(proposal, meeting)
    if not present:
        raise ValidationError("Record who attended the meeting first")
    if positions_missing(present, positions):
        raise ValidationError("Record the position of every agency present before asking for a peer review")
    if not positions_split(positions):
        raise ValidationError(
            "The agencies present are unanimous: record the JAG's decision; a peer review is for when they are not"
        )
    case = proposal.case
    errors = {}
    rationale = rationale.strip()
    if not rationale:
        errors["rationale"] = "Enter why the JAG asks for a peer review"
    today = clock.today()
    if access_until is None:
        errors["access_until"] = "Enter the date the reviewer's access to the case ends"
    elif access_until <= today:
        errors["access_until"] = "The reviewer's access must end after today"
    elif access_until > today + datetime.timedelta(days=MAX_REVIEW_ACCESS_DAYS):
        errors["access_until"] = f"The reviewer's access can last at most {MAX_REVIEW_ACCESS_DAYS} days"
    own = own_jag_officer_ids(case)
    if reviewer_kind == ReviewerKind.JAG:
        if reviewer_jag is None:
            errors["reviewer_jag"] = "Choose the JAG asked to review"
        elif reviewer_jag.pk == case.jag_id:
            errors["reviewer_jag"] = (
                "Choose another locality's JAG: the peer review cannot come from the case's own JAG"
            )
        elif not reviewer_jag.is_active:
            errors["reviewer_jag"] = f"{reviewer_jag} is not active"
    elif reviewer_kind == ReviewerKind.COUNTY:
        reviewer_jag = None
    else:
        errors["reviewer_kind"] = "Choose who is asked to review"
    if reviewer is None:
        errors["reviewer"] = "Choose the reviewer"
    elif reviewer.pk in own:
        errors["reviewer"] = f"{reviewer.display_name} is the chair or a member of {case.jag}: the peer reviewer must "
        errors["reviewer"] += "not be from the case's own JAG"
    elif "reviewer_kind" not in errors and "reviewer_jag" not in errors:
        if (
            reviewer_kind == ReviewerKind.JAG
            and not eligible_reviewers(case, reviewer_jag).filter(pk=reviewer.pk).exists()
        ):
            errors["reviewer"] = f"{reviewer.display_name} is not the chair or a member of {reviewer_jag}"
        if reviewer_kind == ReviewerKind.COUNTY and not county_reviewers(case).filter(pk=reviewer.pk).exists():
            errors["reviewer"] = f"{reviewer.display_name} is not in the County Community Safety Team"
    if errors:
        raise ValidationError(errors)
    assert access_until is not None and reviewer is not None  # else refused above

    decision = JagDecision(
        proposal=proposal,
        meeting=meeting,
        outcome=Outcome.PEER_REVIEW,
        rationale=rationale,
        unanimous=False,
        decided_by=officer,
    )
    decision.full_clean()
    decision.save()
    review = PeerReview(
        proposal=proposal,
        requested_by=officer,
        reviewer_kind=reviewer_kind,
        reviewer_jag=reviewer_jag,
        reviewer=reviewer,
        questions=questions.strip(),
        access_until=start_of_day(access_until + datetime.timedelta(days=1)),
    )
    review.full_clean()
    review.save()
    set_status(proposal, ProposalStatus.PEER_REVIEW)
    by = reviewer_jag.name if reviewer_jag else ReviewerKind.COUNTY.label
    on = f"{meeting.jag} meeting of {long_date(meeting_date(meeting))}"
    write_entry(
        case=case,
        officer=officer,
        kind=EntryKind.DECISION,
        text=f"JAG decision on cessation proposal {proposal.number} ({on}): the agencies present are not unanimous; "
        f"peer review requested from {by} ({reviewer.display_name}), with read access to this case until "
        f"{long_date(access_until)}. {rationale}",
    )
    audit_case(officer, AuditAction.CREATE, f"Requested a peer review from {reviewer.display_name}", case, review)
    notify(
        [reviewer],
        f"Peer review requested: cessation proposal on {case.reference} ({case.jag}), access until "
        f"{long_date(access_until)}",
        review.get_absolute_url(),
        f"cessation:review:{review.pk}",
    )
    return review


@transaction.atomic
def peer_review_answer(
    *,
    review: PeerReview,
    officer: Officer,
    reasonable: bool | None,
    proportionate: bool | None,
    appropriate: bool | None,
    findings: str,
    recommendation: str,
) -> PeerReview:
    review = PeerReview.objects.select_for_update(of=("self",)).select_related("reviewer_jag").get(pk=review.pk)
    proposal = lock_proposal(review.proposal)
    if review.reviewer_id != officer.pk:
        raise PermissionDenied("Only the named reviewer answers the peer review")
    if not review.access_open():
        raise PermissionDenied("The reviewer's access to this case has ended")
    if review.answered_at is not None:
        raise ValidationError("This peer review has already been answered")
    require(proposal, Step.ANSWER_PEER_REVIEW)
    errors = {}
    for name, value, question in (
        ("reasonable", reasonable, "reasonable"),
        ("proportionate", proportionate, "proportionate"),
        ("appropriate", appropriate, "appropriate"),
    ):
        if value is None:
            errors[name] = f"Say whether the interventions were {question}"
    findings = findings.strip()
    if not findings:
        errors["findings"] = "Enter your findings"
    if recommendation not in Recommendation.values:
        errors["recommendation"] = "Choose your recommendation"
    if errors:
        raise ValidationError(errors)
    review.reasonable, review.proportionate, review.appropriate = reasonable, proportionate, appropriate
    review.findings, review.recommendation, review.answered_at = findings, recommendation, clock.now()
    review.full_clean()
    review.save()
    set_status(proposal, ProposalStatus.REVIEWED)

    def yes_no(value: bool | None) -> str:
        return "yes" if value else "no"

    by = review.reviewer_jag.name if review.reviewer_jag else ReviewerKind.COUNTY.label
    write_entry(
        case=proposal.case,
        officer=officer,
        kind=EntryKind.DECISION,
        text=f"Peer review of cessation proposal {proposal.number} answered by {officer.display_name} ({by}). "
        f"Reasonable: {yes_no(reasonable)}; proportionate: {yes_no(proportionate)}; appropriate: "
        f"{yes_no(appropriate)}. Recommendation: {Recommendation(recommendation).label}. Findings: {findings}",
    )
    audit_case(officer, AuditAction.CHANGE, "Answered the peer review", proposal.case, review)
    notify(
        [proposal.case.jag.chair, proposal.case.lead_officer],
        f"The peer review of the cessation proposal on {proposal.case.reference} has been answered",
        proposal.get_absolute_url(),
        f"cessation:review:{review.pk}:answered",
    )
    return review
