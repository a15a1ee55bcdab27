"""The JAG at a meeting: the positions of the agencies present and the chair's decision on the proposal; after a
peer review, the chair's decision at a meeting held since its answer, or in writing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from agencies.models import AuditAction
from agencies.web import audit, once_only, save_form, save_versioned_form
from cases.meetings.permissions import may_run_jag
from cases.models import AgendaItem
from core import clock
from core.http import AuthenticatedHttpRequest
from core.refusals import NotAllowed
from jag.models import Meeting, MeetingAttendance, MeetingStatus

from .. import rules, services
from ..forms import (
    DecisionForm,
    PositionsForm,
    WrittenDecisionForm,
)
from ..models import AgencyPosition, CessationProposal, PeerReview, ProposalStatus
from ..permissions import get_proposal_for, may_chair
from ..rules import Step
from .common import (
    CHAIR_ONLY,
    RUNNERS_ONLY,
    explains_refusals,
    meeting_of,
    meeting_url,
    proposal_url,
)

# The decision form shares the meeting page with the positions form: its own ids keep every id on the page unique.
DECISION_IDS = "decision_%s"
POSITIONS_CONFLICT = (
    "Someone else recorded positions on this proposal while you were editing them. Your changes have not been saved: "
    "check the positions recorded now, then record yours again if they are still right."
)
WRITTEN_CONFLICT = (
    "Someone else took a step on this proposal while you were filling in your decision. Nothing has been saved: "
    "check the proposal as it is now before you decide."
)
NOT_IN_WRITING = (
    "The chair decides in writing only after a peer review has been answered and before the JAG has decided with it."
)


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def meeting(request: AuthenticatedHttpRequest, reference, number, meeting_pk):
    """The positions of the agencies present and the chair's decision on the proposal at one meeting."""
    proposal = get_proposal_for(request.user, reference, number)
    case = proposal.case
    held = meeting_of(proposal, meeting_pk)
    user = request.user
    attendance = list(MeetingAttendance.objects.filter(meeting=held).select_related("agency"))
    present = [row.agency for row in attendance if row.present]
    present_ids = [agency.pk for agency in present]
    recorded = {
        p.agency_id: p
        for p in AgencyPosition.objects.filter(proposal=proposal, meeting=held).select_related("recorded_by")
    }
    positions = {agency_id: p.position for agency_id, p in recorded.items()}
    on_agenda = AgendaItem.objects.filter(meeting=held, case=case).exists()
    runner, chair = may_run_jag(user, proposal.case.jag), may_chair(user, proposal)
    may_record = runner and on_agenda and bool(present) and rules.allows(proposal, Step.RECORD_POSITIONS)
    # A decision with the review's answer is not recorded at a meeting that began before the JAG had it.
    answered_after = services.review_answered_after(proposal, held)
    may_decide = chair and on_agenda and rules.allows(proposal, Step.DECIDE) and answered_after is None
    missing = rules.positions_missing(present_ids, positions)
    split = rules.positions_split(positions)
    may_request_review = (
        chair
        and on_agenda
        and bool(present)
        and not missing
        and split
        and rules.allows(proposal, Step.REQUEST_PEER_REVIEW)
    )
    recorded_values = {agency_id: (p.position, p.comment) for agency_id, p in recorded.items()}
    positions_form = (
        PositionsForm(agencies=present, recorded=recorded_values, initial={"version": proposal.version})
        if may_record
        else None
    )
    conflict = None
    decision_form = DecisionForm(auto_id=DECISION_IDS) if may_decide else None

    if request.method == "POST":
        step = request.POST.get("step")
        if step == "decision":
            if not chair:
                raise NotAllowed(CHAIR_ONLY)
            decision_form = DecisionForm(request.POST, auto_id=DECISION_IDS)

            def decide() -> str:
                data = decision_form.cleaned_data
                services.cessation_decide(
                    proposal=proposal,
                    meeting=held,
                    officer=user,
                    outcome=data["outcome"],
                    rationale=data["rationale"],
                )
                return proposal_url(proposal, "decisions")

            saved = save_form(request, decision_form, decide, "The JAG's decision is recorded")
            if saved:
                return saved
        else:
            if not runner:
                raise NotAllowed(RUNNERS_ONLY)
            positions_form = PositionsForm(request.POST, agencies=present, recorded=recorded_values)

            def record() -> str:
                services.positions_record(
                    proposal=proposal,
                    meeting=held,
                    officer=user,
                    rows=[
                        services.PositionInput(agency, position, comment)
                        for agency, position, comment in positions_form.rows()
                    ],
                    expected_version=positions_form.cleaned_data["version"] or 0,
                )
                return meeting_url(proposal, held, "positions")

            saved, conflict = save_versioned_form(
                request, positions_form, record, "Positions recorded", conflict=POSITIONS_CONFLICT
            )
            if saved:
                return saved

    audit(request, AuditAction.VIEW, f"Viewed {proposal} at {held}", obj=proposal, case_reference=case.reference)
    return render(
        request,
        "cessation/meeting.html",
        {
            "case": case,
            "proposal": proposal,
            "meeting": held,
            "attendance_recorded": bool(attendance),
            "present": [(agency, recorded.get(agency.pk)) for agency in present],
            "absent": [row.agency for row in attendance if not row.present],
            "on_agenda": on_agenda,
            "unanimous": rules.unanimous_for_closure(present_ids, positions),
            "missing": bool(missing),
            "split": split,
            "decisions": list(proposal.decisions.filter(meeting=held).select_related("decided_by")),
            "answered_after": answered_after,
            "meetings_since": _meetings_since(proposal, answered_after) if answered_after and chair else [],
            "review": proposal.peer_reviews.filter(answered_at__isnull=False)
            .select_related("reviewer", "reviewer_jag")
            .first(),
            "is_runner": runner,
            "is_chair": chair,
            "may_record": may_record,
            "may_decide": may_decide,
            "may_request_review": may_request_review,
            "positions_form": positions_form,
            "decision_form": decision_form,
            "conflict": conflict,
        },
    )


