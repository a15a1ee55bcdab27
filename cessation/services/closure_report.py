"""The closure report: the chair signs it by re-entering their password, and the case is ceased; a corrected report
is a new signed version."""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from agencies.models import AuditAction, Officer
from cases.models import EntryKind
from cases.record import audit_case, write_entry
from cases.services import case_cease, document_store
from core import clock

from .. import documents
from ..models import CessationProposal, ClosureReport, ProposalStatus
from ..permissions import may_chair
from ..rules import Step, require
from .common import PDF, lock_proposal, notify, set_status


def signer_role(officer: Officer | None, proposal: CessationProposal) -> str:
    """The signer's role under their name (a draft's chair may not be named yet)."""
    return f"Chair, {proposal.case.jag}"


def _check_password(officer: Officer, password: str) -> None:
    if not password or not officer.check_password(password):
        raise ValidationError({"password": "The password is not right: enter your own password to sign"})


def _sign(proposal: CessationProposal, officer: Officer, reason: str = "") -> ClosureReport:
    number = (proposal.closure_reports.aggregate(n=models.Max("number"))["n"] or 0) + 1
    signed_at = clock.now()
    role = signer_role(officer, proposal)
    content = documents.render_closure_report_pdf(
        proposal, number=number, signer=officer, signed_at=signed_at, signer_role=role
    )
    reference = proposal.case.reference
    suffix = "" if number == 1 else f", version {number}"
    document = document_store(
        case=proposal.case,
        officer=officer,
        content=content,
        filename=f"{reference}-closure-report-{proposal.number}-v{number}.pdf",
        content_type=PDF,
        title=f"Closure report (signed){suffix}",
        description=f"Signed by {officer.display_name}, {role}." + (f" New version: {reason}" if reason else ""),
    )
    report = ClosureReport(
        proposal=proposal,
        number=number,
        document=document,
        sha256=hashlib.sha256(content).hexdigest(),
        signed_by=officer,
        signed_at=signed_at,
        signer_name=officer.display_name,
        signer_role=role,
        new_version_reason=reason,
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def closure_report_sign(*, proposal: CessationProposal, officer: Officer, password: str) -> ClosureReport:
    """The chair signs the closure report by re-entering their password; the case is then closed as unresolved
    (ceased). The proposal row is locked, so a second signature (another tab, another chair) waits and is refused."""
    proposal = lock_proposal(proposal)
    if not may_chair(officer, proposal):
        raise PermissionDenied("Only the chair of the case's JAG signs the closure report")
    require(proposal, Step.SIGN)
    _check_password(officer, password)
    report = _sign(proposal, officer)
    set_status(proposal, ProposalStatus.CEASED, ended=True)
    case_cease(
        case=proposal.case,
        officer=officer,
        text=f"Closure report signed by {officer.display_name} ({report.signer_role}), SHA-256 {report.sha256}. "
        "Case closed as unresolved (ceased): no further active investigation.",
    )
    audit_case(officer, AuditAction.CREATE, "Signed the closure report", proposal.case, report)
    notify(
        [proposal.case.lead_officer, proposal.proposed_by],
        f"{proposal.case.reference} has been ceased: write to the complainant",
        proposal.get_absolute_url(),
        f"cessation:{proposal.pk}:signed",
    )
    return report


@transaction.atomic
def closure_report_new_version(
    *, proposal: CessationProposal, officer: Officer, password: str, reason: str
) -> ClosureReport:
    """A corrected closure report: a new signed document; the earlier versions stay as they were signed."""
    proposal = lock_proposal(proposal)
    if not may_chair(officer, proposal):
        raise PermissionDenied("Only the chair of the case's JAG signs the closure report")
    require(proposal, Step.NEW_REPORT_VERSION)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why a new version is needed"})
    _check_password(officer, password)
    report = _sign(proposal, officer, reason)
    write_entry(
        case=proposal.case,
        officer=officer,
        kind=EntryKind.DECISION,
        text=f"Closure report version {report.number} signed by {officer.display_name}, SHA-256 {report.sha256}. "
        f"Why: {reason}",
    )
    audit_case(officer, AuditAction.CREATE, f"Signed closure report version {report.number}", proposal.case, report)
    return report
