"""The daily long-standing check: flags and unflags, records each change, dates each flag from the day the case
crossed the threshold, notifies the lead officer and the JAG chair once, e-mails them, is idempotent and records
one set of changes when two runs race."""

import datetime
import random

import pytest
from django.core import mail
from django.core.management import call_command

from agencies.models import Notification
from cases.jag_management.job import long_standing_flag_all
from cases.jag_management.tasks import flag_long_standing
from cases.models import Case, LongStandingChange
from cases.services import case_set_status
from tests.cases.jag_management.test_rules import naive_since
from tests.concurrency import run_at_once
from tests.factories import CaseFactory

D = datetime.date
DAY = datetime.timedelta(days=1)
AS_OF = D(2026, 6, 1)


def changes():
    return list(
        LongStandingChange.objects.order_by("case_id", "as_of").values_list(
            "case__reference", "became_long_standing", "as_of", "days_in_window"
        )
    )


@pytest.fixture
def long_case(case, add_period):
    add_period(case, D(2026, 1, 1), D(2026, 5, 3))  # 122 days: the 122nd was 2 May
    return case


def since(case):
    return Case.objects.get(pk=case.pk).long_standing_since


@pytest.fixture
def short_case(lead_officer, jag, category, add_period):
    other = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
    add_period(other, D(2026, 1, 1), D(2026, 5, 2))  # 121 days
    return other


def test_flag_all_flags_the_long_standing_case_only(long_case, short_case, chair):
    run = long_standing_flag_all(as_of=AS_OF)

    assert (run.flagged, run.unflagged) == (1, 0)
    assert changes() == [(long_case.reference, True, AS_OF, 122)]
    assert since(long_case) == D(2026, 5, 2)
    assert since(short_case) is None


