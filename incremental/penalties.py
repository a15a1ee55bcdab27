"""Writes for what follows some interventions: the fixed penalty given for breaching a CPN or a PSPO (a notice on the
person's ladder, issued like any intervention, with its amount within the limit in force on the day it was issued,
then payment or escalation to prosecution), and Immediate Justice's 48-hour start (a task in My tasks for the officers
concerned until the work starts). Each change lands on the case chronology and in the audit trail."""

from __future__ import annotations

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from agencies.models import AuditAction, Officer
from cases.models import Case, Person
from cases.record import audit_case, write_entry
from core import clock
from core.dates import long_date, long_datetime
from core.versions import StaleEdit

from . import rules, services
from .catalogue import locality_of
from .models import (
    FIXED_PENALTY_CODE,
    FIXED_PENALTY_FOR_CODES,
    IMMEDIATE_JUSTICE_CODE,
    EventType,
    FixedPenalty,
    ImmediateJustice,
    Intervention,
    InterventionKind,
    InterventionStatus,
    KindVersion,
    Reminder,
    ReminderKind,
    pounds,
)


class FixedPenaltyChanged(StaleEdit):
    """Someone else saved the fixed penalty after this form was opened."""


class ImmediateJusticeChanged(StaleEdit):
    """Someone else saved the Immediate Justice record after this form was opened."""


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def penalty_limit(case: Case, issued_on: datetime.date) -> KindVersion | None:
    """The catalogue's fixed penalty as in force on the day issued in the case's area, whose maximum is the most a
    fixed penalty may be; None when the catalogue has none in force then and there. Reads only that entry's
    versions (one query)."""
    versions = {
        v.pk: v
        for v in KindVersion.objects.filter(kind__code=FIXED_PENALTY_CODE)
        .select_related("kind")
        .order_by("in_force_from", "id")
    }
    if not versions:
        return None
    kind_id = next(iter(versions.values())).kind_id
    span = rules.version_in_force(
        [rules.VersionSpan.of(v) for v in versions.values()], kind_id, issued_on, locality_of(case)
    )
    version = versions[span.id] if span else None
    return None if version is None or version.max_fixed_penalty is None else version


def notices_breached(case: Case, person: Person) -> list[Intervention]:
    """The person's CPNs and PSPOs on the case that are live today: what a fixed penalty would be recorded from."""
    today = clock.today()
    found = Intervention.objects.filter(case=case, person=person, kind__code__in=FIXED_PENALTY_FOR_CODES).order_by(
        "issued_on", "id"
    )
    return [notice for notice in found if notice.is_live(today)]


def limit_error(issued_on: datetime.date, version: KindVersion | None) -> str:
    """What the amount field says when over the limit: the limit, and the date it applies from."""
    if version is None or version.max_fixed_penalty is None:
        return f"No fixed penalty is in the catalogue for {long_date(issued_on)} in this area"
    limit = int(version.max_fixed_penalty * 100)
    return (
        f"A fixed penalty issued on {long_date(issued_on)} must be no more than {pounds(limit)}, the limit in force "
        f"from {long_date(version.in_force_from)}"
    )


def _locked_intervention(intervention: Intervention) -> Intervention:
    return (
        Intervention.objects.select_for_update(of=("self",))
        .select_related("person", "case", "kind")
        .get(pk=intervention.pk)
    )


# What the issuing of the notice (services.intervention_issue) refuses, shown on the fixed penalty's own fields.
_NOTICE_FIELDS = {"issuing_agency": "issuing_officer", "kind": "amount_pence", "issued_on": "issued_on"}


