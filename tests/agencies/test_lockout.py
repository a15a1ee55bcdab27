"""django-axes lockout and the sign-in audit trail (lockout is off in other tests: see the `axes` marker)."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from agencies.models import AuditAction, AuditEvent
from tests.factories import PASSWORD


def sign_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.1.2.3")


@pytest.mark.axes
def test_sign_in_locked_out_after_repeated_failures(client, lead_officer, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        sign_in(client, lead_officer.username, "wrong-password-123")

    response = sign_in(client, lead_officer.username, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.axes
def test_sign_in_succeeds_below_failure_limit(client, lead_officer, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        sign_in(client, lead_officer.username, "wrong-password-123")

    response = sign_in(client, lead_officer.username, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(lead_officer.pk)


def test_lockout_off_without_axes_marker(client, lead_officer):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        sign_in(client, lead_officer.username, "wrong-password-123")

    assert sign_in(client, lead_officer.username, PASSWORD).status_code == 302


def test_sign_in_audited_with_officer_and_address(client, lead_officer):
    sign_in(client, lead_officer.username, PASSWORD)

    events = AuditEvent.objects.filter(action=AuditAction.SIGN_IN).values_list("officer_id", "agency_id", "ip_address")
    assert list(events) == [(lead_officer.pk, lead_officer.agency_id, "10.1.2.3")]


def test_failed_sign_in_audited_without_officer(client, lead_officer):
    sign_in(client, lead_officer.username, "wrong-password-123")

    events = AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED)
    assert [(e.officer_id, e.description, e.ip_address) for e in events] == [
        (None, "Failed sign-in as 'lead.officer'", "10.1.2.3")
    ]


def test_force_login_audited_as_sign_in(lead_officer_client, lead_officer):
    events = AuditEvent.objects.filter(action=AuditAction.SIGN_IN).values_list("officer_id", flat=True)

    assert list(events) == [lead_officer.pk]


@pytest.mark.axes
@pytest.mark.parametrize("length", [151, 255, 256, 300, 10_000])
def test_over_long_username_is_refused_on_the_form(client, lead_officer, length):
    """The lockout's record of failed attempts keeps 255 characters: a longer username was a 500."""
    response = sign_in(client, "u" * length, "wrong-password-123")

    assert response.status_code == 200
    assert "Enter a username of 150 characters or fewer" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.count() == 0


@pytest.mark.axes
def test_username_of_the_longest_allowed_length_counts_as_a_failure(client, lead_officer):
    response = sign_in(client, "u" * 150, "wrong-password-123")

    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert AccessAttempt.objects.get().username == "u" * 150
