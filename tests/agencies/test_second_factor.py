"""The second factor after the password: who is asked, setting up an authenticator app, the code page, recovery
codes, the lockout, and that a half-signed-in session reaches nothing else (the Django admin included)."""

import datetime
import re

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies import second_factor
from agencies.models import AuditAction, AuditEvent
from core import clock
from tests.factories import PASSWORD, OfficerFactory
from tests.second_factor import MODEL_BACKEND, authenticator_for, code_for, verify_session, wrong_code

pytestmark = pytest.mark.django_db

CODE = reverse("security:code")
SET_UP = reverse("security:set_up")
RECOVERY = reverse("security:recovery_code")
MY_CASES = reverse("cases:my_cases")


@pytest.fixture
def administrator(lead_agency):
    return OfficerFactory(username="sys.admin", agency=lead_agency, is_staff=True, is_superuser=True)


def sign_in(client: Client, officer, next_url: str = ""):
    data = {"username": officer.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data, REMOTE_ADDR="10.1.2.3")


def half_signed_in(officer) -> Client:
    """A session that gave the password and owes the second factor."""
    client = Client()
    client.force_login(officer, backend=MODEL_BACKEND)
    return client


def test_officer_of_an_agency_without_the_requirement_signs_in_with_a_password_alone(client, lead_officer):
    response = sign_in(client, lead_officer)

    assert response["Location"] == MY_CASES
    assert client.get(MY_CASES).status_code == 200


def test_administrators_and_officers_of_agencies_that_ask_for_it_must_give_a_second_factor(
    administrator, lead_officer, lead_agency
):
    assert second_factor.required_for(administrator)
    assert not second_factor.required_for(lead_officer)

    lead_agency.require_second_factor = True
    lead_agency.save()
    lead_officer.refresh_from_db()

    assert second_factor.required_for(lead_officer)


def test_officer_of_an_agency_that_turns_it_on_is_asked_for_the_code(client, lead_officer, lead_agency):
    lead_agency.require_second_factor = True
    lead_agency.save()
    authenticator_for(lead_officer)

    response = sign_in(client, lead_officer)

    assert response["Location"] == f"{CODE}?next=%2Fmy-cases%2F"


def test_password_then_code_signs_in_and_goes_where_the_sign_in_was_going(client, administrator):
    device = authenticator_for(administrator)
    account = reverse("account")

    after_password = sign_in(client, administrator, next_url=account)
    page = client.get(after_password["Location"])
    after_code = client.post(CODE, {"code": code_for(device), "next": account})

    assert after_password["Location"] == f"{CODE}?next=%2Faccount%2F"
    assert page.status_code == 200
    assert b"Enter your security code" in page.content
    assert after_code["Location"] == account
    assert client.get(account).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200
    assert AuditEvent.objects.filter(
        officer=administrator, action=AuditAction.SIGN_IN, description="Gave the second factor (authenticator app code)"
    ).exists()


def test_until_the_code_is_given_every_page_sends_the_session_to_the_code_page(administrator):
    authenticator_for(administrator)
    client = half_signed_in(administrator)
    pages = [MY_CASES, reverse("account"), reverse("admin:index"), reverse("cases:list")]

    answers = {url: client.get(url) for url in pages}
    posted = client.post(reverse("cases:open"), {"address": "1 Any Street"})

    assert {url: (r.status_code, r["Location"]) for url, r in answers.items()} == {
        url: (302, f"{CODE}?next={url.replace('/', '%2F')}") for url in pages
    }
    assert (posted.status_code, posted["Location"]) == (302, CODE)


def test_half_signed_in_session_sees_no_service_navigation(administrator):
    authenticator_for(administrator)
    client = half_signed_in(administrator)

    page = client.get(CODE).content.decode()

    assert "My cases" not in page
    assert "Sign out" in page