@transaction.atomic
def fixed_penalty_issue(
    *,
    officer: Officer,
    intervention: Intervention,
    issued_on: datetime.date,
    amount_pence: int,
    due_on: datetime.date,
    issuing_officer: Officer | None = None,
) -> FixedPenalty:
    """A fixed penalty for breaching the intervention (a CPN or a PSPO): a notice of the catalogue's fixed penalty
    on the person's ladder (issued through services.intervention_issue, so it takes the version in force on its date
    in the case's area) and its details, together or not at all. `issuing_officer` (by default the officer
    recording it) gave the notice, for their agency."""
    current = _locked_intervention(intervention)
    if current.kind.code not in FIXED_PENALTY_FOR_CODES:
        raise ValidationError(f"A fixed penalty is given for breaching a CPN or a PSPO, not a {current.kind_name}")
    if current.status == InterventionStatus.QUASHED:
        raise ValidationError(f"The {current.kind_name} was quashed on appeal: no fixed penalty is given for it")
    issuing_officer = issuing_officer or officer
    today = clock.today()
    errors: dict[str, list[str]] = {}
    if issued_on > today:
        _add(errors, "issued_on", "The date issued must be today or in the past")
    elif issued_on < current.issued_on:
        _add(
            errors,
            "issued_on",
            f"The date issued must be on or after the {current.kind_name} was issued, {long_date(current.issued_on)}",
        )
    if amount_pence <= 0:
        _add(errors, "amount_pence", "Enter an amount more than £0")
    elif issued_on <= today:
        limit = penalty_limit(current.case, issued_on)
        if limit is None or limit.max_fixed_penalty is None or amount_pence > limit.max_fixed_penalty * 100:
            _add(errors, "amount_pence", limit_error(issued_on, limit))
    if due_on < issued_on:
        _add(errors, "due_on", f"The date to pay by must be on or after the date issued, {long_date(issued_on)}")
    if issuing_officer.agency is None:
        _add(errors, "issuing_officer", "The issuing officer must be an officer of an agency on the case")

    kind = InterventionKind.objects.filter(code=FIXED_PENALTY_CODE).first()
    notice = None
    if kind is None:
        errors.setdefault("amount_pence", [limit_error(issued_on, None)])
    elif issuing_officer.agency is not None:
        try:
            notice = services.intervention_issue(
                officer=officer,
                case=current.case,
                person=current.person,
                kind=kind,
                issuing_agency=issuing_officer.agency,
                issuing_officer=issuing_officer,
                issued_on=issued_on,
            )
        except ValidationError as refused:
            for field, messages in refused.message_dict.items():
                field = _NOTICE_FIELDS.get(field, NON_FIELD_ERRORS if field == NON_FIELD_ERRORS else field)
                # The fixed penalty's own check of the same field says it in its terms.
                if field not in errors:
                    errors[field] = list(messages)
    if errors:
        # Nothing is kept: the notice, if issued, is rolled back with this transaction.
        raise ValidationError(errors)
    assert notice is not None
    penalty = FixedPenalty.objects.create(
        intervention=current,
        notice=notice,
        issued_on=issued_on,
        amount_pence=amount_pence,
        due_on=due_on,
        recorded_by=officer,
        recorded_at=clock.now(),
    )
    text = (
        f"Fixed penalty of {pounds(amount_pence)} issued to {current.person.full_name} on {long_date(issued_on)} for "
        f"breaching the {current.kind_name} of {long_date(current.issued_on)}; to be paid by {long_date(due_on)}."
    )
    write_entry(
        case=current.case, officer=officer, text=text, agency_id=officer.agency_id or current.case.lead_agency_id
    )
    audit_case(officer, AuditAction.CREATE, text, current.case, penalty)
    return penalty


@transaction.atomic
def fixed_penalty_update(
    *,
    officer: Officer,
    penalty: FixedPenalty,
    expected_version: int,
    paid_on: datetime.date | None,
    escalated_on: datetime.date | None,
    escalation_outcome: str,
) -> FixedPenalty:
    """Record the payment, or the referral for prosecution and its outcome."""
    current = (
        FixedPenalty.objects.select_for_update(of=("self",))
        .select_related("intervention__person", "intervention__case")
        .get(pk=penalty.pk)
    )
    if current.version != expected_version:
        raise FixedPenaltyChanged(current)
    today = clock.today()
    escalation_outcome = escalation_outcome.strip()
    errors: dict[str, list[str]] = {}
    for field, day, label in (("paid_on", paid_on, "date paid"), ("escalated_on", escalated_on, "date referred")):
        if day is None:
            continue
        if day > today:
            _add(errors, field, f"The {label} must be today or in the past")
        elif day < current.issued_on:
            _add(
                errors,
                field,
                f"The {label} must be on or after the date the fixed penalty was issued, {long_date(current.issued_on)}",
            )
    if escalation_outcome and escalated_on is None:
        _add(errors, "escalated_on", "Enter the date it was referred for prosecution, to record the outcome")
    if escalated_on is not None and paid_on is not None and paid_on <= current.due_on:
        _add(errors, "escalated_on", "A fixed penalty paid by its due date is not referred for prosecution")
    if errors:
        raise ValidationError(errors)

    said = []
    if paid_on != current.paid_on:
        said.append(f"paid on {long_date(paid_on)}" if paid_on else "payment record removed")
    if escalated_on != current.escalated_on:
        said.append(
            f"referred for prosecution on {long_date(escalated_on)}"
            if escalated_on
            else "referral for prosecution removed"
        )
    if escalation_outcome != current.escalation_outcome:
        said.append(f"outcome of the prosecution: {escalation_outcome}" if escalation_outcome else "outcome removed")
    if not said:
        return current
    current.paid_on, current.escalated_on, current.escalation_outcome = paid_on, escalated_on, escalation_outcome
    current.version += 1
    current.save(update_fields=["paid_on", "escalated_on", "escalation_outcome", "version"])
    _settle_notice(current)
    intervention = current.intervention
    text = (
        f"Fixed penalty of {pounds(current.amount_pence)} to {intervention.person.full_name} "
        f"(issued {long_date(current.issued_on)}): {'; '.join(said)}."
    )
    case = intervention.case
    write_entry(case=case, officer=officer, text=text, agency_id=officer.agency_id or case.lead_agency_id)
    audit_case(officer, AuditAction.CHANGE, text, case, current)
    return current


