"""Closing a case with its victims: the victims' page, each victim's record (told, outcome, satisfaction) and
their closing letter. The lead agency records them; everyone who may see the case sees them."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from agencies.models import AuditAction
from agencies.web import audit, once_only, save_form, save_versioned_form
from core.http import AuthenticatedHttpRequest

from ..models import Case, CasePerson, Person, PersonRole
from ..permissions import CHANGE, can_change, get_case_for
from . import services
from .forms import ClosingLetterForm, VictimClosureForm
from .selectors import closing_victims, closure_history

CONFLICT = (
    "Someone else recorded this victim's closing while you were editing it. Your changes have not been saved: check "
    "what is recorded now, then make your changes again."
)


def _victim(case: Case, pk: int) -> Person:
    link = get_object_or_404(
        CasePerson.objects.select_related("person"), case=case, person_id=pk, role=PersonRole.COMPLAINANT
    )
    return link.person


def closure_url(case: Case) -> str:
    return reverse("closure:victims", kwargs={"reference": case.reference})


def _return_url(request: AuthenticatedHttpRequest, case: Case) -> str:
    """Back to the closing of the case while it is open, else to the victims' closing page."""
    if case.is_open:
        return reverse("cases:status", kwargs={"reference": case.reference})
    return closure_url(case)


@login_required
@require_GET
def victims(request: AuthenticatedHttpRequest, reference):
    case = get_case_for(request.user, reference)
    audit(request, AuditAction.VIEW, "Viewed the victims' closing records", obj=case, case_reference=case.reference)
    return render(
        request,
        "cases/closure/victims.html",
        {
            "case": case,
            "rows": closing_victims(case),
            "history": closure_history(case),
            "can_change": can_change(case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def victim_record(request: AuthenticatedHttpRequest, reference, pk):
    case = get_case_for(request.user, reference, CHANGE)
    victim = _victim(case, pk)
    conflict = None
    if request.method == "POST":
        form = VictimClosureForm(request.POST)

        def save() -> str:
            services.victim_closure_record(
                case=case,
                victim=victim,
                officer=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                **form.service_data(),
            )
            return _return_url(request, case)

        saved, conflict = save_versioned_form(
            request, form, save, f"Closing recorded for {victim.full_name}", conflict=CONFLICT
        )
        if saved:
            return saved
    else:
        form = VictimClosureForm(initial=VictimClosureForm.initial_from(services.current_record(case, victim)))
    return render(
        request,
        "cases/closure/victim_form.html",
        {
            "case": case,
            "victim": victim,
            "form": form,
            "conflict": conflict,
            "return_url": _return_url(request, case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def closing_letter(request: AuthenticatedHttpRequest, reference, pk):
    case = get_case_for(request.user, reference, CHANGE, queryset=Case.objects.select_related("lead_agency"))
    victim = _victim(case, pk)
    if request.method == "POST":
        form = ClosingLetterForm(request.POST)

        def generate() -> str:
            data = form.cleaned_data
            services.closing_letter_generate(
                case=case,
                victim=victim,
                officer=request.user,
                letter=services.ClosingLetter(address=data["address"], salutation=data["salutation"], why=data["why"]),
            )
            return _return_url(request, case)

        saved = save_form(request, form, generate, f"Closing letter to {victim.full_name} generated")
        if saved:
            return saved
    else:
        record = services.current_record(case, victim)
        form = ClosingLetterForm(initial=services.letter_defaults(case, victim, record))
    return render(
        request,
        "cases/closure/letter_form.html",
        {"case": case, "victim": victim, "form": form, "return_url": _return_url(request, case)},
    )
