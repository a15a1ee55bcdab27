"""Passwords: reset by e-mail (never saying whether an address has an account), the link's lifetime, Django's
validators on every new password, and changing it from the account page."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import MinimumLengthValidator, get_default_password_validators
from django.core import mail
from django.test import Client
from django.urls import reverse

from agencies.models import AuditAction, AuditEvent
from core import clock
from tests.factories import PASSWORD, OfficerFactory

pytestmark = pytest.mark.django_db

RESET = reverse("security:password_reset")
SENT = reverse("security:password_reset_sent")
NEW_PASSWORD = "plum-kettle-harbour-42"


def reset_link() -> str:
    [message] = mail.outbox
    match = re.search(r"http://testserver(/reset-password/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def signs_in(username: str, password: str) -> bool:
    return Client().login(username=username, password=password)


def test_validators_are_djangos_four_with_a_long_minimum():
    validators = get_default_password_validators()

    assert [type(v).__name__ for v in validators] == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
    assert next(v for v in validators if isinstance(v, MinimumLengthValidator)).min_length >= 12
    assert settings.PASSWORD_RESET_TIMEOUT == 60 * 60


def test_sign_in_page_offers_the_reset(anonymous_client):
    assert RESET in anonymous_client.get(reverse("login")).content.decode()


def test_reset_sends_a_link_that_sets_a_new_password(anonymous_client, lead_officer):
    asked = anonymous_client.post(RESET, {"email": lead_officer.email.upper()})

    assert asked["Location"] == SENT
    [message] = mail.outbox
    assert message.to == [lead_officer.email]
    assert message.subject == "Reset your password for LLR ASB Case Management"
    assert "username: lead.officer" in message.body and "works once, for 1 hour" in message.body

    opened = anonymous_client.get(reset_link())
    form_page = anonymous_client.get(opened["Location"])
    done = anonymous_client.post(opened["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert form_page.status_code == 200 and "Set a new password" in form_page.content.decode()
    assert done["Location"] == reverse("security:password_reset_complete")
    assert "Your password has been reset" in anonymous_client.get(done["Location"]).content.decode()
    assert signs_in("lead.officer", NEW_PASSWORD)
    assert not signs_in("lead.officer", PASSWORD)
    # The reset does not sign anyone in.
    assert "_auth_user_id" not in anonymous_client.session


def test_the_page_after_asking_is_the_same_whether_or_not_the_address_has_an_account(anonymous_client, lead_officer):
    known = anonymous_client.post(RESET, {"email": lead_officer.email}, follow=True)
    unknown = anonymous_client.post(RESET, {"email": "nobody@example.org"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain == [(SENT, 302)]
    assert known.content == unknown.content
    assert "Check your email" in known.content.decode()
    assert len(mail.outbox) == 1


def test_officer_without_a_usable_password_gets_no_link(anonymous_client, lead_agency):
    officer = OfficerFactory(username="sso.only", email="sso.only@example.org", agency=lead_agency)
    officer.set_unusable_password()
    officer.save()

    anonymous_client.post(RESET, {"email": "sso.only@example.org"})

    assert mail.outbox == []


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("", "Enter your email address"),
        ("not-an-address", "Enter an email address in the correct format, like name@example.com"),
        ("a" * 300 + "@example.org", "Enter an email address in the correct format, like name@example.com"),
    ],
)
def test_reset_form_errors(anonymous_client, email, error):
    response = anonymous_client.post(RESET, {"email": email})

    assert response.status_code == 200
    assert error in response.content.decode()
    assert "<title>Error: Reset your password" in response.content.decode()


@pytest.mark.parametrize(
    ("password", "again", "error"),
    [
        ("short-1", "short-1", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "password1234", "This password is too common."),
        ("492817365012", "492817365012", "This password is entirely numeric."),
        ("lead.officer.x", "lead.officer.x", "The password is too similar to the username."),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "Enter the same password in both fields"),
        ("", "", "Enter a new password"),
    ],
)
def test_new_password_is_checked_against_the_validators(anonymous_client, lead_officer, password, again, error):
    anonymous_client.post(RESET, {"email": lead_officer.email})
    set_password = anonymous_client.get(reset_link())["Location"]

    response = anonymous_client.post(set_password, {"new_password1": password, "new_password2": again})

    assert response.status_code == 200
    assert error in response.content.decode()
    assert signs_in("lead.officer", PASSWORD)


def test_reset_link_works_once(anonymous_client, lead_officer):
    anonymous_client.post(RESET, {"email": lead_officer.email})
    link = reset_link()
    set_password = anonymous_client.get(link)["Location"]
    anonymous_client.post(set_password, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = Client().get(link, follow=True)

    assert "The link has expired" in again.content.decode()


def test_reset_link_expires_after_an_hour(lead_officer):
    client = Client()
    with time_machine.travel(clock.now(), tick=False) as traveller:
        client.post(RESET, {"email": lead_officer.email})
        link = reset_link()
        traveller.shift(datetime.timedelta(minutes=59))
        within = Client().get(link, follow=True)
        traveller.shift(datetime.timedelta(minutes=2))
        after = Client().get(link, follow=True)

    assert "Set a new password" in within.content.decode()
    assert "The link has expired" in after.content.decode()


def test_change_password_from_the_account_page(lead_officer_client, lead_officer):
    page = lead_officer_client.get(reverse("security:password_change"))
    wrong = lead_officer_client.post(
        reverse("security:password_change"),
        {"old_password": "not-my-password", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    changed = lead_officer_client.post(
        reverse("security:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert page.status_code == 200
    assert "Your current password is not correct" in wrong.content.decode()
    assert changed.redirect_chain == [(reverse("account"), 302)]
    assert "Your password has been changed" in changed.content.decode()
    # Still signed in here; the new password signs in elsewhere.
    assert lead_officer_client.get(reverse("cases:my_cases")).status_code == 200
    assert signs_in("lead.officer", NEW_PASSWORD)
    assert AuditEvent.objects.filter(
        officer=lead_officer, action=AuditAction.CHANGE, description="Changed their password"
    ).exists()


def test_changed_password_is_checked_against_the_validators(lead_officer_client):
    response = lead_officer_client.post(
        reverse("security:password_change"),
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )

    assert "This password is too short" in response.content.decode()
    assert signs_in("lead.officer", PASSWORD)