def _answered_review(proposal: CessationProposal) -> PeerReview | None:
    return (
        proposal.peer_reviews.filter(answered_at__isnull=False)
        .select_related("reviewer__agency", "reviewer_jag")
        .order_by("-answered_at")
        .first()
    )


def _meetings_since(proposal: CessationProposal, review: PeerReview) -> list[dict]:
    """The JAG's meetings begun since the review was answered (or still to come) with the case on their agenda: where
    the JAG may take its decision with the review, each with its page."""
    meetings = (
        Meeting.objects.filter(
            jag_id=proposal.case.jag_id,
            starts_at__gte=review.answered_at,
            agenda_items__case_id=proposal.case_id,
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("jag")
        .order_by("starts_at", "pk")
        .distinct()
    )
    return [{"meeting": meeting, "url": meeting_url(proposal, meeting, "decision")} for meeting in meetings]


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def written_decision(request: AuthenticatedHttpRequest, reference, number):
    """The chair's written decision after a peer review, outside a meeting: dated the day it is recorded."""
    proposal = get_proposal_for(request.user, reference, number)
    case = proposal.case
    if not may_chair(request.user, proposal):
        raise NotAllowed(CHAIR_ONLY)
    review = _answered_review(proposal)
    if proposal.status != ProposalStatus.REVIEWED or review is None:
        messages.error(request, NOT_IN_WRITING)
        return redirect(proposal_url(proposal))
    conflict = None
    if request.method == "POST":
        form = WrittenDecisionForm(request.POST)

        def decide() -> str:
            data = form.cleaned_data
            services.cessation_decide(
                proposal=proposal,
                meeting=None,
                officer=request.user,
                outcome=data["outcome"],
                rationale=data["rationale"],
                expected_version=data["version"] or 0,
            )
            return proposal_url(proposal, "decisions")

        saved, conflict = save_versioned_form(
            request, form, decide, "Your written decision is recorded", conflict=WRITTEN_CONFLICT
        )
        if saved:
            return saved
    else:
        form = WrittenDecisionForm(initial={"version": proposal.version})
    return render(
        request,
        "cessation/written_decision.html",
        {
            "case": case,
            "proposal": conflict or proposal,
            "review": review,
            "meetings_since": _meetings_since(proposal, review),
            "today": clock.today(),
            "form": form,
        },
    )
