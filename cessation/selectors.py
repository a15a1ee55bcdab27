"""Reads of the cessation workflow that more than one page needs, each starting from what the user may see."""

from django.db import models
from django.db.models import Exists, OuterRef

from cases.models import Case, CaseStatus
from cases.permissions import visible_case_q
from core import clock

from .models import (
    ACTIVE_STATUSES,
    CessationProposal,
    ClosureReport,
    ComplainantLetter,
    FurtherReport,
    FurtherReportStatus,
    PeerReview,
    ProposalStatus,
)
from .permissions import jags_reviewed_by

_PROPOSAL_RELATED = ("case__jag", "case__lead_agency", "case__lead_officer", "proposed_by")


def proposals_for_agenda(meeting, managed: models.QuerySet[Case]) -> models.QuerySet:
    """The agenda source: the JAG's cases with a proposal awaiting its decision (first, or after a peer review)."""
    awaiting = CessationProposal.objects.filter(
        case_id=OuterRef("pk"), status__in=[ProposalStatus.AWAITING_DECISION, ProposalStatus.REVIEWED]
    )
    return managed.filter(Exists(awaiting)).values_list("pk", flat=True)


def chair_queue(user) -> dict[str, list[CessationProposal]]:
    """For the chair of JAGs: proposals awaiting the JAG's decision, closure reports awaiting signature, and
    proposals out for peer review."""
    if not user.is_authenticated or not user.is_active:
        return {"awaiting_decision": [], "awaiting_signature": [], "awaiting_review": []}
    chaired = CessationProposal.objects.filter(case__jag__chair_id=user.pk).select_related(*_PROPOSAL_RELATED)
    return {
        "awaiting_decision": list(
            chaired.filter(status__in=[ProposalStatus.AWAITING_DECISION, ProposalStatus.REVIEWED]).order_by(
                "proposed_at", "pk"
            )
        ),
        "awaiting_signature": list(chaired.filter(status=ProposalStatus.CLOSE_DECIDED).order_by("proposed_at", "pk")),
        "awaiting_review": list(chaired.filter(status=ProposalStatus.PEER_REVIEW).order_by("proposed_at", "pk")),
    }


def reviewer_queue(user) -> list[PeerReview]:
    """The peer reviews the user is named for whose access has not ended (answered ones too, until then)."""
    if not user.is_authenticated or not user.is_active:
        return []
    return list(
        PeerReview.objects.filter(reviewer=user, access_until__gt=clock.now())
        .select_related("proposal__case__jag", "proposal__case__lead_agency", "requested_by", "reviewer_jag")
        .order_by("answered_at", "access_until", "pk")
    )


def further_report_queue(user) -> list[FurtherReport]:
    """Further reports on the same circumstances awaiting the review of an LPU commander or LA community safety
    manager of a member agency of the case's JAG."""
    jags = jags_reviewed_by(user)
    return list(
        FurtherReport.objects.filter(status=FurtherReportStatus.AWAITING_REVIEW, case__jag__in=jags)
        .select_related("case__jag", "case__lead_agency", "complainant", "recorded_by")
        .order_by("received_on", "pk")
    )


def lead_officer_queue(user) -> dict[str, list]:
    """The user's agency's proposals in progress, and ceased cases it leads with no cessation letter yet."""
    if not user.is_authenticated or not user.is_active or user.agency_id is None:
        return {"in_progress": [], "letters_due": []}
    led = CessationProposal.objects.filter(case__lead_agency_id=user.agency_id).filter(visible_case_q(user, "case_id"))
    letter = ComplainantLetter.objects.filter(proposal_id=OuterRef("pk"))
    return {
        "in_progress": list(led.filter(status__in=ACTIVE_STATUSES).select_related(*_PROPOSAL_RELATED)),
        "letters_due": list(
            led.filter(status=ProposalStatus.CEASED)
            .filter(~Exists(letter))
            .select_related(*_PROPOSAL_RELATED)
            .order_by("ended_at", "pk")
        ),
    }


def case_cessation(case: Case) -> dict:
    """Everything the case page shows of the case's cessation. On the many cases with no proposal that is two
    queries: closure reports and letters come only with a proposal, further reports only on a ceased case. The
    caller has checked that the user may see the case."""
    proposals = list(
        CessationProposal.objects.filter(case=case).select_related("proposed_by", "document").order_by("-number")
    )
    current = next((p for p in proposals if p.status in ACTIVE_STATUSES or p.status == ProposalStatus.CEASED), None)
    reports, letters, further = [], [], []
    if proposals:
        reports = list(
            ClosureReport.objects.filter(proposal__case=case).select_related("document", "signed_by").order_by("number")
        )
        letters = list(
            ComplainantLetter.objects.filter(case=case).select_related("complainant", "document", "visit_recorded_by")
        )
    if case.status == CaseStatus.CEASED:
        further = list(
            FurtherReport.objects.filter(case=case).select_related(
                "complainant", "new_case", "recorded_by", "reviewed_by"
            )
        )
    return {
        "proposals": proposals,
        "current": current,
        "closure_reports": reports,
        "letters": letters,
        "further_reports": further,
        "opened_from": list(FurtherReport.objects.filter(new_case=case).values_list("case__reference", flat=True)),
    }


def on_case(records, case) -> list:
    """The records (closure reports, letters) with their documents' case set, so that a list of download links
    (Document.get_absolute_url names the case) reads no case per row."""
    records = list(records)
    for record in records:
        record.document.case = case
    return records


def peer_reviews_of(proposals) -> list[PeerReview]:
    """The peer reviews of the proposals, in the order they were asked for."""
    return list(
        PeerReview.objects.filter(proposal__in=proposals)
        .select_related("proposal", "reviewer__agency", "reviewer_jag", "requested_by")
        .order_by("requested_at", "pk")
    )
