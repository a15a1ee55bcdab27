"""Follow-ups of open support referrals on My tasks: made by the daily job when the follow-up date is within two
days or past, for the referring officer and the lead officer, once only; withdrawn when the referral moves on,
closes or its date changes; linked to the referral's page; and run once on a real Celery worker."""

import datetime

import pytest
from django.urls import reverse

from cases.support import services
from core import clock
from incremental.models import Reminder, ReminderKind
from incremental.reminders import REFERRAL_FOLLOW_UP_DAYS, reminders_generate
from incremental.task_views import task_link

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def ahead(n: int) -> datetime.date:
    return clock.today() + datetime.timedelta(days=n)


def follow_ups() -> list[tuple]:
    return sorted(
        Reminder.objects.filter(kind=ReminderKind.REFERRAL_FOLLOW_UP).values_list(
            "officer__username", "subject_id", "due_on", "text"
        )
    )


def test_follow_ups_due_within_two_days_or_past(refer, partner_officer):
    assert REFERRAL_FOLLOW_UP_DAYS == 2
    due = refer(follow_up_on=ahead(2), officer=partner_officer)
    late = refer(referred_on=days_ago(20), consent_on=days_ago(20), follow_up_on=days_ago(3))
    refer(follow_up_on=ahead(3))  # not yet

    run = reminders_generate(as_of=clock.today())

    text = "Follow up the referral of Vera Victim to Victim First"
    assert run[ReminderKind.REFERRAL_FOLLOW_UP] == 3
    assert follow_ups() == sorted(
        [
            ("lead.officer", due.pk, ahead(2), text),
            ("partner.officer", due.pk, ahead(2), text),
            ("lead.officer", late.pk, days_ago(3), text),
        ]
    )
    reminder = Reminder.objects.filter(subject_id=due.pk).first()
    assert task_link(reminder) == reverse("support:detail", args=[due.case.reference, due.pk])


def test_the_job_twice_makes_nothing_new(refer):
    refer(follow_up_on=ahead(1))
    first = reminders_generate(as_of=clock.today())
    second = reminders_generate(as_of=clock.today())
    assert (first[ReminderKind.REFERRAL_FOLLOW_UP], second[ReminderKind.REFERRAL_FOLLOW_UP]) == (1, 0)
    assert Reminder.objects.count() == 1


def test_withdrawn_when_the_referral_moves_on_closes_or_its_date_changes(refer, lead_officer):
    accepted, closed, moved = (refer(follow_up_on=ahead(1)) for _ in range(3))
    reminders_generate(as_of=clock.today())
    assert Reminder.objects.count() == 3

    services.referral_respond(
        referral=accepted,
        officer=lead_officer,
        expected_version=1,
        accepted=True,
        responded_on=days_ago(1),
        follow_up_on=ahead(20),
    )
    services.referral_respond(
        referral=closed,
        officer=lead_officer,
        expected_version=1,
        accepted=False,
        responded_on=days_ago(1),
        decline_reason="Outside the area.",
    )
    services.referral_set_follow_up(referral=moved, officer=lead_officer, expected_version=1, follow_up_on=ahead(9))
    run = reminders_generate(as_of=clock.today())

    assert run["withdrawn"] == 3
    assert Reminder.objects.count() == 0


def test_a_new_reminder_when_the_moved_date_comes_due(refer, lead_officer):
    referral = refer(follow_up_on=ahead(1))
    reminders_generate(as_of=clock.today())
    services.referral_set_follow_up(referral=referral, officer=lead_officer, expected_version=1, follow_up_on=ahead(2))
    run = reminders_generate(as_of=clock.today())
    assert (run["withdrawn"], run[ReminderKind.REFERRAL_FOLLOW_UP]) == (1, 1)
    assert [due for _, _, due, _ in follow_ups()] == [ahead(2)]
