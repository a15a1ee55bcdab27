"""The referral follow-ups through the daily reminder job on a real Celery worker."""

import pytest

from config.celery import app
from core import clock
from incremental.models import Reminder, ReminderKind
from incremental.tasks import GENERATE_REMINDERS

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_referral_follow_up_made_once_on_a_real_worker(worker, refer):
    referral = refer(follow_up_on=clock.today())
    as_of = clock.today().isoformat()

    first = app.send_task(GENERATE_REMINDERS, kwargs={"as_of": as_of}).get(timeout=60)
    second = app.send_task(GENERATE_REMINDERS, kwargs={"as_of": as_of}).get(timeout=60)

    assert (first[ReminderKind.REFERRAL_FOLLOW_UP], second[ReminderKind.REFERRAL_FOLLOW_UP]) == (1, 0)
    assert list(Reminder.objects.values_list("officer__username", "subject_id", "key")) == [
        ("lead.officer", referral.pk, f"referral_follow_up:{referral.pk}:made:{as_of}")
    ]
