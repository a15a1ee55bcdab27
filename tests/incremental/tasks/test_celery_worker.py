"""The daily reminder job through a real Celery worker and the Redis broker `make test` starts."""

import pytest

from config.celery import app
from incremental.models import Reminder
from incremental.tasks import GENERATE_REMINDERS

from .conftest import days

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_reminder_job_runs_on_a_real_worker_and_twice_makes_nothing_new(worker, intervene, partner_officer):
    warning = intervene(live_until=days(10), issuing_officer=partner_officer)

    first = app.send_task(GENERATE_REMINDERS, kwargs={"as_of": "2026-06-01"}).get(timeout=60)
    second = app.send_task(GENERATE_REMINDERS, kwargs={"as_of": "2026-06-01"}).get(timeout=60)

    nothing = {
        "live_ending": 0,
        "appeal_closing": 0,
        "hearing": 0,
        "review_due": 0,
        "case_review_action": 0,
        "withdrawn": 0,
    }
    assert first == {"as_of": "2026-06-01", **nothing, "live_ending": 2, "notifications": 2}
    assert second == {"as_of": "2026-06-01", **nothing, "notifications": 0}
    assert sorted(Reminder.objects.values_list("officer__username", "key")) == [
        ("lead.officer", f"live_ending:{warning.pk}:2026-06-11"),
        ("partner.officer", f"live_ending:{warning.pk}:2026-06-11"),
    ]
