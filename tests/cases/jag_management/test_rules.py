"""The four-in-twelve rule against hand-worked cases at its edges, and against a naive day-by-day count."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases.jag_management.rules import (
    days_under_management,
    is_long_standing,
    long_standing_since,
    window_start,
)
from core.dates import add_months

D = datetime.date


# --- An independent, deliberately naive implementation: one day at a time, no clipping arithmetic ---------------


def naive_window_start(as_of: datetime.date, months: int) -> datetime.date:
    year, month = as_of.year, as_of.month
    for _ in range(months):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    day = as_of.day
    while True:
        try:
            return datetime.date(year, month, day)
        except ValueError:
            day -= 1


def naive_days(periods, as_of, months=12) -> int:
    covered = set()
    for started_on, ended_on in periods:
        day = started_on
        last = as_of if ended_on is None else ended_on - datetime.timedelta(days=1)
        while day <= last:
            covered.add(day)
            day += datetime.timedelta(days=1)
    first = naive_window_start(as_of, months)
    return sum(1 for day in covered if first <= day <= as_of)


def naive_since(periods, as_of, threshold=122, months=12):
    if naive_days(periods, as_of, months) < threshold:
        return None
    day = as_of
    while naive_days(periods, day - datetime.timedelta(days=1), months) >= threshold:
        day -= datetime.timedelta(days=1)
    return day


# --- Hand-worked edges --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "months", "expected"),
    [
        (D(2026, 3, 31), 12, D(2025, 3, 31)),
        (D(2024, 2, 29), 12, D(2023, 2, 28)),  # a 29 February as-of date: no 29 February a year before
        (D(2025, 2, 28), 12, D(2024, 2, 28)),
        (D(2025, 3, 1), 12, D(2024, 3, 1)),
        (D(2028, 2, 29), 48, D(2024, 2, 29)),  # four years back lands on a leap day
        (D(2026, 3, 31), 1, D(2026, 2, 28)),
        (D(2024, 3, 31), 1, D(2024, 2, 29)),
        (D(2026, 1, 15), 1, D(2025, 12, 15)),
    ],
)
def test_window_start_is_calendar_months_back_clamped_to_month_end(as_of, months, expected):
    assert window_start(as_of, months) == expected
    assert add_months(as_of, -months) == expected


def test_days_period_straddling_window_start_counts_only_inside():
    # Window for 31 Mar 2026 starts 31 Mar 2025; the period covers 1 Mar to 9 Apr 2025.
    assert days_under_management([(D(2025, 3, 1), D(2025, 4, 10))], D(2026, 3, 31)) == 10


def test_days_period_ending_on_window_start_counts_nothing():
    # [started_on, ended_on): ended on 31 Mar 2025 means the last day under management was 30 Mar.
    assert days_under_management([(D(2025, 1, 1), D(2025, 3, 31))], D(2026, 3, 31)) == 0
    assert days_under_management([(D(2025, 1, 1), D(2025, 4, 1))], D(2026, 3, 31)) == 1


def test_days_open_period_runs_to_as_of_inclusive():
    assert days_under_management([(D(2026, 3, 31), None)], D(2026, 3, 31)) == 1
    # 1 Dec to 31 Mar: 31 + 31 + 28 + 31.
    assert days_under_management([(D(2025, 12, 1), None)], D(2026, 3, 31)) == 121


def test_days_period_after_as_of_counts_nothing():
    assert days_under_management([(D(2026, 4, 1), None)], D(2026, 3, 31)) == 0


def test_days_closed_period_ending_after_as_of_is_clipped_to_as_of():
    assert days_under_management([(D(2026, 3, 1), D(2026, 6, 1))], D(2026, 3, 10)) == 10


def test_exactly_122_days_is_long_standing_and_121_is_not():
    # 1 Jan to 2 May 2026 inclusive: 31 + 28 + 31 + 30 + 2 = 122.
    exactly = [(D(2026, 1, 1), D(2026, 5, 3))]
    one_short = [(D(2026, 1, 1), D(2026, 5, 2))]

    assert days_under_management(exactly, D(2026, 6, 1)) == 122
    assert is_long_standing(exactly, D(2026, 6, 1)) is True
    assert days_under_management(one_short, D(2026, 6, 1)) == 121
    assert is_long_standing(one_short, D(2026, 6, 1)) is False


def test_open_period_becomes_long_standing_on_its_122nd_day():
    periods = [(D(2025, 12, 1), None)]

    assert is_long_standing(periods, D(2026, 3, 31)) is False
    assert is_long_standing(periods, D(2026, 4, 1)) is True
    assert long_standing_since(periods, D(2026, 5, 10)) == D(2026, 4, 1)
    assert long_standing_since(periods, D(2026, 3, 31)) is None


def test_re_referrals_add_up():
    periods = [
        (D(2026, 1, 1), D(2026, 2, 1)),  # 31 days
        (D(2026, 3, 1), D(2026, 4, 1)),  # 31 days
        (D(2026, 5, 1), None),  # 1 May to 30 Jun: 61 days
    ]

    assert days_under_management(periods, D(2026, 6, 30)) == 123
    assert is_long_standing(periods, D(2026, 6, 30)) is True
    # The first day of the run: 29 June has 122.
    assert long_standing_since(periods, D(2026, 6, 30)) == D(2026, 6, 29)


def test_adjacent_periods_after_a_transfer_count_each_day_once():
    periods = [(D(2026, 1, 1), D(2026, 2, 1)), (D(2026, 2, 1), None)]

    assert days_under_management(periods, D(2026, 2, 28)) == 59


def test_overlapping_periods_count_the_union():
    periods = [(D(2026, 1, 1), D(2026, 2, 1)), (D(2026, 1, 15), D(2026, 2, 15))]

    assert days_under_management(periods, D(2026, 3, 1)) == 45


def test_leap_year_window_for_29_february_holds_367_days():
    always = [(D(2020, 1, 1), None)]

    # 28 Feb 2023 to 29 Feb 2024 inclusive.
    assert days_under_management(always, D(2024, 2, 29)) == 367
    # 28 Feb 2024 to 28 Feb 2025, including 29 Feb 2024.
    assert days_under_management(always, D(2025, 2, 28)) == 367
    # 1 Mar 2024 to 1 Mar 2025: the leap day has left the window.
    assert days_under_management(always, D(2025, 3, 1)) == 366
    # 1 Mar 2023 to 1 Mar 2024, with 29 Feb 2024 inside.
    assert days_under_management(always, D(2024, 3, 1)) == 367


def test_leap_day_is_a_day_under_management():
    # 1 Nov 2023 to 29 Feb 2024 inclusive: 30 + 31 + 31 + 29 = 121; one more day reaches 122.
    periods = [(D(2023, 11, 1), None)]

    assert days_under_management(periods, D(2024, 2, 29)) == 121
    assert days_under_management(periods, D(2024, 3, 1)) == 122
    assert long_standing_since(periods, D(2024, 3, 1)) == D(2024, 3, 1)


def test_long_standing_ends_when_old_days_leave_the_window():
    # 1 Jan to 2 May 2025 (122 days), then nothing: long standing until 1 Jan 2026 leaves... the window.
    periods = [(D(2025, 1, 1), D(2025, 5, 3))]

    assert is_long_standing(periods, D(2025, 12, 31)) is True
    # The window for 1 Jan 2026 starts 1 Jan 2025: still all 122 days.
    assert is_long_standing(periods, D(2026, 1, 1)) is True
    # For 2 Jan 2026 it starts 2 Jan 2025: 121 days.
    assert is_long_standing(periods, D(2026, 1, 2)) is False


def test_no_periods():
    assert days_under_management([], D(2026, 3, 31)) == 0
    assert long_standing_since([], D(2026, 3, 31)) is None


def test_configured_threshold_and_window():
    periods = [(D(2026, 1, 1), None)]

    assert days_under_management(periods, D(2026, 3, 31), window_months=1) == 32  # 28 Feb to 31 Mar
    assert is_long_standing(periods, D(2026, 3, 31), threshold_days=90, window_months=6) is True


# --- Property tests against the naive count -----------------------------------------------------------------------

days_around = st.dates(min_value=D(2019, 1, 1), max_value=D(2029, 12, 31))


@st.composite
def period_lists(draw, max_periods=6):
    periods = []
    for _ in range(draw(st.integers(min_value=0, max_value=max_periods))):
        start = draw(days_around)
        length = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=500)))
        periods.append((start, None if length is None else start + datetime.timedelta(days=length)))
    return periods


leap_days = st.sampled_from([D(2020, 2, 29), D(2024, 2, 29), D(2028, 2, 29), D(2021, 3, 1), D(2025, 2, 28)])


@given(periods=period_lists(), as_of=st.one_of(days_around, leap_days), months=st.sampled_from([1, 6, 12, 13, 24]))
def test_days_match_the_naive_count(periods, as_of, months):
    assert days_under_management(periods, as_of, months) == naive_days(periods, as_of, months)


@given(as_of=st.one_of(days_around, leap_days), months=st.integers(min_value=1, max_value=60))
def test_window_start_matches_the_naive_one(as_of, months):
    assert window_start(as_of, months) == naive_window_start(as_of, months)


# Near the as-of date, so the naive search back stays short.
recent = st.dates(min_value=D(2023, 9, 1), max_value=D(2024, 6, 30))


@st.composite
def recent_periods(draw):
    periods = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        start = draw(recent)
        length = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=200)))
        periods.append((start, None if length is None else start + datetime.timedelta(days=length)))
    return periods


@given(periods=recent_periods(), as_of=st.sampled_from([D(2024, 2, 29), D(2024, 3, 1), D(2024, 6, 30), D(2024, 9, 1)]))
def test_long_standing_since_matches_the_naive_search(periods, as_of):
    assert long_standing_since(periods, as_of) == naive_since(periods, as_of)


@given(
    periods=recent_periods(),
    as_of=st.sampled_from([D(2024, 2, 29), D(2024, 3, 1), D(2024, 6, 30), D(2025, 2, 28), D(2025, 3, 1)]),
    threshold=st.sampled_from([1, 30, 122]),
    months=st.sampled_from([1, 6, 12]),
)
def test_long_standing_since_matches_the_naive_search_for_other_policies(periods, as_of, threshold, months):
    assert long_standing_since(periods, as_of, threshold_days=threshold, window_months=months) == naive_since(
        periods, as_of, threshold, months
    )
