"""Where a request comes from, as the audit trail records it."""

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    # Behind the production proxy the client address arrives in X-Forwarded-For (first hop).
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return (forwarded.split(",")[0].strip() or None) if forwarded else request.META.get("REMOTE_ADDR")


def user_agent(request: HttpRequest) -> str:
    return request.META.get("HTTP_USER_AGENT", "")
