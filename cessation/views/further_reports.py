"""Further reports after cessation: recorded and assessed on the ceased case; those on the same circumstances
reviewed by the LPU commander or the LA community safety manager."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from agencies.models import AuditAction
from agencies.web import audit, once_only, save_form, submit_once
from cases.models import CaseStatus
from cases.permissions import CONTRIBUTE, VIEW, case_permissions
from core.forms import apply_service_errors
from core.http import AuthenticatedHttpRequest
from core.refusals import NotAllowed
from incremental.letter_details import LetterDetails
from incremental.letter_views import letter_steps

from .. import documents, services
from ..forms import FurtherReportForm, FurtherReviewForm, complainants_of, only_complainant
from ..models import FurtherReportStatus
from ..permissions import get_further_report_for, may_review_further_report
from ..selectors import on_case
from ..summary import collated_summary
from .common import case_for, explains_refusals

REVIEWERS_ONLY = (
    "Only an LPU commander or a local authority community safety manager of an agency on the case's JAG reviews "
    "further reports."
)


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def further_report_new(request: AuthenticatedHttpRequest, reference):
    case = case_for(request, reference, CONTRIBUTE)
    if case.status != CaseStatus.CEASED:
        messages.error(
            request, "Further reports after cessation are recorded on a ceased case: add to this case's record"
        )
        return redirect(case)
    complainants = complainants_of(case)
    if request.method == "POST":
        form = FurtherReportForm(request.POST, complainants=complainants)
        if form.is_valid():
            recorded = []

            def write() -> str:
                report = services.further_report_record(case=case, officer=request.user, **form.service_fields())
                recorded.append(report)
                return report.new_case.get_absolute_url() if report.new_case else report.get_absolute_url()

            try:
                url = submit_once(request, write)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                report = recorded[0] if recorded else None
                if report is not None and report.new_case is not None:
                    messages.success(
                        request,
                        f"Further report recorded on {case.reference} as unrelated: this new case is opened for it",
                    )
                else:
                    messages.success(
                        request, "Further report recorded: the LPU commander and LA community safety manager review it"
                    )
                return redirect(url)
    else:
        form = FurtherReportForm(complainants=complainants, initial=only_complainant(complainants))
    return render(request, "cessation/further_report_new.html", {"case": case, "form": form})


@login_required
def further_report(request: AuthenticatedHttpRequest, pk):
    report = get_further_report_for(request.user, pk)
    case = report.case
    audit(
        request, AuditAction.VIEW, "Viewed a further report after cessation", obj=report, case_reference=case.reference
    )
    reviewer = may_review_further_report(request.user, report)
    return render(
        request,
        "cessation/further_report.html",
        {
            "report": report,
            "case": case,
            "sees_case": VIEW in case_permissions(request.user, case),
            "may_review": reviewer and report.status == FurtherReportStatus.AWAITING_REVIEW,
            "letter_due": services.further_letter_due(report),
            "is_reviewer": reviewer,
            "letters": on_case(report.letters.select_related("document", "generated_by"), case),
            "reviewed_by": report.reviewed_by,
            "summary": collated_summary(case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def further_report_review(request: AuthenticatedHttpRequest, pk):
    report = get_further_report_for(request.user, pk)
    if not may_review_further_report(request.user, report):
        raise NotAllowed(REVIEWERS_ONLY)
    if report.status != FurtherReportStatus.AWAITING_REVIEW:
        messages.info(request, "This further report has already been dealt with")
        return redirect(report.get_absolute_url())
    if request.method == "POST":
        form = FurtherReviewForm(request.POST)

        def write() -> str:
            data = form.cleaned_data
            reviewed = services.further_report_review(
                report=report,
                officer=request.user,
                outcome=data["outcome"],
                notes=data["notes"],
                letter_kind=data["letter_kind"],
            )
            if reviewed.status == FurtherReportStatus.CLOSED_NFA:
                return reverse("cessation:further_letter", kwargs={"pk": report.pk})
            return report.get_absolute_url()

        saved = save_form(request, form, write, "Further report reviewed")
        if saved:
            return saved
    else:
        form = FurtherReviewForm()
    return render(
        request, "cessation/further_report_review.html", {"report": report, "case": report.case, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def further_letter(request: AuthenticatedHttpRequest, pk):
    """The further letter the reviewer chose when closing the report with no further action: its details, its
    preview and the filing on confirmation (incremental.letter_views.letter_steps)."""
    report = get_further_report_for(request.user, pk)
    if not may_review_further_report(request.user, report):
        raise NotAllowed(REVIEWERS_ONLY)
    if not services.further_letter_due(report):
        messages.info(request, "There is no further letter to write for this report")
        return redirect(report.get_absolute_url())
    complainant = report.complainant

    def file(details: LetterDetails) -> str:
        services.further_letter_generate(report=report, officer=request.user, details=details)
        return report.get_absolute_url()

    return letter_steps(
        request,
        person=complainant,
        case=report.case,
        purpose=f"further:{report.pk}:{request.user.pk}",
        html=lambda details: documents.further_letter_html(report, report.letter_kind, request.user, details),
        file=file,
        filed="Further letter filed with the report",
        context={
            "case": report.case,
            # "Further report: investigated and could not be resolved" -> "investigated and could not be resolved"
            "what": f"Further letter to {complainant.full_name}: {report.get_letter_kind_display().split(': ', 1)[-1]}",
            "back": report.get_absolute_url(),
            "back_text": "Back to the further report",
            "again": False,
        },
    )
