"""The daily reminders on officers' "My tasks": live periods ending, appeal windows closing, hearings coming up and
case risk reviews due; and marking a reminder done.

`reminders_generate` is what the daily Celery job (`incremental.tasks.generate_reminders`) and the
`generate_reminders` command run. Each kind of reminder is one INSERT ... SELECT over every intervention or case
that is due, whatever their number. A reminder's key names the event and its date
(`live_ending:<intervention>:<live until>`), unique per officer, so a second run, or a second run at once, makes
nothing new, while a variation that moves the date makes a new reminder. Open reminders whose event no longer stands
(the period was varied or discharged, an appeal was lodged, the hearing moved, the review was done or the case
closed) are withdrawn in the same run.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.urls import reverse

from agencies.models import AuditAction, Notification, Officer
from agencies.notifications import notifications_create
from agencies.services import audit_record
from cases.models import OPEN_REFERRAL_STATUSES, CaseStatus, PersonRole
from cases.permissions import VIEW
from core import clock

from .models import EventType, InterventionStatus, Reminder, ReminderKind

# How far ahead each kind of reminder looks (days after the as-of date, that day included).
LIVE_ENDING_DAYS = 14
APPEAL_CLOSING_DAYS = 7
HEARING_DAYS = 14
# Risk reviews due within this many days, and every overdue one.
REVIEW_DUE_DAYS = 7
# Victim contacts due within this many days, and every overdue one.
CONTACT_DUE_DAYS = 2
# Open support referrals to follow up within this many days, and every one past its date.
REFERRAL_FOLLOW_UP_DAYS = 2
# ASB Case Review actions due within this many days, and every overdue one.
CASE_REVIEW_ACTION_DAYS = 7

# pg_advisory_xact_lock key of the daily reminder job ("REMIND" in ASCII): one run at a time.
REMINDERS_LOCK_KEY = 0x52454D494E44

# Interventions that no longer bind the person: nothing about them needs doing.
_ENDED = (InterventionStatus.QUASHED, InterventionStatus.DISCHARGED)

_PERSON = "p.first_name || ' ' || p.last_name"
_FROM_INTERVENTIONS = """
FROM incremental_intervention i
JOIN cases_person p ON p.id = i.person_id
JOIN cases_case c ON c.id = i.case_id
"""

# Each kind: the events due, one row each, with the two officers it concerns (the issuing officer, if any, and the
# case's lead officer; for a kind about another record, the officer responsible for it in issuing_officer_id) and the
# record it is about (subject_id, for task_views.SUBJECT_PAGES). Keys carry the date as YYYY-MM-DD (how both databases write a date as text).
_DUE: dict[str, str] = {
    ReminderKind.LIVE_ENDING: f"""
SELECT i.id AS intervention_id, CAST(NULL AS BIGINT) AS subject_id, i.case_id, i.live_until AS due_on,
       i.kind_name || ' to ' || {_PERSON} || ': the live period ends' AS text,
       'live_ending:' || CAST(i.id AS TEXT) || ':' || CAST(i.live_until AS TEXT) AS reminder_key,
       i.issuing_officer_id, c.lead_officer_id
{_FROM_INTERVENTIONS}
WHERE i.status = %(live)s AND i.live_until >= %(as_of)s AND i.live_until <= %(live_ending_until)s
""",
    ReminderKind.APPEAL_CLOSING: f"""
SELECT i.id AS intervention_id, CAST(NULL AS BIGINT) AS subject_id, i.case_id, i.appeal_deadline AS due_on,
       i.kind_name || ' to ' || {_PERSON} || ': the appeal window closes' AS text,
       'appeal_closing:' || CAST(i.id AS TEXT) || ':' || CAST(i.appeal_deadline AS TEXT) AS reminder_key,
       i.issuing_officer_id, c.lead_officer_id
{_FROM_INTERVENTIONS}
WHERE i.appeal_deadline >= %(as_of)s AND i.appeal_deadline <= %(appeal_closing_until)s
  AND i.status NOT IN (%(quashed)s, %(discharged)s)
  AND NOT EXISTS (SELECT 1 FROM incremental_interventionevent e
                  WHERE e.intervention_id = i.id AND e.event_type = %(appeal_lodged)s)
""",
    ReminderKind.HEARING: f"""
SELECT i.id AS intervention_id, CAST(NULL AS BIGINT) AS subject_id, i.case_id, i.next_hearing_on AS due_on,
       i.kind_name || ' to ' || {_PERSON} || ': '
       || CASE WHEN i.court <> '' THEN 'hearing at ' || i.court ELSE 'hearing' END AS text,
       'hearing:' || CAST(i.id AS TEXT) || ':' || CAST(i.next_hearing_on AS TEXT) AS reminder_key,
       i.issuing_officer_id, c.lead_officer_id
{_FROM_INTERVENTIONS}
WHERE i.next_hearing_on >= %(as_of)s AND i.next_hearing_on <= %(hearing_until)s
  AND i.status NOT IN (%(quashed)s, %(discharged)s)