def _settle_notice(penalty: FixedPenalty) -> None:
    """A fixed penalty notice runs until it is settled: paid (on the day paid), or the prosecution's outcome
    recorded (on that day). It is then discharged, and leaves what is in force on the register of orders and
    notices; a payment or outcome removed again puts it back in force, unless its discharge was recorded on the
    ladder as an event of its own."""
    if penalty.notice_id is None:
        return
    notice = Intervention.objects.select_for_update().get(pk=penalty.notice_id)
    settled_on = penalty.paid_on or (clock.today() if penalty.escalation_outcome else None)
    discharged_by_payment = (
        notice.status == InterventionStatus.DISCHARGED
        and not notice.events.filter(event_type=EventType.DISCHARGED).exists()
    )
    if settled_on and (notice.status == InterventionStatus.LIVE or discharged_by_payment):
        notice.status, notice.status_on = InterventionStatus.DISCHARGED, settled_on
    elif not settled_on and discharged_by_payment:
        notice.status, notice.status_on = InterventionStatus.LIVE, None
    else:
        return
    notice.version += 1
    notice.save(update_fields=["status", "status_on", "version"])


# --- Immediate Justice -------------------------------------------------------------------------------------------


def _start_task_due(record: ImmediateJustice) -> datetime.date:
    return timezone.localtime(record.start_by).date()


def _start_task_key(record: ImmediateJustice) -> str:
    return f"ij_start:{record.pk}"


@transaction.atomic
def immediate_justice_refer(
    *, officer: Officer, intervention: Intervention, referred_at: datetime.datetime, work: str = ""
) -> ImmediateJustice:
    """Record the referral to Immediate Justice; the issuing and lead officers are given a task to see the work
    start within 48 hours."""
    current = _locked_intervention(intervention)
    if current.kind.code != IMMEDIATE_JUSTICE_CODE:
        raise ValidationError(
            f"Only an Immediate Justice intervention has a referral to start, not a {current.kind_name}"
        )
    if ImmediateJustice.objects.filter(intervention=current).exists():
        raise ValidationError({"referred_at": "The referral is already recorded"})
    if referred_at > clock.now():
        raise ValidationError({"referred_at": "The referral must be now or in the past"})
    record = ImmediateJustice.objects.create(
        intervention=current, referred_at=referred_at, work=work.strip(), recorded_by=officer, recorded_at=clock.now()
    )
    text = (
        f"{current.person.full_name} referred to Immediate Justice on {long_datetime(referred_at)}: the reparative "
        f"work must start by {long_datetime(record.start_by)}."
    )
    case = current.case
    write_entry(case=case, officer=officer, text=text, agency_id=officer.agency_id or case.lead_agency_id)
    audit_case(officer, AuditAction.CREATE, text, case, record)
    for officer_id in {current.issuing_officer_id, case.lead_officer_id} - {None}:
        Reminder.objects.get_or_create(
            officer_id=officer_id,
            key=_start_task_key(record),
            defaults={
                "case": case,
                "intervention": current,
                "kind": ReminderKind.IMMEDIATE_JUSTICE_START,
                "due_on": _start_task_due(record),
                "text": f"Immediate Justice for {current.person.full_name}: the work must start within 48 hours"[:300],
                "created_at": clock.now(),
            },
        )
    return record


@transaction.atomic
def immediate_justice_start(
    *, officer: Officer, record: ImmediateJustice, expected_version: int, started_at: datetime.datetime
) -> ImmediateJustice:
    """Record when the reparative work started; the tasks to see it start are withdrawn."""
    current = (
        ImmediateJustice.objects.select_for_update(of=("self",))
        .select_related("intervention__person", "intervention__case")
        .get(pk=record.pk)
    )
    if current.version != expected_version:
        raise ImmediateJusticeChanged(current)
    if started_at > clock.now():
        raise ValidationError({"started_at": "The start must be now or in the past"})
    if started_at < current.referred_at:
        raise ValidationError(
            {"started_at": f"The work must start after the referral, {long_datetime(current.referred_at)}"}
        )
    current.started_at = started_at
    current.version += 1
    current.save(update_fields=["started_at", "version"])
    Reminder.objects.filter(
        kind=ReminderKind.IMMEDIATE_JUSTICE_START, key=_start_task_key(current), done_at__isnull=True
    ).delete()
    intervention = current.intervention
    late = " That is later than the 48 hours after the referral." if current.is_late() else ""
    text = (
        f"Immediate Justice for {intervention.person.full_name}: the work started on {long_datetime(started_at)}.{late}"
    )
    case = intervention.case
    write_entry(case=case, officer=officer, text=text, agency_id=officer.agency_id or case.lead_agency_id)
    audit_case(officer, AuditAction.CHANGE, text, case, current)
    return current
