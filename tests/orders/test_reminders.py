"""A positive requirement's supervisor's update due is a task in My tasks, done on the order's record, and goes
when the update is recorded."""

import datetime

import pytest
from django.urls import reverse

from core import clock
from incremental.models import Reminder, ReminderKind
from incremental.reminders import reminders_generate
from orders import services
from orders.models import OrderTerm

pytestmark = pytest.mark.django_db


def test_supervisor_update_due_is_a_task_until_recorded(respect_order, lead_officer, lead_officer_client):
    term = services.add_term(
        officer=lead_officer,
        intervention=respect_order,
        kind="requirement",
        text="Attend an alcohol course.",
        supervisor="Turning Point, Leicester",
        update_every_days=28,
    )
    OrderTerm.objects.filter(pk=term.pk).update(next_update_due=clock.today() + datetime.timedelta(days=3))

    made = reminders_generate(as_of=clock.today())

    reminder = Reminder.objects.get(kind=ReminderKind.SUPERVISOR_UPDATE)
    assert made[ReminderKind.SUPERVISOR_UPDATE] == 1
    assert reminder.officer == lead_officer
    assert reminder.text == "Respect order to Darren Whitfield: update due from Turning Point, Leicester"
    page = lead_officer_client.get(reverse("incremental:my_tasks")).content.decode()
    assert reverse("orders:order_detail", args=[respect_order.case.reference, respect_order.pk]) in page

    services.record_supervisor_update(
        officer=lead_officer, term=term, reported_on=clock.today(), compliance="complying", text="Attended."
    )
    reminders_generate(as_of=clock.today())
    assert not Reminder.objects.filter(kind=ReminderKind.SUPERVISOR_UPDATE, done_at__isnull=True).exists()
