"""Every write about JAG meetings: scheduling, the agenda, attendance, decisions and actions, and marking an
action done.

Decisions and actions are about cases, so each lands on its case's chronology (kind "decision"; an action done is
a note) and in the audit trail, in the same transaction as the record itself.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from agencies.models import Agency, AuditAction, Officer
from agencies.services import audit_record
from core import clock
from core.dates import long_date, start_of_day
from core.versions import StaleEdit
from jag.models import Jag, Meeting, MeetingAttendance, MeetingStatus

from ..case_reviews.selectors import case_review_threshold_cases
from ..models import (
    AgendaItem,
    AgendaReason,
    Case,
    CaseStatus,
    EntryKind,
    LongStandingChange,
    MeetingAction,
    RiskAssessment,
    RiskBand,
)
from ..permissions import cases_visible_to
from ..record import audit_case, write_entry
from .permissions import may_chair_meeting, may_complete_action, may_run_jag, may_run_meeting
from .sources import agenda_sources

MAX_ACTIONS_PER_DECISION = 50
ACTION_NOTE_MAX_LENGTH = 500


@dataclass(frozen=True)
class ActionInput:
    agency: Agency
    description: str
    due_on: datetime.date
    officer: Officer | None = None


@dataclass(frozen=True)
class AttendanceInput:
    agency: Agency
    present: bool
    attendees: str = ""


class MeetingChangedError(StaleEdit):
    """Someone else recorded something on the meeting after this form was opened."""


def meeting_date(meeting: Meeting) -> datetime.date:
    return timezone.localtime(meeting.starts_at).date()


def _meeting_audit(officer: Officer, action: str, description: str, meeting: Meeting) -> None:
    audit_record(officer=officer, action=action, description=description, obj=meeting)


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("jag").get(pk=meeting.pk)


@transaction.atomic
def meeting_schedule(*, officer: Officer, jag: Jag, starts_at: datetime.datetime, location: str) -> Meeting:
    if not may_run_jag(officer, jag):
        raise PermissionDenied("Only the JAG's chair or its members may schedule its meetings")
    if starts_at < clock.now() - datetime.timedelta(days=1):
        raise ValidationError({"starts_at": "The meeting must be today or in the future"})
    meeting = Meeting(jag=jag, starts_at=starts_at, location=location.strip(), created_by=officer)
    meeting.full_clean()
    meeting.save()
    _meeting_audit(officer, AuditAction.CREATE, f"Scheduled {meeting}", meeting)
    return meeting


def _previous_meeting_start(meeting: Meeting) -> datetime.datetime | None:
    """When the JAG last met (a held meeting before this one): "newly" on the agenda means since then."""
    return (
        Meeting.objects.filter(jag_id=meeting.jag_id, status=MeetingStatus.HELD, starts_at__lt=meeting.starts_at)
        .exclude(pk=meeting.pk)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )


def agenda_reasons_by_case(meeting: Meeting, as_of: datetime.date | None = None) -> dict[int, set[str]]:
    """The open cases the meeting's JAG manages that need its attention, each with why. A few queries, not one
    per case."""
    as_of = as_of or meeting_date(meeting)
    since = _previous_meeting_start(meeting)
    managed = Case.objects.filter(jag_id=meeting.jag_id, status=CaseStatus.OPEN)
    reasons: dict[int, set[str]] = {}

    def add(case_ids, reason: str) -> None:
        for case_id in case_ids:
            reasons.setdefault(case_id, set()).add(reason)

    add(managed.filter(next_review_date__lte=as_of).values_list("pk", flat=True), AgendaReason.REVIEW_DUE)

    previous_band = (
        RiskAssessment.objects.filter(case_id=OuterRef("case_id"))
        .filter(
            Q(assessed_at__lt=OuterRef("assessed_at")) | Q(assessed_at=OuterRef("assessed_at"), pk__lt=OuterRef("pk"))
        )
        .order_by("-assessed_at", "-pk")
        .values("band")[:1]
    )
    became_high = RiskAssessment.objects.filter(case__in=managed, band=RiskBand.HIGH, case__risk_band=RiskBand.HIGH)
    if since is not None:
        became_high = became_high.filter(assessed_at__gt=since)
    became_high = became_high.annotate(previous_band=Subquery(previous_band)).filter(
        Q(previous_band__isnull=True) | ~Q(previous_band=RiskBand.HIGH)
    )
    add(became_high.values_list("case_id", flat=True).distinct(), AgendaReason.NEWLY_HIGH_RISK)

    became_long_standing = LongStandingChange.objects.filter(
        case__in=managed.filter(long_standing_since__isnull=False), became_long_standing=True, as_of__lte=as_of
    )
    if since is not None:
        became_long_standing = became_long_standing.filter(as_of__gt=timezone.localtime(since).date())
    add(became_long_standing.values_list("case_id", flat=True).distinct(), AgendaReason.NEWLY_LONG_STANDING)

    add(case_review_threshold_cases(managed, as_of).values_list("pk", flat=True), AgendaReason.CASE_REVIEW_THRESHOLD)
    if since is not None:
        deferred = AgendaItem.objects.filter(
            meeting__jag_id=meeting.jag_id,
            meeting__status=MeetingStatus.HELD,
            meeting__starts_at=since,
            deferred=True,
            case__in=managed,
        )
        add(deferred.values_list("case_id", flat=True), AgendaReason.DEFERRED)
    for reason, source in agenda_sources().items():
        add(source(meeting, managed), reason)
    return reasons


def _reason_text(reasons: set[str]) -> str:
    return ",".join(r for r in AgendaReason.values if r in reasons)


def _next_position(meeting: Meeting) -> int:
    return (AgendaItem.objects.filter(meeting=meeting).aggregate(n=models.Max("position"))["n"] or 0) + 1


@transaction.atomic
def meeting_generate_agenda(
    *, meeting: Meeting, officer: Officer, as_of: datetime.date | None = None
) -> list[AgendaItem]:
    """Build (or rebuild) the agenda from the cases that need it. Running it again adds nothing twice: each
    undecided item's reasons are brought up to date, cases that no longer need discussing drop off, and cases
    added by hand, and items with a decision, always stay."""
    meeting = _lock(meeting)
    if not may_run_meeting(officer, meeting):
        raise PermissionDenied("Only the JAG's chair or its members may build the agenda")
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError("The agenda of a meeting that has been held cannot be rebuilt")
    wanted = agenda_reasons_by_case(meeting, as_of)
    existing = {item.case_id: item for item in AgendaItem.objects.filter(meeting=meeting)}
    added = updated = removed = 0
    for case_id, item in existing.items():
        if item.decided_at is not None:
            continue
        keep = {AgendaReason.ADDED.value} & set(item.reasons.split(","))
        reasons = _reason_text(wanted.get(case_id, set()) | keep)
        if not reasons:
            item.delete()
            removed += 1
        elif reasons != item.reasons:
            item.reasons = reasons
            item.save(update_fields=["reasons"])
            updated += 1
    position = _next_position(meeting)
    new_items = []
    for case_id in sorted(set(wanted) - set(existing)):
        new_items.append(
            AgendaItem(
                meeting=meeting,
                case_id=case_id,
                reasons=_reason_text(wanted[case_id]),
                position=position,
                added_by=officer,
            )
        )
        position += 1
    for item in new_items:
        item.full_clean(exclude=["meeting", "case", "added_by"])
    AgendaItem.objects.bulk_create(new_items)
    added = len(new_items)
    _meeting_audit(
        officer,
        AuditAction.CHANGE,
        f"Generated the agenda of {meeting}: {added} added, {updated} updated, {removed} removed",
        meeting,
    )
    return list(AgendaItem.objects.filter(meeting=meeting))


@transaction.atomic
def agenda_add_case(*, meeting: Meeting, officer: Officer, reference: str) -> AgendaItem:
    """Put a case on the agenda by hand. The case must be one this JAG manages and the officer may see: anything
    else is answered the same way, so the form cannot be used to find out whether a case exists."""
    meeting = _lock(meeting)
    if not may_run_meeting(officer, meeting):
        raise PermissionDenied("Only the JAG's chair or its members may add cases to the agenda")
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError("Cases cannot be added to a meeting that has been held")
    reference = reference.strip().upper()
    case = cases_visible_to(officer).filter(reference=reference, jag_id=meeting.jag_id).first()
    if case is None:
        raise ValidationError({"reference": f"Enter the reference of a case {meeting.jag} manages that you can see"})
    item = AgendaItem.objects.filter(meeting=meeting, case=case).first()
    if item is not None:
        reasons = set(item.reasons.split(","))
        if AgendaReason.ADDED in reasons:
            raise ValidationError({"reference": f"{case.reference} is already on the agenda"})
        item.reasons = _reason_text(reasons | {AgendaReason.ADDED})
        item.save(update_fields=["reasons"])
    else:
        item = AgendaItem(
            meeting=meeting, case=case, reasons=AgendaReason.ADDED, position=_next_position(meeting), added_by=officer
        )
        item.full_clean()
        item.save()
    audit_case(officer, AuditAction.CHANGE, f"Added {case.reference} to the agenda of {meeting}", case, obj=item)
    return item


def next_meeting(jag_id: int) -> Meeting | None:
    """The JAG's next scheduled meeting (today's included), if one is scheduled."""
    today = clock.today()
    start = start_of_day(today)
    return (
        Meeting.objects.filter(jag_id=jag_id, status=MeetingStatus.SCHEDULED, starts_at__gte=start)
        .select_related("jag")
        .order_by("starts_at", "pk")
        .first()
    )


@transaction.atomic
def agenda_put_case(*, case: Case, reason: str, officer: Officer) -> AgendaItem | None:
    """Put a case on its JAG's next scheduled meeting for `reason` (an agenda source's reason, such as a cessation
    proposal), without waiting for the agenda to be rebuilt. None when the JAG has no meeting scheduled: the
    registered agenda source puts it on the agenda once one is."""
    meeting = next_meeting(case.jag_id)
    if meeting is None:
        return None
    meeting = _lock(meeting)
    item = AgendaItem.objects.filter(meeting=meeting, case=case).first()
    if item is not None:
        reasons = set(item.reasons.split(","))
        if reason not in reasons:
            item.reasons = _reason_text(reasons | {reason})
            item.save(update_fields=["reasons"])
    else:
        item = AgendaItem(
            meeting=meeting, case=case, reasons=reason, position=_next_position(meeting), added_by=officer
        )
        item.full_clean()
        item.save()
    audit_case(officer, AuditAction.CHANGE, f"Put {case.reference} on the agenda of {meeting}", case, obj=item)
    return item


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, officer: Officer, rows: list[AttendanceInput], expected_version: int | None = None
) -> list[MeetingAttendance]:
    """Record, for each of the JAG's member agencies, whether it was present and who attended. With
    `expected_version` (the meeting's version when the form was opened), a meeting changed since is refused with
    MeetingChangedError."""
    meeting = _lock(meeting)
    if not may_run_meeting(officer, meeting):
        raise PermissionDenied("Only the JAG's chair or its members may record attendance")
    if expected_version is not None and meeting.version != expected_version:
        raise MeetingChangedError(meeting)
    members = set(meeting.jag.member_agencies.values_list("pk", flat=True))
    strangers = sorted(str(row.agency) for row in rows if row.agency.pk not in members)
    if strangers:
        raise ValidationError(f"Not a member agency of {meeting.jag}: {', '.join(strangers)}")
    errors = {}
    for row in rows:
        if row.present and not row.attendees.strip():
            errors[f"attendees_{row.agency.pk}"] = f"Enter who attended from {row.agency}"
    if errors:
        raise ValidationError(errors)
    saved = []
    for row in rows:
        record, _ = MeetingAttendance.objects.update_or_create(
            meeting=meeting,
            agency=row.agency,
            defaults={"present": row.present, "attendees": row.attendees.strip() if row.present else ""},
        )
        record.full_clean()
        saved.append(record)
    present = sum(1 for row in rows if row.present)
    Meeting.objects.filter(pk=meeting.pk).update(version=models.F("version") + 1)
    _meeting_audit(
        officer, AuditAction.CHANGE, f"Recorded attendance at {meeting}: {present} of {len(rows)} agencies", meeting
    )
    return saved


def action_agencies(case: Case) -> models.QuerySet[Agency]:
    """The agencies a JAG action on the case can go to: those that can see it (lead and involved agencies)."""
    involved = case.agency_links.values("agency_id")
    return Agency.objects.filter(Q(pk=case.lead_agency_id) | Q(pk__in=involved), is_active=True).order_by("name")


def action_officers(case: Case) -> models.QuerySet[Officer]:
    """The officers a JAG action on the case can name: the active officers of the agencies it can go to."""
    return (
        Officer.objects.filter(agency__in=action_agencies(case), is_active=True)
        .select_related("agency")
        .order_by("agency__name", "last_name", "first_name", "pk")
    )


@transaction.atomic
def agenda_record_decision(
    *, item: AgendaItem, officer: Officer, decision: str, actions: list[ActionInput], deferred: bool = False
) -> AgendaItem:
    """The chair records the JAG's decision on a case, with the actions it gives to agencies. A case `deferred` to a
    later meeting is recorded the same way, `decision` saying why; the JAG's next agenda brings it back."""
    item = AgendaItem.objects.select_for_update().select_related("meeting__jag", "case").get(pk=item.pk)
    meeting = item.meeting
    if not may_chair_meeting(officer, meeting):
        raise PermissionDenied("Only the JAG's chair records decisions")
    if item.decided_at is not None:
        raise ValidationError("A decision has already been recorded for this case at this meeting")
    decision = decision.strip()
    if not decision:
        raise ValidationError({"decision": "Enter the JAG's decision"})
    if len(actions) > MAX_ACTIONS_PER_DECISION:
        raise ValidationError(f"Record at most {MAX_ACTIONS_PER_DECISION} actions with one decision")
    allowed = set(action_agencies(item.case).values_list("pk", flat=True))
    held_on = meeting_date(meeting)
    errors: dict[str, str] = {}
    for number, action in enumerate(actions, start=1):
        if action.agency.pk not in allowed:
            errors[f"action_{number}_agency"] = (
                f"{action.agency} cannot see this case: the lead agency must bring it into the case first"
            )
        if action.officer is not None and action.officer.agency_id != action.agency.pk:
            errors[f"action_{number}_officer"] = f"Choose an officer of {action.agency}, or no one, for action {number}"
        if not action.description.strip():
            errors[f"action_{number}_description"] = f"Describe action {number}"
        if action.due_on < held_on:
            errors[f"action_{number}_due_on"] = f"Action {number} must be due on or after the meeting date"
    if errors:
        raise ValidationError(errors)

    now = clock.now()
    item.decision = decision
    item.decided_by = officer
    item.decided_at = now
    item.deferred = deferred
    item.full_clean()
    item.save(update_fields=["decision", "decided_by", "decided_at", "deferred"])
    case = item.case
    on = f"{meeting.jag} meeting of {long_date(held_on)}"
    if deferred:
        text, done = f"JAG deferred the case to a later meeting ({on}): {decision}", "Recorded the JAG deferral"
    else:
        text, done = f"JAG decision ({on}): {decision}", "Recorded the JAG decision"
    write_entry(case=case, officer=officer, kind=EntryKind.DECISION, text=text)
    audit_case(officer, AuditAction.CREATE, f"{done} at the {on}", case, obj=item)
    for action in actions:
        record = MeetingAction(
            agenda_item=item,
            case=case,
            agency=action.agency,
            officer=action.officer,
            description=action.description.strip(),
            due_on=action.due_on,
            created_by=officer,
            created_at=now,
        )
        record.full_clean()
        record.save()
        write_entry(
            case=case,
            officer=officer,
            kind=EntryKind.DECISION,
            text=(
                f"JAG action for {action.agency}"
                + (f" ({action.officer.display_name})" if action.officer else "")
                + f", due {long_date(action.due_on)} ({on}): {record.description}"
            ),
        )
        audit_case(officer, AuditAction.CREATE, f"JAG action for {action.agency.short_name}", case, obj=record)
    return item


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, officer: Officer, notes: str = "") -> Meeting:
    meeting = _lock(meeting)
    if not may_chair_meeting(officer, meeting):
        raise PermissionDenied("Only the JAG's chair marks a meeting as held")
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(f"This meeting is already {meeting.get_status_display().lower()}")
    if meeting_date(meeting) > clock.today():
        raise ValidationError("A meeting cannot be marked as held before the day it takes place")
    meeting.status = MeetingStatus.HELD
    meeting.chaired_by = officer
    if notes.strip():
        meeting.notes = notes.strip()
    meeting.version += 1
    meeting.full_clean()
    meeting.save()
    _meeting_audit(officer, AuditAction.CHANGE, f"Marked {meeting} as held", meeting)
    return meeting


