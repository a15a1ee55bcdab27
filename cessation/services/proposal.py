"""The lead agency proposes cessation (onto the JAG's next agenda), or withdraws its proposal."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction

from agencies.models import AuditAction, Officer
from cases.meetings.services import agenda_put_case
from cases.models import AgendaReason, Case, EntryKind
from cases.record import audit_case, write_entry
from cases.services import document_store

from .. import documents
from ..models import CessationProposal, ProposalStatus
from ..permissions import may_propose
from ..rules import Step, proposal_missing, require
from .common import PDF, lock_proposal, notify, set_status


@transaction.atomic
def cessation_propose(*, case: Case, officer: Officer, reasoning: str) -> CessationProposal:
    """The lead agency proposes to cease a long-standing case that has a plan; it goes onto the JAG's next agenda."""
    case = Case.objects.select_for_update().select_related("jag", "lead_agency", "lead_officer").get(pk=case.pk)
    if not may_propose(officer, case):
        raise PermissionDenied("Only the lead agency proposes cessation")
    missing = proposal_missing(case)
    if missing:
        raise ValidationError(missing)
    reasoning = reasoning.strip()
    if not reasoning:
        raise ValidationError({"reasoning": "Enter the lead agency's reasoning for cessation"})
    number = (CessationProposal.objects.filter(case=case).aggregate(n=models.Max("number"))["n"] or 0) + 1
    proposal = CessationProposal(
        case=case,
        number=number,
        plan_version=case.plan_versions.order_by("-number").first(),
        reasoning=reasoning,
        proposed_by=officer,
    )
    proposal.full_clean(exclude=["document"])
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError:
        raise ValidationError("A cessation proposal is already in progress on this case") from None
    proposal.document = document_store(
        case=case,
        officer=officer,
        content=documents.render_proposal_pdf(proposal),
        filename=f"{case.reference}-cessation-proposal-{number}.pdf",
        content_type=PDF,
        title=f"Cessation proposal {number}",
        description="The lead agency's reasoning and the collated summary, as submitted to the JAG.",
    )
    proposal.save(update_fields=["document"])
    item = agenda_put_case(case=case, reason=AgendaReason.CESSATION_PROPOSAL, officer=officer)
    where = f"the agenda of the {item.meeting}" if item else f"the next agenda of {case.jag}"
    write_entry(
        case=case,
        officer=officer,
        kind=EntryKind.DECISION,
        text=f"Cessation proposed by {case.lead_agency} ({officer.display_name}); it goes onto {where}. "
        f"Reasoning: {reasoning}",
    )
    audit_case(officer, AuditAction.CREATE, f"Proposed cessation ({number})", case, obj=proposal)
    notify(
        [case.jag.chair],
        f"Cessation proposed on {case.reference} by {case.lead_agency.short_name}: awaiting the JAG's decision",
        proposal.get_absolute_url(),
        f"cessation:{proposal.pk}:proposed",
    )
    return proposal


@transaction.atomic
def cessation_withdraw(*, proposal: CessationProposal, officer: Officer, reason: str) -> CessationProposal:
    proposal = lock_proposal(proposal)
    if not may_propose(officer, proposal.case):
        raise PermissionDenied("Only the lead agency withdraws its proposal")
    require(proposal, Step.WITHDRAW)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the proposal is withdrawn"})
    proposal.withdrawn_reason = reason
    proposal.save(update_fields=["withdrawn_reason"])
    set_status(proposal, ProposalStatus.WITHDRAWN, ended=True)
    write_entry(
        case=proposal.case,
        officer=officer,
        kind=EntryKind.DECISION,
        text=f"Cessation proposal {proposal.number} withdrawn by {proposal.case.lead_agency}: {reason}",
    )
    audit_case(officer, AuditAction.CHANGE, f"Withdrew cessation proposal {proposal.number}", proposal.case, proposal)
    return proposal
