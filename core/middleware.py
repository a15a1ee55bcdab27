"""Middleware for every response: forwarded headers believed only from trusted proxies, and the Permissions-Policy."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from . import network


class ForwardedHeadersMiddleware:
    """Drops X-Forwarded-Proto and its kin from requests that did not come through a trusted proxy, so that
    SECURE_PROXY_SSL_HEADER (request.is_secure()) is believed only behind it. First in MIDDLEWARE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not network.from_trusted_proxy(request.META):
            for header in network.PROXY_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


def permissions_policy(features: dict[str, list[str]]) -> str:
    """The header's value: each feature with its allowed origins, `()` for none ("self" is written `self`)."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in features.items())


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header (settings.PERMISSIONS_POLICY) on every response that has none of its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.value = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.value and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.value
        return response
