"""The daily reminder job: each kind of reminder at the edges of its window, who gets them, once only, withdrawn
when the event no longer stands, one notification per officer, and the command and task that run it."""

import datetime
import os
import subprocess
import sys
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from agencies.models import AuditEvent, Notification
from cases.services import case_remove_agency, case_set_status
from core import clock
from incremental.models import EventType, InterventionEvent, InterventionKind, InterventionStatus, Reminder
from incremental.reminders import (
    _DUE,
    APPEAL_CLOSING_DAYS,
    HEARING_DAYS,
    LIVE_ENDING_DAYS,
    REVIEW_DUE_DAYS,
    reminders_generate,
)
from incremental.services import intervention_issue, intervention_record_event
from incremental.tasks import GENERATE_REMINDERS, generate_reminders
from tests.factories import CaseFactory

from .conftest import AS_OF, days

pytestmark = pytest.mark.django_db

# Every kind the job makes (other rooms add theirs to _DUE), none made.
NOTHING = {str(kind): 0 for kind in _DUE} | {"withdrawn": 0, "notifications": 0}


def reminders():
    return sorted(Reminder.objects.values_list("officer__username", "kind", "due_on", "key", "text"))


def keys():
    return sorted(Reminder.objects.values_list("key", flat=True))


def test_windows_are_the_agreed_constants():
    assert (LIVE_ENDING_DAYS, APPEAL_CLOSING_DAYS, HEARING_DAYS, REVIEW_DUE_DAYS) == (14, 7, 14, 7)


def test_live_periods_ending_from_today_to_fourteen_days_ahead(intervene):
    inside = [intervene(live_until=AS_OF), intervene(live_until=days(14))]
    intervene(live_until=days(-1))  # ended yesterday
    intervene(live_until=days(15))  # not yet
    intervene(live_until=days(3), status=InterventionStatus.DISCHARGED, status_on=days(-2))
    intervene(live_until=days(3), status=InterventionStatus.EXPIRED, status_on=days(-2))
    intervene("words_of_advice", live_until=None)

    run = reminders_generate(as_of=AS_OF)

    assert run == NOTHING | {"live_ending": 2, "notifications": 1}
    assert keys() == sorted(f"live_ending:{i.pk}:{i.live_until.isoformat()}" for i in inside)


def test_live_ending_reminder_names_the_intervention_and_the_person(intervene, case):
    warning = intervene(live_until=days(10))

    reminders_generate(as_of=AS_OF)

    [reminder] = Reminder.objects.all()
    assert (reminder.kind, reminder.due_on, reminder.text, reminder.case, reminder.intervention) == (
        "live_ending",
        days(10),
        "First warning letter to Darren Whitmore: the live period ends",
        case,
        warning,
    )
    assert reminder.done_at is None


def test_appeal_windows_closing_within_seven_days_unless_appealed_or_quashed(intervene, lead_officer):
    inside = [intervene("cpn", appeal_deadline=AS_OF), intervene("cpn", appeal_deadline=days(7))]
    intervene("cpn", appeal_deadline=days(-1))
    intervene("cpn", appeal_deadline=days(8))
    intervene("cpn", appeal_deadline=days(2), status=InterventionStatus.QUASHED, status_on=days(-1))
    appealed = intervene("cpn", appeal_deadline=days(2))
    InterventionEvent.objects.create(
        intervention=appealed,
        event_type=EventType.APPEAL_LODGED,
        occurred_on=days(-1),
        details="Appeal lodged at the magistrates' court.",
        recorded_by=lead_officer,
    )

    run = reminders_generate(as_of=AS_OF)

    assert run["appeal_closing"] == 2
    assert keys() == sorted(f"appeal_closing:{i.pk}:{i.appeal_deadline.isoformat()}" for i in inside)
    assert Reminder.objects.filter(intervention=inside[0]).get().text == (
        "Community Protection Notice to Darren Whitmore: the appeal window closes"
    )


