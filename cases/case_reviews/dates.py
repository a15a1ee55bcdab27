"""Working days for ASB Case Review deadlines: weekends and England bank holidays are not working days.

The bank holidays come from the `holidays` package's calendar for England (the Banking and Financial Dealings Act
1971's days, their substitute days when they fall at a weekend, and the one-off days proclaimed so far), so a
deadline counts correctly in any year without a table to extend by hand.
"""

import datetime
import functools

import holidays


@functools.cache
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_bank_holiday(day: datetime.date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (start itself is not counted)."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
