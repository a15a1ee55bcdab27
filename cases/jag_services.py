"""Writes about JAG case management: referring a case, taking it off, transferring it, and the daily
long-standing check. Each management change locks the case, writes its chronology entry and audit event."""

from __future__ import annotations

import datetime
import logging
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import F
from django.urls import reverse

from agencies.models import AuditAction, Notification, Officer
from agencies.notifications import notifications_create
from agencies.services import audit_record
from core import clock
from jag.models import Jag

from .jag_selectors import DAYS_SQL, window_params
from .longstanding import long_standing_since
from .models import Case, CasePolicy, CaseStatus, JagManagementPeriod, PeriodEnd, PeriodStart
from .permissions import CHANGE, case_grant_access, case_permissions
from .services import _audit, _system_entry

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock key of the daily long-standing check ("LSFLAG" in ASCII): one run at a time.
LONG_STANDING_LOCK_KEY = 0x4C53464C4147


def can_manage_jag_periods(officer: Officer, case: Case) -> bool:
    """Referring, taking off and transferring are for the lead agency (who may change the case) and the chair of
    the JAG that manages it; involved partners contribute to the record but do not move the case."""
    if not officer.is_authenticated or not officer.is_active:
        return False
    if case.jag.chair_id is not None and case.jag.chair_id == officer.pk:
        return True
    perms = getattr(case, "user_permissions", None)
    return CHANGE in (perms if perms is not None else case_permissions(officer, case))


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


def _d(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


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
            {"started_on": f"This case is already under {current.jag} case management (since {_d(current.started_on)})"}
        )
    later = JagManagementPeriod.objects.filter(case=locked, ended_on__gt=started_on).order_by("-ended_on").first()
    if later is not None:
        raise ValidationError(
            {
                "started_on": f"The case was under JAG management until {_d(later.ended_on)}: "
                f"the new referral must start on or after that day"
            }
        )
    period = JagManagementPeriod(
        case=locked, jag=locked.jag, started_on=started_on, start_reason=PeriodStart.REFERRED, started_by=officer
    )
    period.full_clean()
    period.save()
    _system_entry(case=locked, officer=officer, text=f"Referred to {locked.jag} case management from {_d(started_on)}.")
    _audit(officer, AuditAction.CREATE, f"Referred to {locked.jag} case management", locked, obj=period)
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
            {"ended_on": f"The date it was taken off must be after the day it was referred ({_d(period.started_on)})"}
        )
    period.ended_on, period.end_reason, period.ended_by = ended_on, PeriodEnd.TAKEN_OFF, officer
    period.full_clean()
    period.save(update_fields=["ended_on", "end_reason", "ended_by"])
    _system_entry(
        case=locked,
        officer=officer,
        text=f"Taken off {period.jag} case management from {_d(ended_on)} "
        f"(under management since {_d(period.started_on)}).",
    )
    _audit(officer, AuditAction.CHANGE, f"Taken off {period.jag} case management", locked, obj=period)
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
                {"on": f"The transfer must be after the day the case was referred ({_d(period.started_on)})"}
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
    _system_entry(case=locked, officer=officer, text=f"Transferred from {from_jag} to {to_jag} from {_d(on)}{still}.")
    _audit(officer, AuditAction.CHANGE, f"Transferred from {from_jag} to {to_jag}", locked)
    return locked


# --- The daily long-standing check ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LongStandingRun:
    as_of: datetime.date
    flagged: int
    unflagged: int
    notifications: int
    emails: int


# The cases whose flag changes, and nothing else: a case already flagged that stays long standing keeps its date.
# `since` is filled in for the newly flagged ones once the rule has found it.
_CHANGES_SQL = f"""
CREATE TEMP TABLE long_standing_changes AS
WITH days AS ({DAYS_SQL} GROUP BY p.case_id)
SELECT c.id AS case_id, c.reference, c.lead_officer_id, j.chair_id, COALESCE(d.days, 0) AS days,
       c.long_standing_since IS NULL AS became, CAST(NULL AS DATE) AS since
FROM cases_case c JOIN jag_jag j ON j.id = c.jag_id LEFT JOIN days d ON d.case_id = c.id
WHERE (c.long_standing_since IS NULL AND c.status = %(open)s AND d.days >= %(threshold)s)
   OR (c.long_standing_since IS NOT NULL AND (COALESCE(d.days, 0) < %(threshold)s OR c.status <> %(open)s))
"""

