"""What cessation adds to the pages of the case file (registered in cessation.apps): the cessation card on the case
page, and the link from a JAG agenda item about a proposal to the positions and decision at that meeting."""

from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseStatus
from cases.permissions import CONTRIBUTE, case_permissions

from . import rules, selectors
from .models import CessationProposal
from .permissions import may_propose

CARD_TEMPLATE = "cessation/card.html"
MEETING_LINK_TEXT = "Cessation proposal: positions and decision"


def cessation_card(context, case: Case) -> dict:
    """The case's cessation: the current (or last) proposal, what the viewer may do next, and the documents."""
    user = context["request"].user
    record = selectors.case_cessation(case)
    proposals = record["proposals"]
    shown = record["current"] or (proposals[0] if proposals else None)
    lead = may_propose(user, case)
    open_case = case.status == CaseStatus.OPEN
    active = shown is not None and shown.is_active
    missing = rules.proposal_missing(case) if lead and open_case and not active else []
    if shown is not None:
        shown.case = case
    perms = getattr(case, "user_permissions", None)
    if perms is None:
        perms = case_permissions(user, case)
    return {
        "case": case,
        "proposal": shown,
        "earlier": [p for p in proposals if shown is None or p.pk != shown.pk],
        "may_propose": lead and open_case and not active and not missing,
        "missing": missing,
        "is_lead": lead,
        "may_record_further": case.status == CaseStatus.CEASED and CONTRIBUTE in perms,
        "closure_reports": selectors.on_case(record["closure_reports"], case),
        "letters": selectors.on_case(record["letters"], case),
        "further_reports": record["further_reports"],
        "opened_from": record["opened_from"],
    }


def proposal_meeting_url(case: Case, item) -> str:
    """The page of the positions and the decision at the agenda item's meeting, on the case's latest cessation
    proposal made by the day of the meeting ("" when there is none); the link from an agenda item there for a
    cessation proposal (cases.meetings.sources)."""
    day = timezone.localdate(item.meeting.starts_at)
    proposal = (
        CessationProposal.objects.filter(case_id=item.case_id, proposed_at__date__lte=day)
        .order_by("-proposed_at", "-pk")
        .first()
    )
    if proposal is None:
        return ""
    return reverse(
        "cessation:meeting",
        kwargs={"reference": case.reference, "number": proposal.number, "meeting_pk": item.meeting_id},
    )
