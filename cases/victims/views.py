"""A victim's page within the case, and the forms for their contact plan, the updates given and their assessment.

Each view fetches the case through the permission helper first (404 for anyone who may not know it exists) and then
the victim among the case's complainants (404 for any other person or role)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from agencies.models import AuditAction
from agencies.web import audit, once_only, save_form, save_versioned_form
from core import clock
from core.http import AuthenticatedHttpRequest

from ..band_steps import second_step
from ..models import Case, CasePerson, CasePolicy, RiskBand, VictimAssessment, VictimContact, VictimContactChange
from ..permissions import CONTRIBUTE, VIEW, can_contribute, get_case_for
from ..selectors import repeat_victim_ids
from . import services
from .forms import AssessmentForm, ContactForm, ContactPlanForm
from .selectors import contact_status, plan_for, victim_on_case

CONTACTS_PAGE_SIZE = 25


def victim_url(case: Case, link: CasePerson, anchor: str = "") -> str:
    return reverse("victims:detail", kwargs={"reference": case.reference, "pk": link.pk}) + anchor


def _victim(request: AuthenticatedHttpRequest, reference: str, pk: int, need: str = VIEW):
    case = get_case_for(request.user, reference, need, queryset=Case.objects.select_related("lead_agency", "category"))
    return case, victim_on_case(case, pk)


@login_required
def detail(request: AuthenticatedHttpRequest, reference, pk):
    case, link = _victim(request, reference, pk)
    victim = link.person
    audit(request, AuditAction.VIEW, f"Viewed victim {victim.full_name}", obj=link, case_reference=case.reference)
    plan = plan_for(case, link)
    today = clock.today()
    contacts = VictimContact.objects.filter(case=case, victim=victim).select_related("officer")
    assessments = list(VictimAssessment.objects.filter(case=case, victim=victim).select_related("assessed_by")[:50])
    return render(
        request,
        "cases/victims/detail.html",
        {
            "case": case,
            "link": link,
            "victim": victim,
            "plan": plan,
            "status": contact_status(plan.next_contact_due if plan else None, today),
            "days_overdue": (today - plan.next_contact_due).days if plan and plan.next_contact_due < today else 0,
            "spoc_history": VictimContactChange.objects.filter(case=case, victim=victim).select_related(
                "spoc__agency", "previous", "changed_by"
            )[:20],
            "page": Paginator(contacts, CONTACTS_PAGE_SIZE).get_page(request.GET.get("page")),
            "assessment": assessments[0] if assessments else None,
            "assessments": assessments,
            "repeat": victim.pk in repeat_victim_ids([victim.pk]),
            "can_contribute": can_contribute(case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def contact_plan(request: AuthenticatedHttpRequest, reference, pk):
    case, link = _victim(request, reference, pk, CONTRIBUTE)
    victim = link.person
    plan = plan_for(case, link)
    band = services.latest_band(case, victim)
    policy = CasePolicy.current()
    kwargs = {
        "spocs": services.spoc_choices(case),
        "default_days": policy.victim_contact_days(band),
        "band_label": f"{RiskBand(band).label.lower()} risk" if band else "not yet assessed, as standard",
    }
    conflict = None
    if request.method == "POST":
        form = ContactPlanForm(request.POST, **kwargs)

        def save() -> str:
            services.contact_plan_save(
                case=case,
                victim=victim,
                officer=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                **form.plan_fields(),
            )
            return victim_url(case, link, "#contact-plan")

        response, conflict = save_versioned_form(
            request,
            form,
            save,
            "Contact plan saved",
            conflict="Someone else saved this victim's contact plan while you were editing it. Your changes have not "
            "been saved: check the current plan below, then make your changes again.",
        )
        if response:
            return response
    elif plan:
        form = ContactPlanForm(
            initial={
                "spoc": plan.spoc_id,
                "frequency_days": plan.frequency_days if plan.frequency_chosen else None,
                "methods": plan.methods,
                "safe_times": plan.safe_times,
                "safe_ways": plan.safe_ways,
                "language": plan.language,
                "interpreter_needed": "yes" if plan.interpreter_needed else "no",
                "accessibility_needs": plan.accessibility_needs,
                "others_to_speak_to": plan.others_to_speak_to,
                "version": plan.version,
            },
            **kwargs,
        )
    else:
        form = ContactPlanForm(initial={"spoc": request.user.pk, "version": 0}, **kwargs)
    return render(
        request,
        "cases/victims/contact_plan_form.html",
        {
            "case": case,
            "link": link,
            "victim": victim,
            "form": form,
            "plan": plan if conflict is None else plan_for(case, link),
            "conflict": conflict,
            "return_url": victim_url(case, link),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def contact_add(request: AuthenticatedHttpRequest, reference, pk):
    case, link = _victim(request, reference, pk, CONTRIBUTE)
    if request.method == "POST":
        form = ContactForm(request.POST)

        def record() -> str:
            data = form.cleaned_data
            services.contact_log(
                case=case,
                victim=link.person,
                officer=request.user,
                contacted_at=data["contacted_at"],
                method=data["method"],
                summary=data["summary"],
            )
            return victim_url(case, link, "#contacts")

        saved = save_form(request, form, record, "Update given recorded")
        if saved:
            return saved
    else:
        form = ContactForm(initial={"contacted_on": clock.today(), "contacted_time": f"{clock.localtime():%H:%M}"})
    return render(
        request,
        "cases/victims/contact_form.html",
        {"case": case, "link": link, "victim": link.person, "form": form, "return_url": victim_url(case, link)},
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def assess(request: AuthenticatedHttpRequest, reference, pk):
    """The answers first; "Calculate band" shows the band they give and asks whether to change it; "Save" saves the
    assessment only when the band the officer was shown is still the one the answers give."""
    case, link = _victim(request, reference, pk, CONTRIBUTE)
    policy = CasePolicy.current()
    calculated = None
    if request.method == "POST":
        form = AssessmentForm(request.POST)
        calculating = "calculate" in request.POST
        if form.is_valid() and form.band_was_shown and not calculating:

            def save() -> str:
                services.victim_assess(case=case, victim=link.person, officer=request.user, **form.assessment_fields())
                return victim_url(case, link, "#assessment")

            saved = save_form(request, form, save, "Victim risk assessment saved")
            if saved:
                return saved
        band = second_step(form, calculating=calculating)
        if band is not None:
            days = policy.victim_contact_days(band)
            calculated = {"band": band, "days": days, "next": clock.today() + datetime.timedelta(days=days)}
    else:
        form = AssessmentForm()
    return render(
        request,
        "cases/victims/assessment_form.html",
        {
            "case": case,
            "link": link,
            "victim": link.person,
            "form": form,
            "calculated": calculated,
            "rule": services.BAND_RULE,
            "policy": policy,
            "return_url": victim_url(case, link),
        },
    )
