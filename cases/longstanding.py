"""The four-in-twelve rule for long-standing cases, as pure functions of a case's JAG management periods.

DOMAIN.md: a case is long standing when it has been under case management within a JAG for at least four months
(122 days by default) in total over the preceding twelve months. Counted as the union of the case's periods
clipped to the window [as-of date minus 12 calendar months, as-of date], both ends included. A period is
[started_on, ended_on): the day it ends is no longer under management; an open period (ended_on None) runs to
the as-of date inclusive.

The SQL version for many cases at once is `cases.jag_selectors.days_under_management_by_case`.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable

Period = tuple[datetime.date, datetime.date | None]

DEFAULT_THRESHOLD_DAYS = 122
DEFAULT_WINDOW_MONTHS = 12
ONE_DAY = datetime.timedelta(days=1)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` calendar months earlier, or that month's last day if it is shorter.

    29 February 2024 minus 12 months is 28 February 2023; 31 March minus 1 month is 28 (or 29) February.
    This is what PostgreSQL's `date - interval 'n months'` gives too.
    """
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def window_start(as_of: datetime.date, window_months: int = DEFAULT_WINDOW_MONTHS) -> datetime.date:
    """The first day counted for `as_of`: the window is [window_start, as_of], both days included."""
    return months_before(as_of, window_months)


def _clipped(periods: Iterable[Period], first: datetime.date, last: datetime.date) -> list[tuple[int, int]]:
    """The periods as inclusive day-number ranges inside [first, last], sorted."""
    end_limit = last.toordinal()
    start_limit = first.toordinal()
    ranges = []
    for started_on, ended_on in periods:
        start = max(started_on.toordinal(), start_limit)
        # [started_on, ended_on): the last day under management is the day before ended_on.
        end = end_limit if ended_on is None else min(ended_on.toordinal() - 1, end_limit)
        if start <= end:
            ranges.append((start, end))
    ranges.sort()
    return ranges


def days_under_management(
    periods: Iterable[Period], as_of: datetime.date, window_months: int = DEFAULT_WINDOW_MONTHS
) -> int:
    """Days in [as_of - window_months calendar months, as_of] on which the case was under JAG management.

    Overlapping periods are counted once (the union), so the answer does not depend on the database having kept
    them apart.
    """
    total = 0
    current_start = current_end = None
    for start, end in _clipped(periods, window_start(as_of, window_months), as_of):
        if current_end is not None and start <= current_end + 1:
            current_end = max(current_end, end)
            continue
        if current_end is not None:
            total += current_end - current_start + 1
        current_start, current_end = start, end
    if current_end is not None:
        total += current_end - current_start + 1
    return total


def is_long_standing(
    periods: Iterable[Period],
    as_of: datetime.date,
    *,
    threshold_days: int = DEFAULT_THRESHOLD_DAYS,
    window_months: int = DEFAULT_WINDOW_MONTHS,
) -> bool:
    return days_under_management(periods, as_of, window_months) >= threshold_days


def long_standing_since(
    periods: Iterable[Period],
    as_of: datetime.date,
    *,
    threshold_days: int = DEFAULT_THRESHOLD_DAYS,
    window_months: int = DEFAULT_WINDOW_MONTHS,
) -> datetime.date | None:
    """The first day of the unbroken run of long-standing days that ends on `as_of`; None if not long standing.

    A case cannot be long standing before it has had `threshold_days` under management, so the search back
    stops at the earliest period's start plus the threshold.
    """
    periods = list(periods)
    if not periods or not is_long_standing(periods, as_of, threshold_days=threshold_days, window_months=window_months):
        return None
    earliest = min(started_on for started_on, _ in periods) + datetime.timedelta(days=threshold_days - 1)
    since = as_of
    day = as_of - ONE_DAY
    while day >= earliest and is_long_standing(
        periods, day, threshold_days=threshold_days, window_months=window_months
    ):
        since = day
        day -= ONE_DAY
    return since
