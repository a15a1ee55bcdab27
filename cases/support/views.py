"""Support referrals and IOM referrals on a case: make the referral, then record each step, each on the chronology."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from agencies.models import AuditAction
from agencies.web import audit, once_only, save_form, save_versioned_form
from core import clock
from core.http import AuthenticatedHttpRequest

from ..back import BackLink, back_link
from ..models import Case, IomReferral, PersonRole, SupportReferral
from ..permissions import CONTRIBUTE, can_contribute, get_case_for
from . import services
from .forms import (
    EngagedForm,
    FollowUpForm,
    IomDecisionForm,
    IomReferralForm,
    OutcomeForm,
    ReferralForm,
    ResponseForm,
)
from .selectors import IOM_RELATED, REFERRAL_RELATED, case_people_choices, services_for

CONFLICT = (
    "Someone else recorded a step on this referral while you were editing it. Your changes have not been saved: "
    "check the referral as it is now below, then make your changes again."
)


def _referral(case: Case, pk: int) -> SupportReferral:
    return get_object_or_404(SupportReferral.objects.select_related(*REFERRAL_RELATED), case=case, pk=pk)


def referral_url(referral: SupportReferral) -> str:
    return reverse("support:detail", kwargs={"reference": referral.case.reference, "pk": referral.pk})


def _chosen_person(request, people):
    """The person the page was opened for (?person=<id>), if they are one of `people`."""
    raw = request.GET.get("person", "")
    return people.filter(pk=int(raw)).first() if raw.isascii() and raw.isdigit() and len(raw) < 12 else None


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def referral_create(request: AuthenticatedHttpRequest, reference):
    case = get_case_for(request.user, reference, CONTRIBUTE)
    people = case_people_choices(case)
    person = _chosen_person(request, people)
    # The services the chosen person may be referred to; with nobody chosen yet, every active service (the service
    # refuses a victims' service for a perpetrator).
    roles: set[str] = (
        services.person_roles(case, person) if person else {PersonRole.COMPLAINANT, PersonRole.PERPETRATOR}
    )
    offered = services_for(roles)
    if request.method == "POST":
        form = ReferralForm(request.POST, people=people, services=services_for(set(PersonRole.values)))

        def make() -> str:
            data = form.cleaned_data
            referral = services.referral_make(
                case=case,
                officer=request.user,
                person=data["person"],
                service=data["service"],
                reason=data["reason"],
                referred_on=data["referred_on"],
                consent_given=data["consent_given"],
                consent_on=data["consent_on"],
                consent_method=data["consent_method"],
                lawful_basis=data["lawful_basis"],
                lawful_basis_explanation=data["lawful_basis_explanation"],
                follow_up_on=data["follow_up_on"],
            )
            return referral_url(referral)

        saved = save_form(request, form, make, "Support referral recorded")
        if saved:
            return saved
    else:
        form = ReferralForm(
            people=people,
            services=offered,
            initial={
                "person": person.pk if person else None,
                "referred_on": clock.today(),
                "follow_up_on": services.default_follow_up(),
            },
        )
    return render(
        request,
        "cases/support/referral_form.html",
        {
            "case": case,
            "form": form,
            "person": person,
            "has_people": people.exists(),
            "return_url": reverse("cases:people", kwargs={"reference": case.reference}) + "#support",
        },
    )


@login_required
def referral_detail(request: AuthenticatedHttpRequest, reference, pk):
    case = get_case_for(request.user, reference)
    referral = _referral(case, pk)
    audit(
        request,
        AuditAction.VIEW,
        f"Viewed the referral of {referral.person} to {referral.service_name}",
        obj=referral,
        case_reference=case.reference,
    )
    # Back to the page the officer came from (the people, a victim's or the person's page), else the people.
    back = back_link(request)
    return render(
        request,
        "cases/support/referral_detail.html",
        {
            "case": case,
            "referral": referral,
            "back": back
            if back.given
            else BackLink(reverse("cases:people", args=[case.reference]) + "#support", f"Back to case {case}"),
            "can_contribute": can_contribute(case),
            "can_respond": services.can_respond(referral),
            "can_record_engaged": services.can_record_engaged(referral),
            "can_record_outcome": services.can_record_outcome(referral),
            "today": clock.today(),
        },
    )


def _step(
    request: AuthenticatedHttpRequest,
    reference: str,
    pk: int,
    *,
    form_class,
    fields: tuple[str, ...],
    initial: dict,
    write: Callable[..., SupportReferral],
    template: str,
    success: str,
):
    """One step on a referral: the form carries the version the officer saw, and a stale save is refused."""
    case = get_case_for(request.user, reference, CONTRIBUTE)
    referral = _referral(case, pk)
    conflict = None
    if request.method == "POST":
        form = form_class(request.POST)

        def save() -> str:
            data = form.cleaned_data
            saved = write(
                referral=referral,
                officer=request.user,
                expected_version=data["version"] or 0,
                **{field: data[field] for field in fields},
            )
            return referral_url(saved)

        response, conflict = save_versioned_form(request, form, save, success, conflict=CONFLICT)
        if response:
            return response
    else:
        form = form_class(initial=initial | {"version": referral.version})
    return render(
        request,
        template,
        {"case": case, "referral": conflict or referral, "form": form, "conflict": conflict},
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def referral_response(request: AuthenticatedHttpRequest, reference, pk):
    return _step(
        request,
        reference,
        pk,
        form_class=ResponseForm,
        fields=("accepted", "responded_on", "decline_reason", "follow_up_on"),
        initial={"responded_on": clock.today(), "follow_up_on": services.default_follow_up()},
        write=services.referral_respond,
        template="cases/support/response_form.html",
        success="The service's response is recorded",
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def referral_engaged(request: AuthenticatedHttpRequest, reference, pk):
    return _step(
        request,
        reference,
        pk,
        form_class=EngagedForm,
        fields=("engaged_on", "follow_up_on"),
        initial={"engaged_on": clock.today(), "follow_up_on": services.default_follow_up()},
        write=services.referral_record_engaged,
        template="cases/support/engaged_form.html",
        success="Engagement recorded",
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def referral_outcome(request: AuthenticatedHttpRequest, reference, pk):
    return _step(
        request,
        reference,
        pk,
        form_class=OutcomeForm,
        fields=("outcome", "closed_on", "outcome_notes"),
        initial={"closed_on": clock.today()},
        write=services.referral_close,
        template="cases/support/outcome_form.html",
        success="Referral closed with its outcome",
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def referral_follow_up(request: AuthenticatedHttpRequest, reference, pk):
    case = get_case_for(request.user, reference, CONTRIBUTE)
    referral = _referral(case, pk)
    return _step(
        request,
        reference,
        pk,
        form_class=FollowUpForm,
        fields=("follow_up_on",),
        initial={"follow_up_on": referral.follow_up_on},
        write=services.referral_set_follow_up,
        template="cases/support/follow_up_form.html",
        success="Follow-up date changed",
    )


# IOM referrals --------------------------------------------------------------------------------------------------


def _iom_referral(case: Case, pk: int) -> IomReferral:
    return get_object_or_404(IomReferral.objects.select_related(*IOM_RELATED), case=case, pk=pk)


def iom_url(referral: IomReferral) -> str:
    return reverse("support:iom_detail", kwargs={"reference": referral.case.reference, "pk": referral.pk})


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def iom_create(request: AuthenticatedHttpRequest, reference):
    case = get_case_for(request.user, reference, CONTRIBUTE)
    people = case_people_choices(case, PersonRole.PERPETRATOR)
    person = _chosen_person(request, people)
    if request.method == "POST":
        form = IomReferralForm(request.POST, people=people)

        def refer() -> str:
            data = form.cleaned_data
            referral = services.iom_refer(
                case=case,
                officer=request.user,
                person=data["person"],
                reasons=data["reasons"],
                referred_on=data["referred_on"],
            )
            return iom_url(referral)

        saved = save_form(request, form, refer, "IOM referral recorded")
        if saved:
            return saved
    else:
        form = IomReferralForm(
            people=people, initial={"person": person.pk if person else None, "referred_on": clock.today()}
        )
    return render(
        request,
        "cases/support/iom_form.html",
        {
            "case": case,
            "form": form,
            "has_people": people.exists(),
            "return_url": reverse("cases:interventions", kwargs={"reference": case.reference}),
        },
    )


@login_required
def iom_detail(request: AuthenticatedHttpRequest, reference, pk):
    case = get_case_for(request.user, reference)
    referral = _iom_referral(case, pk)
    audit(
        request,
        AuditAction.VIEW,
        f"Viewed the IOM referral of {referral.person}",
        obj=referral,
        case_reference=case.reference,
    )
    return render(
        request,
        "cases/support/iom_detail.html",
        {"case": case, "referral": referral, "can_contribute": can_contribute(case)},
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def iom_decision(request: AuthenticatedHttpRequest, reference, pk):
    case = get_case_for(request.user, reference, CONTRIBUTE)
    referral = _iom_referral(case, pk)
    conflict = None
    if request.method == "POST":
        form = IomDecisionForm(request.POST)

        def save() -> str:
            data = form.cleaned_data
            saved = services.iom_decide(
                referral=referral,
                officer=request.user,
                expected_version=data["version"] or 0,
                decision=data["decision"],
                decided_on=data["decided_on"],
                decision_notes=data["decision_notes"],
                lead_name=data["lead_name"],
                lead_agency=data["lead_agency"],
                lead_officer=data["lead_officer"],
            )
            return iom_url(saved)

        response, conflict = save_versioned_form(
            request, form, save, "The IOM panel's decision is recorded", conflict=CONFLICT
        )
        if response:
            return response
    else:
        form = IomDecisionForm(initial={"decided_on": clock.today(), "version": referral.version})
    return render(
        request,
        "cases/support/iom_decision_form.html",
        {"case": case, "referral": conflict or referral, "form": form, "conflict": conflict},
    )
