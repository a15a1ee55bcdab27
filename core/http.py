"""Requests: the signed-in officer's, and where a request comes from, as the audit trail records it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

from . import network

if TYPE_CHECKING:
    # django-stubs reads this alias as settings.AUTH_USER_MODEL (agencies.Officer, which core may not import).
    from django.contrib.auth.models import _User


class AuthenticatedHttpRequest(HttpRequest):
    """The type of a request behind login_required: its user is an officer, never the anonymous user. For
    annotations only; Django builds plain HttpRequests."""

    user: _User


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, from X-Forwarded-For only as far as trusted proxies wrote it (core.network). Also
    django-axes' AXES_CLIENT_IP_CALLABLE, so that lockouts count by the same address the audit trail records."""
    return network.client_address(request.META)


def forwarded_for(request: HttpRequest) -> str:
    """X-Forwarded-For as received, recorded beside the address believed."""
    return network.forwarded_for(request.META)


def user_agent(request: HttpRequest) -> str:
    return request.META.get("HTTP_USER_AGENT", "").replace("\x00", "")
