"""Reads about JAG management periods and the long-standing rule, for many cases at once (SQL) or one case."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, models
from django.db.models import Exists, OuterRef, Q

from core.dates import add_months

from ..models import Case, CasePolicy, JagManagementPeriod, LongStandingChange
from .rules import days_under_management, window_start

# SUM over one case's periods of the days each has inside the window [%(first)s, %(after)s). A case's periods never
# overlap (the exclusion constraint `jag_period_no_overlap`), so the union the rule asks for is the plain sum of the
# clipped lengths.
DAYS_SQL = (
    "SELECT p.case_id, SUM(LEAST(COALESCE(p.ended_on, %(after)s), %(after)s) - GREATEST(p.started_on, %(first)s)) "
    "AS days FROM cases_jagmanagementperiod p "
    "WHERE p.started_on < %(after)s AND (p.ended_on IS NULL OR p.ended_on > %(first)s)"
)


def window_params(as_of: datetime.date, window_months: int) -> dict:
    return {"first": window_start(as_of, window_months), "after": as_of + datetime.timedelta(days=1)}


def days_under_management_by_case(
    case_ids: Iterable[int] | None, as_of: datetime.date, window_months: int | None = None
) -> dict[int, int]:
    """Days under JAG management in the window ending `as_of`, per case, in one query (absent: 0 days).

    `case_ids` None means every case (the daily job); otherwise only those cases.
    """
    if window_months is None:
        window_months = CasePolicy.current().long_standing_window_months
    params = window_params(as_of, window_months)
    sql = DAYS_SQL
    if case_ids is not None:
        ids = [int(i) for i in case_ids]
        if not ids:
            return {}
        sql += " AND p.case_id = ANY(%(ids)s)"
        params["ids"] = ids
    sql += " GROUP BY p.case_id"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {case_id: int(days) for case_id, days in cursor.fetchall() if days}


def case_periods(case: Case) -> models.QuerySet[JagManagementPeriod]:
    return case.jag_periods.select_related("jag", "started_by", "ended_by").order_by("started_on", "id")


@dataclass(frozen=True)
class JagManagementSummary:
    """What the case page shows about the case's time under JAG management."""

    periods: list[JagManagementPeriod]
    open_period: JagManagementPeriod | None
    days: int
    threshold_days: int
    window_months: int
    window_first: datetime.date
    as_of: datetime.date
    long_standing_since: datetime.date | None

    @property
    def reaches_threshold(self) -> bool:
        return self.days >= self.threshold_days

    @property
    def days_to_threshold(self) -> int:
        return max(0, self.threshold_days - self.days)


def jag_management_summary(case: Case, as_of: datetime.date) -> JagManagementSummary:
    policy = CasePolicy.current()
    periods = list(case_periods(case))
    days = days_under_management(
        ((p.started_on, p.ended_on) for p in periods), as_of, policy.long_standing_window_months
    )
    return JagManagementSummary(
        periods=periods,
        open_period=next((p for p in periods if p.ended_on is None), None),
        days=days,
        threshold_days=policy.long_standing_days,
        window_months=policy.long_standing_window_months,
        window_first=window_start(as_of, policy.long_standing_window_months),
        as_of=as_of,
        long_standing_since=case.long_standing_since,
    )


# How long a case has been long standing, in calendar months before the as-of date: (key, label, from, to).
LONG_STANDING_BANDS = (
    ("under_3", "Under 3 months", 0, 3),
    ("3_to_6", "3 to 6 months", 3, 6),
    ("6_to_12", "6 to 12 months", 6, 12),
    ("over_12", "12 months or more", 12, None),
)
LONG_STANDING_FOR_CHOICES = [(key, label) for key, label, _, _ in LONG_STANDING_BANDS]


def long_standing_band_q(key: str, as_of: datetime.date) -> Q:
    """Cases long standing for the band's length of time as of the date (by Case.long_standing_since)."""
    for band_key, _, months_from, months_to in LONG_STANDING_BANDS:
        if band_key == key:
            q = Q(long_standing_since__isnull=False, long_standing_since__lte=add_months(as_of, -months_from))
            if months_to is not None:
                q &= Q(long_standing_since__gt=add_months(as_of, -months_to))
            return q
    raise ValueError(f"Unknown long-standing band {key!r}")


def long_standing_at_q(month_end: datetime.date) -> Q:
    """Cases whose latest long-standing change on or before the date made them long standing."""
    # Read from the changes alone (a few per flagged case), not a lookup per case: a change that made its case
    # long standing with no later change of that case (by as_of, then id) on or before the date.
    later = LongStandingChange.objects.filter(case_id=OuterRef("case_id"), as_of__lte=month_end).filter(
        Q(as_of__gt=OuterRef("as_of")) | Q(as_of=OuterRef("as_of"), pk__gt=OuterRef("pk"))
    )
    became = LongStandingChange.objects.filter(as_of__lte=month_end, became_long_standing=True).filter(~Exists(later))
    return Q(pk__in=became.values("case_id"))
