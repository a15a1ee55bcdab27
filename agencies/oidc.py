"""Single sign-on through each agency's own OpenID Connect identity provider (Microsoft Entra ID and the like).

mozilla-django-oidc is built around one provider named in settings; here the provider is chosen per sign-in. The
start view stores the provider beside the state, nonce and PKCE verifier in the session and sends the officer to
that provider; the callback checks the state, lets the backend exchange the code and verify the ID token (its
signature against the provider's JWKS, its issuer, audience, expiry and nonce) and matches the officer, who must
belong to the provider's agency. Nobody is ever created by signing in. An officer signed in this way has
`auth_method = "oidc"` in their session: their agency's provider asked for any second factor, so the local one is
not asked for.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, resolve_url
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import (
    absolutify,
    add_state_and_verifier_and_nonce_to_session,
    generate_code_challenge,
    import_from_settings,
)
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    get_next_url,
)

from core.http import client_ip, user_agent

from .models import AuditAction, IdentityProvider, MatchClaim, Officer
from .second_factor import AUTH_METHOD_SESSION_KEY
from .second_factor import SINGLE_SIGN_ON as AUTH_METHOD_OIDC
from .services import audit_record

PROVIDER_SESSION_KEY = "oidc_provider"
STATES_SESSION_KEY = "oidc_states"  # mozilla-django-oidc's: state -> nonce, PKCE verifier, when added
_ATTEMPT_ATTRIBUTE = "sign_on_attempt"
STATE_SIZE = NONCE_SIZE = 32
PKCE_VERIFIER_SIZE = 64

INCOMPLETE = "Your sign-in did not complete: it may have taken too long, or been started in another window. Try again."


class DiscoveryError(Exception):
    pass


def discover(issuer: str) -> dict[str, str]:
    """The endpoints an issuer's discovery document (/.well-known/openid-configuration) names."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(
            url,
            timeout=import_from_settings("OIDC_TIMEOUT", None),
            verify=import_from_settings("OIDC_VERIFY_SSL", True),
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise DiscoveryError(f"Could not read {url}: {error}") from error
    if not isinstance(document, dict):
        raise DiscoveryError(f"{url} is not a discovery document")
    # A document that names another issuer would have its tokens refused at every sign-in (OpenID Connect
    # Discovery 1.0, section 4.3): say so now.
    if document.get("issuer") != issuer:
        raise DiscoveryError(f"{url} names the issuer {document.get('issuer')!r}, not {issuer!r}")
    algorithms = document.get("id_token_signing_alg_values_supported") or ["RS256"]
    if "RS256" not in algorithms:
        raise DiscoveryError(f"The provider does not sign ID tokens with RS256 (it offers {', '.join(algorithms)})")
    endpoints = {field: document.get(field) or "" for field in IdentityProvider.ENDPOINTS}
    missing = [field for field in ("authorization_endpoint", "token_endpoint", "jwks_uri") if not endpoints[field]]
    if missing:
        raise DiscoveryError(f"{url} names no {', '.join(missing)}")
    return {field: str(value) for field, value in endpoints.items()}


def enabled_providers():
    return IdentityProvider.objects.filter(enabled=True, agency__is_active=True).select_related("agency")


@dataclass
class SignOnAttempt:
    """One callback's sign-in through a provider; if refused, what the officer is told and what the audit says."""

    provider: IdentityProvider
    message: str = ""
    detail: str = "refused"


def sign_on_attempt(request: HttpRequest | None) -> SignOnAttempt | None:
    """The single sign-on being completed by this request, if any (read by the sign-in audit)."""
    return getattr(request, _ATTEMPT_ATTRIBUTE, None)


class Refused(Exception):
    def __init__(self, message: str, detail: str):
        super().__init__(detail)
        self.message = message
        self.detail = detail


class IdentityProviderBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, given the provider by the callback rather than reading one from settings."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The parent reads one provider's endpoints from settings, which have none: they come with each attempt.
        self.UserModel = Officer

    def authenticate(self, request: HttpRequest | None, sign_on: SignOnAttempt | None = None, **kwargs: Any):
        if request is None or sign_on is None:
            return None
        provider = sign_on.provider
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = provider.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = provider.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = provider.jwks_uri
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = provider.signing_algorithm
        self.OIDC_RP_IDP_SIGN_KEY = None
        cannot_check = f"Your sign-in with {provider.display_name} could not be checked. Try again."
        try:
            return super().authenticate(request, nonce=kwargs.get("nonce"), code_verifier=kwargs.get("code_verifier"))
        except Refused as refusal:
            sign_on.message, sign_on.detail = refusal.message, refusal.detail
        except requests.HTTPError as error:
            sign_on.message, sign_on.detail = cannot_check, f"the provider refused: {str(error)[:300]}"
        except requests.RequestException as error:
            sign_on.message = f"{provider.display_name} could not be reached. Try again later."
            sign_on.detail = f"provider not reached: {type(error).__name__}: {str(error)[:200]}"
        except (jwt.PyJWTError, SuspiciousOperation) as error:
            sign_on.message, sign_on.detail = cannot_check, f"ID token refused: {error}"
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            # A token or userinfo answer that is not what OpenID Connect says it is.
            sign_on.message, sign_on.detail = cannot_check, f"malformed answer: {type(error).__name__}: {error}"
        return None

    def get_user(self, user_id):
        # The parent's would keep signed in an officer made inactive since: Django's own refuses them.
        return ModelBackend.get_user(self, user_id)

    def _verify_jws(self, payload, key):
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.provider.signing_algorithm:
            raise SuspiciousOperation(f"signed with {header.get('alg')!r}, not {self.provider.signing_algorithm}")
        claims = jwt.decode(
            payload,
            key,
            algorithms=[self.provider.signing_algorithm],
            audience=self.provider.client_id,
            issuer=self.provider.issuer,
            leeway=60,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.provider.client_id:
            raise SuspiciousOperation("several audiences and no azp naming this service")
        return claims

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, with the userinfo endpoint's added where the provider has one (the signed ID
        token's own claims win)."""
        if not self.provider.userinfo_endpoint:
            return payload
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if not isinstance(userinfo, dict) or userinfo.get("sub") != payload["sub"]:
            # OpenID Connect Core 1.0, 5.3.2: such an answer is not to be used.
            raise Refused(
                f"Your sign-in with {self.provider.display_name} could not be checked. Try again.",
                "the userinfo answer names another subject than the ID token",
            )
        return {**userinfo, **payload}

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        officer = self.match_officer(claims)
        if not self.user_can_authenticate(officer):
            raise Refused(
                "Your account is not active. Ask your administrator.",
                f"account {officer.username!r} is not active",
            )
        return officer

    def match_officer(self, claims: dict[str, Any]) -> Officer:
        """The officer of the provider's agency the claims name. Officers of other agencies are not looked at, so a
        provider can never sign in anyone but its own agency's officers."""
        provider = self.provider
        agency = provider.agency
        officers = Officer.objects.filter(agency=agency)
        if provider.match_by == MatchClaim.SUBJECT:
            subject = str(claims["sub"])
            matched = list(officers.filter(oidc_provider=provider, oidc_subject=subject))
            who = f"subject {subject!r}"
            not_found = (
                f"{provider.display_name} signed you in, but your account there is not linked to an officer of "
                f"{agency.name}. Ask your administrator to link it."
            )
        else:
            email = claims.get("email")
            if not isinstance(email, str) or not email:
                raise Refused(
                    f"{provider.display_name} did not give your e-mail address, which is needed to find your "
                    "account. Ask your administrator.",
                    "no email claim",
                )
            if claims.get("email_verified") is False:
                raise Refused(
                    f"{provider.display_name} has not verified your e-mail address. Ask your administrator.",
                    f"email {email!r} not verified by the provider",
                )
            matched = list(officers.filter(email__iexact=email)[:2])
            who = f"email {email!r}"
            not_found = (
                f"No officer of {agency.name} has the e-mail address {email}. Sign in with your own agency's "
                "account, or ask your administrator to add you."
            )
        if not matched:
            raise Refused(not_found, f"no officer of {agency.short_name} with {who}")
        if len(matched) > 1:
            raise Refused(
                f"More than one officer account of {agency.name} has this e-mail address. Ask your administrator.",
                f"several officers of {agency.short_name} with {who}",
            )
        return matched[0]


class SignOnStartView(OIDCAuthenticationRequestView):
    """Sends the officer to their agency's provider, with a fresh state, nonce and PKCE challenge."""

    def __init__(self, **kwargs: Any) -> None:
        # The parent reads one provider's endpoints from settings; here the URL names the provider.
        View.__init__(self, **kwargs)

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        provider = get_object_or_404(enabled_providers(), slug=slug)
        state = get_random_string(STATE_SIZE)
        verifier = get_random_string(PKCE_VERIFIER_SIZE)
        params = {
            "response_type": "code",
            "scope": settings.OIDC_RP_SCOPES,
            "client_id": provider.client_id,
            "redirect_uri": absolutify(request, reverse(settings.OIDC_AUTHENTICATION_CALLBACK_URL)),
            "state": state,
            "nonce": get_random_string(NONCE_SIZE),
            "code_challenge": generate_code_challenge(verifier, "S256"),
            "code_challenge_method": "S256",
        }
        add_state_and_verifier_and_nonce_to_session(request, state, params, verifier)
        request.session[STATES_SESSION_KEY][state].update(provider=provider.pk, next=get_next_url(request, "next"))
        request.session.modified = True
        separator = "&" if "?" in provider.authorization_endpoint else "?"
        return HttpResponseRedirect(f"{provider.authorization_endpoint}{separator}{urlencode(params)}")


class SignOnCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the officer back. Anything wrong returns them to the sign-in page, told why."""

    def get(self, request: HttpRequest) -> HttpResponse:
        states = request.session.get(STATES_SESSION_KEY)
        state = request.GET.get("state", "")
        # Each state is used once, whatever happens next: a replayed callback finds nothing.
        entry = states.pop(state, None) if isinstance(states, dict) and state else None
        if entry is not None:
            request.session.modified = True
        if not isinstance(entry, dict) or time.time() - entry.get("added_on", 0) > settings.OIDC_STATE_LIFETIME:
            return self.refuse(INCOMPLETE)
        provider = enabled_providers().filter(pk=entry.get("provider")).first()
        if provider is None:
            return self.refuse(INCOMPLETE)
        attempt = SignOnAttempt(provider)
        setattr(request, _ATTEMPT_ATTRIBUTE, attempt)
        if request.GET.get("error") or not request.GET.get("code"):
            # The provider did not sign the officer in (they cancelled, or it refused them): nothing to verify.
            error = request.GET.get("error", "no code")[:100]
            audit_record(
                officer=None,
                action=AuditAction.SIGN_IN_FAILED,
                description=f"Failed sign-in through {provider.display_name} (single sign-on): the provider answered {error!r}",
                ip_address=client_ip(request),
                user_agent=user_agent(request),
            )
            return self.refuse(f"{provider.display_name} did not sign you in. Try again.")
        user = auth.authenticate(
            request, sign_on=attempt, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
        )
        if user is None:
            return self.refuse(attempt.message or INCOMPLETE)
        auth.login(request, user)
        request.session[AUTH_METHOD_SESSION_KEY] = AUTH_METHOD_OIDC
        request.session[PROVIDER_SESSION_KEY] = provider.slug
        return redirect(entry.get("next") or resolve_url(settings.LOGIN_REDIRECT_URL))

    def refuse(self, message: str) -> HttpResponse:
        messages.error(self.request, message)
        return redirect(settings.LOGIN_URL)
