"""Working days for ASB Case Review deadlines: weekends and England and Wales bank holidays are not working days.

The bank holidays are those announced for 2024 to 2028 (substitute days included). Past 2028 only weekends are
skipped until the table is extended: add the new years' dates here when they are announced.
"""

import datetime

ENGLAND_AND_WALES_BANK_HOLIDAYS = frozenset(
    datetime.date.fromisoformat(day)
    for day in (
        # 2024
        "2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25",
        "2024-12-26",
        # 2025
        "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25",
        "2025-12-26",
        # 2026 (Boxing Day falls on a Saturday: substitute Monday 28 December)
        "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25",
        "2026-12-28",
        # 2027 (Christmas Day and Boxing Day fall on a weekend: substitutes 27 and 28 December)
        "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27",
        "2027-12-28",
        # 2028 (New Year's Day falls on a Saturday: substitute Monday 3 January)
        "2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28", "2028-12-25",
        "2028-12-26",
    )
)  # fmt: skip


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in ENGLAND_AND_WALES_BANK_HOLIDAYS


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (start itself is not counted)."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
