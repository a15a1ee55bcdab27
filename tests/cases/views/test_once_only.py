"""A form that carries the once-only token is saved once however often it is posted, and not at all without it."""

import pytest
from django.test import Client
from django.urls import reverse

from agencies.models import FormSubmission
from cases.models import ChronologyEntry
from core.forms import OnceOnlyForm
from tests.concurrency import run_at_once

from .helpers import assert_error_summary, input_value, new_token

PARALLEL = 20


def chronology_url(case) -> str:
    return reverse("cases:chronology_add", kwargs={"reference": case.reference})


def entries(case) -> int:
    return ChronologyEntry.objects.filter(case=case, text="Spoke to the complainant.").count()


@pytest.mark.django_db
def test_form_without_its_token_is_refused_and_keeps_what_was_typed(lead_officer_client, case, chronology_form_data):
    form = {**chronology_form_data, "text": "Spoke to the complainant."}

    response = lead_officer_client.post(chronology_url(case), form)

    assert_error_summary(response, OnceOnlyForm.WITHOUT_TOKEN)
    assert input_value(response, "text") == "Spoke to the complainant."
    assert entries(case) == 0
    # A new token comes with the form: sent again as it is shown, it is saved.
    token = input_value(response, "submission_token")
    assert token
    again = lead_officer_client.post(chronology_url(case), {**form, "submission_token": token})
    assert again.status_code == 302
    assert entries(case) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["", "not-a-token", "g" * 32, "\x00"])
def test_form_with_a_token_that_is_not_one_is_refused(lead_officer_client, case, chronology_form_data, token):
    form = {**chronology_form_data, "text": "Spoke to the complainant.", "submission_token": token}

    response = lead_officer_client.post(chronology_url(case), form)

    assert_error_summary(response, OnceOnlyForm.WITHOUT_TOKEN)
    assert entries(case) == 0


def post_at_once(lead_officer, case, form) -> list[int]:
    clients = []
    for _ in range(PARALLEL):
        client = Client()
        client.force_login(lead_officer)
        clients.append(client)
    next_client = iter(clients)

    def post() -> int:
        return next(next_client).post(chronology_url(case), form).status_code

    return run_at_once(post, times=PARALLEL)


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_posts_without_a_token_save_nothing(lead_officer, case, chronology_form_data):
    form = {**chronology_form_data, "text": "Spoke to the complainant."}

    statuses = post_at_once(lead_officer, case, form)

    assert statuses == [200] * PARALLEL
    assert entries(case) == 0
    assert FormSubmission.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_posts_with_the_same_token_save_once(lead_officer, case, chronology_form_data):
    form = {**chronology_form_data, "text": "Spoke to the complainant.", "submission_token": new_token()}

    statuses = post_at_once(lead_officer, case, form)

    assert statuses == [302] * PARALLEL
    assert entries(case) == 1
    assert FormSubmission.objects.count() == 1
