"""The cessation PDFs made on request: Appendix A from a plan version and the draft closure report, for those who may
see the case; and the proposal and Appendix A for a peer reviewer (through their review). Every download is in the
audit trail. (The case review pack, made by Celery, has its own pages: pack.py.)"""

from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from agencies.models import AuditAction
from agencies.web import audit
from cases.models import Case, PlanVersion
from cases.permissions import get_case_for
from cases.views import serve_document
from core.responses import pdf_response

from .. import documents, rules, services
from ..models import CessationProposal
from ..permissions import get_proposal_for, get_review_for
from ..rules import Step


def _appendix_a(request, plan: PlanVersion, case: Case, via: str):
    audit(
        request,
        AuditAction.DOWNLOAD,
        f"Downloaded Appendix A (plan version {plan.number}) of {case.reference}{via}",
        obj=plan,
        case_reference=case.reference,
    )
    plan.case = case
    return pdf_response(documents.render_appendix_a_pdf(plan), f"{case.reference}-appendix-a-v{plan.number}.pdf")


@login_required
@require_safe
def appendix_a(request, reference, number):
    case = get_case_for(request.user, reference)
    plan = get_object_or_404(PlanVersion.objects.select_related("completed_by"), case=case, number=number)
    return _appendix_a(request, plan, case, "")


@login_required
@require_safe
def draft_report(request, reference, number):
    """The closure report as the chair would sign it now, unsigned and marked as a draft on every page."""
    proposal = get_proposal_for(request.user, reference, number)
    if not (rules.allows(proposal, Step.SIGN) or rules.allows(proposal, Step.NEW_REPORT_VERSION)):
        raise Http404("There is no closure report to draft: the JAG has not decided to close the case")
    case = proposal.case
    number = (proposal.closure_reports.aggregate(n=Max("number"))["n"] or 0) + 1
    content = documents.render_closure_report_pdf(
        proposal,
        number=number,
        signer=case.jag.chair,
        signed_at=None,
        signer_role=services.signer_role(case.jag.chair, proposal),
        draft=True,
    )
    audit(
        request,
        AuditAction.DOWNLOAD,
        f"Downloaded the draft closure report of {proposal}",
        obj=proposal,
        case_reference=case.reference,
    )
    return pdf_response(content, f"{case.reference}-draft-closure-report-{proposal.number}.pdf")


# --- Through a peer review ---------------------------------------------------------------------------------------


def _review(request, pk: int):
    review = get_review_for(request.user, pk)
    return review, review.proposal, review.proposal.case


@login_required
@require_safe
def review_proposal_pdf(request, pk):
    review, proposal, case = _review(request, pk)
    proposal = CessationProposal.objects.select_related("document").get(pk=proposal.pk)
    document = proposal.document
    if document is None:
        raise Http404("The proposal has no document")
    return serve_document(request, document, f"Downloaded {document.title} of {case.reference} for a peer review")


@login_required
@require_safe
def review_appendix_a(request, pk):
    review, proposal, case = _review(request, pk)
    plan = PlanVersion.objects.select_related("completed_by").get(pk=proposal.plan_version_id)
    return _appendix_a(request, plan, case, " for a peer review")
