"""The cessation card on the case page, the service navigation's Cessation link, the link from a JAG meeting's
agenda item to the proposal's positions and decision, and a SHA-256 that wraps."""

import datetime

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from agencies.roles import Role, held_roles
from cases.models import AgendaReason, Case, CaseStatus
from cases.permissions import CONTRIBUTE, case_permissions

from .. import rules, selectors
from ..base_views import on_case
from ..models import CessationProposal
from ..permissions import may_propose

register = template.Library()

QUEUE_ROLES = frozenset(
    {Role.JAG_CHAIR, Role.LPU_COMMANDER, Role.LA_COMMUNITY_SAFETY_MANAGER, Role.COUNTY_COMMUNITY_SAFETY_TEAM}
)


@register.inclusion_tag("cessation/card.html", takes_context=True)
def cessation_card(context, case: Case):
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
        "closure_reports": on_case(record["closure_reports"], case),
        "letters": on_case(record["letters"], case),
        "further_reports": record["further_reports"],
        "opened_from": record["opened_from"],
    }


@register.filter
def may_see_cessation_queue(user) -> bool:
    """The service navigation's Cessation link: JAG chairs, LPU commanders, LA community safety managers and the
    County Community Safety Team."""
    return bool(held_roles(user) & QUEUE_ROLES)


@register.simple_tag
def cessation_meeting_url(case: Case, item) -> str:
    """The page of the positions and the decision at the agenda item's meeting, on the case's latest cessation
    proposal made by the day of the meeting ("" when the item is not about one)."""
    if AgendaReason.CESSATION_PROPOSAL not in item.reasons.split(","):
        return ""
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


@register.filter
def breakable(value: str, every: int = 16) -> SafeString:
    """A long unbroken string (a SHA-256) with places to wrap every `every` characters."""
    text = str(value)
    return format_html_join(mark_safe("<wbr>"), "{}", ((text[i : i + every],) for i in range(0, len(text), every)))


@register.filter
def last_day(access_until: datetime.datetime) -> datetime.date:
    """The last day of a peer reviewer's access (it ends at the start of the next day)."""
    return timezone.localtime(access_until - datetime.timedelta(microseconds=1)).date()
