"""Closing a case with its victims: each victim told the case is closing and why (or the reason they were not), the
outcome for them and their satisfaction, and the closing letter. Each write on the chronology and in the audit
trail. The rule that a case closes only once every victim is accounted for is cases.services.check_victims_told."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from agencies.models import AuditAction, Officer
from core import clock
from core.dates import long_date
from core.pdf import render_pdf
from core.versions import StaleEdit

from ..models import (
    Case,
    CasePerson,
    Document,
    EntryKind,
    NotToldReason,
    Person,
    PersonRole,
    ToldHow,
    VictimClosure,
    VictimOutcome,
)
from ..record import audit_case, write_entry
from ..services import document_store

PDF = "application/pdf"
ENTRY_KINDS = {
    ToldHow.PHONE: EntryKind.CALL,
    ToldHow.VISIT: EntryKind.VISIT,
    ToldHow.LETTER: EntryKind.LETTER,
    ToldHow.EMAIL: EntryKind.EMAIL,
    ToldHow.IN_PERSON: EntryKind.VISIT,
}


class VictimClosureChanged(StaleEdit):
    """Someone else recorded this victim's closing after the form was opened; `current` is their record."""


def check_victim(case: Case, victim: Person) -> None:
    if not CasePerson.objects.filter(case=case, person=victim, role=PersonRole.COMPLAINANT).exists():
        raise ValidationError("Choose a victim (complainant) on this case")


def current_record(case: Case, victim: Person, *, lock: bool = False) -> VictimClosure | None:
    records = VictimClosure.objects.filter(case=case, victim=victim, superseded_at__isnull=True)
    if lock:
        records = records.select_for_update()
    return records.first()


def satisfaction_text(satisfaction: int | None) -> str:
    return f"{satisfaction} out of 5" if satisfaction else "not given"


def _validate(
    *,
    told_how: str,
    told_on: datetime.date | None,
    told_what: str,
    not_told_reason: str,
    not_told_explanation: str,
    outcome: str,
    satisfaction: int | None,
) -> None:
    errors: dict[str, str] = {}
    if told_how:
        if told_how not in ToldHow.values:
            errors["told_how"] = "Choose how they were told, or that they were not told"
        if told_on is None:
            errors["told_on"] = "Enter the date they were told"
        elif told_on > clock.today():
            errors["told_on"] = "The date they were told must be today or earlier"
        if not told_what:
            errors["told_what"] = "Enter what they were told about the case closing and why"
    elif not_told_reason:
        if not_told_reason not in NotToldReason.values:
            errors["not_told_reason"] = "Choose why they were not told"
        elif not_told_reason == NotToldReason.OTHER and not not_told_explanation:
            errors["not_told_explanation"] = "Explain why they were not told"
    else:
        errors["told_how"] = "Choose how they were told, or that they were not told"
    if outcome not in VictimOutcome.values:
        errors["outcome"] = "Choose the outcome for the victim"
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        errors["satisfaction"] = "Choose a satisfaction from 1 to 5, or not given"
    if errors:
        raise ValidationError(errors)


def told_text(record: VictimClosure) -> str:
    if record.told_how:
        assert record.told_on is not None  # the constraint: told means dated
        return f"told by {ToldHow(record.told_how).label.lower()} on {long_date(record.told_on)}: {record.told_what}"
    explanation = f" ({record.not_told_explanation})" if record.not_told_explanation else ""
    return f"not told: {NotToldReason(record.not_told_reason).label.lower()}{explanation}"


@transaction.atomic
def victim_closure_record(
    *,
    case: Case,
    victim: Person,
    officer: Officer,
    expected_version: int,
    told_how: str,
    told_on: datetime.date | None,
    told_what: str,
    not_told_reason: str,
    not_told_explanation: str,
    outcome: str,
    satisfaction: int | None,
) -> VictimClosure:
    """Record (or correct) how the victim was told the case is closing and why, or why they were not, the outcome
    for them and their satisfaction. `expected_version` is the record's version when the form was opened, 0 when
    there was none yet: a record saved by someone else since is refused with VictimClosureChanged.

    Open, closed and ceased cases alike: victims are told before the case closes, and satisfaction often comes
    later."""
    # The case row first, as closing it does: a record and a closing cannot cross.
    case = Case.objects.select_for_update().get(pk=case.pk)
    check_victim(case, victim)
    record = current_record(case, victim, lock=True)
    if record is None and expected_version:
        raise ValidationError("The case was reopened since this form was opened: record the victim's closing again")
    if record is not None and record.version != expected_version:
        raise VictimClosureChanged(record)
    told_what, not_told_explanation = told_what.strip(), not_told_explanation.strip()
    if told_how:
        not_told_reason, not_told_explanation = "", ""
    else:
        told_on, told_what = None, ""
    _validate(
        told_how=told_how,
        told_on=told_on,
        told_what=told_what,
        not_told_reason=not_told_reason,
        not_told_explanation=not_told_explanation,
        outcome=outcome,
        satisfaction=satisfaction,
    )
    now = clock.now()
    created = record is None
    if record is None:
        record = VictimClosure(case=case, victim=victim, recorded_by=officer, recorded_at=now)
    record.told_how, record.told_on, record.told_what = told_how, told_on, told_what
    record.not_told_reason, record.not_told_explanation = not_told_reason, not_told_explanation
    record.outcome, record.satisfaction = outcome, satisfaction
    record.updated_at = now
    if not created:
        record.version = F("version") + 1
    record.full_clean(exclude=["version", "letter"])
    record.save()
    record.refresh_from_db()
    verb = "Closing the case" if created else "Closing the case, record corrected"
    write_entry(
        case=case,
        officer=officer,
        kind=ENTRY_KINDS.get(ToldHow(told_how), EntryKind.NOTE) if told_how else EntryKind.NOTE,
        text=f"{verb}: {victim.full_name} {told_text(record)}. Outcome for them: "
        f"{VictimOutcome(outcome).label.lower()}; satisfaction with how the partnership handled it: "
        f"{satisfaction_text(satisfaction)}.",
    )
    audit_case(
        officer,
        AuditAction.CREATE if created else AuditAction.CHANGE,
        f"Recorded the closing for victim {victim.full_name}",
        case,
        record,
    )
    return record


