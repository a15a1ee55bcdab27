"""The daily long-standing check: flags and unflags, records each change, notifies the lead officer and the JAG
chair once, e-mails them, is idempotent and records one set of changes when two runs race (PostgreSQL)."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from agencies.models import Notification
from cases.jag_services import long_standing_flag_all
from cases.models import Case, LongStandingChange
from cases.services import case_set_status
from cases.tasks import flag_long_standing
from tests.factories import CaseFactory

D = datetime.date
AS_OF = D(2026, 6, 1)


def changes():
    return list(
        LongStandingChange.objects.order_by("case_id", "as_of").values_list(
            "case__reference", "became_long_standing", "as_of", "days_in_window"
        )
    )


@pytest.fixture
def long_case(case, add_period):
    add_period(case, D(2026, 1, 1), D(2026, 5, 3))  # 122 days
    return case


@pytest.fixture
def short_case(lead_officer, jag, category, add_period):
    other = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
    add_period(other, D(2026, 1, 1), D(2026, 5, 2))  # 121 days
    return other


def test_flag_all_flags_the_long_standing_case_only(long_case, short_case, chair):
    run = long_standing_flag_all(as_of=AS_OF)

    assert (run.flagged, run.unflagged) == (1, 0)
    assert changes() == [(long_case.reference, True, AS_OF, 122)]
    assert Case.objects.get(pk=long_case.pk).long_standing_since == AS_OF
    assert Case.objects.get(pk=short_case.pk).long_standing_since is None


def test_flag_all_notifies_lead_officer_and_chair_once_and_emails_them(
    long_case, lead_officer, chair, django_capture_on_commit_callbacks
):
    # The e-mails go once the changes are committed.
    with django_capture_on_commit_callbacks(execute=True):
        long_standing_flag_all(as_of=AS_OF)

    got = sorted(Notification.objects.values_list("recipient__username", "text", "url"))
    text = (
        f"Case {long_case.reference} became long standing on 1 June 2026: 122 days under JAG management "
        "in the last 12 months."
    )
    assert got == [
        ("jag.chair", text, f"/cases/{long_case.reference}/"),
        ("lead.officer", text, f"/cases/{long_case.reference}/"),
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
    result = flag_long_standing.delay(as_of="2026-06-01").get()

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
    assert connection.vendor == "postgresql"
    cases = [CaseFactory(lead_officer=lead_officer, jag=jag, category=category) for _ in range(20)]
    for case in cases:
        add_period(case, D(2026, 1, 1), None)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(long_standing_flag_all(as_of=AS_OF))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(r.flagged for r in results) == [0, 20]
    assert LongStandingChange.objects.count() == 20
    assert Notification.objects.count() == 40
    assert Case.objects.filter(long_standing_since=AS_OF).count() == 20
