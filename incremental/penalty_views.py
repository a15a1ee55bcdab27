"""Pages for a fixed penalty given for breaching a CPN or a PSPO, and for Immediate Justice's referral and start.
Anyone who may record interventions on the case records them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from agencies.web import once_only, save_form, save_versioned_form
from cases.permissions import get_case_for
from core import clock
from core.http import AuthenticatedHttpRequest

from . import penalties
from .models import FIXED_PENALTY_FOR_CODES, IMMEDIATE_JUSTICE_CODE, FixedPenalty, ImmediateJustice, Intervention
from .penalty_forms import (
    FixedPenaltyForm,
    FixedPenaltyOutcomeForm,
    ImmediateJusticeReferralForm,
    ImmediateJusticeStartForm,
)
from .permissions import RECORD

CONFLICT = (
    "Someone else saved this record while you were editing it. Your changes have not been saved: check the record "
    "as it is now, then make your changes again."
)


def _intervention(request, reference, pk, codes) -> Intervention:
    case = get_case_for(request.user, reference, RECORD)
    intervention = get_object_or_404(Intervention.objects.select_related("person", "kind"), case=case, pk=pk)
    if intervention.kind.code not in codes:
        raise Http404("Not for this kind of intervention")
    intervention.case = case
    return intervention


def _posted(request):
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def fixed_penalty_issue(request: AuthenticatedHttpRequest, reference, pk):
    intervention = _intervention(request, reference, pk, FIXED_PENALTY_FOR_CODES)
    today = clock.today()
    form = FixedPenaltyForm(_posted(request), case=intervention.case, initial={"issued_on": today})
    officers = form.fields["issuing_officer"].queryset  # type: ignore[attr-defined]
    if officers.filter(pk=request.user.pk).exists():
        form.initial["issuing_officer"] = request.user.pk
    if request.method == "POST":

        def record() -> str:
            data = form.cleaned_data
            penalties.fixed_penalty_issue(
                officer=request.user,
                intervention=intervention,
                issuing_officer=data["issuing_officer"],
                issued_on=data["issued_on"],
                amount_pence=data["amount"],
                due_on=data["due_on"],
            )
            return intervention.get_absolute_url() + "#fixed-penalties"

        saved = save_form(request, form, record, "Fixed penalty recorded")
        if saved:
            return saved
    return render(
        request,
        "incremental/penalties/fixed_penalty_form.html",
        {
            "case": intervention.case,
            "intervention": intervention,
            "form": form,
            "limit_today": penalties.penalty_limit(intervention.case, today),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def fixed_penalty_outcome(request: AuthenticatedHttpRequest, reference, pk):
    case = get_case_for(request.user, reference, RECORD)
    penalty = get_object_or_404(
        FixedPenalty.objects.select_related("intervention__person"), intervention__case=case, pk=pk
    )
    penalty.intervention.case = case
    conflict = None
    if request.method == "POST":
        form = FixedPenaltyOutcomeForm(request.POST)

        def record() -> str:
            data = form.cleaned_data
            penalties.fixed_penalty_update(
                officer=request.user,
                penalty=penalty,
                expected_version=data["version"] or 0,
                paid_on=data["paid_on"],
                escalated_on=data["escalated_on"],
                escalation_outcome=data["escalation_outcome"],
            )
            return penalty.intervention.get_absolute_url() + "#fixed-penalties"

        saved, conflict = save_versioned_form(request, form, record, "Fixed penalty saved", conflict=CONFLICT)
        if saved:
            return saved
    else:
        form = FixedPenaltyOutcomeForm(
            initial={
                "version": penalty.version,
                "paid_on": penalty.paid_on,
                "escalated_on": penalty.escalated_on,
                "escalation_outcome": penalty.escalation_outcome,
            }
        )
    return render(
        request,
        "incremental/penalties/fixed_penalty_outcome_form.html",
        {"case": case, "penalty": conflict or penalty, "intervention": penalty.intervention, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def immediate_justice_refer(request: AuthenticatedHttpRequest, reference, pk):
    intervention = _intervention(request, reference, pk, (IMMEDIATE_JUSTICE_CODE,))
    now = clock.localtime()
    form = ImmediateJusticeReferralForm(
        _posted(request), initial={"referred_on": now.date(), "referred_time": f"{now:%H:%M}"}
    )
    if request.method == "POST":

        def record() -> str:
            data = form.cleaned_data
            penalties.immediate_justice_refer(
                officer=request.user, intervention=intervention, referred_at=data["referred_at"], work=data["work"]
            )
            return intervention.get_absolute_url() + "#immediate-justice"

        saved = save_form(request, form, record, "Referral recorded")
        if saved:
            return saved
    return render(
        request,
        "incremental/penalties/immediate_justice_form.html",
        {"case": intervention.case, "intervention": intervention, "form": form, "step": "refer"},
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def immediate_justice_start(request: AuthenticatedHttpRequest, reference, pk):
    intervention = _intervention(request, reference, pk, (IMMEDIATE_JUSTICE_CODE,))
    record_ = get_object_or_404(ImmediateJustice, intervention=intervention)
    conflict = None
    if request.method == "POST":
        form = ImmediateJusticeStartForm(request.POST)

        def record() -> str:
            data = form.cleaned_data
            penalties.immediate_justice_start(
                officer=request.user,
                record=record_,
                expected_version=data["version"] or 0,
                started_at=data["started_at"],
            )
            return intervention.get_absolute_url() + "#immediate-justice"

        saved, conflict = save_versioned_form(request, form, record, "Start recorded", conflict=CONFLICT)
        if saved:
            return saved
    else:
        now = clock.localtime()
        form = ImmediateJusticeStartForm(
            initial={"version": record_.version, "started_on": now.date(), "started_time": f"{now:%H:%M}"}
        )
    return render(
        request,
        "incremental/penalties/immediate_justice_form.html",
        {
            "case": intervention.case,
            "intervention": intervention,
            "form": form,
            "step": "start",
            "record": conflict or record_,
        },
    )
