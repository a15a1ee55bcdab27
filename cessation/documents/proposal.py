"""The cessation proposal as the JAG receives it."""

from __future__ import annotations

from core import clock
from core.pdf import render_pdf

from ..models import CessationProposal
from ..summary import collated_summary


def render_proposal_pdf(proposal: CessationProposal) -> bytes:
    """The proposal as the JAG receives it: the lead agency's reasoning and the collated summary of the record."""
    proposal = CessationProposal.objects.select_related("proposed_by__agency", "plan_version").get(pk=proposal.pk)
    summary = collated_summary(proposal.case)
    return render_pdf(
        "pdf/cessation/proposal.html",
        {
            "proposal": proposal,
            "case": summary.case,
            "summary": summary,
            "produced_at": clock.localtime(),
        },
    )
