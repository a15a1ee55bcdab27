"""Requests: the signed-in officer's, and where a request comes from, as the audit trail records it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    # django-stubs reads this alias as settings.AUTH_USER_MODEL (agencies.Officer, which core may not import).
    from django.contrib.auth.models import _User


class AuthenticatedHttpRequest(HttpRequest):
    """The type of a request behind login_required: its user is an officer, never the anonymous user. For
    annotations only; Django builds plain HttpRequests."""

    user: _User


def client_ip(request: HttpRequest) -> str | None:
    # Behind the production proxy the client address arrives in X-Forwarded-For (first hop).
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return (forwarded.split(",")[0].strip() or None) if forwarded else request.META.get("REMOTE_ADDR")


def user_agent(request: HttpRequest) -> str:
    return request.META.get("HTTP_USER_AGENT", "")
