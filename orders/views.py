"""The register of orders and notices and each order's own page: fetch through the case permission helper first
(404 to those who may not see the case), bind the form, call one service, redirect."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from agencies.models import AuditAction
from agencies.web import audit, once_only, save_form, save_versioned_form
from cases.models import CasePerson, PersonRole
from cases.permissions import get_case_for, serial_plans
from cases.selectors import person_for
from core import clock
from core.dates import long_date
from core.http import AuthenticatedHttpRequest
from core.paging import counted_page
from core.responses import csv_response, pdf_response
from incremental.models import EventType, Intervention, InterventionEvent, InterventionKind
from incremental.permissions import RECORD, may_record_interventions

from . import selectors, services
from .documents import render_bundle_pdf
from .forms import (
    BreachActionForm,
    RegisterFilterForm,
    RiskAssessmentForm,
    ServiceForm,
    SupervisorUpdateForm,
    TermDischargeForm,
    TermForm,
    TermVaryForm,
)
from .models import BreachAction, OrderTerm, TermKind
from .rules import RESPECT_ORDER_CODE, RegisterStatus, is_on_register

PAGE_SIZE = 50


def _filters(request) -> tuple[RegisterFilterForm, selectors.RegisterFilters]:
    form = RegisterFilterForm(request.GET or None)
    if not form.is_bound or not form.is_valid():
        return form, selectors.RegisterFilters()
    data = form.cleaned_data
    return form, selectors.RegisterFilters(
        jag=data["jag"].pk if data["jag"] else None,
        agency=data["agency"].pk if data["agency"] else None,
        kind=data["kind"].pk if data["kind"] else None,
        status=data["status"] or "",
        expiry=data["expiry"] or "",
    )


def _with_status(rows) -> None:
    for row in rows:
        row.register_status = selectors.register_status_of(row)
        row.register_status_label = RegisterStatus.LABELS[row.register_status]


@login_required
@require_GET
def register(request: AuthenticatedHttpRequest):
    form, filters = _filters(request)
    with serial_plans():
        # One pass down the register's index counts the rows and reads the page's ids.
        page, _ = counted_page(
            selectors.register(request.user, filters),
            request.GET.get("page"),
            per_page=PAGE_SIZE,
            rows=selectors.register_rows,
        )
    _with_status(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "orders/register.html",
        {"form": form, "page": page, "query": query.urlencode(), "filtered": any(vars(filters).values())},
    )


@login_required
@require_GET
def register_csv(request: AuthenticatedHttpRequest):
    _, filters = _filters(request)
    with serial_plans():
        ids = list(selectors.register(request.user, filters).values_list("pk", flat=True))
        by_id = selectors.register_rows(ids)
        rows: list[Any] = [by_id[pk] for pk in ids if pk in by_id]
    _with_status(rows)
    header = [
        "Case",
        "JAG",
        "Person",
        "Type",
        "Issuing agency",
        "Issued",
        "Status",
        "Expires",
        "Served",
        "Prohibitions",
        "Requirements",
        "Next supervisor's update",
        "Breaches",
        "Reported to police",
    ]
    body = (
        [
            r.case.reference,
            str(r.case.jag or ""),
            r.person.full_name,
            r.kind_name,
            str(r.issuing_agency),
            r.issued_on.isoformat(),
            r.register_status_label,
            r.ends_on.isoformat() if r.ends_on else "",
            r.last_served_on.isoformat() if r.last_served_on else "",
            r.prohibitions,
            r.requirements,
            r.next_update_due.isoformat() if r.next_update_due else "",
            r.breach_count,
            "yes" if r.reported_to_police else "no",
        ]
        for r in rows
    )
    response, count = csv_response(f"orders-register-{clock.today():%Y-%m-%d}.csv", header, body)
    audit(request, AuditAction.EXPORT, f"Exported the register of orders and notices ({count} rows) as CSV")
    return response


def _order(request, reference: str, pk: int, need: str | None = None) -> Intervention:
    case = get_case_for(request.user, reference, need) if need else get_case_for(request.user, reference)
    intervention = get_object_or_404(
        Intervention.objects.select_related("person", "kind", "issuing_agency", "issuing_officer"), case=case, pk=pk
    )
    if not is_on_register(intervention.court_stage, intervention.kind.code):
        raise Http404("Not an order or notice")
    intervention.case = case
    return intervention


@login_required
@require_GET
def order_detail(request: AuthenticatedHttpRequest, reference, pk):
    intervention = _order(request, reference, pk)
    case = intervention.case
    audit(
        request,
        AuditAction.VIEW,
        f"Viewed the order record of {intervention.kind_name} for {intervention.person.full_name}",
        obj=intervention,
        case_reference=case.reference,
    )
    is_respect = intervention.kind.code == RESPECT_ORDER_CODE
    return render(
        request,
        "orders/order_detail.html",
        {
            "case": case,
            "intervention": intervention,
            "register_status": RegisterStatus.LABELS[selectors.register_status_of(intervention)],
            "services": selectors.order_services(intervention),
            "terms": selectors.order_terms(intervention),
            "breaches": selectors.order_breaches(intervention),
            "changes": selectors.order_changes(intervention),
            "can_record": may_record_interventions(case),
            "is_respect": is_respect,
            "assessment": selectors.latest_risk_assessment(case.pk, intervention.person_id) if is_respect else None,
        },
    )


def _form_page(request, template_context: dict, form, heading: str, submit: str):
    return render(
        request,
        "orders/form.html",
        template_context | {"form": form, "heading": heading, "submit": submit},
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def service_new(request: AuthenticatedHttpRequest, reference, pk):
    intervention = _order(request, reference, pk, RECORD)
    case = intervention.case
    if request.method == "POST":
        form = ServiceForm(request.POST, case=case)

        def save() -> str:
            services.record_service(officer=request.user, intervention=intervention, **_data(form))
            return _order_url(intervention, "service")

        saved = save_form(request, form, save, "Service recorded on the order and the case chronology")
        if saved:
            return saved
    else:
        form = ServiceForm(initial={"served_on": clock.today()}, case=case)
    return _form_page(request, _ctx(intervention), form, f"Record service: {intervention.kind_name}", "Record service")


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def term_new(request: AuthenticatedHttpRequest, reference, pk):
    intervention = _order(request, reference, pk, RECORD)
    if request.method == "POST":
        form = TermForm(request.POST)

        def save() -> str:
            services.add_term(officer=request.user, intervention=intervention, **_data(form))
            return _order_url(intervention, "terms")

        saved = save_form(request, form, save, "Term added to the order and the case chronology")
        if saved:
            return saved
    else:
        form = TermForm()
    return _form_page(request, _ctx(intervention), form, f"Add a term: {intervention.kind_name}", "Add term")


def _term(intervention: Intervention, term_pk: int, **kind) -> OrderTerm:
    term = get_object_or_404(OrderTerm, intervention=intervention, pk=term_pk, **kind)
    term.intervention = intervention
    return term


def _order_url(intervention: Intervention, section: str = "") -> str:
    url = reverse("orders:order_detail", args=[intervention.case.reference, intervention.pk])
    return f"{url}#{section}" if section else url


def _term_url(term: OrderTerm) -> str:
    return _order_url(term.intervention, f"term-{term.pk}")


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def term_vary(request: AuthenticatedHttpRequest, reference, pk, term_pk):
    intervention = _order(request, reference, pk, RECORD)
    term = _term(intervention, term_pk)
    conflict = None
    if request.method == "POST":
        form = TermVaryForm(request.POST, kind=term.kind)

        def save() -> str:
            data = _data(form)
            version = data.pop("version")
            services.vary_term(officer=request.user, term=term, expected_version=version, **data)
            return _term_url(term)

        saved, conflict = save_versioned_form(
            request,
            form,
            save,
            "Variation recorded on the order and the case chronology",
            conflict="Someone else varied or discharged this term while you were filling in the form. Nothing has "
            "been saved: check what the order shows now, then record the variation again if it is still needed.",
        )
        if saved:
            return saved
    else:
        initial = {
            name: getattr(term, name)
            for name in ("text", "supervisor", "update_every_days", "excludes_from_home", "exclusion_ground")
        }
        form = TermVaryForm(
            initial=initial | {"varied_on": clock.today(), "version": term.version, "varied_by": intervention.court},
            kind=term.kind,
        )
    context = _ctx(intervention) | {"term": term, "conflict": conflict}
    return _form_page(request, context, form, f"Vary {term.label}", "Record variation")


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def term_discharge(request: AuthenticatedHttpRequest, reference, pk, term_pk):
    intervention = _order(request, reference, pk, RECORD)
    term = _term(intervention, term_pk)
    if request.method == "POST":
        form = TermDischargeForm(request.POST)

        def save() -> str:
            services.discharge_term(officer=request.user, term=term, **_data(form))
            return _term_url(term)

        saved = save_form(request, form, save, "Discharge recorded on the order and the case chronology")
        if saved:
            return saved
    else:
        form = TermDischargeForm(initial={"discharged_on": clock.today(), "discharged_by": intervention.court})
    context = _ctx(intervention) | {"term": term}
    return _form_page(request, context, form, f"Discharge {term.label}", "Record discharge")


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def supervisor_update_new(request: AuthenticatedHttpRequest, reference, pk, term_pk):
    intervention = _order(request, reference, pk, RECORD)
    term = _term(intervention, term_pk, kind=TermKind.REQUIREMENT)
    if request.method == "POST":
        form = SupervisorUpdateForm(request.POST)

        def save() -> str:
            services.record_supervisor_update(officer=request.user, term=term, **_data(form))
            return _term_url(term)

        saved = save_form(request, form, save, "Supervisor's update recorded on the order and the case chronology")
        if saved:
            return saved
    else:
        form = SupervisorUpdateForm(initial={"reported_on": clock.today()})
    context = _ctx(intervention) | {"term": term}
    return _form_page(request, context, form, f"Supervisor's update from {term.supervisor}", "Record update")


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def breach_action(request: AuthenticatedHttpRequest, reference, pk, event_pk):
    intervention = _order(request, reference, pk, RECORD)
    case = intervention.case
    event = get_object_or_404(InterventionEvent, intervention=intervention, pk=event_pk, event_type=EventType.BREACH)
    event.intervention = intervention
    action = BreachAction.objects.filter(event=event).first()
    conflict = None
    if request.method == "POST":
        form = BreachActionForm(request.POST, case=case)

        def save() -> str:
            data = _data(form)
            version = data.pop("version")
            services.record_breach_action(officer=request.user, event=event, expected_version=version, **data)
            return _order_url(intervention, f"breach-{event.pk}")

        saved, conflict = save_versioned_form(
            request,
            form,
            save,
            "What was done about the breach is recorded on the order and the case chronology",
            conflict="Someone else recorded what was done about this breach while you were filling in the form. "
            "Nothing has been saved: check what the order shows now, then record yours again if it is still needed.",
        )
        if saved:
            return saved
    else:
        initial: dict = {"version": action.version if action else 0}
        if action:
            initial |= {
                name: getattr(action, name)
                for name in (
                    "reported_to_police_on",
                    "police_reference",
                    "referred_to_cps_on",
                    "prosecuted_on",
                    "outcome",
                    "evidence_document",
                )
            }
        form = BreachActionForm(initial=initial, case=case)
    context = _ctx(intervention) | {"event": event, "conflict": conflict}
    return _form_page(
        request, context, form, f"What was done about the breach of {long_date(event.occurred_on)}", "Save"
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def risk_assessment_new(request: AuthenticatedHttpRequest, reference, pk):
    case = get_case_for(request.user, reference, RECORD)
    person = person_for(request.user, pk)
    if not CasePerson.objects.filter(case=case, person=person, role=PersonRole.PERPETRATOR).exists():
        raise Http404("Not a perpetrator in this case")
    if request.method == "POST":
        form = RiskAssessmentForm(request.POST)

        def save() -> str:
            services.record_risk_assessment(officer=request.user, case=case, person=person, **_data(form))
            issue = reverse("incremental:intervention_issue", args=[case.reference, person.pk])
            kind = InterventionKind.objects.filter(code=RESPECT_ORDER_CODE).values_list("pk", flat=True).first()
            return f"{issue}?change=1&kind={kind}" if kind else issue

        saved = save_form(
            request,
            form,
            save,
            f"Risk assessment recorded: you can now record the Respect order application for {person.full_name}",
        )
        if saved:
            return saved
    else:
        form = RiskAssessmentForm(initial={"assessed_on": clock.today()})
    return _form_page(
        request,
        {"case": case, "person": person},
        form,
        f"Respect order risk assessment: {person.full_name}",
        "Record risk assessment",
    )


@login_required
@require_GET
def bundle(request: AuthenticatedHttpRequest, reference, pk):
    """Choose what goes into the application bundle; the PDF is made from the same choices (a GET form)."""
    intervention = _order(request, reference, pk)
    if intervention.kind.code != RESPECT_ORDER_CODE:
        raise Http404("Not a Respect order")
    entries, incidents = selectors.bundle_evidence_choices(intervention.case_id)
    people = (
        CasePerson.objects.filter(case=intervention.case, role__in=[PersonRole.COMPLAINANT, PersonRole.WITNESS])
        .exclude(person_id=intervention.person_id)
        .select_related("person")
        .order_by("role", "id")
    )
    return render(
        request,
        "orders/bundle_form.html",
        {
            "case": intervention.case,
            "intervention": intervention,
            "entries": entries.select_related("officer"),
            "incidents": incidents,
            "people": people,
            "assessment": selectors.latest_risk_assessment(intervention.case_id, intervention.person_id),
        },
    )


def _ids(request, name: str) -> list[int]:
    return [int(v) for v in request.GET.getlist(name) if v.isdigit() and len(v) < 19]


@login_required
@require_GET
def bundle_pdf(request: AuthenticatedHttpRequest, reference, pk):
    intervention = _order(request, reference, pk)
    if intervention.kind.code != RESPECT_ORDER_CODE:
        raise Http404("Not a Respect order")
    assessment = selectors.latest_risk_assessment(intervention.case_id, intervention.person_id)
    content = render_bundle_pdf(
        intervention,
        assessment,
        entry_ids=_ids(request, "entry"),
        incident_ids=_ids(request, "incident"),
        consenting=_ids(request, "witness"),
    )
    audit(
        request,
        AuditAction.DOWNLOAD,
        f"Downloaded the Respect order application bundle for {intervention.person.full_name}",
        obj=intervention,
        case_reference=intervention.case.reference,
    )
    return pdf_response(content, f"respect-order-bundle-{intervention.case.reference}.pdf")


def _ctx(intervention: Intervention) -> dict:
    return {
        "case": intervention.case,
        "intervention": intervention,
        "return_url": _order_url(intervention),
    }


def _data(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k != "submission_token"}
