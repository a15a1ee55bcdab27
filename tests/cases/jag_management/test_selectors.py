"""The SQL count of days under JAG management agrees with the Python rule, on random periods."""

import datetime
import random

from cases.jag_management.rules import days_under_management
from cases.jag_management.selectors import days_under_management_by_case
from cases.models import JagManagementPeriod
from tests.factories import CaseFactory

D = datetime.date


def random_periods(rng: random.Random) -> list[tuple[datetime.date, datetime.date | None]]:
    """Non-overlapping periods, as the exclusion constraint keeps them: gaps of 0 days (a transfer) or more."""
    day = D(2022, 1, 1) + datetime.timedelta(days=rng.randrange(0, 900))
    made = []
    for _ in range(rng.randrange(0, 5)):
        length = rng.randrange(1, 300)
        made.append((day, day + datetime.timedelta(days=length)))
        day += datetime.timedelta(days=length + rng.choice([0, 0, 1, 30, 200]))
    if made and rng.random() < 0.4:
        made[-1] = (made[-1][0], None)
    return made


def test_sql_matches_python_on_random_data(lead_officer, jag, category):
    rng = random.Random(20260327)
    cases = [CaseFactory(lead_officer=lead_officer, jag=jag, category=category) for _ in range(40)]
    expected_periods = {}
    for case in cases:
        expected_periods[case.pk] = random_periods(rng)
        JagManagementPeriod.objects.bulk_create(
            JagManagementPeriod(case=case, jag=jag, started_on=s, ended_on=e, started_by=lead_officer)
            for s, e in expected_periods[case.pk]
        )
    as_of_days = [D(2024, 2, 29), D(2024, 3, 1), D(2025, 2, 28), D(2023, 2, 28), D(2024, 12, 31)] + [
        D(2022, 6, 1) + datetime.timedelta(days=rng.randrange(0, 1400)) for _ in range(10)
    ]

    for as_of in as_of_days:
        for months in (12, 6):
            got = days_under_management_by_case([c.pk for c in cases], as_of, months)
            wanted = {
                pk: days
                for pk, periods in expected_periods.items()
                if (days := days_under_management(periods, as_of, months))
            }
            assert got == wanted, f"as of {as_of}, {months} months"


def test_sql_counts_only_the_cases_asked_for_and_nothing_for_none(lead_officer, jag, category, add_period):
    first, second = (CaseFactory(lead_officer=lead_officer, jag=jag, category=category) for _ in range(2))
    add_period(first, D(2026, 1, 1), D(2026, 1, 11))
    add_period(second, D(2026, 1, 1), None)

    assert days_under_management_by_case([first.pk], D(2026, 1, 31)) == {first.pk: 10}
    assert days_under_management_by_case(None, D(2026, 1, 31)) == {first.pk: 10, second.pk: 31}
    assert days_under_management_by_case([], D(2026, 1, 31)) == {}


def test_sql_query_count_is_constant(lead_officer, jag, category, add_period, django_assert_num_queries):
    cases = [CaseFactory(lead_officer=lead_officer, jag=jag, category=category) for _ in range(5)]
    for case in cases:
        add_period(case, D(2026, 1, 1), None)

    with django_assert_num_queries(2):  # the policy row, then the count
        days_under_management_by_case([c.pk for c in cases], D(2026, 2, 1))
