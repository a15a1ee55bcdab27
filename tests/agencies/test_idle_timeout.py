"""The idle timeout: a signed-in session ends after IDLE_TIMEOUT_SECONDS without a request (judged on the server
through core.clock), the sign-in page says why, and the timeout warning's questions do not count as activity."""

import datetime
import json

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from agencies.middleware import idle_timeout_words
from core import clock

pytestmark = pytest.mark.django_db

MY_CASES = reverse("cases:my_cases")
SESSION = reverse("security:session")
TIMED_OUT = reverse("security:timed_out")
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def traveller():
    with time_machine.travel(clock.now(), tick=False) as moving:
        yield moving


def test_default_timeout_is_thirty_minutes_with_a_two_minute_warning(settings):
    assert (settings.IDLE_TIMEOUT_SECONDS, settings.IDLE_WARNING_SECONDS) == (30 * 60, 2 * 60)
    assert idle_timeout_words() == "30 minutes"
    assert idle_timeout_words(20) == "20 seconds"
    assert idle_timeout_words(60) == "1 minute"


def test_session_ends_after_thirty_minutes_without_a_request(traveller, lead_officer_client):
    assert lead_officer_client.get(MY_CASES).status_code == 200

    traveller.shift(29 * MINUTE)
    still = lead_officer_client.get(MY_CASES)
    traveller.shift(29 * MINUTE)
    kept_alive_by_the_last_request = lead_officer_client.get(MY_CASES)
    traveller.shift(30 * MINUTE)
    ended = lead_officer_client.get(MY_CASES, follow=True)

    assert still.status_code == kept_alive_by_the_last_request.status_code == 200
    assert ended.redirect_chain == [(f"{reverse('login')}?next=/my-cases/", 302)]
    assert "You were signed out because you had not done anything for 30 minutes." in ended.content.decode()
    assert "_auth_user_id" not in lead_officer_client.session


def test_the_timeout_follows_the_setting(traveller, lead_officer_client, settings):
    settings.IDLE_TIMEOUT_SECONDS = 5 * 60
    lead_officer_client.get(MY_CASES)

    traveller.shift(5 * MINUTE)
    ended = lead_officer_client.get(MY_CASES, follow=True)

    assert "had not done anything for 5 minutes." in ended.content.decode()


def test_asking_how_long_is_left_is_not_activity(traveller, lead_officer_client):
    lead_officer_client.get(MY_CASES)

    traveller.shift(20 * MINUTE)
    asked = lead_officer_client.get(SESSION)
    traveller.shift(10 * MINUTE)
    asked_at_the_end = lead_officer_client.get(SESSION)
    timed_out = lead_officer_client.get(f"{TIMED_OUT}?next=/cases/", follow=True)

    assert json.loads(asked.content) == {"signed_in": True, "seconds_left": 600}
    assert (asked_at_the_end.status_code, json.loads(asked_at_the_end.content)["seconds_left"]) == (401, 0)
    assert timed_out.redirect_chain == [(f"{reverse('login')}?next=%2Fcases%2F", 302)]
    assert "had not done anything for 30 minutes" in timed_out.content.decode()


def test_staying_signed_in_starts_the_time_again(traveller, lead_officer_client):
    lead_officer_client.get(MY_CASES)

    traveller.shift(29 * MINUTE)
    stayed = lead_officer_client.post(SESSION)
    traveller.shift(29 * MINUTE)
    later = lead_officer_client.get(MY_CASES)

    assert json.loads(stayed.content) == {"signed_in": True, "seconds_left": 30 * 60}
    assert later.status_code == 200


def test_staying_signed_in_needs_the_csrf_token(lead_officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead_officer, backend="django.contrib.auth.backends.ModelBackend")

    assert client.post(SESSION).status_code == 403


def test_timed_out_page_for_a_session_kept_alive_elsewhere_goes_back(lead_officer_client):
    response = lead_officer_client.get(f"{TIMED_OUT}?next=/cases/")

    assert response["Location"] == "/cases/"


def test_timed_out_page_without_a_timeout_says_nothing(anonymous_client):
    response = anonymous_client.get(TIMED_OUT, follow=True)

    assert response.redirect_chain == [(reverse("login"), 302)]
    assert "had not done anything" not in response.content.decode()


def test_signed_in_pages_carry_the_warnings_timings(lead_officer_client, settings):
    settings.IDLE_TIMEOUT_SECONDS, settings.IDLE_WARNING_SECONDS = 600, 90

    page = lead_officer_client.get(MY_CASES).content.decode()

    assert 'data-timeout-seconds="600"' in page
    assert 'data-timeout-warning-seconds="90"' in page
    assert f'data-timeout-session-url="{SESSION}"' in page
    assert 'id="timeout-warning"' in page and "js/timeout-warning.js" in page
    assert "do nothing for 10 minutes" in page


def test_sign_in_page_has_no_timeout_warning(anonymous_client):
    page = anonymous_client.get(reverse("login")).content.decode()

    assert "data-timeout-seconds" not in page and "timeout-warning" not in page
