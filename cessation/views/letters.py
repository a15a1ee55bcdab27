"""The letter to the complainant, and the joint-agency visit to deliver it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from agencies.web import once_only, save_versioned_form
from cases.permissions import CHANGE
from core.http import AuthenticatedHttpRequest
from core.refusals import NotAllowed
from incremental.letter_details import LetterDetails
from incremental.letter_views import letter_steps

from .. import documents, rules, services
from ..forms import (
    LetterForm,
    VisitForm,
    complainants_of,
    only_complainant,
)
from ..models import ComplainantLetter, LetterKind
from ..permissions import get_proposal_for, may_propose
from ..rules import Step
from .common import (
    LEAD_ONLY,
    case_for,
    explains_refusals,
    proposal_url,
    refused_step,
)


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def letter_new(request: AuthenticatedHttpRequest, reference, number):
    """Choose the complainant (when the case has more than one), then the letter's details, its preview and the
    filing on confirmation (incremental.letter_views.letter_steps)."""
    proposal = get_proposal_for(request.user, reference, number, CHANGE)
    case = proposal.case
    if not may_propose(request.user, case):
        raise NotAllowed(LEAD_ONLY)
    if not rules.allows(proposal, Step.WRITE_LETTER):
        return refused_step(request, proposal, Step.WRITE_LETTER)
    complainants = complainants_of(case)
    chosen = request.GET.get("complainant") or request.POST.get("complainant")
    form = LetterForm({"complainant": chosen} if chosen else None, complainants=complainants)
    if chosen is None:
        initial = only_complainant(complainants)
        if initial:
            form = LetterForm({"complainant": initial["complainant"]}, complainants=complainants)
    if not form.is_bound or not form["complainant"].value() or not _valid_choice(form):
        return render(
            request,
            "cessation/letter_new.html",
            {"case": case, "proposal": proposal, "form": form, "has_complainants": complainants.exists()},
        )
    complainant = form.cleaned_data["complainant"]

    def file(details: LetterDetails) -> str:
        services.cessation_letter_generate(
            proposal=proposal, officer=request.user, complainant=complainant, details=details
        )
        return proposal_url(proposal, "letters")

    back = proposal_url(proposal, "letters")
    return letter_steps(
        request,
        person=complainant,
        case=case,
        purpose=f"cessation:{proposal.pk}:{complainant.pk}:{request.user.pk}",
        html=lambda details: documents.cessation_letter_html(proposal, complainant, request.user, details),
        file=file,
        filed="Letter generated and kept on the case",
        context={
            "case": case,
            "what": f"Cessation letter to {complainant.full_name}, on {case.lead_agency}'s letterhead",
            "back": back,
            "back_text": f"Back to cessation proposal {proposal.number}",
            "again": False,
        },
    )


def _valid_choice(form: LetterForm) -> bool:
    return form.is_valid()


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def visit(request: AuthenticatedHttpRequest, reference, pk):
    case = case_for(request, reference, CHANGE)
    letter = get_object_or_404(
        ComplainantLetter.objects.select_related("complainant", "document", "proposal", "visit_recorded_by"),
        case=case,
        pk=pk,
        kind=LetterKind.CESSATION,
    )
    proposal = letter.proposal
    assert proposal is not None  # a cessation letter is about a proposal (a constraint)
    letter.case = proposal.case = letter.document.case = case
    if request.user.agency_id != case.lead_agency_id:
        raise NotAllowed(LEAD_ONLY)
    back = proposal_url(proposal, "letters")
    conflict = None
    if request.method == "POST":
        form = VisitForm(request.POST)

        def write() -> str:
            services.letter_visit_record(
                letter=letter,
                officer=request.user,
                expected_version=form.cleaned_data["version"],
                **form.service_fields(),
            )
            return back

        saved, conflict = save_versioned_form(
            request,
            form,
            write,
            "Joint-agency visit recorded",
            conflict="Someone else recorded the visit while you were filling in the form. Nothing has been saved: "
            "check what it shows now, then record the visit again if it is still needed.",
        )
        if saved:
            return saved
    else:
        initial = {
            "version": letter.version,
            "visit_status": letter.visit_status or None,
            "visit_on": letter.visit_on,
            "visit_agencies": letter.visit_agencies,
            "visit_reason": letter.visit_reason,
        }
        form = VisitForm(initial=initial)
    return render(
        request,
        "cessation/visit.html",
        {"case": case, "letter": letter, "form": form, "conflict": conflict, "back": back},
    )