""",
    ReminderKind.REVIEW_DUE: """
SELECT CAST(NULL AS BIGINT) AS intervention_id, CAST(NULL AS BIGINT) AS subject_id, c.id AS case_id, c.next_review_date AS due_on,
       'Case ' || c.reference || ': the risk review is due' AS text,
       'review_due:' || CAST(c.id AS TEXT) || ':' || CAST(c.next_review_date AS TEXT) AS reminder_key,
       CAST(NULL AS BIGINT) AS issuing_officer_id, c.lead_officer_id
FROM cases_case c
WHERE c.status = %(open)s AND c.next_review_date <= %(review_due_until)s
""",
    # A victim's next contact under their contact plan (cases.victims), for their single point of contact.
    ReminderKind.CONTACT_DUE: f"""
SELECT CAST(NULL AS BIGINT) AS intervention_id, cp.id AS subject_id, c.id AS case_id, vp.next_contact_due AS due_on,
       'Case ' || c.reference || ': contact ' || {_PERSON} || ' (victim) under their contact plan' AS text,
       'contact_due:' || CAST(cp.id AS TEXT) || ':' || CAST(vp.next_contact_due AS TEXT) AS reminder_key,
       vp.spoc_id AS issuing_officer_id, c.lead_officer_id
FROM cases_victimcontactplan vp
JOIN cases_case c ON c.id = vp.case_id
JOIN cases_person p ON p.id = vp.victim_id
JOIN cases_caseperson cp ON cp.case_id = vp.case_id AND cp.person_id = vp.victim_id AND cp.role = %(complainant)s
WHERE vp.next_contact_due <= %(contact_due_until)s AND c.status = %(open)s
""",
    # An ASB Case Review action due within the week or overdue, for its officer (else the point of contact).
    ReminderKind.CASE_REVIEW_ACTION: """
SELECT CAST(NULL AS BIGINT) AS intervention_id, a.id AS subject_id, r.case_id, a.due_on,
       'ASB Case Review action for ' || ag.name || ': ' || a.text AS text,
       'case_review_action:' || CAST(a.id AS TEXT) || ':' || CAST(a.due_on AS TEXT) AS reminder_key,
       COALESCE(a.owner_officer_id, r.point_of_contact_id) AS issuing_officer_id, c.lead_officer_id
FROM cases_casereviewaction a
JOIN cases_casereviewactivation r ON r.id = a.activation_id
JOIN cases_case c ON c.id = r.case_id
JOIN agencies_agency ag ON ag.id = a.owner_agency_id
WHERE a.done_on IS NULL AND a.due_on <= %(case_review_action_until)s
""",
}

# Support referrals (cases.support): the referring officer follows each open referral up by its date. The key
# names the referral's status and date, so a step on the referral or a new date makes the reminder stand no longer.
_OPEN_REFERRALS = ", ".join(f"'{status}'" for status in OPEN_REFERRAL_STATUSES)
_REFERRAL_KEY = "'referral_follow_up:' || CAST(r.id AS TEXT) || ':' || r.status || ':' || CAST(r.follow_up_on AS TEXT)"
_DUE[ReminderKind.REFERRAL_FOLLOW_UP] = f"""
SELECT CAST(NULL AS BIGINT) AS intervention_id, r.id AS subject_id, r.case_id, r.follow_up_on AS due_on,
       'Follow up the referral of ' || {_PERSON} || ' to ' || r.service_name AS text,
       {_REFERRAL_KEY} AS reminder_key, r.referred_by_id AS issuing_officer_id, c.lead_officer_id
FROM cases_supportreferral r
JOIN cases_person p ON p.id = r.person_id
JOIN cases_case c ON c.id = r.case_id
WHERE r.status IN ({_OPEN_REFERRALS}) AND r.follow_up_on <= CAST(%(as_of)s AS DATE) + {REFERRAL_FOLLOW_UP_DAYS}
  AND c.status = %(open)s
"""

# One reminder per officer concerned (UNION: an issuing officer who also leads the case gets one), active officers
# who may still see the case only (an issuing officer whose agency was taken off the case gets none, and no count
# of tasks in a notification hints at it); a reminder already made for the same event and officer stays as it is.
_INSERT_SQL = """
WITH due AS ({due}),
recipients AS (
    SELECT intervention_id, subject_id, case_id, due_on, text, reminder_key, issuing_officer_id AS officer_id FROM due
    WHERE issuing_officer_id IS NOT NULL
    UNION
    SELECT intervention_id, subject_id, case_id, due_on, text, reminder_key, lead_officer_id FROM due
)
INSERT INTO incremental_reminder
    (officer_id, case_id, intervention_id, subject_id, kind, due_on, text, "key", created_at)