def test_hearings_within_fourteen_days_with_the_court(intervene):
    at_court = intervene("civil_injunction", court="Leicester County Court", next_hearing_on=days(14))
    no_court = intervene("civil_injunction", next_hearing_on=AS_OF)
    intervene("civil_injunction", court="Leicester County Court", next_hearing_on=days(15))
    intervene("civil_injunction", court="Leicester County Court", next_hearing_on=days(-1))
    intervene(
        "civil_injunction",
        next_hearing_on=days(5),
        status=InterventionStatus.DISCHARGED,
        status_on=days(-1),
    )

    run = reminders_generate(as_of=AS_OF)

    assert run["hearing"] == 2
    assert [(r.intervention, r.due_on, r.text) for r in Reminder.objects.order_by("due_on")] == [
        (no_court, AS_OF, "Civil injunction (section 1) to Darren Whitmore: hearing"),
        (at_court, days(14), "Civil injunction (section 1) to Darren Whitmore: hearing at Leicester County Court"),
    ]


def test_risk_reviews_due_within_seven_days_or_overdue_on_open_cases(case, lead_officer, jag, category, review_due_on):
    later = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
    overdue = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
    closed = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
    review_due_on(days(7))
    review_due_on(days(8), later)
    review_due_on(days(-30), overdue)
    review_due_on(days(1), closed)
    case_set_status(case=closed, officer=lead_officer, status="closed", reason="Resolved.")
    CaseFactory(lead_officer=lead_officer, jag=jag, category=category)  # never assessed: no review date

    run = reminders_generate(as_of=AS_OF)

    assert run["review_due"] == 2
    assert reminders() == sorted(
        [
            (
                "lead.officer",
                "review_due",
                days(-30),
                f"review_due:{overdue.pk}:{days(-30)}",
                f"Case {overdue.reference}: the risk review is due",
            ),
            (
                "lead.officer",
                "review_due",
                days(7),
                f"review_due:{case.pk}:{days(7)}",
                f"Case {case.reference}: the risk review is due",
            ),
        ]
    )
    assert Reminder.objects.get(case=case).intervention is None


def test_issuing_officer_and_lead_officer_each_get_one(intervene, partner_officer, partner_agency):
    by_partner = intervene("cpw", issuing_officer=partner_officer, live_until=days(5))
    by_lead = intervene(live_until=days(6))

    reminders_generate(as_of=AS_OF)

    got = sorted(Reminder.objects.values_list("officer__username", "intervention_id"))
    assert got == sorted(
        [("lead.officer", by_partner.pk), ("partner.officer", by_partner.pk), ("lead.officer", by_lead.pk)]
    )


def test_inactive_officers_get_no_reminders(intervene, partner_officer):
    intervene(issuing_officer=partner_officer, live_until=days(5))
    partner_officer.is_active = False
    partner_officer.save()

    reminders_generate(as_of=AS_OF)

    assert list(Reminder.objects.values_list("officer__username", flat=True)) == ["lead.officer"]


def test_an_issuing_officer_whose_agency_left_the_case_gets_no_reminder(intervene, case, partner_officer, lead_officer):
    intervene(issuing_officer=partner_officer, live_until=days(5))
    case_remove_agency(case=case, officer=lead_officer, agency=partner_officer.agency)

    made = reminders_generate(as_of=AS_OF)

    assert (list(Reminder.objects.values_list("officer__username", flat=True)), made["notifications"]) == (
        ["lead.officer"],
        1,
    )


def test_running_twice_makes_no_duplicates(intervene, review_due_on, partner_officer):
    intervene(live_until=days(3), issuing_officer=partner_officer)
    intervene("cpn", appeal_deadline=days(3), next_hearing_on=days(4), court="Leicester Magistrates' Court")
    review_due_on(days(-2))

    first = reminders_generate(as_of=AS_OF)
    made = reminders()
    second = reminders_generate(as_of=AS_OF)
    next_day = reminders_generate(as_of=days(1))

    assert first == NOTHING | {
        "live_ending": 2,
        "appeal_closing": 1,
        "hearing": 1,
        "review_due": 1,
        "withdrawn": 0,
        "notifications": 2,
    }
    assert second == NOTHING
    assert next_day == NOTHING
    assert reminders() == made
    assert len(made) == 5


