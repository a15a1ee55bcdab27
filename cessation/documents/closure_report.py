"""The closure report, draft or signed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from core import clock
from core.pdf import render_pdf

from ..models import AgencyPosition, CessationProposal, ClosureReport, JagDecision, Outcome
from ..selectors import peer_reviews_of
from ..summary import collated_summary
from .words import signer_name


@dataclass
class MeetingPositions:
    meeting: object
    positions: list[AgencyPosition]

    @property
    def unanimous_for_closure(self) -> bool:
        return bool(self.positions) and all(p.position == "close" for p in self.positions)


def _positions_by_meeting(proposal: CessationProposal) -> list[MeetingPositions]:
    rows = (
        AgencyPosition.objects.filter(proposal=proposal)
        .select_related("meeting__jag", "agency", "recorded_by")
        .order_by("meeting__starts_at", "agency__name")
    )
    grouped: dict[int, MeetingPositions] = {}
    for row in rows:
        grouped.setdefault(row.meeting_id, MeetingPositions(row.meeting, [])).positions.append(row)
    return list(grouped.values())


def _decisions(proposal: CessationProposal) -> list[JagDecision]:
    return list(
        JagDecision.objects.filter(proposal=proposal)
        .select_related("meeting__jag", "decided_by__agency", "after_peer_review__reviewer")
        .order_by("decided_at", "pk")
    )


def render_closure_report_pdf(
    proposal: CessationProposal,
    *,
    number: int,
    signer,
    signed_at: datetime.datetime | None,
    signer_role: str,
    draft: bool = False,
) -> bytes:
    """The closure report: the reasons, the interventions taken on each perpetrator, the agencies' positions, the
    peer review's outcome, the JAG's decision(s) and the date, with the chair's signature block (empty, and every
    page marked DRAFT – NOT SIGNED, for a draft)."""
    proposal = CessationProposal.objects.select_related("proposed_by__agency", "plan_version").get(pk=proposal.pk)
    summary = collated_summary(proposal.case)
    decisions = _decisions(proposal)
    close_decisions = [d for d in decisions if d.outcome == Outcome.CLOSE]
    earlier_versions = list(
        ClosureReport.objects.filter(proposal=proposal, number__lt=number).select_related("document").order_by("number")
    )
    signed_local = timezone.localtime(signed_at) if signed_at and not draft else None
    return render_pdf(
        "pdf/cessation/closure_report.html",
        {
            "proposal": proposal,
            "case": summary.case,
            "summary": summary,
            "number": number,
            "draft": draft,
            "signer_name": "" if draft else signer_name(signer),
            "signer_role": "" if draft else signer_role,
            "signed_at": signed_local,
            "report_date": (signed_local or clock.localtime()).date(),
            "positions": _positions_by_meeting(proposal),
            "decisions": decisions,
            "close_decision": close_decisions[-1] if close_decisions else None,
            "peer_reviews": peer_reviews_of([proposal]),
            "earlier_versions": earlier_versions,
            "produced_at": clock.localtime(),
        },
    )
