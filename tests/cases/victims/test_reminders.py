"""A victim's next contact on My tasks: made by the daily reminder job for the single point of contact (and the lead
officer) when due within two days or overdue, once only, and withdrawn once a contact is logged or the case closes."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from cases.closure.services import victim_closure_record
from cases.models import CaseStatus, VictimContactPlan
from cases.services import case_set_status
from cases.victims import services
from config.celery import app
from core import clock
from incremental.models import Reminder, ReminderKind
from incremental.reminders import CONTACT_DUE_DAYS, reminders_generate
from incremental.task_views import task_link
from incremental.tasks import GENERATE_REMINDERS

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)
PLAN_DAY = START.date()


def contact_reminders() -> list[tuple]:
    return sorted(
        Reminder.objects.filter(kind=ReminderKind.CONTACT_DUE).values_list(
            "officer__username", "due_on", "key", "subject_id"
        )
    )


@pytest.fixture
def plan(make_plan, partner_officer):
    with time_machine.travel(START, tick=False):
        return make_plan(spoc=partner_officer, frequency_days=10)


def test_window_is_two_days():
    assert CONTACT_DUE_DAYS == 2


def test_due_within_two_days_reminds_the_spoc_and_lead_officer_once(plan, victim_link):
    due = PLAN_DAY + datetime.timedelta(days=10)
    key = f"contact_due:{victim_link.pk}:{due.isoformat()}"

    too_early = reminders_generate(as_of=due - datetime.timedelta(days=3))
    first = reminders_generate(as_of=due - datetime.timedelta(days=2))
    again = reminders_generate(as_of=due + datetime.timedelta(days=5))

    assert (too_early["contact_due"], first["contact_due"], again["contact_due"]) == (0, 2, 0)
    assert contact_reminders() == [
        ("lead.officer", due, key, victim_link.pk),
        ("partner.officer", due, key, victim_link.pk),
    ]
    reminder = Reminder.objects.filter(kind=ReminderKind.CONTACT_DUE).first()
    assert task_link(reminder) == f"/cases/{victim_link.case.reference}/victims/{victim_link.pk}/"
    assert "contact Vera Victim (victim) under their contact plan" in reminder.text


def test_withdrawn_once_a_contact_is_logged(case, victim, plan, lead_officer):
    overdue_day = PLAN_DAY + datetime.timedelta(days=12)
    reminders_generate(as_of=overdue_day)
    assert len(contact_reminders()) == 2

    with time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(overdue_day, datetime.time(10))), tick=False
    ):
        services.contact_log(
            case=case,
            victim=victim,
            officer=lead_officer,
            contacted_at=timezone.now() - datetime.timedelta(hours=1),
            method="phone",
            summary="Update on the CPN.",
        )
    run = reminders_generate(as_of=overdue_day)

    assert (run["withdrawn"], run["contact_due"]) == (2, 0)
    assert contact_reminders() == []
    assert VictimContactPlan.objects.get().next_contact_due == overdue_day + datetime.timedelta(days=10)


def test_withdrawn_when_the_case_closes(case, plan, lead_officer):
    day = PLAN_DAY + datetime.timedelta(days=11)
    reminders_generate(as_of=day)

    victim_closure_record(
        case=case,
        victim=plan.victim,
        officer=lead_officer,
        expected_version=0,
        told_how="phone",
        told_on=clock.today(),
        told_what="The noise has stopped, so the case is closing.",
        not_told_reason="",
        not_told_explanation="",
        outcome="stopped",
        satisfaction=None,
    )
    case_set_status(case=case, officer=lead_officer, status=CaseStatus.CLOSED, reason="Resolved.")
    run = reminders_generate(as_of=day)

    assert run["withdrawn"] == 2
    assert contact_reminders() == []


def test_a_new_spoc_takes_the_task_over(plan, make_plan, lead_officer, victim_link):
    day = PLAN_DAY + datetime.timedelta(days=11)
    reminders_generate(as_of=day)
    other = make_plan(spoc=lead_officer, frequency_days=10)

    run = reminders_generate(as_of=day)

    assert other.next_contact_due == plan.next_contact_due
    assert run["withdrawn"] == 1
    assert [row[0] for row in contact_reminders()] == ["lead.officer"]


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_contact_reminders_come_from_the_job_on_a_real_worker(worker, plan, victim_link):
    day = (PLAN_DAY + datetime.timedelta(days=10)).isoformat()

    first = app.send_task(GENERATE_REMINDERS, kwargs={"as_of": day}).get(timeout=60)
    second = app.send_task(GENERATE_REMINDERS, kwargs={"as_of": day}).get(timeout=60)

    assert (first["contact_due"], second["contact_due"]) == (2, 0)
    assert [row[0] for row in contact_reminders()] == ["lead.officer", "partner.officer"]
