"""What the cessation pages share: refusals that say why (on the cessation page) and their texts, the case and the
meeting a page is about, and the URLs of a proposal's pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from cases.models import Case
from cases.permissions import VIEW, get_case_for
from core.http import AuthenticatedHttpRequest
from core.refusals import explains_refusals_with
from jag.models import Meeting

from .. import rules
from ..models import CessationProposal
from ..rules import Step

explains_refusals = explains_refusals_with("cessation/not_allowed.html")


CHAIR_ONLY = "Only the chair of the JAG that manages the case can do this."
RUNNERS_ONLY = "Only the chair and the members of the JAG that manages the case can record the agencies' positions."
LEAD_ONLY = "Only officers of the case's lead agency can do this."


CASE_RELATED = ("jag", "jag__chair", "lead_agency", "lead_officer", "category")


def case_for(request: AuthenticatedHttpRequest, reference: str, need: str = VIEW) -> Case:
    return get_case_for(request.user, reference, need, queryset=Case.objects.select_related(*CASE_RELATED))


def proposal_url(proposal: CessationProposal, anchor: str = "") -> str:
    return proposal.get_absolute_url() + (f"#{anchor}" if anchor else "")


def meeting_url(proposal: CessationProposal, meeting: Meeting, anchor: str = "") -> str:
    url = reverse(
        "cessation:meeting",
        kwargs={"reference": proposal.case.reference, "number": proposal.number, "meeting_pk": meeting.pk},
    )
    return url + (f"#{anchor}" if anchor else "")


def refused_step(request: AuthenticatedHttpRequest, proposal: CessationProposal, step: Step):
    """Back to the proposal, saying why the step cannot be taken now."""
    try:
        rules.require(proposal, step)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(proposal_url(proposal))


def meeting_of(proposal: CessationProposal, meeting_pk: int) -> Meeting:
    """A meeting of the JAG that manages the case (anything else is "not found")."""
    return get_object_or_404(
        Meeting.objects.select_related("jag", "jag__chair"), pk=meeting_pk, jag_id=proposal.case.jag_id
    )
