"""Thin views of the ladder: fetch through the permission helper, bind the form, call one service, redirect."""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from agencies.models import AuditAction
from agencies.web import audit, once_only, save_form, save_versioned_form
from cases.models import Case
from cases.permissions import get_case_for
from cases.selectors import person_for
from core import clock
from core.http import AuthenticatedHttpRequest

from . import rules, services
from .catalogue import Catalogue, locality_of
from .forms import InterventionEventForm, InterventionIssueForm, InterventionKindForm
from .models import EventType, Intervention, InterventionKind
from .permissions import RECORD, may_record_interventions
from .selectors import intervention_events, ladder_for_person

INTERVENTION_RELATED = ("person", "kind", "issuing_agency", "issuing_officer", "recorded_by", "letter")


def _allowed_events(intervention: Intervention) -> list[str]:
    lodged, pending = services.appeal_state(intervention)
    return rules.allowed_events(
        status=intervention.status,
        has_appeal=intervention.appeal_deadline is not None,
        appealed=lodged,
        appeal_pending=pending,
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def intervention_issue(request: AuthenticatedHttpRequest, reference, pk):
    """Two steps, both working without JavaScript: choose the intervention and the issuing agency (a GET form), then
    give only the details that kind needs. A POST carries the choice in hidden fields."""
    case = get_case_for(request.user, reference, RECORD, queryset=Case.objects.select_related("lead_agency", "jag"))
    person = person_for(request.user, pk)
    ladder = ladder_for_person(request.user, person)
    kinds = offered_kinds(case)
    choose = functools.partial(
        InterventionKindForm, case=case, person=person, kinds=kinds, suggested=ladder.suggested_tier
    )
    context = {
        "case": case,
        "person": person,
        "ladder": ladder,
        "is_perpetrator": services.is_perpetrator(case, person),
    }
    chosen = request.POST if request.method == "POST" else request.GET
    if "kind" in chosen and not (request.method == "GET" and "change" in request.GET):
        choice = choose(
            {name: chosen.get(name, "") for name in ("kind", "issuing_agency")},
            check_agency=request.method == "GET",
        )
    else:
        choice = choose(initial=_first_step_initial(request, choose))
    if not choice.is_bound or not choice.is_valid():
        return render(request, "incremental/intervention_kind_form.html", context | {"form": choice})

    kind, agency = choice.cleaned_data["kind"], choice.cleaned_data["issuing_agency"]
    form_for = functools.partial(
        InterventionIssueForm, case=case, person=person, kind=kind, agency=agency, suggested=ladder.suggested_tier
    )
    if request.method == "POST":
        form = form_for(request.POST)

        def issue() -> str:
            intervention = services.intervention_issue(
                officer=request.user, case=case, person=person, **form.service_fields()
            )
            if intervention.kind.letter:
                return reverse(
                    "incremental:letter_generate", kwargs={"reference": case.reference, "pk": intervention.pk}
                )
            return intervention.get_absolute_url()

        saved = save_form(request, form, issue, f"Intervention recorded for {person.full_name}")
        if saved:
            return saved
    else:
        initial: dict = {"issued_on": clock.today()}
        if request.user.agency_id == agency.pk:
            initial["issuing_officer"] = request.user.pk
        form = form_for(initial=initial)
    change = f"{request.path}?{urlencode({'change': 1, 'kind': kind.pk, 'issuing_agency': agency.pk})}"
    return render(
        request,
        "incremental/intervention_form.html",
        context | {"form": form, "kind": kind, "agency": agency, "change_url": change},
    )


def offered_kinds(case: Case) -> list[InterventionKind]:
    """The active kinds that have been in force in the case's area on some day up to today, each described by its
    version in force today there (or the last before today). The date issued, given in the second step, chooses the
    version applied, and the service refuses a power not in force on that date there."""
    today, locality = clock.today(), locality_of(case)
    catalogue = Catalogue.load()
    kinds = []
    for kind in InterventionKind.objects.filter(is_active=True):
        version = catalogue.latest(kind, today, locality)
        if version is not None and catalogue.available(kind, today, locality):
            kind.current_version = version
            kinds.append(kind)
    return kinds


def _first_step_initial(request: AuthenticatedHttpRequest, choose) -> dict:
    """What the first step starts with: the choice being changed, else the officer's own agency when it is on the
    case."""
    agencies = choose().issuing_agencies
    initial: dict = {}
    if "change" in request.GET:
        initial = {name: request.GET.get(name) for name in ("kind", "issuing_agency") if request.GET.get(name)}
    own = request.user.agency_id
    if "issuing_agency" not in initial and own is not None and agencies.filter(pk=own).exists():
        initial["issuing_agency"] = own
    return initial


@login_required
def intervention_detail(request: AuthenticatedHttpRequest, reference, pk):
    case = get_case_for(request.user, reference)
    intervention = get_object_or_404(Intervention.objects.select_related(*INTERVENTION_RELATED), case=case, pk=pk)
    intervention.case = case
    audit(
        request,
        AuditAction.VIEW,
        f"Viewed {intervention.kind_name} for {intervention.person.full_name}",
        obj=intervention,
        case_reference=case.reference,
    )
    allowed = _allowed_events(intervention)
    events = list(intervention_events(intervention))
    return render(
        request,
        "incremental/intervention_detail.html",
        {
            "case": case,
            "intervention": intervention,
            "status": intervention.effective_status(),
            "events": events,
            # An order made without notice has its return hearing as the next hearing until another is listed.
            "return_hearing_next": intervention.made_without_notice
            and intervention.next_hearing_on is not None
            and not any(e.event_type == EventType.HEARING_LISTED for e in events),
            "can_record": may_record_interventions(case),
            "events_allowed": bool(allowed),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def intervention_event(request: AuthenticatedHttpRequest, reference, pk):
    case = get_case_for(request.user, reference, RECORD)
    intervention = get_object_or_404(Intervention.objects.select_related("person", "kind"), case=case, pk=pk)
    intervention.case = case
    allowed = _allowed_events(intervention)
    conflict = None
    if request.method == "POST":
        form = InterventionEventForm(request.POST, case=case, allowed=allowed)

        def record() -> str:
            services.intervention_record_event(
                officer=request.user,
                intervention=intervention,
                expected_version=form.cleaned_data["version"],
                **form.service_fields(),
            )
            return intervention.get_absolute_url() + "#events"

        saved, conflict = save_versioned_form(
            request,
            form,
            record,
            "Event recorded on the intervention and the case chronology",
            conflict="Someone else recorded something on this intervention while you were filling in the form. "
            "Nothing has been saved: check what it shows now, then record your event again if it is still needed.",
        )
        if saved:
            return saved
    else:
        form = InterventionEventForm(
            initial={"occurred_on": clock.today(), "version": intervention.version}, case=case, allowed=allowed
        )
    return render(
        request,
        "incremental/event_form.html",
        {"case": case, "intervention": intervention, "form": form, "allowed": allowed, "conflict": conflict},
    )
