"""Writing a letter: the recipient's details, a preview of the letter as it will be printed, then filing it on the
officer's confirmation. `letter_steps` runs those steps for any letter (the cessation letters use it too); the
views stay thin: the case through the permission helper, the record within it, one service call on confirm."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from agencies.web import once_only, submit_once
from cases.models import Case, Person
from cases.permissions import CONTRIBUTE, get_case_for
from core.forms import apply_service_errors
from core.http import AuthenticatedHttpRequest
from core.once import ONCE_ONLY_FIELD

from .letter_details import LetterDetails, LetterDetailsForm, form_data, prefill, sign, unsign
from .letters import intervention_for_letter, intervention_letter_generate, letter_html
from .models import Intervention

STATE_FIELD = "letter_details"
EXPIRED = "The letter was not filed: its details are out of date. Check them and preview the letter again."
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL)


def letter_body(html: str) -> str:
    """The body of a letter's HTML (what the PDF is laid out from), to show in a page; its own styles stay behind,
    and static/css/letter-preview.css draws it like the printed page."""
    match = _BODY.search(html)
    return match.group(1) if match else ""


def letter_steps(
    request: AuthenticatedHttpRequest,
    *,
    person: Person,
    case: Case,
    purpose: str,
    html: Callable[[LetterDetails], str],
    file: Callable[[LetterDetails], str],
    filed: str,
    context: dict,
) -> HttpResponse:
    """The details form (GET, or "Change" from the preview), the preview (the form posted), and the filing (the
    preview's "File the letter", once however often it is clicked). `purpose` names the letter the details are
    signed for, so a preview of one letter cannot file another; `file` files the letter and returns where to go."""

    def form_page(form: LetterDetailsForm) -> HttpResponse:
        return render(request, "incremental/letters/details.html", context | {"form": form, "person": person})

    if request.method != "POST":
        return form_page(LetterDetailsForm(person=person, initial=prefill(person, case)))
    step = request.POST.get("step", "preview")
    if step == "preview":
        form = LetterDetailsForm(request.POST, person=person)
        if not form.is_valid():
            return form_page(form)
        details = form.details()
        try:
            letter = letter_body(html(details))
        except ValidationError as error:
            apply_service_errors(form, error)
            return form_page(form)
        typed = form_data(form)
        return render(
            request,
            "incremental/letters/preview.html",
            context
            | {
                "person": person,
                "details": details,
                "letter": mark_safe(letter),  # rendered by our own template, every value escaped there
                "state_field": STATE_FIELD,
                "state": sign(typed, purpose=purpose),
                "token_field": ONCE_ONLY_FIELD,
                "token": typed[ONCE_ONLY_FIELD],
            },
        )
    data = unsign(request.POST.get(STATE_FIELD, ""), purpose=purpose)
    if data is None:
        messages.error(request, EXPIRED)
        return form_page(LetterDetailsForm(person=person, initial=prefill(person, case)))
    form = LetterDetailsForm(data, person=person)
    if step == "change" or not form.is_valid():
        return form_page(form)
    details = form.details()
    try:
        url = submit_once(request, lambda: file(details))
    except ValidationError as error:
        apply_service_errors(form, error)
        return form_page(form)
    messages.success(request, filed)
    return redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
@once_only
def letter_generate(request: AuthenticatedHttpRequest, reference, pk):
    case = get_case_for(request.user, reference, CONTRIBUTE)
    intervention = get_object_or_404(Intervention.objects.select_related("kind"), case=case, pk=pk)
    detail = reverse("incremental:intervention_detail", kwargs={"reference": case.reference, "pk": intervention.pk})
    if not intervention.kind.letter:
        messages.error(request, f"{intervention.kind_name} has no letter to generate")
        return redirect(detail)
    intervention = intervention_for_letter(intervention)

    def file(details: LetterDetails) -> str:
        intervention_letter_generate(intervention=intervention, officer=request.user, details=details)
        return detail

    return letter_steps(
        request,
        person=intervention.person,
        case=case,
        purpose=f"intervention:{intervention.pk}:{request.user.pk}",
        html=lambda details: letter_html(intervention, details),
        file=file,
        filed=f"Letter filed: {intervention.kind_name} to {intervention.person.full_name}",
        context={
            "case": case,
            "what": f"{intervention.kind_name} to {intervention.person.full_name}",
            "back": detail,
            "back_text": f"Back to the {intervention.kind_name.lower()}",
            "again": intervention.letter_id is not None,
        },
    )
