"""An OpenID Connect identity provider on loopback, for the suite: what an agency's Microsoft Entra ID does for the
service, in a thread on 127.0.0.1 with a free port.

It serves discovery, its JWKS, authorize (consents at once for whoever `signs_in`, and sends the browser back with a
code), token (checks the client, the code, the redirect URI and the PKCE verifier; answers an RS256-signed ID token
from a key made for the test) and userinfo. `id_token_changes` and `signing_key` make it misbehave on purpose."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from agencies.models import Agency, IdentityProvider, MatchClaim


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class LoopbackIdentityProvider:
    def __init__(self, client_id: str = "asb-case-management", client_secret: str = "loopback-client-secret"):
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = new_key()
        self.kid = "loopback-1"
        # What the provider does, changed by tests: who signs in, with what extra claims, and how the ID token is
        # made (signed with another key, for another audience...).
        self.signs_in: dict[str, Any] = {}
        self.id_token_changes: dict[str, Any] = {}
        self.signing_key: rsa.RSAPrivateKey = self.key
        self.answer_error = ""
        self.codes: dict[str, dict[str, Any]] = {}
        self.access_tokens: dict[str, dict[str, Any]] = {}
        self.requests: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.thread = threading.Thread(target=self.server.serve_forever, name="loopback-idp", daemon=True)

    def __enter__(self) -> LoopbackIdentityProvider:
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def register(self, agency: Agency, **fields: Any) -> IdentityProvider:
        """This provider registered for `agency`, as the administrator would, enabled."""
        endpoints = {key: value for key, value in self.discovery().items() if key in IdentityProvider.ENDPOINTS}
        values = {
            "slug": f"{agency.short_name.lower()}-sso",
            "display_name": agency.name,
            "issuer": self.issuer,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "match_by": MatchClaim.EMAIL,
            "enabled": True,
            **endpoints,
            **fields,
        }
        return IdentityProvider.objects.create(agency=agency, **values)

    def id_token(self, claims: dict[str, Any], nonce: str | None) -> str:
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **claims,
            **self.id_token_changes,
        }
        return jwt.encode(payload, self.signing_key, algorithm="RS256", headers={"kid": self.kid})

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {}, b"unknown client"
        redirect_uri = query["redirect_uri"]
        if self.answer_error:
            answer = {"error": self.answer_error, "state": query.get("state", "")}
        else:
            code = secrets.token_urlsafe(24)
            self.codes[code] = {
                "claims": dict(self.signs_in),
                "nonce": query.get("nonce"),
                "redirect_uri": redirect_uri,
                "code_challenge": query.get("code_challenge"),
            }
            answer = {"code": code, "state": query.get("state", "")}
        return 302, {"Location": f"{redirect_uri}?{urlencode(answer)}"}, b""

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if authorization.startswith("Basic "):
            client_id, _, client_secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if (client_id, client_secret) != (self.client_id, self.client_secret):
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or form.get("grant_type") != "authorization_code":
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri differs"}
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != grant["code_challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verifier differs"}
        access_token = secrets.token_urlsafe(24)
        self.access_tokens[access_token] = grant["claims"]
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.id_token(grant["claims"], grant["nonce"]),
        }

    def userinfo(self, authorization: str) -> tuple[int, dict[str, Any]]:
        claims = self.access_tokens.get(authorization.removeprefix("Bearer "))
        if claims is None:
            return 401, {"error": "invalid_token"}
        return 200, claims

    def jwks(self) -> dict[str, Any]:
        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}


def _handler(provider: LoopbackIdentityProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            provider.requests.append(f"GET {url.path}")
            query = {key: values[0] for key, values in parse_qs(url.query).items()}
            if url.path.endswith("/.well-known/openid-configuration"):
                self.answer_json(200, provider.discovery())
            elif url.path == "/jwks":
                self.answer_json(200, provider.jwks())
            elif url.path == "/authorize":
                self.answer(*provider.authorize(query))
            elif url.path == "/userinfo":
                self.answer_json(*provider.userinfo(self.headers.get("Authorization", "")))
            else:
                self.answer(404, {}, b"not found")

        def do_POST(self) -> None:
            url = urlsplit(self.path)
            provider.requests.append(f"POST {url.path}")
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            form = {key: values[0] for key, values in parse_qs(body).items()}
            if url.path == "/token":
                self.answer_json(*provider.token(form, self.headers.get("Authorization", "")))
            else:
                self.answer(404, {}, b"not found")

        def answer_json(self, status: int, body: dict[str, Any]) -> None:
            self.answer(status, {"Content-Type": "application/json"}, json.dumps(body).encode())

        def answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for name, value in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler
