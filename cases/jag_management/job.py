"""The daily long-standing check: flags every case that has become long standing and unflags those that no longer
are, and tells their lead officers and JAG chairs (cases.flag_long_standing, daily through Celery beat)."""

from __future__ import annotations

import datetime
import functools
import logging
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.urls import reverse

from agencies.models import AuditAction, Notification, Officer
from agencies.notifications import notifications_create
from agencies.services import audit_record
from core import clock
from core.dates import long_date

from ..models import CasePolicy, CaseStatus
from .rules import long_standing_since
from .selectors import DAYS_SQL, window_params

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock key of the daily long-standing check ("LSFLAG" in ASCII): one run at a time.
LONG_STANDING_LOCK_KEY = 0x4C53464C4147


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
    detail = reverse("cases:jag", kwargs={"reference": "REFERENCE"})
    months = policy.long_standing_window_months
    # A first run's thousands of changes fall on a few hundred days, and formatting a date (month names through
    # translation) costs more than the rest of a notification.
    day = functools.cache(long_date)
    for case_id, reference, lead_officer_id, chair_id, days, became, since in changed:
        if became:
            text = (
                f"Case {reference} became long standing on {day(since)}: {days} days under JAG management in the "
                f"{months} months to {day(as_of)}."
            )
        else:
            text = (
                f"Case {reference} is no longer long standing as of {day(as_of)} ({days} days under JAG management "
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
            f"The daily long-standing check for {long_date(as_of)} changed {len(lines)} of your cases:\n\n"
            + "\n".join(f"- {line}" for line in lines)
            + f"\n\nSign in to {settings.SERVICE_NAME} to see them."
        )
        messages.append(
            EmailMessage(
                subject=f"{settings.SERVICE_NAME}: long-standing cases changed ({long_date(as_of)})",
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
