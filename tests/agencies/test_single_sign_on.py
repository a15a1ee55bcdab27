"""Single sign-on through an agency's own identity provider, against a real OpenID Connect provider on loopback."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from agencies.models import AuditAction, AuditEvent, IdentityProvider, MatchClaim, Officer
from tests.factories import PASSWORD, OfficerFactory
from tests.identity_provider import LoopbackIdentityProvider, new_key
from tests.second_factor import verified_client

MY_CASES = "/my-cases/"


@pytest.fixture
def idp():
    with LoopbackIdentityProvider() as provider:
        yield provider


@pytest.fixture
def police_sso(idp, partner_agency):
    """Leicestershire Police's provider, matching officers by e-mail."""
    return idp.register(partner_agency, display_name="Leicestershire Police")


def start(client, provider: IdentityProvider, next_url: str = ""):
    return client.get(reverse("sso_start", args=[provider.slug]), {"next": next_url} if next_url else {})


def through_provider(client, authorize_url: str):
    """The browser's trip to the provider and back: the provider consents at once and sends it to the callback."""
    consent = requests.get(authorize_url, allow_redirects=False, timeout=10)
    assert consent.status_code == 302, consent.text
    back = urlsplit(consent.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def sign_in_through(client, provider: IdentityProvider, next_url: str = ""):
    started = start(client, provider, next_url)
    assert started.status_code == 302
    return through_provider(client, started["Location"])


def signed_in_as(client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def refusal(response) -> tuple[int, str, list[str]]:
    return (
        response.status_code,
        response.get("Location", ""),
        [str(message) for message in get_messages(response.wsgi_request)],
    )


def failures() -> list[str]:
    return list(AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED).values_list("description", flat=True))


# --- Signing in ------------------------------------------------------------------------------------------


def test_officer_signs_in_by_email_whatever_its_case(client, idp, police_sso, partner_officer):
    idp.signs_in = {"sub": "entra-object-1", "email": partner_officer.email.upper()}

    response = sign_in_through(client, police_sso)

    assert (response.status_code, response["Location"]) == (302, MY_CASES)
    assert signed_in_as(client) == partner_officer.pk
    assert client.session["auth_method"] == "oidc"
    assert client.session["oidc_provider"] == police_sso.slug
    assert client.get(MY_CASES).status_code == 200


def test_an_agency_asking_for_a_second_factor_leaves_it_to_its_provider(
    client, idp, police_sso, partner_officer, partner_agency
):
    partner_agency.require_second_factor = True
    partner_agency.save(update_fields=["require_second_factor"])
    idp.signs_in = {"sub": "entra-object-1", "email": partner_officer.email}

    response = sign_in_through(client, police_sso)

    # Straight to the page asked for, not to the local code: the agency's provider asked for its factors.
    assert (response.status_code, response["Location"]) == (302, MY_CASES)
    assert client.get(MY_CASES).status_code == 200
    # The same officer signing in with a password is asked for the local code.
    client.logout()
    after_password = client.post(reverse("login"), {"username": partner_officer.username, "password": PASSWORD})
    assert after_password.status_code == 302
    assert after_password["Location"].startswith(reverse("security:set_up"))
    assert client.get(MY_CASES)["Location"].startswith(reverse("security:set_up"))


def test_officer_signs_in_by_subject(client, idp, police_sso, partner_officer):
    police_sso.match_by = MatchClaim.SUBJECT
    police_sso.save()
    Officer.objects.filter(pk=partner_officer.pk).update(oidc_provider=police_sso, oidc_subject="entra-object-7")
    # The provider knows the officer by another address: the subject alone counts.
    idp.signs_in = {"sub": "entra-object-7", "email": "d.okafor@police.example"}

    response = sign_in_through(client, police_sso)

    assert (response.status_code, response["Location"]) == (302, MY_CASES)
    assert signed_in_as(client) == partner_officer.pk


def test_sign_in_by_subject_ignores_a_matching_email(client, idp, police_sso, partner_officer):
    police_sso.match_by = MatchClaim.SUBJECT
    police_sso.save()
    idp.signs_in = {"sub": "entra-object-unlinked", "email": partner_officer.email}

    response = sign_in_through(client, police_sso)

    assert refusal(response) == (
        302,
        "/sign-in/",
        [
            "Leicestershire Police signed you in, but your account there is not linked to an officer of "
            "Leicestershire Police. Ask your administrator to link it."
        ],
    )
    assert signed_in_as(client) is None


def test_sign_in_audited_with_provider_and_address(client, idp, police_sso, partner_officer):
    idp.signs_in = {"sub": "entra-object-1", "email": partner_officer.email}

    sign_in_through(client, police_sso)

    events = AuditEvent.objects.filter(action=AuditAction.SIGN_IN).values_list(
        "officer_id", "agency_id", "description", "ip_address"
    )
    assert list(events) == [
        (
            partner_officer.pk,
            partner_officer.agency_id,
            "Signed in through Leicestershire Police (single sign-on)",
            "127.0.0.1",
        )
    ]


def test_sign_in_returns_to_the_page_asked_for(client, idp, police_sso, partner_officer):
    idp.signs_in = {"sub": "entra-object-1", "email": partner_officer.email}

    response = sign_in_through(client, police_sso, next_url="/account/")

    assert response["Location"] == "/account/"


def test_sign_in_never_sends_the_officer_to_another_site(client, idp, police_sso, partner_officer):
    idp.signs_in = {"sub": "entra-object-1", "email": partner_officer.email}

    response = sign_in_through(client, police_sso, next_url="https://elsewhere.example/")

    assert response["Location"] == MY_CASES


def test_start_sends_state_nonce_and_pkce_challenge(client, police_sso):
    response = start(client, police_sso)

    url = urlsplit(response["Location"])
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    stored = client.session["oidc_states"][query["state"]]
    assert f"{url.scheme}://{url.netloc}{url.path}" == police_sso.authorization_endpoint
    assert (query["client_id"], query["response_type"], query["scope"]) == (
        police_sso.client_id,
        "code",
        "openid email profile",
    )
    assert query["redirect_uri"] == "http://testserver/sign-in/sso/callback/"
    assert (query["nonce"], query["code_challenge_method"]) == (stored["nonce"], "S256")
    assert stored["provider"] == police_sso.pk


# --- Refused ---------------------------------------------------------------------------------------------


def test_officer_of_another_agency_is_refused(client, idp, police_sso, lead_officer):
    """A council officer cannot sign in through the police's provider, even if it vouches for their address."""
    idp.signs_in = {"sub": "entra-object-2", "email": lead_officer.email}
    officers = Officer.objects.count()

    response = sign_in_through(client, police_sso)

    assert refusal(response) == (
        302,
        "/sign-in/",
        [
            f"No officer of Leicestershire Police has the e-mail address {lead_officer.email}. Sign in with your "
            "own agency's account, or ask your administrator to add you."
        ],
    )
    assert signed_in_as(client) is None
    assert Officer.objects.count() == officers
    assert failures() == [
        "Failed sign-in through Leicestershire Police (single sign-on): no officer of Police with email "
        f"{lead_officer.email!r}"
    ]


def test_subject_linked_to_an_officer_of_another_agency_is_refused(
    client, idp, police_sso, partner_agency, lead_officer
):
    police_sso.match_by = MatchClaim.SUBJECT
    police_sso.save()
    Officer.objects.filter(pk=lead_officer.pk).update(oidc_provider=police_sso, oidc_subject="entra-object-3")
    idp.signs_in = {"sub": "entra-object-3"}

    response = sign_in_through(client, police_sso)

    assert refusal(response)[:2] == (302, "/sign-in/")
    assert signed_in_as(client) is None


def test_unknown_email_is_refused_and_nobody_is_created(client, idp, police_sso, partner_officer):
    idp.signs_in = {"sub": "entra-object-4", "email": "stranger@police.example"}
    officers = Officer.objects.count()

    response = sign_in_through(client, police_sso)

    assert refusal(response)[:2] == (302, "/sign-in/")
    assert signed_in_as(client) is None
    assert Officer.objects.count() == officers


def test_inactive_officer_is_refused(client, idp, police_sso, partner_officer):
    Officer.objects.filter(pk=partner_officer.pk).update(is_active=False)
    idp.signs_in = {"sub": "entra-object-1", "email": partner_officer.email}

    response = sign_in_through(client, police_sso)

    assert refusal(response) == (302, "/sign-in/", ["Your account is not active. Ask your administrator."])
    assert signed_in_as(client) is None


def test_officer_made_inactive_after_signing_in_is_signed_out(client, idp, police_sso, partner_officer):
    idp.signs_in = {"sub": "entra-object-1", "email": partner_officer.email}
    sign_in_through(client, police_sso)
    Officer.objects.filter(pk=partner_officer.pk).update(is_active=False)

    response = client.get(MY_CASES)

    assert (response.status_code, response["Location"]) == (302, f"/sign-in/?next={MY_CASES}")


def test_email_the_provider_has_not_verified_is_refused(client, idp, police_sso, partner_officer):
    idp.signs_in = {"sub": "entra-object-1", "email": partner_officer.email, "email_verified": False}

    response = sign_in_through(client, police_sso)

    assert refusal(response)[:2] == (302, "/sign-in/")
    assert signed_in_as(client) is None


def test_bad_state_is_refused(client, idp, police_sso, partner_officer):
    idp.signs_in = {"sub": "entra-object-1", "email": partner_officer.email}
    started = start(client, police_sso)
    consent = requests.get(started["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(consent.headers["Location"])
    code = parse_qs(back.query)["code"][0]

    response = client.get(back.path, {"code": code, "state": "forged-state"})

    assert refusal(response) == (
        302,
        "/sign-in/",
        ["Your sign-in did not complete: it may have taken too long, or been started in another window. Try again."],
    )
    assert signed_in_as(client) is None


def test_callback_is_used_once(client, idp, police_sso, partner_officer):
    idp.signs_in = {"sub": "entra-object-1", "email": partner_officer.email}
    started = start(client, police_sso)
    consent = requests.get(started["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(consent.headers["Location"])
    client.get(f"{back.path}?{back.query}")
    client.post(reverse("logout"))

    replayed = client.get(f"{back.path}?{back.query}")

    assert refusal(replayed)[:2] == (302, "/sign-in/")
    assert signed_in_as(client) is None


def test_state_from_another_browser_is_refused(client, idp, police_sso, partner_officer):
    """Login CSRF: a callback made for someone else's session signs nobody in here."""
    idp.signs_in = {"sub": "entra-object-1", "email": partner_officer.email}
    attacker = Client()
    started = start(attacker, police_sso)
    consent = requests.get(started["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(consent.headers["Location"])

    response = client.get(f"{back.path}?{back.query}")

    assert refusal(response)[:2] == (302, "/sign-in/")
    assert signed_in_as(client) is None


def test_state_expires(client, idp, police_sso, partner_officer, settings):
    settings.OIDC_STATE_LIFETIME = -1
    idp.signs_in = {"sub": "entra-object-1", "email": partner_officer.email}

    response = sign_in_through(client, police_sso)

    assert refusal(response)[:2] == (302, "/sign-in/")
    assert signed_in_as(client) is None


CANNOT_CHECK = ["Your sign-in with Leicestershire Police could not be checked. Try again."]


@pytest.mark.parametrize(
    "changes, detail",
    [
        ({"nonce": "another-nonce"}, "ID token refused: JWT Nonce verification failed."),
        ({"aud": "another-service"}, "ID token refused: Audience doesn't match"),
        ({"iss": "https://login.elsewhere.example/v2.0"}, "ID token refused: Invalid issuer"),
        ({"exp": 1_000_000_000}, "ID token refused: Signature has expired"),
    ],
    ids=["nonce", "audience", "issuer", "expired"],
)
def test_id_token_not_for_this_sign_in_is_refused(client, idp, police_sso, partner_officer, changes, detail):
    idp.signs_in = {"sub": "entra-object-1", "email": partner_officer.email}
    idp.id_token_changes = changes

    response = sign_in_through(client, police_sso)

    assert refusal(response) == (302, "/sign-in/", CANNOT_CHECK)
    assert signed_in_as(client) is None
    assert failures() == [f"Failed sign-in through Leicestershire Police (single sign-on): {detail}"]


def test_id_token_signed_by_another_key_is_refused(client, idp, police_sso, partner_officer):
    idp.signs_in = {"sub": "entra-object-1", "email": partner_officer.email}
    idp.signing_key = new_key()

    response = sign_in_through(client, police_sso)

    assert refusal(response) == (302, "/sign-in/", CANNOT_CHECK)
    assert signed_in_as(client) is None
    assert failures() == [
        "Failed sign-in through Leicestershire Police (single sign-on): ID token refused: Signature verification failed"
    ]


def test_userinfo_about_someone_else_is_refused(client, idp, police_sso, partner_officer):
    idp.signs_in = {"sub": "entra-object-1", "email": partner_officer.email}
    idp.id_token_changes = {"sub": "entra-object-other"}

    response = sign_in_through(client, police_sso)

    assert refusal(response) == (302, "/sign-in/", CANNOT_CHECK)
    assert failures() == [
        "Failed sign-in through Leicestershire Police (single sign-on): the userinfo answer names another subject "
        "than the ID token"
    ]


def test_wrong_client_secret_is_refused(client, idp, police_sso, partner_officer):
    IdentityProvider.objects.filter(pk=police_sso.pk).update(client_secret="not-the-secret")
    idp.signs_in = {"sub": "entra-object-1", "email": partner_officer.email}

    response = sign_in_through(client, police_sso)

    assert refusal(response) == (302, "/sign-in/", CANNOT_CHECK)
    assert signed_in_as(client) is None
    assert failures()[0].startswith(
        "Failed sign-in through Leicestershire Police (single sign-on): the provider refused: Get Token Error"
    )


def test_provider_that_refuses_the_officer(client, idp, police_sso, partner_officer):
    idp.answer_error = "access_denied"

    response = sign_in_through(client, police_sso)

    assert refusal(response) == (302, "/sign-in/", ["Leicestershire Police did not sign you in. Try again."])
    assert failures() == [
        "Failed sign-in through Leicestershire Police (single sign-on): the provider answered 'access_denied'"
    ]


def test_provider_out_of_reach_is_refused_not_a_server_error(client, idp, police_sso, partner_officer):
    idp.signs_in = {"sub": "entra-object-1", "email": partner_officer.email}
    started = start(client, police_sso)
    consent = requests.get(started["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(consent.headers["Location"])
    IdentityProvider.objects.filter(pk=police_sso.pk).update(token_endpoint="http://127.0.0.1:9/token")

    response = client.get(f"{back.path}?{back.query}")

    assert refusal(response) == (
        302,
        "/sign-in/",
        ["Leicestershire Police could not be reached. Try again later."],
    )


def test_provider_disabled_meanwhile_is_refused(client, idp, police_sso, partner_officer):
    idp.signs_in = {"sub": "entra-object-1", "email": partner_officer.email}
    started = start(client, police_sso)
    IdentityProvider.objects.filter(pk=police_sso.pk).update(enabled=False)

    response = through_provider(client, started["Location"])

    assert refusal(response)[:2] == (302, "/sign-in/")
    assert signed_in_as(client) is None


def test_disabled_or_unknown_provider_cannot_be_started(client, police_sso):
    IdentityProvider.objects.filter(pk=police_sso.pk).update(enabled=False)

    assert start(client, police_sso).status_code == 404
    assert client.get(reverse("sso_start", args=["no-such-provider"])).status_code == 404


@pytest.mark.axes
def test_sign_in_with_lockout_on(client, idp, police_sso, partner_officer):
    """django-axes watches every sign-in in production; single sign-on passes through it."""
    idp.signs_in = {"sub": "entra-object-1", "email": partner_officer.email}

    response = sign_in_through(client, police_sso)

    assert response["Location"] == MY_CASES
    assert signed_in_as(client) == partner_officer.pk


# --- The sign-in page ------------------------------------------------------------------------------------


def test_sign_in_page_offers_enabled_providers_of_active_agencies(
    client, idp, police_sso, lead_agency, outsider_agency
):
    idp.register(lead_agency, display_name="Leicester City Council", enabled=False)
    idp.register(outsider_agency, display_name="Rutland County Council")
    outsider_agency.is_active = False
    outsider_agency.save()

    response = client.get(reverse("login"), {"next": "/account/"})

    assert [(p.display_name, p.slug) for p in response.context["identity_providers"]] == [
        ("Leicestershire Police", police_sso.slug)
    ]
    assert (
        f'href="/sign-in/sso/{police_sso.slug}/?next=/account/"' in response.content.decode()
        and "Sign in with Leicestershire Police account" in response.content.decode()
    )


def test_sign_in_page_without_providers_shows_the_form_alone(client, db):
    response = client.get(reverse("login"))

    assert "With your agency's account" not in response.content.decode()


# --- Registration ----------------------------------------------------------------------------------------


@pytest.fixture
def admin_client_signed_in(lead_agency):
    admin = OfficerFactory(username="sysadmin", agency=lead_agency, is_staff=True, is_superuser=True)
    return verified_client(admin)


def test_admin_registers_a_provider_from_its_discovery_document(admin_client_signed_in, idp, partner_agency):
    response = admin_client_signed_in.post(
        reverse("admin:agencies_identityprovider_add"),
        {
            "agency": partner_agency.pk,
            "display_name": "Leicestershire Police",
            "slug": "police",
            "enabled": "on",
            "issuer": idp.issuer,
            "client_id": idp.client_id,
            "client_secret": idp.client_secret,
            "discover": "on",
            "signing_algorithm": "RS256",
            "match_by": "email",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    provider = IdentityProvider.objects.get(slug="police")
    assert (
        provider.authorization_endpoint,
        provider.token_endpoint,
        provider.userinfo_endpoint,
        provider.jwks_uri,
        provider.client_secret,
    ) == (
        f"{idp.issuer}/authorize",
        f"{idp.issuer}/token",
        f"{idp.issuer}/userinfo",
        f"{idp.issuer}/jwks",
        idp.client_secret,
    )


def test_admin_never_shows_the_client_secret_and_keeps_it_when_left_blank(admin_client_signed_in, police_sso):
    url = reverse("admin:agencies_identityprovider_change", args=[police_sso.pk])

    page = admin_client_signed_in.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data = {**data, "enabled": "on", "discover": "", "client_secret": "", "display_name": "Police (Entra ID)"}
    saved = admin_client_signed_in.post(url, data)

    assert police_sso.client_secret not in page.content.decode()
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    police_sso.refresh_from_db()
    assert (police_sso.display_name, police_sso.client_secret) == ("Police (Entra ID)", "loopback-client-secret")


def test_discovery_naming_another_issuer_is_refused(admin_client_signed_in, idp, partner_agency):
    response = admin_client_signed_in.post(
        reverse("admin:agencies_identityprovider_add"),
        {
            "agency": partner_agency.pk,
            "display_name": "Leicestershire Police",
            "slug": "police",
            "issuer": f"{idp.issuer}/tenant",
            "client_id": idp.client_id,
            "client_secret": idp.client_secret,
            "discover": "on",
            "signing_algorithm": "RS256",
            "match_by": "email",
        },
    )

    errors = response.context["adminform"].form.errors
    assert errors["issuer"] == [
        f"{idp.issuer}/tenant/.well-known/openid-configuration names the issuer {idp.issuer!r}, not "
        f"{idp.issuer + '/tenant'!r}"
    ]
    assert not IdentityProvider.objects.exists()


def test_provider_addresses_must_be_https_but_on_loopback(police_sso):
    police_sso.issuer = "http://login.example/v2.0"
    police_sso.token_endpoint = "http://login.example/token"

    with pytest.raises(ValidationError) as refused:
        police_sso.full_clean()

    assert refused.value.message_dict == {
        "issuer": ["Enter an https:// address"],
        "token_endpoint": ["Enter an https:// address"],
    }


def test_officer_linked_only_to_own_agency_provider(police_sso, lead_officer):
    lead_officer.oidc_provider = police_sso
    lead_officer.oidc_subject = "entra-object-9"

    with pytest.raises(ValidationError) as refused:
        lead_officer.full_clean()

    assert refused.value.message_dict == {"oidc_provider": ["Choose a provider of the officer's own agency"]}


def test_subject_unique_per_provider(police_sso, partner_agency):
    OfficerFactory(agency=partner_agency, oidc_provider=police_sso, oidc_subject="entra-object-5")

    with pytest.raises(IntegrityError):
        OfficerFactory(agency=partner_agency, oidc_provider=police_sso, oidc_subject="entra-object-5")
