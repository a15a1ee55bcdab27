"""The ASB Case Review threshold at its edges: 3 timely incidents in 6 months, or 1 hate incident."""

import datetime

import pytest
from django.utils import timezone

from cases.case_reviews.selectors import (
    add_months,
    case_review_threshold_cases,
    victim_threshold_status,
    victims_meeting_threshold,
)
from cases.models import Case, CasePolicy, Incident, PersonRole
from cases.services import case_add_person

from .conftest import AS_OF

pytestmark = pytest.mark.django_db

D = datetime.date


def meets(case) -> bool:
    return list(case_review_threshold_cases(Case.objects.all(), AS_OF)) == [case]


def test_threshold_exactly_three_timely_incidents_met(case, victim, record_incident):
    for day in (D(2025, 1, 10), D(2025, 3, 1), D(2025, 6, 1)):
        record_incident(case, day)
    assert meets(case)
    [row] = victims_meeting_threshold(case, AS_OF)
    assert (row["person"], row["timely_incidents"], row["hate_incidents"]) == (victim, 3, 0)
    assert row["met_by_incidents"] and not row["met_by_hate"]


def test_threshold_two_incidents_not_met(case, victim, record_incident):
    record_incident(case, D(2025, 1, 10))
    record_incident(case, D(2025, 3, 1))
    assert not meets(case)
    assert victims_meeting_threshold(case, AS_OF) == []
    [row] = victim_threshold_status(case, AS_OF)
    assert (row["timely_incidents"], row["met"]) == (2, False)


def test_threshold_report_exactly_one_month_later_counts(case, victim, record_incident):
    record_incident(case, D(2025, 1, 10), D(2025, 2, 10))
    record_incident(case, D(2025, 3, 1), D(2025, 4, 1))
    record_incident(case, D(2025, 5, 31), D(2025, 6, 1))
    assert meets(case)


def test_threshold_report_one_month_and_a_day_late_does_not_count(case, victim, record_incident):
    record_incident(case, D(2025, 1, 10), D(2025, 2, 11))
    record_incident(case, D(2025, 3, 1))
    record_incident(case, D(2025, 5, 31))
    assert not meets(case)
    [row] = victim_threshold_status(case, AS_OF)
    assert row["timely_incidents"] == 2


def test_threshold_month_end_clamps_to_shorter_month(case, victim, record_incident):
    # 31 January + 1 month is 28 February 2025: reported then counts, reported on 1 March is late.
    record_incident(case, D(2025, 1, 31), D(2025, 2, 28))
    record_incident(case, D(2025, 1, 30), D(2025, 3, 1))
    [row] = victim_threshold_status(case, AS_OF)
    assert row["timely_incidents"] == 1


def test_threshold_six_month_window_starts_on_the_same_day_six_months_back(case, victim, record_incident):
    assert add_months(AS_OF, -6) == D(2024, 12, 15)
    record_incident(case, D(2024, 12, 15))  # the first day of the window
    record_incident(case, D(2025, 2, 1))
    record_incident(case, D(2025, 6, 15))  # the as-of day itself
    assert meets(case)


def test_threshold_incident_a_day_before_the_window_does_not_count(case, victim, record_incident):
    record_incident(case, D(2024, 12, 14))
    record_incident(case, D(2025, 2, 1))
    record_incident(case, D(2025, 6, 15))
    assert not meets(case)


def test_threshold_incident_reported_after_the_as_of_date_is_not_known_yet(case, victim, record_incident):
    record_incident(case, D(2025, 2, 1))
    record_incident(case, D(2025, 3, 1))
    record_incident(case, D(2025, 6, 14), D(2025, 6, 16))
    assert not meets(case)


def test_threshold_one_hate_incident_alone_met(case, victim, record_incident):
    record_incident(case, D(2025, 4, 1), D(2025, 5, 20), hate=True)  # reported late, still a hate incident
    assert meets(case)
    [row] = victims_meeting_threshold(case, AS_OF)
    assert (row["timely_incidents"], row["hate_incidents"], row["met_by_hate"]) == (0, 1, True)


def test_threshold_hate_incident_outside_window_not_met(case, victim, record_incident):
    record_incident(case, D(2024, 11, 1), hate=True)
    assert not meets(case)


def test_threshold_counts_incidents_across_all_the_victims_cases(
    case, second_case, victim, lead_officer, record_incident
):
    case_add_person(case=second_case, officer=lead_officer, person=victim, role=PersonRole.COMPLAINANT)
    record_incident(case, D(2025, 2, 1))
    record_incident(case, D(2025, 3, 1))
    record_incident(second_case, D(2025, 4, 1))
    assert list(case_review_threshold_cases(Case.objects.order_by("pk"), AS_OF)) == [case, second_case]