def action_earliest_done_on(action: MeetingAction) -> datetime.date:
    """An action cannot be done before it was set: the meeting's day, or the day it was recorded if earlier (a
    decision may be recorded ahead of the meeting)."""
    return min(meeting_date(action.agenda_item.meeting), timezone.localdate(action.created_at))


@transaction.atomic
def action_complete(
    *, action: MeetingAction, officer: Officer, completed_on: datetime.date, note: str
) -> MeetingAction:
    """Mark a JAG action done on `completed_on`, with a short note of what was done: the note goes on the case's
    chronology. The row is locked first, so two officers marking it at once record it once: the second is told
    who marked it."""
    action = (
        MeetingAction.objects.select_for_update(of=("self",))
        .select_related("agency", "case", "completed_by", "agenda_item__meeting__jag")
        .get(pk=action.pk)
    )
    case = action.case
    if action.completed_on is not None:
        assert action.completed_by is not None  # a done action names who did it (a constraint)
        raise ValidationError(
            f"This action was already marked done on {long_date(action.completed_on)} by {action.completed_by.display_name}"
        )
    if not may_complete_action(officer, action) or not cases_visible_to(officer).filter(pk=case.pk).exists():
        raise PermissionDenied(
            "Only an officer of the agency the action was given to, of the case's lead agency, or the JAG's chair "
            "can mark it done"
        )
    note = note.strip()
    errors = {}
    if not note:
        errors["note"] = "Enter what was done"
    elif len(note) > ACTION_NOTE_MAX_LENGTH:
        errors["note"] = f"What was done must be {ACTION_NOTE_MAX_LENGTH} characters or fewer"
    today = clock.today()
    earliest = action_earliest_done_on(action)
    if completed_on > today:
        errors["completed_on"] = "The date it was done must be today or in the past"
    elif completed_on < earliest:
        errors["completed_on"] = (
            f"The date it was done must be on or after the day the action was set ({long_date(earliest)})"
        )
    if errors:
        raise ValidationError(errors)

    action.completed_on, action.completed_by, action.completion_note = completed_on, officer, note
    action.full_clean()
    action.save(update_fields=["completed_on", "completed_by", "completion_note"])
    meeting = action.agenda_item.meeting
    # A date without a time is recorded at midnight, as the chronology form does; done today, it is now.
    occurred_at = clock.now() if completed_on == today else start_of_day(completed_on)
    write_entry(
        case=case,
        officer=officer,
        kind=EntryKind.NOTE,
        occurred_at=occurred_at,
        text=(
            f"JAG action done: {action.description}\n"
            f"Set for {action.agency} at the {meeting.jag} meeting of {long_date(meeting_date(meeting))}, due "
            f"{long_date(action.due_on)}.\nWhat was done: {note}"
        ),
    )
    audit_case(
        officer, AuditAction.CHANGE, f"Marked the JAG action for {action.agency.short_name} as done", case, obj=action
    )
    return action