# The periods of the newly flagged cases, for the rule to find the day each crossed the threshold.
_NEW_PERIODS_SQL = """
SELECT p.case_id, p.started_on, p.ended_on FROM cases_jagmanagementperiod p
WHERE p.case_id IN (SELECT case_id FROM long_standing_changes WHERE became) AND p.started_on <= %(as_of)s
ORDER BY p.case_id
"""

# One statement for every newly flagged case: two arrays, each sent as one array literal (far quicker for the
# server to read than thousands of parameters), joined as a table.
_SINCE_SQL = """
UPDATE long_standing_changes ch SET since = v.since
FROM unnest(CAST(%(ids)s AS bigint[]), CAST(%(days)s AS date[])) AS v(case_id, since)
WHERE ch.case_id = v.case_id
"""

# Only the changed rows (the temporary table holds nothing else); an unflagged case gets NULL.
_FLAG_SQL = """
UPDATE cases_case SET long_standing_since = ch.since
FROM long_standing_changes ch WHERE cases_case.id = ch.case_id
"""

_RECORD_SQL = """
INSERT INTO cases_longstandingchange (case_id, became_long_standing, as_of, days_in_window, recorded_at)
SELECT case_id, became, %(as_of)s, days, %(now)s FROM long_standing_changes
"""

# What the notifications and e-mails say about each change.
_CHANGED_SQL = """
SELECT case_id, reference, lead_officer_id, chair_id, days, became, since FROM long_standing_changes ORDER BY case_id
"""


@contextmanager
def _timed(step: str):
    # Per-step timings at DEBUG, for the benchmark's breakdown (bench/long_standing.py).
    started = time.perf_counter()
    yield
    logger.debug("long-standing step %s: %.1f ms", step, (time.perf_counter() - started) * 1000)


@transaction.atomic
def long_standing_flag_all(*, as_of: datetime.date) -> LongStandingRun:
    """Flag every open case that has become long standing as of `as_of` and unflag those that no longer are.

    A newly flagged case is long standing since the day it crossed the threshold (the first day of the unbroken
    run of long-standing days that ends on `as_of`, `cases.longstanding.long_standing_since`), not the day the
    check ran: after a week without a run, or for history recorded late, the date is still the real one. A case
    already flagged that stays long standing keeps its date.

    Set-based: one statement finds the changes (into a temporary table); the rule then dates the newly flagged
    ones from their periods; then one statement each flags the cases and records the changes, whatever the number
    of cases. Idempotent (a case already in the right state is not a change; a notification's event key is unique
    per officer) and one run at a time (an advisory lock), so two runs at once record one set of changes. The lead
    officer and the JAG chair of each changed case get an in-app notification (agencies.notifications) and one
    e-mail per run listing their cases, sent over one connection once the changes are committed.
    """
    policy = CasePolicy.current()
    now = clock.now()
    params = window_params(as_of, policy.long_standing_window_months) | {
        "threshold": policy.long_standing_days,
        "open": CaseStatus.OPEN,
        "as_of": as_of,
        "now": now,
    }
    changed: list[tuple] = []
    notifications: list[Notification] = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LONG_STANDING_LOCK_KEY])
        cursor.execute("DROP TABLE IF EXISTS long_standing_changes")
        with _timed("find changes"):
            cursor.execute(_CHANGES_SQL, params)
            # Autovacuum never sees a temporary table: without statistics the planner guesses its size badly.
            cursor.execute("ANALYZE long_standing_changes")
            cursor.execute("SELECT count(*) FILTER (WHERE became), count(*) FROM long_standing_changes")
            flagged, total = (int(n) for n in cursor.fetchone())
        if flagged:
            with _timed("date the newly flagged"):
                _date_newly_flagged(cursor, as_of, policy)
        if total:
            with _timed("flag cases"):
                cursor.execute(_FLAG_SQL, params)
            with _timed("record changes"):
                cursor.execute(_RECORD_SQL, params)
            cursor.execute(_CHANGED_SQL)
            changed = cursor.fetchall()
        cursor.execute("DROP TABLE long_standing_changes")
    emails: list[EmailMessage] = []
    if total:
        with _timed("notify"):
            notifications = notifications_create(_notifications(changed, as_of, policy, now))
        with _timed("e-mail digest"):
            emails = _emails(notifications, as_of)
    transaction.on_commit(lambda: _send(emails))
    if total:
        _audit_run(as_of, flagged, total - flagged)
    return LongStandingRun(
        as_of=as_of, flagged=flagged, unflagged=total - flagged, notifications=len(notifications), emails=len(emails)
    )