SELECT r.officer_id, r.case_id, r.intervention_id, r.subject_id, %(kind)s, r.due_on, SUBSTR(r.text, 1, 300),
       r.reminder_key, %(now)s
FROM recipients r JOIN agencies_officer o ON o.id = r.officer_id
WHERE o.is_active
  AND (EXISTS (SELECT 1 FROM cases_casegroupobjectpermission g
               JOIN agencies_officer_groups og ON og.group_id = g.group_id
               WHERE g.content_object_id = r.case_id AND og.officer_id = r.officer_id
                 AND g.permission_id = %(view_case)s)
       OR EXISTS (SELECT 1 FROM cases_caseuserobjectpermission u
                  WHERE u.content_object_id = r.case_id AND u.user_id = r.officer_id
                    AND u.permission_id = %(view_case)s))
ON CONFLICT (officer_id, "key") DO NOTHING
RETURNING officer_id
"""

# Open reminders whose event no longer stands: the source row no longer says what the reminder was made for.
_STILL_STANDS: dict[str, str] = {
    ReminderKind.LIVE_ENDING: """
SELECT 1 FROM incremental_intervention i WHERE i.id = incremental_reminder.intervention_id
  AND i.status = %(live)s AND i.live_until = incremental_reminder.due_on
""",
    ReminderKind.APPEAL_CLOSING: """
SELECT 1 FROM incremental_intervention i WHERE i.id = incremental_reminder.intervention_id
  AND i.appeal_deadline = incremental_reminder.due_on AND i.status NOT IN (%(quashed)s, %(discharged)s)
  AND NOT EXISTS (SELECT 1 FROM incremental_interventionevent e
                  WHERE e.intervention_id = i.id AND e.event_type = %(appeal_lodged)s)
""",
    ReminderKind.HEARING: """
SELECT 1 FROM incremental_intervention i WHERE i.id = incremental_reminder.intervention_id
  AND i.next_hearing_on = incremental_reminder.due_on AND i.status NOT IN (%(quashed)s, %(discharged)s)
""",
    ReminderKind.REVIEW_DUE: """
SELECT 1 FROM cases_case c WHERE c.id = incremental_reminder.case_id
  AND c.status = %(open)s AND c.next_review_date = incremental_reminder.due_on
""",
    # Withdrawn once a contact is logged (the next contact moves), the case closes, or another officer becomes the
    # single point of contact.
    ReminderKind.CONTACT_DUE: """
SELECT 1 FROM cases_caseperson cp
JOIN cases_victimcontactplan vp ON vp.case_id = cp.case_id AND vp.victim_id = cp.person_id
JOIN cases_case c ON c.id = cp.case_id
WHERE cp.id = incremental_reminder.subject_id AND c.status = %(open)s
  AND vp.next_contact_due = incremental_reminder.due_on
  AND incremental_reminder.officer_id IN (vp.spoc_id, c.lead_officer_id)
""",
    ReminderKind.CASE_REVIEW_ACTION: """
SELECT 1 FROM cases_casereviewaction a WHERE a.id = incremental_reminder.subject_id
  AND a.done_on IS NULL AND a.due_on = incremental_reminder.due_on
""",
}

_STILL_STANDS[ReminderKind.REFERRAL_FOLLOW_UP] = f"""
SELECT 1 FROM cases_supportreferral r JOIN cases_case c ON c.id = r.case_id
WHERE r.id = incremental_reminder.subject_id AND {_REFERRAL_KEY} = incremental_reminder."key"
  AND r.status IN ({_OPEN_REFERRALS}) AND c.status = %(open)s
"""


def register_due(kind: str, *, due: str, still_stands: str) -> None:
    """Reminders about an app's own records, from an app above this one (its tables are its own): `due` selects the
    events due in the columns of _DUE's queries, `still_stands` is _STILL_STANDS's test that one still stands. Both
    take _params's parameters."""
    _DUE[kind] = due
    _STILL_STANDS[kind] = still_stands


_WITHDRAW_SQL = """
DELETE FROM incremental_reminder
WHERE done_at IS NULL AND kind = %(kind)s AND NOT EXISTS ({still})
"""


