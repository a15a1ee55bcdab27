"""Signing the closure report, and a new signed version of it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from agencies.models import AuditAction
from agencies.web import audit, once_only, save_form
from core.http import AuthenticatedHttpRequest
from core.refusals import NotAllowed

from .. import rules, services
from ..forms import (
    NewVersionForm,
    SignForm,
)
from ..models import CessationProposal
from ..permissions import get_proposal_for, may_chair
from ..rules import Step
from ..selectors import on_case
from .common import CHAIR_ONLY, explains_refusals, proposal_url, refused_step


def _audit_wrong_password(request: AuthenticatedHttpRequest, form, proposal: CessationProposal) -> None:
    """A signature refused for a wrong password is kept in the audit trail, like a failed sign-in."""
    if "password" in form.errors and form.data.get("password"):
        audit(
            request,
            AuditAction.SIGN_IN_FAILED,
            "Wrong password when signing the closure report",
            obj=proposal,
            case_reference=proposal.case.reference,
        )


def _signing(request: AuthenticatedHttpRequest, reference, number) -> CessationProposal:
    proposal = get_proposal_for(request.user, reference, number)
    if not may_chair(request.user, proposal):
        raise NotAllowed(CHAIR_ONLY)
    return proposal


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def sign(request: AuthenticatedHttpRequest, reference, number):
    return _signature_page(
        request,
        reference,
        number,
        step=Step.SIGN,
        form_class=SignForm,
        sign=lambda proposal, data: services.closure_report_sign(
            proposal=proposal, officer=request.user, password=data["password"]
        ),
        done="Closure report signed: the case is closed as unresolved (ceased)",
        template="cessation/sign.html",
        context=lambda proposal: {"decision": proposal.decisions.last()},
    )


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def new_version(request: AuthenticatedHttpRequest, reference, number):
    return _signature_page(
        request,
        reference,
        number,
        step=Step.NEW_REPORT_VERSION,
        form_class=NewVersionForm,
        sign=lambda proposal, data: services.closure_report_new_version(
            proposal=proposal, officer=request.user, password=data["password"], reason=data["reason"]
        ),
        done="New version of the closure report signed",
        template="cessation/new_version.html",
        context=lambda proposal: {
            "reports": on_case(proposal.closure_reports.select_related("document", "signed_by"), proposal.case)
        },
    )


def _signature_page(
    request: AuthenticatedHttpRequest, reference, number, *, step, form_class, sign, done, template, context
):
    """The chair's signing page (the first signature, or a new version): the password form, the service call, and
    a wrong password kept in the audit trail."""
    proposal = _signing(request, reference, number)
    if not rules.allows(proposal, step):
        return refused_step(request, proposal, step)
    if request.method == "POST":
        form = form_class(request.POST)

        def write() -> str:
            sign(proposal, form.cleaned_data)
            return proposal_url(proposal, "closure-reports")

        saved = save_form(request, form, write, done)
        if saved:
            return saved
        _audit_wrong_password(request, form, proposal)
    else:
        form = form_class()
    return render(request, template, {"case": proposal.case, "proposal": proposal, "form": form, **context(proposal)})
