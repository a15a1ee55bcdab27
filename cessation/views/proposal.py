"""Proposing cessation (with the collated summary), the proposal's page, and withdrawing it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from agencies.models import AuditAction
from agencies.web import audit, once_only, save_form
from cases.models import AgendaItem, AgendaReason, Case, CaseStatus
from cases.permissions import CHANGE
from core.dates import long_date
from core.http import AuthenticatedHttpRequest
from core.refusals import NotAllowed

from .. import rules, services
from ..forms import (
    ProposeForm,
    WithdrawForm,
)
from ..models import ACTIVE_STATUSES, AgencyPosition, CessationProposal, ProposalStatus
from ..permissions import get_proposal_for, may_chair, may_propose
from ..rules import Step
from ..selectors import on_case
from ..summary import collated_summary
from .common import LEAD_ONLY, case_for, explains_refusals, meeting_url, proposal_url, refused_step


def _audit_summary_viewed(request: AuthenticatedHttpRequest, case: Case) -> None:
    audit(
        request,
        AuditAction.VIEW,
        f"Viewed the collated summary of {case.reference}",
        obj=case,
        case_reference=case.reference,
    )


@login_required
def summary(request: AuthenticatedHttpRequest, reference):
    case = case_for(request, reference)
    _audit_summary_viewed(request, case)
    return render(request, "cessation/summary.html", {"case": case, "summary": collated_summary(case)})


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def propose(request: AuthenticatedHttpRequest, reference):
    case = case_for(request, reference, CHANGE)
    if not may_propose(request.user, case):
        raise NotAllowed(LEAD_ONLY)
    missing = rules.proposal_missing(case)
    if request.method == "POST":
        form = ProposeForm(request.POST)

        def write() -> str:
            proposal = services.cessation_propose(
                case=case, officer=request.user, reasoning=form.cleaned_data["reasoning"]
            )
            return proposal_url(proposal)

        saved = save_form(request, form, write, "Cessation proposed: it goes onto the JAG's next agenda")
        if saved:
            return saved
    else:
        form = ProposeForm()
    _audit_summary_viewed(request, case)
    return render(
        request,
        "cessation/propose.html",
        {
            "case": case,
            "met": _preconditions_met(case),
            "missing": missing,
            "summary": collated_summary(case),
            "form": form,
        },
    )


def _preconditions_met(case: Case) -> list[str]:
    """The preconditions the case meets, in words, to show beside those rules.proposal_missing finds missing."""
    met = []
    if case.status == CaseStatus.OPEN:
        met.append("The case is open")
    if case.long_standing_since is not None:
        met.append(f"The case is long standing (since {long_date(case.long_standing_since)})")
    plan = case.plan_versions.order_by("-number").first()
    if plan is not None:
        met.append(f"There is a problem-solving plan (Appendix A): version {plan.number}")
    if not CessationProposal.objects.filter(case=case, status__in=ACTIVE_STATUSES).exists():
        met.append("No other cessation proposal is in progress")
    return met


# --- The proposal ------------------------------------------------------------------------------------------------


def _proposal_meetings(proposal: CessationProposal, positions, decisions) -> list[dict]:
    """The meetings that had the proposal on their agenda, or at which positions or decisions were recorded on it,
    oldest first, each with what was recorded there."""
    case = proposal.case
    items = AgendaItem.objects.filter(
        case=case,
        reasons__contains=AgendaReason.CESSATION_PROPOSAL,
        meeting__starts_at__date__gte=timezone.localdate(proposal.proposed_at),
    ).select_related("meeting__jag")
    if proposal.ended_at is not None:
        items = items.filter(meeting__starts_at__date__lte=timezone.localdate(proposal.ended_at))
    meetings = {item.meeting_id: item.meeting for item in items}
    for record in [*positions, *decisions]:
        if record.meeting is not None:  # a chair's written decision is on no meeting
            meetings.setdefault(record.meeting_id, record.meeting)
    rows = []
    for meeting in sorted(meetings.values(), key=lambda m: (m.starts_at, m.pk)):
        rows.append(
            {
                "meeting": meeting,
                "url": meeting_url(proposal, meeting),
                "positions": [p for p in positions if p.meeting_id == meeting.pk],
                "decisions": [d for d in decisions if d.meeting_id == meeting.pk],
            }
        )
    return rows


@login_required
def proposal_detail(request: AuthenticatedHttpRequest, reference, number):
    proposal = get_proposal_for(request.user, reference, number)
    case = proposal.case
    user = request.user
    audit(request, AuditAction.VIEW, f"Viewed {proposal}", obj=proposal, case_reference=case.reference)
    positions = list(
        AgencyPosition.objects.filter(proposal=proposal).select_related("agency", "meeting__jag", "recorded_by")
    )
    decisions = list(
        proposal.decisions.select_related("meeting__jag", "decided_by", "after_peer_review").order_by("decided_at")
    )
    lead = may_propose(user, case)
    chair = may_chair(user, proposal)
    return render(
        request,
        "cessation/proposal.html",
        {
            "case": case,
            "proposal": proposal,
            "document": on_case([proposal], case)[0].document if proposal.document_id else None,
            "meetings": _proposal_meetings(proposal, positions, decisions),
            "decisions": decisions,
            "reviews": list(
                proposal.peer_reviews.select_related("reviewer__agency", "reviewer_jag", "requested_by").order_by(
                    "requested_at"
                )
            ),
            "closure_reports": on_case(proposal.closure_reports.select_related("document", "signed_by"), case),
            "letters": on_case(proposal.letters.select_related("complainant", "document", "visit_recorded_by"), case),
            "is_chair": chair,
            "is_lead": lead,
            "may_withdraw": lead and rules.allows(proposal, Step.WITHDRAW),
            "may_decide_in_writing": chair and proposal.status == ProposalStatus.REVIEWED,
            "may_sign": chair and rules.allows(proposal, Step.SIGN),
            "may_new_version": chair and rules.allows(proposal, Step.NEW_REPORT_VERSION),
            "may_write_letter": lead and rules.allows(proposal, Step.WRITE_LETTER),
            "draft_available": rules.allows(proposal, Step.SIGN),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def withdraw(request: AuthenticatedHttpRequest, reference, number):
    proposal = get_proposal_for(request.user, reference, number, CHANGE)
    if not may_propose(request.user, proposal.case):
        raise NotAllowed(LEAD_ONLY)
    if not rules.allows(proposal, Step.WITHDRAW):
        return refused_step(request, proposal, Step.WITHDRAW)
    if request.method == "POST":
        form = WithdrawForm(request.POST)

        def write() -> str:
            services.cessation_withdraw(proposal=proposal, officer=request.user, reason=form.cleaned_data["reason"])
            return proposal_url(proposal)

        saved = save_form(request, form, write, "Cessation proposal withdrawn")
        if saved:
            return saved
    else:
        form = WithdrawForm()
    return render(request, "cessation/withdraw.html", {"case": proposal.case, "proposal": proposal, "form": form})
