"""Writes about JAG case management: referring a case, taking it off and transferring it. Each locks the case and
writes its chronology entry and audit event in the same transaction."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from agencies.models import AuditAction, Officer
from core import clock
from core.dates import long_date
from jag.models import Jag

from ..models import Case, CaseStatus, JagManagementPeriod, PeriodEnd, PeriodStart
from ..permissions import case_grant_access
from ..record import audit_case, write_entry
from .permissions import can_manage_jag_periods


def _lock(case: Case, officer: Officer) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    # The JAG is read after the lock, so a concurrent transfer is seen.
    locked.jag = Jag.objects.get(pk=locked.jag_id)
    if not can_manage_jag_periods(officer, locked):
        raise PermissionDenied
    return locked


def _check_date(day: datetime.date, field: str, label: str) -> None:
    # No lower bound: a JAG may have managed the case before it was opened on this system (recorded late).
    if day > clock.today():
        raise ValidationError({field: f"{label} must be today or in the past"})


def _open_period(case: Case) -> JagManagementPeriod | None:
    return JagManagementPeriod.objects.select_related("jag").filter(case=case, ended_on__isnull=True).first()


@transaction.atomic
def jag_refer(*, case: Case, officer: Officer, started_on: datetime.date) -> JagManagementPeriod:
    """Put the case under its JAG's case management from `started_on` (a new period, open until taken off)."""
    locked = _lock(case, officer)
    if locked.status != CaseStatus.OPEN:
        raise ValidationError("Only an open case can be referred to JAG case management")
    _check_date(started_on, "started_on", "The date it was referred")
    current = _open_period(locked)
    if current is not None:
        raise ValidationError(
            {
                "started_on": f"This case is already under {current.jag} case management (since {long_date(current.started_on)})"
            }
        )
    later = JagManagementPeriod.objects.filter(case=locked, ended_on__gt=started_on).order_by("-ended_on").first()
    if later is not None:
        raise ValidationError(
            {
                "started_on": f"The case was under JAG management until {long_date(later.ended_on)}: "
                f"the new referral must start on or after that day"
            }
        )
    period = JagManagementPeriod(
        case=locked, jag=locked.jag, started_on=started_on, start_reason=PeriodStart.REFERRED, started_by=officer
    )
    period.full_clean()
    period.save()
    write_entry(
        case=locked, officer=officer, text=f"Referred to {locked.jag} case management from {long_date(started_on)}."
    )
    audit_case(officer, AuditAction.CREATE, f"Referred to {locked.jag} case management", locked, obj=period)
    return period


@transaction.atomic
def jag_take_off(*, case: Case, officer: Officer, ended_on: datetime.date) -> JagManagementPeriod:
    """End the case's open management period: from `ended_on` the case is no longer under JAG management."""
    locked = _lock(case, officer)
    period = _open_period(locked)
    if period is None:
        raise ValidationError("This case is not under JAG case management")
    _check_date(ended_on, "ended_on", "The date it was taken off")
    if ended_on <= period.started_on:
        raise ValidationError(
            {
                "ended_on": f"The date it was taken off must be after the day it was referred ({long_date(period.started_on)})"
            }
        )
    period.ended_on, period.end_reason, period.ended_by = ended_on, PeriodEnd.TAKEN_OFF, officer
    period.full_clean()
    period.save(update_fields=["ended_on", "end_reason", "ended_by"])
    write_entry(
        case=locked,
        officer=officer,
        text=f"Taken off {period.jag} case management from {long_date(ended_on)} "
        f"(under management since {long_date(period.started_on)}).",
    )
    audit_case(officer, AuditAction.CHANGE, f"Taken off {period.jag} case management", locked, obj=period)
    return period


@transaction.atomic
def jag_transfer(*, case: Case, officer: Officer, to_jag: Jag, on: datetime.date) -> Case:
    """Move the case to another JAG from `on`. A case under management stays under management: its period at the
    old JAG ends (transferred out) and one opens at the new JAG (transferred in). The new JAG's chair gets access,
    the old one's goes."""
    locked = _lock(case, officer)
    from_jag = locked.jag
    if to_jag.pk == from_jag.pk:
        raise ValidationError({"to_jag": f"The case is already managed by {from_jag}"})
    if not to_jag.is_active:
        raise ValidationError({"to_jag": f"{to_jag} is no longer active"})
    _check_date(on, "on", "The date of the transfer")
    period = _open_period(locked)
    if period is not None:
        if on <= period.started_on:
            raise ValidationError(
                {"on": f"The transfer must be after the day the case was referred ({long_date(period.started_on)})"}
            )
        period.ended_on, period.end_reason, period.ended_by = on, PeriodEnd.TRANSFERRED_OUT, officer
        period.full_clean()
        period.save(update_fields=["ended_on", "end_reason", "ended_by"])
        incoming = JagManagementPeriod(
            case=locked, jag=to_jag, started_on=on, start_reason=PeriodStart.TRANSFERRED_IN, started_by=officer
        )
        incoming.full_clean()
        incoming.save()
    Case.objects.filter(pk=locked.pk).update(jag=to_jag, version=F("version") + 1)
    locked.refresh_from_db()
    locked.jag = to_jag
    case_grant_access(locked)
    still = "; it stays under JAG case management" if period is not None else ""
    write_entry(
        case=locked, officer=officer, text=f"Transferred from {from_jag} to {to_jag} from {long_date(on)}{still}."
    )
    audit_case(officer, AuditAction.CHANGE, f"Transferred from {from_jag} to {to_jag}", locked)
    return locked