def _params(as_of: datetime.date) -> dict:
    def ahead(days: int) -> datetime.date:
        return as_of + datetime.timedelta(days=days)

    return {
        "as_of": as_of,
        "live_ending_until": ahead(LIVE_ENDING_DAYS),
        "appeal_closing_until": ahead(APPEAL_CLOSING_DAYS),
        "hearing_until": ahead(HEARING_DAYS),
        "review_due_until": ahead(REVIEW_DUE_DAYS),
        "contact_due_until": ahead(CONTACT_DUE_DAYS),
        "complainant": PersonRole.COMPLAINANT,
        "case_review_action_until": ahead(CASE_REVIEW_ACTION_DAYS),
        "live": InterventionStatus.LIVE,
        "quashed": InterventionStatus.QUASHED,
        "discharged": InterventionStatus.DISCHARGED,
        "appeal_lodged": EventType.APPEAL_LODGED,
        "open": CaseStatus.OPEN,
        "now": clock.now(),
        "view_case": Permission.objects.get(codename=VIEW, content_type__app_label="cases").pk,
    }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@transaction.atomic
def reminders_generate(*, as_of: datetime.date) -> dict[str, int]:
    """Make the reminders due as of `as_of` for the officers they concern; withdraw open ones no longer needed.

    Returns how many reminders of each kind were made, how many were withdrawn and how many officers were notified
    (one in-app notification per officer given new tasks, once per day). Idempotent and one run at a time (an
    advisory lock): two runs at once make one set of reminders.
    """
    params = _params(as_of)
    made: dict[str, int] = {}
    new_for: Counter[int] = Counter()
    withdrawn = 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REMINDERS_LOCK_KEY])
        for kind, still in _STILL_STANDS.items():
            cursor.execute(_WITHDRAW_SQL.format(still=still), params | {"kind": kind})
            withdrawn += cursor.rowcount
        for kind, due in _DUE.items():
            cursor.execute(_INSERT_SQL.format(due=due), params | {"kind": kind})
            officers = [officer_id for (officer_id,) in cursor.fetchall()]
            made[str(kind)] = len(officers)
            new_for.update(officers)
    notified = _notify(new_for, as_of)
    if new_for or withdrawn:
        audit_record(
            officer=None,
            action=AuditAction.CREATE,
            description=f"Daily Incremental Approach reminders for {as_of.isoformat()}: "
            f"{sum(made.values())} made, {withdrawn} withdrawn",
        )
    return {**made, "withdrawn": withdrawn, "notifications": notified}


def _notify(new_for: Counter[int], as_of: datetime.date) -> int:
    """One notification per officer given new tasks by the day's run (a second run that day adds none)."""
    if not new_for:
        return 0
    url = reverse("incremental:my_tasks")
    key = f"reminders:{as_of.isoformat()}"
    written = notifications_create(
        Notification(
            recipient_id=officer_id,
            text=f"{_plural(count, 'new task')} on My tasks.",
            url=url,
            event_key=key,
        )
        for officer_id, count in sorted(new_for.items())
    )
    return len(written)


@transaction.atomic
def reminder_mark_done(*, reminder: Reminder, officer: Officer) -> bool:
    """Mark the officer's own reminder done. False (and nothing written) if it was already done: a second click,
    or the same form sent twice, marks it once."""
    updated = Reminder.objects.filter(pk=reminder.pk, officer=officer, done_at__isnull=True).update(done_at=clock.now())
    if updated:
        audit_record(
            officer=officer,
            action=AuditAction.CHANGE,
            description=f"Marked a task as done: {reminder.text}",
            obj=reminder,
            case_reference=reminder.case.reference,
        )
    return bool(updated)


# Immediate Justice (incremental.penalties): the task to see the work start, made when the referral is recorded (the
# same key as here, so this run makes it only if that was missed) and removed when the start is; withdrawn here too
# if the intervention is discharged or quashed first. Due on the day the 48 hours end.
_DUE[ReminderKind.IMMEDIATE_JUSTICE_START] = f"""
SELECT i.id AS intervention_id, CAST(NULL AS BIGINT) AS subject_id, i.case_id,
       CAST((j.referred_at + INTERVAL '48 hours') AT TIME ZONE '{settings.TIME_ZONE}' AS DATE) AS due_on,
       'Immediate Justice for ' || {_PERSON} || ': the work must start within 48 hours' AS text,
       'ij_start:' || CAST(j.id AS TEXT) AS reminder_key,
       i.issuing_officer_id, c.lead_officer_id
FROM incremental_immediatejustice j
JOIN incremental_intervention i ON i.id = j.intervention_id
JOIN cases_person p ON p.id = i.person_id
JOIN cases_case c ON c.id = i.case_id
WHERE j.started_at IS NULL AND i.status NOT IN (%(quashed)s, %(discharged)s)
"""
_STILL_STANDS[ReminderKind.IMMEDIATE_JUSTICE_START] = """
SELECT 1 FROM incremental_immediatejustice j JOIN incremental_intervention i ON i.id = j.intervention_id
WHERE j.intervention_id = incremental_reminder.intervention_id AND j.started_at IS NULL
  AND i.status NOT IN (%(quashed)s, %(discharged)s)
"""