def test_a_done_reminder_is_not_made_again(intervene, lead_officer):
    intervene(live_until=days(3))
    reminders_generate(as_of=AS_OF)
    Reminder.objects.update(done_at=clock.now())

    run = reminders_generate(as_of=days(1))

    assert run == NOTHING
    assert Reminder.objects.filter(done_at__isnull=True).count() == 0


def test_a_varied_live_period_gets_a_new_reminder_and_the_old_one_goes(case, perpetrator, lead_officer, lead_agency):
    """Through the services, as officers record them: a first warning, then a variation moving its end date."""
    today = clock.today()
    warning = intervention_issue(
        officer=lead_officer,
        case=case,
        person=perpetrator,
        kind=InterventionKind.objects.get(code="words_of_advice"),
        issuing_agency=lead_agency,
        issuing_officer=lead_officer,
        issued_on=today - datetime.timedelta(days=20),
        live_until=today + datetime.timedelta(days=10),
    )
    reminders_generate(as_of=today)
    assert keys() == [f"live_ending:{warning.pk}:{today + datetime.timedelta(days=10)}"]

    intervention_record_event(
        officer=lead_officer,
        intervention=warning,
        expected_version=warning.version,
        event_type=EventType.VARIED,
        occurred_on=today,
        details="Extended by a month after further reports.",
        new_live_until=today + datetime.timedelta(days=12),
    )
    run = reminders_generate(as_of=today)

    assert (run["live_ending"], run["withdrawn"]) == (1, 1)
    assert [(r.key, r.due_on) for r in Reminder.objects.all()] == [
        (f"live_ending:{warning.pk}:{today + datetime.timedelta(days=12)}", today + datetime.timedelta(days=12))
    ]


def test_open_reminders_are_withdrawn_when_their_event_no_longer_stands(intervene, case, lead_officer, review_due_on):
    ending = intervene(live_until=days(3))
    appeal = intervene("cpn", appeal_deadline=days(3))
    hearing = intervene("civil_injunction", next_hearing_on=days(3), court="Leicester County Court")
    review_due_on(days(2))
    reminders_generate(as_of=AS_OF)
    assert Reminder.objects.count() == 4

    ending.status, ending.status_on = InterventionStatus.DISCHARGED, AS_OF
    ending.save()
    InterventionEvent.objects.create(
        intervention=appeal,
        event_type=EventType.APPEAL_LODGED,
        occurred_on=AS_OF,
        details="Appeal lodged.",
        recorded_by=lead_officer,
    )
    hearing.next_hearing_on = days(30)
    hearing.save()
    review_due_on(days(28))  # reviewed today: the next one is four weeks off
    run = reminders_generate(as_of=AS_OF)

    assert run == NOTHING | {"withdrawn": 4}
    assert Reminder.objects.count() == 0


def test_a_done_reminder_stays_when_its_event_goes(intervene):
    ending = intervene(live_until=days(3))
    reminders_generate(as_of=AS_OF)
    Reminder.objects.update(done_at=clock.now())
    ending.status = InterventionStatus.EXPIRED
    ending.save()

    assert reminders_generate(as_of=AS_OF)["withdrawn"] == 0
    assert Reminder.objects.count() == 1


def test_an_overdue_reminder_stays_open_until_done(intervene):
    intervene(live_until=days(3))
    reminders_generate(as_of=AS_OF)

    run = reminders_generate(as_of=days(10))  # the live period ended a week ago, nobody recorded it

    assert run == NOTHING
    assert Reminder.objects.filter(done_at__isnull=True).count() == 1


