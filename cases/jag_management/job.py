"""The daily long-standing check: flags every case that has become long standing and unflags those that no longer
are, and tells their lead officers and JAG chairs (cases.flag_long_standing, daily through Celery beat)."""

from __future__ import annotations

import datetime
import logging
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.urls import reverse

from agencies.models import AuditAction
from agencies.services import audit_record
from core import clock
from core.dates import long_date

from ..models import CasePolicy, CaseStatus
from .rules import long_standing_since
from .selectors import _days_sql, window_params

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
# `since` (and its text for the messages) is filled in for the newly flagged ones once the rule has found it.
_CHANGES_SQL = """
CREATE TEMP TABLE long_standing_changes AS
WITH days AS ({days} GROUP BY p.case_id)
SELECT c.id AS case_id, c.reference, c.lead_officer_id, j.chair_id, COALESCE(d.days, 0) AS days,
       CASE WHEN c.long_standing_since IS NULL THEN 1 ELSE 0 END AS became,
       CAST(NULL AS DATE) AS since, CAST(NULL AS VARCHAR(40)) AS since_text
FROM cases_case c JOIN jag_jag j ON j.id = c.jag_id LEFT JOIN days d ON d.case_id = c.id
WHERE (c.long_standing_since IS NULL AND c.status = %(open)s AND d.days >= %(threshold)s)
   OR (c.long_standing_since IS NOT NULL AND (COALESCE(d.days, 0) < %(threshold)s OR c.status <> %(open)s))
"""

# The periods of the newly flagged cases, for the rule to find the day each crossed the threshold.
_NEW_PERIODS_SQL = """
SELECT p.case_id, p.started_on, p.ended_on FROM cases_jagmanagementperiod p
WHERE p.case_id IN (SELECT case_id FROM long_standing_changes WHERE became = 1) AND p.started_on <= %(as_of)s
ORDER BY p.case_id
"""

# One statement for every newly flagged case: two arrays, each sent as one array literal (far quicker for the
# server to read than thousands of parameters), joined as a table. to_char gives long_date()'s "2 May 2026".
_SINCE_SQL_POSTGRESQL = """
UPDATE long_standing_changes ch SET since = v.since, since_text = to_char(v.since, 'FMDD FMMonth YYYY')
FROM unnest(CAST(%(ids)s AS bigint[]), CAST(%(days)s AS date[])) AS v(case_id, since)
WHERE ch.case_id = v.case_id
"""

_SINCE_SQL_SQLITE = "UPDATE long_standing_changes SET since = %s, since_text = %s WHERE case_id = %s"

# Only the changed rows (the temporary table holds nothing else); an unflagged case gets NULL.
_FLAG_SQL = """
UPDATE cases_case SET long_standing_since = ch.since
FROM long_standing_changes ch WHERE cases_case.id = ch.case_id
"""

_RECORD_SQL = """
INSERT INTO cases_longstandingchange (case_id, became_long_standing, as_of, days_in_window, recorded_at)
SELECT case_id, became = 1, %(as_of)s, days, %(now)s FROM long_standing_changes
"""

# The lead officer and the JAG chair of each changed case, once each.
_RECIPIENTS = """
SELECT case_id, lead_officer_id AS recipient_id FROM long_standing_changes
UNION SELECT case_id, chair_id FROM long_standing_changes WHERE chair_id IS NOT NULL
"""

# RETURNING gives exactly the notifications this run wrote (not those another run wrote first): the digest.
_NOTIFY_SQL = f"""
INSERT INTO agencies_notification (recipient_id, text, url, created_at, read_at, event_key)
SELECT r.recipient_id,
       CASE WHEN ch.became = 1
            THEN 'Case ' || ch.reference || ' became long standing on ' || ch.since_text || ': '
                 || CAST(ch.days AS TEXT) || ' days under JAG management in the ' || %(months)s || ' months to '
                 || %(day)s || '.'
            ELSE 'Case ' || ch.reference || ' is no longer long standing as of ' || %(day)s || ' ('
                 || CAST(ch.days AS TEXT) || ' days under JAG management in the last ' || %(months)s || ' months).'
       END,
       %(url_before)s || ch.reference || %(url_after)s, %(now)s, NULL,
       'long-standing:' || CAST(ch.case_id AS TEXT) || ':' || %(iso)s || ':'
           || CASE WHEN ch.became = 1 THEN 'on' ELSE 'off' END
FROM long_standing_changes ch JOIN ({_RECIPIENTS}) r ON r.case_id = ch.case_id
ON CONFLICT (recipient_id, event_key) DO NOTHING
RETURNING id, recipient_id, text
"""