def test_wrong_code_is_shown_next_to_the_field_and_audited(client, administrator):
    authenticator_for(administrator)
    sign_in(client, administrator)

    response = client.post(CODE, {"code": wrong_code(authenticator_for(administrator))})

    assert response.status_code == 200
    assert "Error: Enter your security code" in response.content.decode()
    assert "The security code is not correct" in response.content.decode()
    assert "_auth_user_id" in client.session
    assert not second_factor.is_verified(response.wsgi_request)
    assert AuditEvent.objects.filter(
        action=AuditAction.SIGN_IN_FAILED, description="Wrong authenticator app code for 'sys.admin'"
    ).exists()


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "１２３４５６", "²²²²²²", "1" * 300])
def test_code_that_is_not_six_digits_is_refused_with_a_message(administrator, typed):
    authenticator_for(administrator)
    client = half_signed_in(administrator)

    response = client.post(CODE, {"code": typed})

    assert response.status_code == 200
    assert re.search(r"Enter the (6-digit )?security code", response.content.decode())


def test_a_code_is_used_once(administrator):
    device = authenticator_for(administrator)
    code = code_for(device)
    first, second = half_signed_in(administrator), half_signed_in(administrator)

    assert first.post(CODE, {"code": code})["Location"] == MY_CASES
    replay = second.post(CODE, {"code": code})

    assert replay.status_code == 200
    assert "The security code is not correct" in replay.content.decode()


def test_right_code_straight_after_a_wrong_one_waits_for_the_throttle(administrator):
    device = authenticator_for(administrator)
    client = half_signed_in(administrator)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        client.post(CODE, {"code": wrong_code(device)})

        too_soon = client.post(CODE, {"code": code_for(device)})
        traveller.shift(datetime.timedelta(seconds=2))
        later = client.post(CODE, {"code": code_for(device)})

    assert "wait a few seconds" in too_soon.content.decode()
    assert later["Location"] == MY_CASES


def test_officer_who_must_give_a_factor_and_has_none_sets_up_an_authenticator_app(client, administrator):
    after_password = sign_in(client, administrator)
    page = client.get(after_password["Location"])
    device = TOTPDevice.objects.get(user=administrator)
    again = client.get(SET_UP)

    assert after_password["Location"] == f"{SET_UP}?next=%2Fmy-cases%2F"
    assert client.get(MY_CASES)["Location"] == f"{SET_UP}?next=%2Fmy-cases%2F"
    assert not device.confirmed
    assert second_factor.secret_text(device) in page.content.decode()
    assert "<svg" in page.content.decode() and "style=" not in page.context["qr_code"]
    # The same secret on every visit until it is confirmed.
    assert again.context["secret"] == page.context["secret"]

    confirmed = client.post(SET_UP, {"code": code_for(device), "next": MY_CASES})

    device.refresh_from_db()
    assert device.confirmed
    assert confirmed["Location"] == f"{reverse('security:recovery_codes')}?next=%2Fmy-cases%2F"
    codes_page = client.get(confirmed["Location"])
    codes = codes_page.context["codes"]
    assert len(codes) == len(set(codes)) == 10
    assert sorted(StaticToken.objects.filter(device__user=administrator).values_list("token", flat=True)) == sorted(
        codes
    )
    # Shown once.
    assert client.get(reverse("security:recovery_codes"))["Location"] == reverse("account")
    assert client.get(MY_CASES).status_code == 200


def test_set_up_refuses_a_wrong_code_and_stays_unconfirmed(administrator):
    client = half_signed_in(administrator)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=administrator)

    response = client.post(SET_UP, {"code": wrong_code(device)})

    device.refresh_from_db()
    assert response.status_code == 200
    assert "The security code is not correct" in response.content.decode()
    assert not device.confirmed
    assert client.get(MY_CASES)["Location"].startswith(SET_UP)