def test_each_officer_given_new_tasks_is_notified_once_a_day(intervene, partner_officer):
    intervene(live_until=days(3), issuing_officer=partner_officer)
    intervene("cpn", appeal_deadline=days(3))

    reminders_generate(as_of=AS_OF)
    intervene(live_until=days(4))
    again = reminders_generate(as_of=AS_OF)
    next_day = reminders_generate(as_of=days(1))

    assert (again["live_ending"], again["notifications"], next_day["notifications"]) == (1, 0, 0)
    assert sorted(Notification.objects.values_list("recipient__username", "text", "url", "event_key")) == [
        (
            "lead.officer",
            "2 new tasks on My tasks.",
            "/my-tasks/",
            "reminders:2026-06-01",
        ),
        (
            "partner.officer",
            "1 new task on My tasks.",
            "/my-tasks/",
            "reminders:2026-06-01",
        ),
    ]


def test_a_run_that_changes_something_is_audited_once(intervene):
    intervene(live_until=days(3))

    reminders_generate(as_of=AS_OF)
    reminders_generate(as_of=AS_OF)

    assert list(AuditEvent.objects.filter(description__startswith="Daily Incremental").values_list("description")) == [
        ("Daily Incremental Approach reminders for 2026-06-01: 1 made, 0 withdrawn",)
    ]


def test_reminders_for_any_number_of_cases_take_the_same_statements(
    intervene, lead_officer, jag, category, review_due_on, django_assert_max_num_queries
):
    for _ in range(10):
        other = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
        review_due_on(days(1), other)
        intervene(live_until=days(2))

    # The view permission's id, the lock, a withdrawal and an insert per kind, the notifications (read, write) and
    # the audit entry.
    with django_assert_max_num_queries(7 + 2 * len(_DUE)):
        run = reminders_generate(as_of=AS_OF)

    assert (run["live_ending"], run["review_due"]) == (10, 10)


def test_management_command_runs_the_same_job(intervene, capsys):
    intervene(live_until=days(3))

    call_command("generate_reminders", "--as-of", "2026-06-01")

    assert keys() != []
    assert capsys.readouterr().out == (
        "Reminders as of 2026-06-01: live period ending 1, appeal window closing 0, hearing coming up 0, "
        "risk review due 0, victim contact due 0, support referral follow-up 0, asb case review action due 0, "
        "supervisor's update due 0, immediate justice to start 0; "
        "0 withdrawn, 1 officers notified\n"
    )


def test_management_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="--as-of must be a date like 2026-03-27, not '2026-13-01'"):
        call_command("generate_reminders", "--as-of", "2026-13-01")


def test_task_calls_the_service(intervene):
    intervene(live_until=days(3))

    result = generate_reminders.delay(as_of="2026-06-01").get(timeout=60)

    assert result == {"as_of": "2026-06-01", **NOTHING, "live_ending": 1, "notifications": 1}


def test_task_without_a_date_runs_for_today(db):
    result = generate_reminders.delay().get(timeout=60)

    assert result == {"as_of": clock.today().isoformat(), **NOTHING}


def test_daily_schedule_names_the_task(db):
    from django_celery_beat.models import PeriodicTask

    # Run the data migration's function again (it is idempotent): a flushed database would lack its row.
    import_module("incremental.migrations.0003_reminder_schedule").create_schedule(apps, None)

    task = PeriodicTask.objects.get(name="Daily Incremental Approach reminders")
    assert (task.task, task.enabled, str(task.crontab.hour), str(task.crontab.minute), task.kwargs) == (
        GENERATE_REMINDERS,
        True,
        "6",
        "0",
        "{}",
    )
    assert GENERATE_REMINDERS == "incremental.generate_reminders"


def test_celery_finds_the_task_by_its_name():
    """In a fresh process, as a worker starts: autodiscovery (config/celery.py) registers incremental.tasks."""
    script = (
        "import django; django.setup(); from config.celery import app; app.loader.import_default_modules(); "
        f"print({GENERATE_REMINDERS!r} in app.tasks)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}

    found = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)

    assert (found.returncode, found.stdout.strip()) == (0, "True"), found.stderr