def test_threshold_needs_a_complainant(case, lead_officer, record_incident):
    for day in (D(2025, 1, 10), D(2025, 3, 1), D(2025, 6, 1)):
        record_incident(case, day)
    assert not meets(case)


def test_threshold_perpetrator_on_the_case_is_not_a_victim(case, victim, second_case, lead_officer, record_incident):
    case_add_person(case=second_case, officer=lead_officer, person=victim, role=PersonRole.PERPETRATOR)
    for day in (D(2025, 1, 10), D(2025, 3, 1), D(2025, 6, 1)):
        record_incident(second_case, day)
    assert list(case_review_threshold_cases(Case.objects.all(), AS_OF)) == []


def test_threshold_figures_come_from_the_policy(case, victim, record_incident):
    policy = CasePolicy.current()
    policy.case_review_incidents = 2
    policy.case_review_window_months = 3
    policy.save()
    record_incident(case, D(2025, 1, 10))  # outside a 3-month window
    record_incident(case, D(2025, 3, 20))
    assert not meets(case)
    record_incident(case, D(2025, 4, 20))
    assert meets(case)


def test_threshold_query_count_is_constant(
    case, second_case, victim, lead_officer, record_incident, django_assert_num_queries
):
    record_incident(case, D(2025, 4, 1), hate=True)
    # The policy, the newest incident and case role (the cache key), the threshold's cases, then the cases.
    with django_assert_num_queries(4):
        assert list(case_review_threshold_cases(Case.objects.all(), AS_OF)) == [case]
    # Nothing added since: the threshold's cases come from the cache.
    with django_assert_num_queries(3):
        assert list(case_review_threshold_cases(Case.objects.all(), AS_OF)) == [case]
    with django_assert_num_queries(2):
        assert len(victim_threshold_status(case, AS_OF)) == 1


@pytest.mark.parametrize("within", [0, 1, 2])
def test_threshold_timely_count_agrees_with_calendar_months_near_the_limit(
    case, victim, lead_officer, lead_agency, within
):
    # The SQL settles most incidents by their delay in days (under 28·M - 2 days always timely, 31·M + 2 or more
    # never) and only the rest by calendar months: near both bounds, at month ends, across the clock changes and
    # local midnight, the count must be the calendar-month rule's exactly.
    policy = CasePolicy.current()
    policy.case_review_report_within_months = within
    policy.case_review_window_months = 24
    policy.case_review_hate_incidents = 99
    policy.save()
    as_of = D(2025, 12, 31)
    local = timezone.get_current_timezone()
    starts = [
        datetime.datetime(2024, 1, 31, 23, 30),  # a month end, late at night
        datetime.datetime(2024, 2, 29, 0, 30),  # a leap day, just after midnight
        datetime.datetime(2024, 3, 30, 23, 45),  # the night before the clocks go forward
        datetime.datetime(2024, 10, 27, 1, 30),  # the hour that happens twice
        datetime.datetime(2024, 12, 31, 12, 0),
        datetime.datetime(2025, 1, 31, 23, 30),  # one month on is 28 February: the shortest calendar month
        datetime.datetime(2025, 2, 1, 0, 30),
        datetime.datetime(2025, 8, 31, 0, 10),
    ]
    limits = sorted(
        {0, 1, 28 * within - 3, 28 * within - 2, 28 * within - 1, 28 * within, 29 * within}
        | {30 * within, 31 * within - 1, 31 * within, 31 * within + 1, 31 * within + 2, 31 * within + 3}
    )
    expected = 0
    for start in starts:
        occurred = timezone.make_aware(start, local)
        for days in (d for d in limits if d >= 0):
            for hours in (-2, 0, 1, 23):
                reported = occurred + datetime.timedelta(days=days, hours=hours)
                if reported < occurred:
                    continue
                Incident.objects.create(
                    case=case,
                    occurred_at=occurred,
                    reported_at=reported,
                    reported_to=lead_agency,
                    description="Shouting",
                    recorded_by=lead_officer,
                )
                deadline = add_months(timezone.localdate(occurred, local), within)
                expected += timezone.localdate(reported, local) <= deadline
    [row] = victim_threshold_status(case, as_of)
    assert row["timely_incidents"] == expected
    policy.case_review_incidents = expected
    policy.save()
    assert list(case_review_threshold_cases(Case.objects.all(), as_of)) == [case]
    policy.case_review_incidents = expected + 1
    policy.save()
    assert list(case_review_threshold_cases(Case.objects.all(), as_of)) == []


def test_threshold_cases_follow_a_new_incident_at_once(case, victim, record_incident):
    record_incident(case, D(2025, 4, 1))
    before = list(case_review_threshold_cases(Case.objects.all(), AS_OF))

    record_incident(case, D(2025, 4, 8))
    record_incident(case, D(2025, 4, 15))

    assert (before, list(case_review_threshold_cases(Case.objects.all(), AS_OF))) == ([], [case])
