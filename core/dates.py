"""Dates as people read them, in the GOV.UK style, and the calendar arithmetic the rules share.

GOV.UK style: "5 December 2026" in sentences and on summary pages, "5 Dec 2026" in tables and lists, with the time
after it on the 24-hour clock ("5 Dec 2026 14:30"). No leading zero, no day name unless a page needs one. A moment
is shown in the service's time zone (Europe/London). Templates use the same formats through the filters in
core/templatetags/uk_dates.py.
"""

from __future__ import annotations

import calendar
import datetime

from django.utils import dateformat, timezone

# Django date-format strings (the `date` template filter's language).
LONG_DATE = "j F Y"
SHORT_DATE = "j M Y"
LONG_DATETIME = "j F Y H:i"
SHORT_DATETIME = "j M Y H:i"


def _format(value: datetime.date | datetime.datetime | None, fmt: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, fmt)


def long_date(value: datetime.date | datetime.datetime | None) -> str:
    """5 December 2026"""
    return _format(value, LONG_DATE)


def short_date(value: datetime.date | datetime.datetime | None) -> str:
    """5 Dec 2026"""
    return _format(value, SHORT_DATE)


def long_datetime(value: datetime.datetime | None) -> str:
    """5 December 2026 14:30"""
    return _format(value, LONG_DATETIME)


def short_datetime(value: datetime.datetime | None) -> str:
    """5 Dec 2026 14:30"""
    return _format(value, SHORT_DATETIME)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Calendar-month arithmetic, clamped to the end of a shorter month: 31 March - 1 month is 28 (or 29) February,
    29 February 2024 - 12 months is 28 February 2023 (what PostgreSQL's `date - interval 'n months'` gives too)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(month: datetime.date) -> datetime.date:
    """The last day of the date's calendar month."""
    return add_months(month.replace(day=1), 1) - datetime.timedelta(days=1)


def start_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment of the (local) day, as an aware datetime: a moment on that day is >= it and < the next's.

    Compared with stored moments as they are, so an index on the column serves (no per-row date cast)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def month_moments(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The first moment of the (local) calendar month and of the next: a moment in it is >= the one, < the other."""
    first = month.replace(day=1)
    return start_of_day(first), start_of_day(add_months(first, 1))
