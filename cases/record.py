"""Writing to a case's record, in the caller's transaction: the chronology entries the system writes for what
happens on a case, the case's last activity, and the audit trail. Every service that changes something about a case
(in this app's rooms and in the apps above) writes through these, so an entry is always checked the same way and
always moves the case up the lists."""

import datetime

from django.db import models

from agencies.models import AuditAction, Officer
from agencies.services import audit_record
from core import clock

from .models import Case, ChronologyEntry, EntryKind


def write_entry(
    *,
    case: Case,
    officer: Officer,
    text: str,
    kind: str = EntryKind.SYSTEM,
    occurred_at: datetime.datetime | None = None,
    corrects: ChronologyEntry | None = None,
    agency_id: int | None = None,
) -> ChronologyEntry:
    """A chronology entry on the case, by the officer for their agency (or `agency_id`'s, for an administrator of
    no agency acting on the case), at `occurred_at` (now unless given)."""
    entry = ChronologyEntry(
        case=case,
        kind=kind,
        occurred_at=occurred_at or clock.now(),
        # None for an officer of no agency, whom full_clean() below refuses ("agency": cannot be null).
        agency_id=agency_id or officer.agency_id,  # type: ignore[misc]
        officer=officer,
        text=text,
        corrects=corrects,
    )
    entry.full_clean()
    entry.save()
    touch_case(case)
    return entry


def touch_case(case: Case) -> None:
    """The case had activity now: it moves to the top of the lists ordered by last activity."""
    now = clock.now()
    Case.objects.filter(pk=case.pk).update(updated_at=now)
    case.updated_at = now


def audit_case(
    officer: Officer | None, action: AuditAction | str, description: str, case: Case, obj: models.Model | None = None
) -> None:
    """An audit event about the case (or `obj`, one of its records), found again by the case's reference."""
    audit_record(
        officer=officer, action=action, description=description, obj=obj or case, case_reference=case.reference
    )
