"""Two officers edit the same case details: the second save is refused instead of overwriting the first."""

import pytest
from django.urls import reverse

from cases.models import Case
from tests.factories import OfficerFactory

from .helpers import input_value

pytestmark = pytest.mark.django_db

CONFLICT = "Someone else changed this case while you were editing it"


@pytest.fixture
def colleague_client(lead_agency, client):
    """A second officer of the lead agency, who may also edit the case."""
    client.force_login(OfficerFactory(agency=lead_agency), backend="django.contrib.auth.backends.ModelBackend")
    return client


def edit_form(response) -> dict:
    """What the edit form posts back unchanged: every field as it was rendered, including the version."""
    form = response.context["form"]
    return {name: "" if value is None else str(getattr(value, "pk", value)) for name, value in form.initial.items()}


def test_second_save_from_a_stale_form_is_refused(case, lead_officer_client, colleague_client):
    url = reverse("cases:edit", kwargs={"reference": case.reference})
    first_form = edit_form(lead_officer_client.get(url))
    second_form = edit_form(colleague_client.get(url))
    assert first_form["version"] == second_form["version"] == str(case.version)

    saved = lead_officer_client.post(url, {**first_form, "summary": "First officer's summary."})
    refused = colleague_client.post(url, {**second_form, "summary": "Second officer's summary.", "ward": "Braunstone"})

    assert (saved.status_code, saved["Location"]) == (302, case.get_absolute_url())
    assert refused.status_code == 200
    page = refused.content.decode()
    assert CONFLICT in page
    assert "There is a problem" in page
    # The second officer sees what is saved now, and keeps what they typed to save again if they mean to.
    assert "First officer&#x27;s summary." in page
    assert input_value(refused, "summary") == "Second officer's summary."
    current = Case.objects.get(pk=case.pk)
    assert (current.summary, current.ward, current.version) == ("First officer's summary.", case.ward, case.version + 1)


def test_saving_again_after_the_conflict_replaces_the_details(case, lead_officer_client, colleague_client):
    url = reverse("cases:edit", kwargs={"reference": case.reference})
    first_form = edit_form(lead_officer_client.get(url))
    second_form = edit_form(colleague_client.get(url))
    lead_officer_client.post(url, {**first_form, "summary": "First officer's summary."})
    refused = colleague_client.post(url, {**second_form, "summary": "Second officer's summary."})

    # The refused form now carries the version the officer was shown, so saving it again is a deliberate overwrite.
    assert input_value(refused, "version") == str(case.version + 1)
    saved = colleague_client.post(
        url, {**second_form, "summary": "Second officer's summary.", "version": str(case.version + 1)}
    )

    assert saved.status_code == 302
    assert Case.objects.get(pk=case.pk).summary == "Second officer's summary."


def test_saving_without_changes_keeps_the_version(case, lead_officer_client):
    url = reverse("cases:edit", kwargs={"reference": case.reference})
    form = edit_form(lead_officer_client.get(url))

    response = lead_officer_client.post(url, form)

    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).version == case.version