def test_an_officer_with_an_authenticator_cannot_set_up_another_before_giving_its_code(administrator):
    authenticator_for(administrator)
    client = half_signed_in(administrator)

    response = client.get(SET_UP)

    assert response["Location"] == f"{CODE}?next=%2Fmy-cases%2F"
    assert TOTPDevice.objects.filter(user=administrator).count() == 1


def test_recovery_code_signs_in_once(administrator):
    authenticator_for(administrator)
    codes = second_factor.recovery_codes_new(administrator)
    first, second = half_signed_in(administrator), half_signed_in(administrator)

    signed_in = first.post(RECOVERY, {"code": codes[3].upper()[:4] + " " + codes[3][4:]})
    reused = second.post(RECOVERY, {"code": codes[3]})

    assert signed_in["Location"] == MY_CASES
    assert first.get(MY_CASES).status_code == 200
    assert reused.status_code == 200
    assert "has been used" in reused.content.decode()
    assert second_factor.recovery_codes_left(administrator) == 9


def test_new_recovery_codes_replace_the_old_and_keep_the_session_signed_in(administrator):
    authenticator_for(administrator)
    old = second_factor.recovery_codes_new(administrator)
    client = half_signed_in(administrator)
    client.post(RECOVERY, {"code": old[0]})

    made = client.post(reverse("security:recovery_codes_new"))
    new = client.get(made["Location"]).context["codes"]

    assert client.get(MY_CASES).status_code == 200
    assert set(new).isdisjoint(old)
    other = half_signed_in(administrator)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        assert other.post(RECOVERY, {"code": old[1]}).status_code == 200
        traveller.shift(datetime.timedelta(seconds=2))  # past the throttle after a wrong code
        assert other.post(RECOVERY, {"code": new[0]})["Location"] == MY_CASES


def test_account_page_shows_the_authenticator_and_the_recovery_codes_left(administrator):
    client = half_signed_in(administrator)
    verify_session(client, administrator)
    second_factor.recovery_codes_new(administrator)

    page = client.get(reverse("account")).content.decode()

    assert "Authenticator app" in page and "Set up on" in page
    assert "10 of 10 left" in page
    assert reverse("security:password_change") in page


def test_single_sign_on_session_is_not_asked_for_the_local_factor(administrator):
    authenticator_for(administrator)
    client = half_signed_in(administrator)
    session = client.session
    session["auth_method"] = "oidc"
    session.save()

    assert client.get(MY_CASES).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def test_code_page_for_a_session_that_owes_nothing_goes_on(lead_officer_client):
    assert lead_officer_client.get(CODE)["Location"] == MY_CASES
    assert lead_officer_client.get(f"{CODE}?next=https://evil.example/")["Location"] == MY_CASES


def test_anonymous_visitor_is_sent_to_sign_in_from_the_code_pages(client):
    for url in (CODE, RECOVERY, SET_UP):
        assert client.get(url)["Location"].startswith(reverse("login"))


@pytest.mark.axes
def test_wrong_codes_count_against_the_lockout_like_wrong_passwords(client, administrator, settings):
    settings.AXES_FAILURE_LIMIT = 3
    device = authenticator_for(administrator)
    wrong = wrong_code(device)
    sign_in(client, administrator)
    answers = []
    with time_machine.travel(clock.now(), tick=False) as traveller:
        for _ in range(3):
            traveller.shift(datetime.timedelta(minutes=1))  # past the device's own throttle
            answers.append(client.post(CODE, {"code": wrong}, REMOTE_ADDR="10.1.2.3").status_code)

    assert answers == [200, 200, 429]
    assert "_auth_user_id" not in client.session
    # Locked out: the right password no longer signs in either.
    assert sign_in(client, administrator).status_code == 429


def test_demo_code_prints_the_code_the_demo_administrators_app_shows(administrator, capsys):
    device = authenticator_for(administrator)

    call_command("demo_code", administrator.username)

    assert capsys.readouterr().out.startswith(code_for(device) + "  (changes in ")
