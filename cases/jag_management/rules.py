"""The four-in-twelve rule for long-standing cases, as pure functions of a case's JAG management periods.

docs/domain.md, "Long-standing cases": a case is long standing when it has been under case management within a
JAG for at least four months (122 days by default) in total over the preceding twelve months. Counted as the
union of the case's periods clipped to the window [as-of date minus 12 calendar months, as-of date], both ends
included. A period is [started_on, ended_on): the day it ends is no longer under management; an open period
(ended_on None) runs to the as-of date inclusive.

The SQL version for many cases at once is `cases.jag_management.selectors.days_under_management_by_case`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from core.dates import add_months

Period = tuple[datetime.date, datetime.date | None]

DEFAULT_THRESHOLD_DAYS = 122
DEFAULT_WINDOW_MONTHS = 12


def window_start(as_of: datetime.date, window_months: int = DEFAULT_WINDOW_MONTHS) -> datetime.date:
    """The first day counted for `as_of`: the window is [window_start, as_of], both days included."""
    return add_months(as_of, -window_months)


# A far-future day number standing for "still open": an open period runs to whatever day is asked about.
_OPEN = datetime.date.max.toordinal()


def _day_ranges(periods: Iterable[Period]) -> list[tuple[int, int]]:
    """The union of the periods as inclusive day-number ranges [first day, last day], apart and sorted.

    Overlapping periods are merged, so the answer does not depend on the database having kept them apart.
    """
    union: list[tuple[int, int]] = []
    # [started_on, ended_on): the last day under management is the day before ended_on.
    for start, end in sorted(
        (started_on.toordinal(), _OPEN if ended_on is None else ended_on.toordinal() - 1)
        for started_on, ended_on in periods
    ):
        if start > end:
            continue
        if union and start <= union[-1][1] + 1:
            union[-1] = (union[-1][0], max(union[-1][1], end))
        else:
            union.append((start, end))
    return union


def _days_in(ranges: list[tuple[int, int]], first: int, last: int) -> int:
    """Days of `ranges` (apart) inside [first, last]."""
    return sum(max(0, min(end, last) - max(start, first) + 1) for start, end in ranges)


def _days_as_of(ranges: list[tuple[int, int]], as_of: int, window_months: int) -> int:
    first = window_start(datetime.date.fromordinal(as_of), window_months).toordinal()
    return _days_in(ranges, first, as_of)


def _nth_day_back(ranges: list[tuple[int, int]], day: int, n: int) -> int | None:
    """The n-th day under management counting back from `day` (itself included), None if there are fewer."""
    for start, end in reversed(ranges):
        if start > day:
            continue
        here = min(end, day) - start + 1
        if n <= here:
            return min(end, day) - n + 1
        n -= here
    return None


def days_under_management(
    periods: Iterable[Period], as_of: datetime.date, window_months: int = DEFAULT_WINDOW_MONTHS
) -> int:
    """Days in [as_of - window_months calendar months, as_of] on which the case was under JAG management.

    Overlapping periods are counted once (the union).
    """
    return _days_as_of(_day_ranges(periods), as_of.toordinal(), window_months)


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
    """The first day of the unbroken run of long-standing days that ends on `as_of`: the day the case last
    crossed the threshold, each day counted over its own window. None if not long standing on `as_of`.

    It walks back in jumps, not day by day. The window's first day never moves back as the day moves on, so from
    one day to the next the count rises by at most one, and only on a day under management. A day with `days`
    at or over the threshold therefore stays long standing back to its (days - threshold_days + 1)-th day under
    management counting back (days not under management in between are free), and the first day that may fall
    short is the day before that one. A case cannot be long standing before it has had `threshold_days` under
    management, so the search stops at the earliest period's start plus the threshold (which also ends it for a
    threshold of 0).
    """
    ranges = _day_ranges(periods)
    if not ranges:
        return None
    day = as_of.toordinal()
    days = _days_as_of(ranges, day, window_months)
    if days < threshold_days:
        return None
    earliest = ranges[0][0] + threshold_days - 1
    while True:
        surely = _nth_day_back(ranges, day, days - threshold_days + 1)
        since = max(surely if surely is not None else earliest, min(earliest, day))
        day = since - 1
        if day < earliest:
            return datetime.date.fromordinal(since)
        days = _days_as_of(ranges, day, window_months)
        if days < threshold_days:
            return datetime.date.fromordinal(since)