def test_flag_all_notifies_lead_officer_and_chair_once_and_emails_them(
    long_case, lead_officer, chair, django_capture_on_commit_callbacks
):
    # The e-mails go once the changes are committed.
    with django_capture_on_commit_callbacks(execute=True):
        long_standing_flag_all(as_of=AS_OF)

    got = sorted(Notification.objects.values_list("recipient__username", "text", "url"))
    text = (
        f"Case {long_case.reference} became long standing on 2 May 2026: 122 days under JAG management "
        "in the 12 months to 1 June 2026."
    )
    assert got == [
        ("jag.chair", text, f"/cases/{long_case.reference}/jag/"),
        ("lead.officer", text, f"/cases/{long_case.reference}/jag/"),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["jag.chair@example.org", "lead.officer@example.org"]
    assert text in mail.outbox[0].body


def test_flag_all_is_idempotent(long_case, chair):
    long_standing_flag_all(as_of=AS_OF)
    again = long_standing_flag_all(as_of=AS_OF)

    assert (again.flagged, again.unflagged, again.notifications) == (0, 0, 0)
    assert len(changes()) == 1
    assert Notification.objects.count() == 2


def test_flag_all_unflags_when_days_leave_the_window(long_case, chair):
    long_standing_flag_all(as_of=AS_OF)

    run = long_standing_flag_all(as_of=D(2027, 1, 2))  # the window now starts 2 Jan 2026: 121 days

    assert (run.flagged, run.unflagged) == (0, 1)
    assert changes() == [(long_case.reference, True, AS_OF, 122), (long_case.reference, False, D(2027, 1, 2), 121)]
    assert Case.objects.get(pk=long_case.pk).long_standing_since is None
    assert Notification.objects.filter(text__contains="is no longer long standing as of 2 January 2027").count() == 2


def test_flag_all_unflags_a_closed_case_and_skips_closed_ones(long_case, lead_officer):
    long_standing_flag_all(as_of=AS_OF)
    case_set_status(case=long_case, officer=lead_officer, status="closed", reason="Resolved.")

    run = long_standing_flag_all(as_of=AS_OF)
    rerun = long_standing_flag_all(as_of=AS_OF)

    assert (run.unflagged, rerun.flagged, rerun.unflagged) == (1, 0, 0)
    assert Case.objects.get(pk=long_case.pk).long_standing_since is None


def test_flag_all_with_no_cases_changes_nothing(db):
    run = long_standing_flag_all(as_of=AS_OF)

    assert (run.flagged, run.unflagged, run.notifications, run.emails) == (0, 0, 0, 0)


def test_management_command_runs_the_same_check(long_case, capsys):
    call_command("flag_long_standing", "--as-of", "2026-06-01")

    assert changes() == [(long_case.reference, True, AS_OF, 122)]
    assert "1 flagged, 0 unflagged" in capsys.readouterr().out


def test_management_command_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--as-of must be a date like 2026-03-27, not '2026-13-01'"):
        call_command("flag_long_standing", "--as-of", "2026-13-01")


def test_task_calls_the_service(long_case):
    result = flag_long_standing.delay(as_of="2026-06-01").get(timeout=60)

    assert result == {"as_of": "2026-06-01", "flagged": 1, "unflagged": 0, "notifications": 1, "emails": 1}


def test_daily_schedule_exists(db):
    from importlib import import_module

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    # Run the data migration's function again (it is idempotent): a flushed database would lack its row.
    import_module("cases.migrations.0005_jag_long_standing_schedule").create_schedule(apps, None)

    task = PeriodicTask.objects.get(name="Daily long-standing check")
    assert (task.task, task.enabled, str(task.crontab.hour), str(task.crontab.minute)) == (
        "cases.flag_long_standing",
        True,
        "2",
        "30",
    )
    assert str(task.crontab.timezone) == "Europe/London"


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_record_one_set_of_changes(lead_officer, jag, category, add_period, chair):
    cases = [CaseFactory(lead_officer=lead_officer, jag=jag, category=category) for _ in range(20)]
    for case in cases:
        add_period(case, D(2026, 1, 1), None)
    results = run_at_once(lambda: long_standing_flag_all(as_of=AS_OF))

    assert sorted(r.flagged for r in results) == [0, 20]
    assert LongStandingChange.objects.count() == 20
    assert Notification.objects.count() == 40
    assert Case.objects.filter(long_standing_since=D(2026, 5, 2)).count() == 20


# --- Since when: the day the case crossed the threshold, each day counted over its own window ------------------


def test_flag_all_dates_a_crossing_on_a_leap_day(case, add_period, chair):
    add_period(case, D(2023, 10, 31), None)  # 31 Oct to 29 Feb inclusive: 1 + 30 + 31 + 31 + 29 = 122

    run = long_standing_flag_all(as_of=D(2024, 3, 4))

    assert (run.flagged, since(case)) == (1, D(2024, 2, 29))
    assert changes() == [(case.reference, True, D(2024, 3, 4), 126)]
    assert Notification.objects.filter(text__contains="became long standing on 29 February 2024").count() == 2


def test_flag_all_on_the_leap_day_itself_dates_it_that_day(case, add_period):
    add_period(case, D(2023, 10, 31), None)

    assert long_standing_flag_all(as_of=D(2024, 2, 28)).flagged == 0
    assert long_standing_flag_all(as_of=D(2024, 2, 29)).flagged == 1
    assert since(case) == D(2024, 2, 29)


def test_flag_all_after_a_week_without_a_run_dates_the_day_it_crossed(case, add_period, chair):
    add_period(case, D(2026, 1, 1), None)  # the 122nd day is 2 May 2026
    assert long_standing_flag_all(as_of=D(2026, 4, 30)).flagged == 0

    # The job did not run from 1 to 6 May.
    run = long_standing_flag_all(as_of=D(2026, 5, 7))

    assert (run.flagged, since(case)) == (1, D(2026, 5, 2))
    assert changes() == [(case.reference, True, D(2026, 5, 7), 127)]
    assert set(Notification.objects.values_list("text", flat=True)) == {
        f"Case {case.reference} became long standing on 2 May 2026: 127 days under JAG management "
        "in the 12 months to 7 May 2026."
    }


def test_flag_all_after_re_referral_dates_the_second_crossing_not_the_first(case, add_period):
    # Long standing from 2 May 2025 until its days began to leave the window (2 January 2026: 121 days).
    add_period(case, D(2025, 1, 1), D(2025, 5, 3))
    assert long_standing_flag_all(as_of=D(2025, 6, 1)).flagged == 1
    assert since(case) == D(2025, 5, 2)
    assert long_standing_flag_all(as_of=D(2026, 1, 2)).unflagged == 1
    # Re-referred after a gap: the old days leave the window as fast as new ones come, so the count stays at 114
    # (113 old + 1 new on 10 January) until the old ones are gone on 3 May, then it climbs: 122 on 11 May 2026.
    add_period(case, D(2026, 1, 10), None)

    assert long_standing_flag_all(as_of=D(2026, 5, 10)).flagged == 0
    run = long_standing_flag_all(as_of=D(2026, 6, 1))

    assert (run.flagged, since(case)) == (1, D(2026, 5, 11))
    assert changes()[-1] == (case.reference, True, D(2026, 6, 1), 143)


def test_flag_all_keeps_the_date_of_a_case_that_stays_long_standing(long_case, add_period, chair):
    long_standing_flag_all(as_of=AS_OF)
    # Recorded as long standing since an earlier day (say by the job as it used to date flags): kept, not redated.
    Case.objects.filter(pk=long_case.pk).update(long_standing_since=D(2026, 5, 20))

    run = long_standing_flag_all(as_of=AS_OF + DAY)

    assert (run.flagged, run.unflagged, since(long_case)) == (0, 0, D(2026, 5, 20))
    assert len(changes()) == 1


def test_flag_all_dates_match_a_day_by_day_search(lead_officer, jag, category, add_period):
    as_of = D(2026, 6, 1)
    generator = random.Random(20260601)
    periods_by_case = {}
    for _ in range(25):
        case = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
        # The latest period is open in most cases; the others ended up to two months ago.
        end = as_of + DAY if generator.random() < 0.7 else as_of - generator.randint(0, 60) * DAY
        periods = []
        for _ in range(generator.randint(1, 4)):
            length, gap = generator.randint(5, 200), generator.randint(0, 150)
            start = end - length * DAY
            periods.append((start, None if end > as_of else end))
            end = start - gap * DAY
        for started_on, ended_on in periods:
            add_period(case, started_on, ended_on)
        periods_by_case[case.pk] = periods

    long_standing_flag_all(as_of=as_of)

    got = dict(Case.objects.filter(pk__in=periods_by_case).values_list("pk", "long_standing_since"))
    expected = {pk: naive_since(periods, as_of) for pk, periods in periods_by_case.items()}
    assert got == expected
    assert sum(day is not None for day in got.values()) >= 5