# Whom to e-mail among those notified, in one query.
_MAIL_TO_SQL = f"""
SELECT id, email FROM agencies_officer
WHERE id IN (SELECT recipient_id FROM ({_RECIPIENTS}) r) AND is_active AND email <> ''
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
    run of long-standing days that ends on `as_of`, `rules.long_standing_since`), not the day the
    check ran: after a week without a run, or for history recorded late, the date is still the real one. A case
    already flagged that stays long standing keeps its date.

    Set-based: one statement finds the changes (into a temporary table); the rule then dates the newly flagged
    ones from their periods; then one statement each flags the cases, records the changes and writes the
    notifications, whatever the number of cases. Idempotent (a case already in the right state is not a change;
    a notification's event key is unique per officer) and one run at a time (an advisory lock on PostgreSQL;
    SQLite allows one writer anyway), so two runs at once record one set of changes. The lead officer and the
    JAG chair of each changed case get an in-app notification and one e-mail per run listing their cases, sent
    over one connection once the changes are committed.
    """
    vendor = connection.vendor
    policy = CasePolicy.current()
    detail = reverse("cases:detail", kwargs={"reference": "REFERENCE"})
    url_before, url_after = detail.split("REFERENCE")
    params = window_params(as_of, policy.long_standing_window_months) | {
        "threshold": policy.long_standing_days,
        "open": CaseStatus.OPEN,
        "as_of": as_of,
        "now": clock.now(),
        "day": long_date(as_of),
        "iso": as_of.isoformat(),
        "months": str(policy.long_standing_window_months),
        "url_before": url_before,
        "url_after": url_after,
    }
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LONG_STANDING_LOCK_KEY])
        cursor.execute("DROP TABLE IF EXISTS long_standing_changes")
        with _timed("find changes"):
            cursor.execute(_CHANGES_SQL.format(days=_days_sql(vendor)), params)
            if vendor == "postgresql":
                # Autovacuum never sees a temporary table: without statistics the planner guesses its size badly.
                cursor.execute("ANALYZE long_standing_changes")
            cursor.execute("SELECT COALESCE(SUM(became), 0), COUNT(*) FROM long_standing_changes")
            flagged, total = (int(n) for n in cursor.fetchone())
        notified = 0
        emails: list[EmailMessage] = []
        if flagged:
            with _timed("date the newly flagged"):
                _date_newly_flagged(cursor, as_of, policy, vendor)
        if total:
            with _timed("flag cases"):
                cursor.execute(_FLAG_SQL, params)
            with _timed("record changes"):
                cursor.execute(_RECORD_SQL, params)
            with _timed("notify"):
                cursor.execute(_NOTIFY_SQL, params)
                notifications = cursor.fetchall()
                notified = len(notifications)
            with _timed("e-mail digest"):
                cursor.execute(_MAIL_TO_SQL)
                emails = _emails(notifications, dict(cursor.fetchall()), as_of)
        cursor.execute("DROP TABLE long_standing_changes")
    transaction.on_commit(lambda: _send(emails))
    if total:
        _audit_run(as_of, flagged, total - flagged)
    return LongStandingRun(
        as_of=as_of, flagged=flagged, unflagged=total - flagged, notifications=notified, emails=len(emails)
    )


def _date_newly_flagged(cursor: CursorWrapper, as_of: datetime.date, policy: CasePolicy, vendor: str) -> None:
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
    if vendor == "postgresql":
        ids = "{" + ",".join(str(case_id) for case_id, _ in found) + "}"
        days = "{" + ",".join(since.isoformat() for _, since in found) + "}"
        cursor.execute(_SINCE_SQL_POSTGRESQL, {"ids": ids, "days": days})
    else:
        cursor.execute("CREATE INDEX long_standing_changes_case ON long_standing_changes (case_id)")
        cursor.executemany(_SINCE_SQL_SQLITE, [(since, long_date(since), case_id) for case_id, since in found])


def _emails(
    notifications: list[tuple[int, int, str]], addresses: dict[int, str], as_of: datetime.date
) -> list[EmailMessage]:
    """One e-mail per notified officer with an address, listing the run's notifications in the order written."""
    by_recipient: dict[int, list[str]] = defaultdict(list)
    for _id, recipient_id, text in sorted(notifications):
        if recipient_id in addresses:
            by_recipient[recipient_id].append(text)
    messages = []
    for recipient_id, lines in sorted(by_recipient.items()):
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
