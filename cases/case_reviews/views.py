"""ASB Case Review activations on a case: record the application, then each step, each on the chronology."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from agencies.models import AuditAction
from agencies.web import audit, once_only, save_form, save_versioned_form
from core import clock
from core.http import AuthenticatedHttpRequest
from core.pdf import render_pdf
from core.responses import csv_response, pdf_response

from ..models import Case, CaseReviewAction, CaseReviewActivation, Incident, PersonRole
from ..permissions import CONTRIBUTE, can_contribute, get_case_for
from ..selectors import case_people_in_role
from . import explanations, figures, services
from .forms import (
    ActionDoneForm,
    ActionForm,
    AppealForm,
    ApplicationForm,
    DecisionForm,
    ExplanationForm,
    FiguresForm,
    PccReviewForm,
    ReviewForm,
)
from .selectors import victim_threshold_status

ACTIVATION_RELATED = ("victim", "point_of_contact", "point_of_contact__agency", "received_by", "recorded_by")


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
                received_how=data["received_how"],
                received_by=data["received_by"],
            )
            return _url(activation)

        saved = save_form(request, form, apply, "ASB Case Review application recorded")
        if saved:
            return saved
    else:
        form = ApplicationForm(
            case=case,
            victims=victims,
            initial={
                "application_date": clock.today(),
                "point_of_contact": request.user.pk,
                "received_by": request.user.pk,
            },
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
    actions = list(activation.actions.select_related("owner_agency", "owner_officer", "done_by"))
    return render(
        request,
        "cases/case_reviews/activation_detail.html",
        {
            "case": case,
            "activation": activation,
            "actions": actions,
            "today": clock.today(),
            "can_contribute": can_contribute(case),
            "can_record_review": services.can_record_review(activation),
            "can_record_appeal": services.can_record_appeal(activation),
            "can_request_pcc_review": services.can_request_pcc_review(activation),
            "can_add_actions": services.can_add_actions(activation),
            "appeal_deadline": services.appeal_deadline(activation),
        },
    )


def _initial(value):
    """A yes/no answer as its radio's value."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


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
            initial={field: _initial(getattr(activation, field)) for field in fields} | {"version": activation.version}
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
        fields=(
            "review_meeting_date",
            "chair_name",
            "chair_agency",
            "chair_independent",
            "victim_consulted",
            "consulted_on",
            "consulted_how",
            "victim_views",
            "victim_attendance",
            "outcome",
            "recommendations",
            "outcome_date",
        ),
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


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def activation_pcc_review(request: AuthenticatedHttpRequest, reference, pk):
    return _step(
        request,
        reference,
        pk,
        form_class=PccReviewForm,
        fields=("pcc_requested_on", "pcc_outcome", "pcc_outcome_notes", "pcc_outcome_on"),
        write=services.case_review_record_pcc_review,
        template="cases/case_reviews/pcc_review_form.html",
        success="PCC review recorded",
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def action_add(request: AuthenticatedHttpRequest, reference, pk):
    case = get_case_for(request.user, reference, CONTRIBUTE, queryset=Case.objects.select_related("lead_agency"))
    activation = _activation(case, pk)
    if request.method == "POST":
        form = ActionForm(request.POST, case=case)

        def add() -> str:
            data = form.cleaned_data
            services.case_review_action_add(
                activation=activation,
                officer=request.user,
                text=data["text"],
                owner_agency=data["owner_agency"],
                owner_officer=data["owner_officer"],
                due_on=data["due_on"],
            )
            return _url(activation) + "#action-plan"

        saved = save_form(request, form, add, "Action added to the action plan")
        if saved:
            return saved
    else:
        form = ActionForm(case=case)
    return render(
        request,
        "cases/case_reviews/action_form.html",
        {"case": case, "activation": activation, "form": form},
    )


def _action(case: Case, pk: int) -> CaseReviewAction:
    return get_object_or_404(
        CaseReviewAction.objects.select_related("activation", "activation__victim", "owner_agency", "owner_officer"),
        activation__case=case,
        pk=pk,
    )


@login_required
def action_detail(request: AuthenticatedHttpRequest, reference, pk):
    """An action's place in its review's action plan (where My tasks links to)."""
    case = get_case_for(request.user, reference)
    action = _action(case, pk)
    return redirect(_url(action.activation) + f"#action-{action.pk}")


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def action_done(request: AuthenticatedHttpRequest, reference, pk):
    case = get_case_for(request.user, reference, CONTRIBUTE)
    action = _action(case, pk)
    conflict = None
    if request.method == "POST":
        form = ActionDoneForm(request.POST)

        def done() -> str:
            data = form.cleaned_data
            services.case_review_action_done(
                action=action, officer=request.user, expected_version=data["version"] or 0, done_on=data["done_on"]
            )
            return _url(action.activation) + "#action-plan"

        response, conflict = save_versioned_form(
            request,
            form,
            done,
            "Action marked done",
            conflict="Someone else changed this action while you were editing it. Your changes have not been saved: "
            "check it below, then try again.",
        )
        if response:
            return response
    else:
        form = ActionDoneForm(initial={"done_on": clock.today(), "version": action.version})
    return render(
        request,
        "cases/case_reviews/action_done_form.html",
        {"case": case, "activation": action.activation, "action": conflict or action, "form": form},
    )


def _prompting_incident(case: Case, value) -> Incident | None:
    """The incident of this case that `value` names, if it names one (anything else is ignored)."""
    if not (isinstance(value, str) and value.isascii() and value.isdecimal() and len(value) <= 18):
        return None
    return Incident.objects.select_related("reported_by").filter(case=case, pk=int(value)).first()


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def explanation_add(request: AuthenticatedHttpRequest, reference):
    """Record that the ASB Case Review was explained to a victim; opened after a victim's second report in six
    months (the incident it follows in `incident`), or from the case's ASB Case Review card."""
    case = get_case_for(request.user, reference, CONTRIBUTE)
    victims = explanations.explanation_victims(case)
    incident = _prompting_incident(case, request.POST.get("incident") or request.GET.get("incident"))
    prompt = explanations.second_report_for(incident) if incident else None
    if request.method == "POST":
        form = ExplanationForm(request.POST, victims=victims)

        def record() -> str:
            data = form.cleaned_data
            explanations.case_review_explain(
                case=case,
                officer=request.user,
                victim=data["victim"],
                explained_on=data["explained_on"],
                how=data["how"],
                notes=data["notes"],
                incident=incident,
            )
            return reverse("cases:people", kwargs={"reference": case.reference}) + "#case-review"

        saved = save_form(request, form, record, "Explanation of the ASB Case Review recorded")
        if saved:
            return saved
    else:
        initial = {"explained_on": clock.today(), "incident": incident.pk if incident else None}
        if incident and incident.reported_by_id:
            initial["victim"] = incident.reported_by_id
        form = ExplanationForm(victims=victims, initial=initial)
    return render(
        request,
        "cases/case_reviews/explanation_form.html",
        {
            "case": case,
            "form": form,
            "incident": incident,
            "prompt": prompt,
            "policy": explanations.CasePolicy.current(),
            "skip_url": reverse("cases:incidents", kwargs={"reference": case.reference}),
        },
    )


@login_required
def explanation_leaflet(request: AuthenticatedHttpRequest, reference):
    """The leaflet explaining the ASB Case Review, to give or send to a victim of the case (`victim`: their id)."""
    case = get_case_for(request.user, reference, queryset=Case.objects.select_related("lead_agency"))
    victim = None
    if request.GET.get("victim", "").isdigit():
        victim = explanations.explanation_victims(case).filter(pk=int(request.GET["victim"])).first()
    pdf = render_pdf("pdf/case_reviews/leaflet.html", explanations.leaflet_context(case, request.user, victim))
    audit(
        request,
        AuditAction.DOWNLOAD,
        "Printed the ASB Case Review leaflet" + (f" for {victim}" if victim else ""),
        case_reference=case.reference,
    )
    return pdf_response(pdf, f"asb-case-review-{case.reference}.pdf")


def _figures_year(request: AuthenticatedHttpRequest) -> tuple[FiguresForm, figures.FiguresYear]:
    current = figures.FiguresYear.containing(clock.today())
    years = [figures.FiguresYear(current.first - back) for back in range(0, 10)]
    form = FiguresForm(request.GET or None, years=[(year.first, year.label) for year in years])
    chosen = current
    if form.is_bound and form.is_valid():
        chosen = figures.FiguresYear(form.cleaned_data["year"])
    elif not form.is_bound:
        form = FiguresForm(initial={"year": current.first}, years=[(year.first, year.label) for year in years])
    return form, chosen


@login_required
def annual_figures(request: AuthenticatedHttpRequest):
    if not figures.can_see_figures(request.user):
        raise PermissionDenied
    form, year = _figures_year(request)
    return render(
        request,
        "cases/case_reviews/figures.html",
        {"form": form, "year": year, "rows": figures.annual_figures(year)},
    )


@login_required
def annual_figures_csv(request: AuthenticatedHttpRequest):
    if not figures.can_see_figures(request.user):
        raise PermissionDenied
    _form, year = _figures_year(request)
    rows = figures.annual_figures(year)
    response, count = csv_response(
        f"asb-case-review-figures-{year.short}.csv",
        ["Year", "Figure", "Number"],
        ([year.label, row["label"], row["value"]] for row in rows),
    )
    audit(request, AuditAction.DOWNLOAD, f"Downloaded the ASB Case Review figures for {year.label} ({count} rows)")
    return response
