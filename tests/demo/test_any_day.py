"""The demo loads on any day, and each time keeps what the README's demo tour promises: the logins, the cessation
proposal on the next Leicester City JAG agenda, Wayne Ruddock's live Community Protection Notice after the breach
of his second warning, Connor Pike's injunction with its return hearing ahead, Kyle Dempsey's closure order
extended, and the ladders. Each load travels to 09:00 on the day and is rolled back at the end of its test. This
file: each day of a week and month ends; test_any_day_calendar.py: clock changes, New Year, bank holidays and
years ahead."""

import pytest

from .tour import CALENDAR_EDGES, DAYS, WEEK_AND_MONTH_ENDS, check_the_tour_as_of

pytestmark = pytest.mark.django_db


def test_the_days_cover_what_the_demo_must_survive():
    assert len(DAYS) == len(set(DAYS)) >= 30
    assert set(DAYS) == set(WEEK_AND_MONTH_ENDS) | set(CALENDAR_EDGES)
    assert {day.weekday() for day in WEEK_AND_MONTH_ENDS[:7]} == set(range(7))


@pytest.mark.parametrize("day", WEEK_AND_MONTH_ENDS, ids=str)
def test_the_demo_keeps_the_tours_promises_as_of(day):
    check_the_tour_as_of(day)