@transaction.atomic
def victim_told_by_letter(
    *, case: Case, victim: Person, officer: Officer, told_on: datetime.date, what: str, document: Document | None = None
) -> None:
    """A letter that tells the victim the case is closing and why (the cessation letter) counts as telling them,
    unless their telling is already recorded; the outcome and satisfaction are recorded afterwards."""
    record = current_record(case, victim, lock=True)
    if record is not None and record.told_how:
        return
    now = clock.now()
    if record is None:
        record = VictimClosure(case=case, victim=victim, recorded_by=officer, recorded_at=now)
    else:
        record.version = F("version") + 1
    record.told_how, record.told_on, record.told_what = ToldHow.LETTER, told_on, what
    record.not_told_reason, record.not_told_explanation = "", ""
    record.letter = document or record.letter
    record.updated_at = now
    record.save()
    write_entry(case=case, officer=officer, text=f"Closing the case: {victim.full_name} told by letter ({what}).")
    audit_case(officer, AuditAction.CHANGE, f"Recorded {victim.full_name} as told by letter", case)


@dataclass(frozen=True)
class ClosingLetter:
    """What the officer confirms before the closing letter is made: where it goes, how it begins, and why the case
    is closing in the words the victim reads."""

    address: str
    salutation: str
    why: str


def letter_defaults(case: Case, victim: Person, record: VictimClosure | None) -> dict:
    """The recipient's address from their own record, else the case's (often the victim's home)."""
    if victim.address:
        lines = [victim.full_name, *victim.address.splitlines(), victim.postcode]
    else:
        lines = [victim.full_name, *case.address.splitlines(), case.postcode]
    return {
        "address": "\n".join(line.strip() for line in lines if line and line.strip()),
        "salutation": f"Dear {victim.full_name}",
        "why": record.told_what if record and record.told_what else "",
    }


def closing_letter_context(case: Case, victim: Person, officer: Officer, letter: ClosingLetter) -> dict:
    agency = case.lead_agency
    return {
        "case": case,
        "agency": agency,
        "officer": officer,
        "person": victim,
        "letter_date": clock.today(),
        "agency_address_lines": [line.strip() for line in agency.address.splitlines() if line.strip()],
        "recipient_lines": [line.strip() for line in letter.address.splitlines() if line.strip()],
        "salutation": letter.salutation,
        "why": letter.why,
        "contact_telephone": officer.telephone or agency.telephone,
        "contact_email": officer.email or agency.email,
        "category": case.category.name,
        # A neighbourhood only: the case's address is often the victim's home.
        "area": case.ward or case.postcode.split(" ")[0],
        "produced_at": clock.localtime(),
    }


@transaction.atomic
def closing_letter_generate(*, case: Case, victim: Person, officer: Officer, letter: ClosingLetter) -> Document:
    """The letter telling the victim that the case is closing and why, on the lead agency's letterhead, kept on the
    case; linked to the victim's closing record when there is one."""
    case = Case.objects.select_for_update().select_related("lead_agency", "category").get(pk=case.pk)
    check_victim(case, victim)
    errors = {}
    if not letter.address.strip():
        errors["address"] = "Enter the address the letter goes to"
    if not letter.salutation.strip():
        errors["salutation"] = "Enter how the letter begins, like Dear Ms Smith"
    if not letter.why.strip():
        errors["why"] = "Enter why the case is closing"
    if errors:
        raise ValidationError(errors)
    content = render_pdf("pdf/closure/closing_letter.html", closing_letter_context(case, victim, officer, letter))
    slug = (victim.last_name or "victim").lower().replace(" ", "-")
    document = document_store(
        case=case,
        officer=officer,
        content=content,
        filename=f"{case.reference}-closing-letter-{slug}.pdf",
        content_type=PDF,
        title=f"Closing letter to {victim.full_name}",
    )
    record = current_record(case, victim, lock=True)
    if record is not None:
        VictimClosure.objects.filter(pk=record.pk).update(letter=document)
    write_entry(
        case=case,
        officer=officer,
        kind=EntryKind.LETTER,
        text=f"Closing letter to {victim.full_name} generated on {case.lead_agency} letterhead: the case is closing, "
        f"and why: {letter.why.strip()}",
    )
    audit_case(officer, AuditAction.CREATE, f"Generated the closing letter to {victim.full_name}", case, document)
    return document
