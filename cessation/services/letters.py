"""Letters to the complainant on the lead agency's letterhead, kept on the case, and the joint-agency visit to deliver
the cessation letter."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from agencies.models import AuditAction, Officer
from cases.closure.services import victim_told_by_letter
from cases.models import Case, EntryKind, Person, PersonRole
from cases.record import audit_case, write_entry
from cases.selectors import case_people_in_role
from cases.services import document_store
from core import clock
from core.dates import long_date
from incremental.letter_details import LetterDetails, default_details

from .. import documents
from ..models import CessationProposal, ComplainantLetter, LetterKind, VisitStatus
from ..rules import Step, require
from .common import PDF, ConcurrentChangeError, lock_proposal


def check_complainant(case: Case, complainant: Person | None, field: str = "complainant") -> None:
    if complainant is None or not case_people_in_role(case, PersonRole.COMPLAINANT).filter(pk=complainant.pk).exists():
        raise ValidationError({field: "Choose a complainant on this case"})


@transaction.atomic
def cessation_letter_generate(
    *, proposal: CessationProposal, officer: Officer, complainant: Person, details: LetterDetails | None = None
) -> ComplainantLetter:
    """The letter to a complainant confirming the partners' position, on the lead agency's letterhead, addressed as
    the officer confirmed (`details`; else to the complainant's recorded address, or by hand without one)."""
    proposal = lock_proposal(proposal)
    if officer.agency_id != proposal.case.lead_agency_id:
        raise PermissionDenied("The lead agency writes to the complainant")
    require(proposal, Step.WRITE_LETTER)
    check_complainant(proposal.case, complainant)
    details = details or default_details(complainant, proposal.case)
    letter = keep_letter(
        letter=ComplainantLetter(kind=LetterKind.CESSATION, proposal=proposal, complainant=complainant),
        case=proposal.case,
        officer=officer,
        content=documents.render_cessation_letter_pdf(proposal, complainant, officer, details),
        filename=f"{proposal.case.reference}-cessation-letter-{complainant.last_name.lower()}.pdf",
        title=f"Cessation letter to {complainant.full_name}",
        entry=f"Cessation letter to {complainant.full_name} generated on {proposal.case.lead_agency} letterhead: no "
        "further active investigation, the case is filed as unresolved; how to complain and the ASB Case Review. "
        f"Sent {details.delivery_text}.",
        audit=f"Generated the cessation letter to {complainant.full_name}, sent {details.delivery_text}",
        description=f"Sent {details.delivery_text}.",
        details=details,
    )
    # The cessation letter tells the victim the case is closing and why: it counts as their telling at closure.
    victim_told_by_letter(
        case=proposal.case,
        victim=complainant,
        officer=officer,
        told_on=clock.today(),
        what="the cessation letter: no further active investigation, the case is filed as unresolved",
        document=letter.document,
    )
    return letter


def keep_letter(
    *,
    letter: ComplainantLetter,
    case: Case,
    officer: Officer,
    content: bytes,
    filename: str,
    title: str,
    entry: str,
    audit: str,
    description: str = "",
    details: LetterDetails | None = None,
) -> ComplainantLetter:
    """Keep a rendered letter on the case as a document and record it, on the chronology and in the audit trail."""
    letter.case, letter.generated_by = case, officer
    letter.document = document_store(
        case=case,
        officer=officer,
        content=content,
        filename=filename,
        content_type=PDF,
        title=title,
        description=description,
    )
    letter.full_clean()
    letter.save()
    if details is not None:
        details.record(document=letter.document, person=letter.complainant, officer=officer)
    write_entry(case=case, officer=officer, kind=EntryKind.LETTER, text=entry)
    audit_case(officer, AuditAction.CREATE, audit, case, letter)
    return letter


@transaction.atomic
def letter_visit_record(
    *,
    letter: ComplainantLetter,
    officer: Officer,
    expected_version: int,
    visit_status: str,
    visit_on: datetime.date | None,
    visit_agencies: str,
    visit_reason: str,
) -> ComplainantLetter:
    """Whether a joint-agency visit to hand-deliver and explain the letter was made, is planned, or was judged not
    appropriate, and why. A planned visit is later recorded as made (or not)."""
    letter = ComplainantLetter.objects.select_for_update().select_related("case", "complainant").get(pk=letter.pk)
    if officer.agency_id != letter.case.lead_agency_id:
        raise PermissionDenied("The lead agency records the joint-agency visit")
    if letter.kind != LetterKind.CESSATION:
        raise ValidationError("A joint-agency visit is recorded for the cessation letter")
    if letter.version != expected_version:
        raise ConcurrentChangeError(letter)
    errors = {}
    visit_reason = visit_reason.strip()
    today = clock.today()
    if visit_status not in VisitStatus.values:
        errors["visit_status"] = "Choose whether the visit was made, is planned or was judged not appropriate"
    elif visit_status == VisitStatus.MADE:
        if visit_on is None:
            errors["visit_on"] = "Enter the date of the visit"
        elif visit_on > today:
            errors["visit_on"] = "A visit that was made must be dated today or earlier"
    elif visit_status == VisitStatus.PLANNED:
        if visit_on is None:
            errors["visit_on"] = "Enter the date the visit is planned for"
        elif visit_on < today:
            errors["visit_on"] = "A planned visit must be today or later"
    if visit_status == VisitStatus.NOT_APPROPRIATE:
        visit_on = None
    if not visit_reason:
        errors["visit_reason"] = "Enter why"
    if errors:
        raise ValidationError(errors)
    letter.visit_status, letter.visit_on = visit_status, visit_on
    letter.visit_agencies, letter.visit_reason = visit_agencies.strip(), visit_reason
    letter.visit_recorded_by, letter.visit_recorded_at = officer, clock.now()
    letter.version = F("version") + 1
    letter.full_clean(exclude=["version"])
    letter.save()
    letter.refresh_from_db()
    when = f" on {long_date(visit_on)}" if visit_on else ""
    agencies = f" with {letter.visit_agencies}" if letter.visit_agencies else ""
    write_entry(
        case=letter.case,
        officer=officer,
        kind=EntryKind.VISIT if visit_status == VisitStatus.MADE else EntryKind.NOTE,
        text=f"Joint-agency visit to hand-deliver the cessation letter to {letter.complainant.full_name}: "
        f"{VisitStatus(visit_status).label.lower()}{when}{agencies}. Why: {visit_reason}",
    )
    audit_case(officer, AuditAction.CHANGE, "Recorded the joint-agency visit", letter.case, letter)
    return letter