def _date_newly_flagged(cursor: CursorWrapper, as_of: datetime.date, policy: CasePolicy) -> None:
    """Fill in `since` for the newly flagged cases with the day each crossed the threshold."""
    cursor.execute(_NEW_PERIODS_SQL, {"as_of": as_of})
    found = []
    for case_id, rows in groupby(cursor.fetchall(), key=itemgetter(0)):
        since = long_standing_since(
            [(started_on, ended_on) for _, started_on, ended_on in rows],
            as_of,
            threshold_days=policy.long_standing_days,
            window_months=policy.long_standing_window_months,
        )
        # The SQL sum and the rule agree whenever periods do not overlap (the database's constraint); as_of is
        # the safe answer should they ever not.
        since = since or as_of
        found.append((case_id, since))
    ids = "{" + ",".join(str(case_id) for case_id, _ in found) + "}"
    days = "{" + ",".join(since.isoformat() for _, since in found) + "}"
    cursor.execute(_SINCE_SQL, {"ids": ids, "days": days})


def _notifications(
    changed: list[tuple], as_of: datetime.date, policy: CasePolicy, now: datetime.datetime
) -> Iterator[Notification]:
    """For each changed case, one notification to its lead officer and one to its JAG's chair (once if the same)."""
    detail = reverse("cases:detail", kwargs={"reference": "REFERENCE"})
    months = policy.long_standing_window_months
    for case_id, reference, lead_officer_id, chair_id, days, became, since in changed:
        if became:
            text = (
                f"Case {reference} became long standing on {_d(since)}: {days} days under JAG management in the "
                f"{months} months to {_d(as_of)}."
            )
        else:
            text = (
                f"Case {reference} is no longer long standing as of {_d(as_of)} ({days} days under JAG management "
                f"in the last {months} months)."
            )
        url = detail.replace("REFERENCE", reference)
        key = f"long-standing:{case_id}:{as_of.isoformat()}:{'on' if became else 'off'}"
        for recipient_id in dict.fromkeys(r for r in (lead_officer_id, chair_id) if r is not None):
            yield Notification(recipient_id=recipient_id, text=text, url=url, created_at=now, event_key=key)


def _emails(notifications: list[Notification], as_of: datetime.date) -> list[EmailMessage]:
    """One e-mail per notified officer with an address, listing the run's notifications in the order written."""
    by_recipient: dict[int, list[str]] = defaultdict(list)
    for notification in notifications:
        by_recipient[notification.recipient_id].append(notification.text)
    addresses = dict(
        Officer.objects.filter(pk__in=by_recipient, is_active=True).exclude(email="").values_list("pk", "email")
    )
    messages = []
    for recipient_id, lines in sorted(by_recipient.items()):
        if recipient_id not in addresses:
            continue
        body = (
            f"The daily long-standing check for {_d(as_of)} changed {len(lines)} of your cases:\n\n"
            + "\n".join(f"- {line}" for line in lines)
            + f"\n\nSign in to {settings.SERVICE_NAME} to see them."
        )
        messages.append(
            EmailMessage(
                subject=f"{settings.SERVICE_NAME}: long-standing cases changed ({_d(as_of)})",
                body=body,
                to=[addresses[recipient_id]],
            )
        )
    return messages


def _send(emails: list[EmailMessage]) -> None:
    if not emails:
        return
    try:
        # One connection for the whole batch (an SMTP session, not one per message).
        get_connection().send_messages(emails)
    except Exception:
        # The in-app notifications are the record; a mail server being down must not undo the flags.
        logger.exception("Could not send the long-standing e-mails")


def _audit_run(as_of: datetime.date, flagged: int, unflagged: int) -> None:
    audit_record(
        officer=None,
        action=AuditAction.CHANGE,
        description=f"Daily long-standing check for {as_of.isoformat()}: {flagged} flagged, {unflagged} unflagged",
    )
