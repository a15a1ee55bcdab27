"""Thin views for JAG case management: fetch the case through the permission helper, call one service."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from agencies.web import once_only, save_form
from core import clock
from core.http import AuthenticatedHttpRequest

from ..models import Case
from ..permissions import cases_visible_to, get_case_for
from . import services
from .forms import JagReferForm, JagTakeOffForm, JagTransferForm
from .permissions import can_manage_jag_periods
from .selectors import jag_management_summary


def _case_to_manage(request: AuthenticatedHttpRequest, reference) -> Case:
    case = get_case_for(request.user, reference, queryset=Case.objects.select_related("jag", "lead_agency"))
    if not can_manage_jag_periods(request.user, case):
        raise PermissionDenied
    return case


def _card_url(case: Case) -> str:
    return reverse("cases:jag", kwargs={"reference": case.reference}) + "#jag-management"


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def refer(request: AuthenticatedHttpRequest, reference):
    case = _case_to_manage(request, reference)
    summary = jag_management_summary(case, clock.today())
    if request.method == "POST":
        form = JagReferForm(request.POST)

        def write() -> str:
            services.jag_refer(case=case, officer=request.user, started_on=form.cleaned_data["started_on"])
            return _card_url(case)

        saved = save_form(request, form, write, f"Case referred to {case.jag} case management")
        if saved:
            return saved
    else:
        form = JagReferForm(initial={"started_on": clock.today()})
    return render(request, "cases/jag_management/refer.html", {"case": case, "form": form, "summary": summary})


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def take_off(request: AuthenticatedHttpRequest, reference):
    case = _case_to_manage(request, reference)
    summary = jag_management_summary(case, clock.today())
    if request.method == "POST":
        form = JagTakeOffForm(request.POST)

        def write() -> str:
            services.jag_take_off(case=case, officer=request.user, ended_on=form.cleaned_data["ended_on"])
            return _card_url(case)

        saved = save_form(request, form, write, f"Case taken off {case.jag} case management")
        if saved:
            return saved
    else:
        form = JagTakeOffForm(initial={"ended_on": clock.today()})
    return render(request, "cases/jag_management/take_off.html", {"case": case, "form": form, "summary": summary})


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def transfer(request: AuthenticatedHttpRequest, reference):
    case = _case_to_manage(request, reference)
    summary = jag_management_summary(case, clock.today())
    if request.method == "POST":
        form = JagTransferForm(request.POST, current_jag=case.jag)

        def write() -> str:
            data = form.cleaned_data
            moved = services.jag_transfer(case=case, officer=request.user, to_jag=data["to_jag"], on=data["on"])
            # A chair who hands the case to another JAG no longer sees it.
            if cases_visible_to(request.user).filter(pk=moved.pk).exists():
                return _card_url(moved)
            return reverse("cases:my_cases")

        saved = save_form(request, form, write, "Case transferred")
        if saved:
            return saved
    else:
        form = JagTransferForm(current_jag=case.jag, initial={"on": clock.today()})
    return render(request, "cases/jag_management/transfer.html", {"case": case, "form": form, "summary": summary})
