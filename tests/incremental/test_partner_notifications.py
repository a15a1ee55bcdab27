"""The lead officer is told when an officer of a partner agency records an intervention on their case: once, the
warning letter it prints included."""

import pytest
from django.core import mail

from agencies.models import Notification
from incremental.letter_details import default_details
from incremental.letters import intervention_letter_generate


@pytest.fixture
def partner_issue(issue, partner_officer, partner_agency):
    def record(code: str):
        return issue(code, officer=partner_officer, issuing_officer=partner_officer, issuing_agency=partner_agency)

    return record


def test_an_intervention_by_a_partner_is_told_to_the_lead_officer_once(
    case, perpetrator, partner_issue, django_capture_on_commit_callbacks
):
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        intervention = partner_issue("first_warning")
        intervention_letter_generate(
            intervention=intervention, officer=intervention.issuing_officer, details=default_details(perpetrator, case)
        )

    intervention.refresh_from_db()
    assert intervention.letter_id is not None
    text = (
        f"Priya Partner (Police) recorded First warning letter for Darren Whitfield on case {case.reference} "
        f"({case.address})."
    )
    assert list(Notification.objects.values_list("recipient__username", "text", "url")) == [
        ("lead.officer", text, f"{case.get_absolute_url()}interventions/#ladder-{perpetrator.pk}")
    ]
    assert [(message.to, message.body.splitlines()[0]) for message in mail.outbox] == [
        (["lead.officer@example.org"], text)
    ]


def test_the_lead_agencys_own_interventions_are_told_to_nobody(case, perpetrator, issue):
    Notification.objects.all().delete()

    issue("words_of_advice")

    assert not Notification.objects.exists()
