"""Reads about JAG management periods and the long-standing rule, for many cases at once (SQL) or one case."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, models

from .longstanding import days_under_management, window_start
from .models import Case, CasePolicy, JagManagementPeriod

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
