"""Generating an intervention's letter again (a new PDF on the case). Thin: the case through the permission helper,
the intervention within it, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from agencies.web import once_only, submit_once
from cases.permissions import CONTRIBUTE, get_case_for
from core.http import AuthenticatedHttpRequest

from .letters import intervention_letter_generate
from .models import Intervention


@login_required
@once_only
def letter_generate(request: AuthenticatedHttpRequest, reference, pk):
    case = get_case_for(request.user, reference, CONTRIBUTE)
    intervention = get_object_or_404(Intervention.objects.select_related("kind"), case=case, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    detail = reverse("incremental:intervention_detail", kwargs={"reference": case.reference, "pk": intervention.pk})
    generated = []

    def generate() -> str:
        generated.append(intervention_letter_generate(intervention=intervention, officer=request.user))
        return detail

    try:
        submit_once(request, generate)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if generated:
            messages.success(request, f"Letter generated: {generated[0].title}")
    return redirect(detail)
