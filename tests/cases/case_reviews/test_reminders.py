"""ASB Case Review actions on My tasks: made by the daily reminder job a week before they are due and while overdue,
for the action's officer (else the point of contact) and the case's lead officer; once only; withdrawn when done."""

import datetime

import pytest
from django.urls import reverse

from cases.case_reviews import services
from cases.models import CaseReviewDecision
from config.celery import app
from incremental.models import Reminder, ReminderKind
from incremental.reminders import CASE_REVIEW_ACTION_DAYS, reminders_generate
from incremental.task_views import task_link
from incremental.tasks import GENERATE_REMINDERS

D = datetime.date
DUE = D(2025, 4, 10)


@pytest.fixture
def met(activation, lead_officer):
    return services.case_review_decide(
        activation=activation,
        officer=lead_officer,
        expected_version=activation.version,
        decision=CaseReviewDecision.MET,
        reason="",
        decision_date=D(2025, 3, 10),
    )


@pytest.fixture
def action(met, lead_officer, partner_officer):
    return services.case_review_action_add(
        activation=met,
        officer=lead_officer,
        text="Fit a doorbell camera",
        owner_agency=partner_officer.agency,
        owner_officer=partner_officer,
        due_on=DUE,
    )


def tasks():
    return sorted(
        Reminder.objects.filter(kind=ReminderKind.CASE_REVIEW_ACTION).values_list(
            "officer__username", "subject_id", "due_on", "done_at"
        )
    )


@pytest.mark.django_db
def test_action_reminder_from_a_week_before_until_done(action, lead_officer, partner_officer):
    week_before = DUE - datetime.timedelta(days=CASE_REVIEW_ACTION_DAYS)
    assert reminders_generate(as_of=week_before - datetime.timedelta(days=1))["case_review_action"] == 0
    first = reminders_generate(as_of=week_before)
    assert first["case_review_action"] == 2
    assert tasks() == [
        (lead_officer.username, action.pk, DUE, None),
        (partner_officer.username, action.pk, DUE, None),
    ]
    # Once only, and still there while overdue.
    assert reminders_generate(as_of=week_before)["case_review_action"] == 0
    assert reminders_generate(as_of=DUE + datetime.timedelta(days=30))["case_review_action"] == 0
    assert len(tasks()) == 2
    reminder = Reminder.objects.get(officer=partner_officer, kind=ReminderKind.CASE_REVIEW_ACTION)
    assert reminder.text == f"ASB Case Review action for {partner_officer.agency.name}: Fit a doorbell camera"
    assert task_link(reminder) == reverse("case_reviews:action", args=[action.activation.case.reference, action.pk])

    services.case_review_action_done(action=action, officer=partner_officer, expected_version=1, done_on=DUE)
    result = reminders_generate(as_of=DUE)
    assert (result["withdrawn"], result["case_review_action"], tasks()) == (2, 0, [])


@pytest.mark.django_db
def test_without_an_officer_the_point_of_contact_is_reminded(met, lead_officer, partner_officer):
    services.case_review_action_add(
        activation=met,
        officer=lead_officer,
        text="Review the lighting",
        owner_agency=partner_officer.agency,
        owner_officer=None,
        due_on=DUE,
    )
    reminders_generate(as_of=DUE)
    # The point of contact is the lead officer, who also leads the case: one task.
    assert [row[0] for row in tasks()] == [lead_officer.username]


@pytest.mark.django_db
def test_task_link_opens_the_action_on_its_review(action, partner_officer_client):
    response = partner_officer_client.get(
        reverse("case_reviews:action", args=[action.activation.case.reference, action.pk])
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/case-reviews/{action.activation_id}/#action-{action.pk}")


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_action_reminders_on_a_real_worker_once_only(worker, action, partner_officer):
    first = app.send_task(GENERATE_REMINDERS, kwargs={"as_of": DUE.isoformat()}).get(timeout=60)
    second = app.send_task(GENERATE_REMINDERS, kwargs={"as_of": DUE.isoformat()}).get(timeout=60)
    assert (first["case_review_action"], second["case_review_action"]) == (2, 0)
    assert len(tasks()) == 2
