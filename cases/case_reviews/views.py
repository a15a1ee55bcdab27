"""ASB Case Review activations on a case: record the application, then each step, each on the chronology."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from agencies.models import AuditAction
from agencies.web import audit, once_only, save_form, save_versioned_form
from core import clock
from core.http import AuthenticatedHttpRequest

from ..models import Case, CaseReviewActivation, PersonRole
from ..permissions import CONTRIBUTE, can_contribute, get_case_for
from ..selectors import case_people_in_role
from . import services
from .forms import AppealForm, ApplicationForm, DecisionForm, ReviewForm
from .selectors import victim_threshold_status

ACTIVATION_RELATED = ("victim", "point_of_contact", "point_of_contact__agency", "recorded_by")


def _activation(case: Case, pk: int) -> CaseReviewActivation:
    return get_object_or_404(CaseReviewActivation.objects.select_related(*ACTIVATION_RELATED), case=case, pk=pk)


def _url(activation: CaseReviewActivation) -> str:
    return reverse("case_reviews:detail", kwargs={"reference": activation.case.reference, "pk": activation.pk})


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def activation_create(request: AuthenticatedHttpRequest, reference):
    case = get_case_for(request.user, reference, CONTRIBUTE, queryset=Case.objects.select_related("lead_agency"))
    victims = case_people_in_role(case, PersonRole.COMPLAINANT)
    if request.method == "POST":
        form = ApplicationForm(request.POST, case=case, victims=victims)

        def apply() -> str:
            data = form.cleaned_data
            activation = services.case_review_apply(
                case=case,
                officer=request.user,
                victim=data["victim"],
                application_date=data["application_date"],
                point_of_contact=data["point_of_contact"],
            )
            return _url(activation)

        saved = save_form(request, form, apply, "ASB Case Review application recorded")
        if saved:
            return saved
    else:
        form = ApplicationForm(
            case=case,
            victims=victims,
            initial={"application_date": clock.today(), "point_of_contact": request.user.pk},
        )
    threshold = victim_threshold_status(case, clock.today())
    return render(
        request,
        "cases/case_reviews/application_form.html",
        {"case": case, "form": form, "has_victims": victims.exists(), "threshold": threshold},
    )


@login_required
def activation_detail(request: AuthenticatedHttpRequest, reference, pk):
    case = get_case_for(request.user, reference)
    activation = _activation(case, pk)
    audit(
        request,
        AuditAction.VIEW,
        f"Viewed ASB Case Review {activation.pk}",
        obj=activation,
        case_reference=case.reference,
    )
    return render(
        request,
        "cases/case_reviews/activation_detail.html",
        {
            "case": case,
            "activation": activation,
            "can_contribute": can_contribute(case),
            "can_record_review": services.can_record_review(activation),
            "can_record_appeal": services.can_record_appeal(activation),
            "appeal_deadline": services.appeal_deadline(activation),
        },
    )


def _step(
    request: AuthenticatedHttpRequest,
    reference: str,
    pk: int,
    *,
    form_class,
    fields: tuple[str, ...],
    write: Callable[..., CaseReviewActivation],
    template: str,
    success: str,
):
    """One step on an activation: the form carries the version the officer saw, and a stale save is refused."""
    case = get_case_for(request.user, reference, CONTRIBUTE)
    activation = _activation(case, pk)
    conflict = None
    if request.method == "POST":
        form = form_class(request.POST)

        def save() -> str:
            data = form.cleaned_data
            saved = write(
                activation=activation,
                officer=request.user,
                expected_version=data["version"] or 0,
                **{field: data[field] for field in fields},
            )
            return _url(saved)

        response, conflict = save_versioned_form(
            request,
            form,
            save,
            success,
            conflict="Someone else recorded a step on this ASB Case Review while you were editing it. Your changes "
            "have not been saved: check the current record below, then make your changes again.",
        )
        if response:
            return response
    else:
        form = form_class(
            initial={field: getattr(activation, field) for field in fields} | {"version": activation.version}
        )
    return render(
        request,
        template,
        {
            "case": case,
            "activation": conflict or activation,
            "form": form,
            "conflict": conflict,
            "appeal_from": services.appeal_from(activation),
            "appeal_deadline": services.appeal_deadline(activation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def activation_decision(request: AuthenticatedHttpRequest, reference, pk):
    return _step(
        request,
        reference,
        pk,
        form_class=DecisionForm,
        fields=("threshold_decision", "threshold_reason", "decision_date"),
        write=lambda threshold_decision, threshold_reason, **kwargs: services.case_review_decide(
            decision=threshold_decision, reason=threshold_reason, **kwargs
        ),
        template="cases/case_reviews/decision_form.html",
        success="Threshold decision recorded",
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def activation_review(request: AuthenticatedHttpRequest, reference, pk):
    return _step(
        request,
        reference,
        pk,
        form_class=ReviewForm,
        fields=("review_meeting_date", "outcome", "recommendations", "outcome_date"),
        write=services.case_review_record_review,
        template="cases/case_reviews/review_form.html",
        success="Review meeting and outcome recorded",
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def activation_appeal(request: AuthenticatedHttpRequest, reference, pk):
    return _step(
        request,
        reference,
        pk,
        form_class=AppealForm,
        fields=("appeal_received_on", "appeal_outcome"),
        write=services.case_review_record_appeal,
        template="cases/case_reviews/appeal_form.html",
        success="Appeal recorded",
    )
