"""Two checks on every request of a signed-in session: that it has not been idle too long, and that it has given
the second factor it owes before it reaches any page but the ones that take it."""

from __future__ import annotations

import math
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from core import clock

from . import second_factor

LAST_ACTIVITY_SESSION_KEY = "last_activity"
TIMED_OUT_SESSION_KEY = "timed_out"
# What a half-signed-in session may reach: the pages that take the second factor, signing out, the session's own
# status, and the password reset pages (open to anyone).
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "security:code",
        "security:recovery_code",
        "security:set_up",
        "security:session",
        "security:timed_out",
        "security:password_reset",
        "security:password_reset_sent",
        "security:password_reset_confirm",
        "security:password_reset_complete",
        "logout",
    }
)


def idle_timeout_seconds() -> int:
    return settings.IDLE_TIMEOUT_SECONDS


def idle_timeout_words(seconds: int | None = None) -> str:
    """The timeout as the sign-in page and the warning say it: "30 minutes"."""
    seconds = idle_timeout_seconds() if seconds is None else seconds
    if seconds % 60 == 0:
        minutes = seconds // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def touch_interval_seconds() -> float:
    # Writing the session on every request would cost a database write per page: a timestamp a little stale is
    # enough, since the warning counts from the remaining time the server reports, not from the page load.
    return min(60.0, idle_timeout_seconds() / 20)


def seconds_left(request: HttpRequest) -> int:
    """How long the signed-in session has before it times out, as of now."""
    last = request.session.get(LAST_ACTIVITY_SESSION_KEY)
    if last is None:
        return idle_timeout_seconds()
    # Rounded up: nothing is left only once the session has timed out.
    return max(0, math.ceil(idle_timeout_seconds() - (clock.now().timestamp() - last)))


def is_status_check(request: HttpRequest) -> bool:
    """The timeout warning asking how long is left: reading it must not count as activity."""
    return request.method in ("GET", "HEAD") and request.path_info == reverse("security:session")


class IdleTimeoutMiddleware:
    """Signs a session out once IDLE_TIMEOUT_SECONDS pass between its requests (its last activity is a timestamp in
    the session, read and written on the server, through core.clock); the next page is the sign-in page, which
    says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if SESSION_KEY in request.session:
            now = clock.now().timestamp()
            last = request.session.get(LAST_ACTIVITY_SESSION_KEY)
            if last is not None and now - last >= idle_timeout_seconds():
                logout(request)
                request.signed_out_idle = True  # type: ignore[attr-defined]
                if is_status_check(request):
                    # The warning asked: it sends the page to the timed-out page next, which says why.
                    request.session[TIMED_OUT_SESSION_KEY] = True
                else:
                    messages.info(request, timed_out_message())
            elif not is_status_check(request) and (last is None or now - last >= touch_interval_seconds()):
                request.session[LAST_ACTIVITY_SESSION_KEY] = now
        return self.get_response(request)


def timed_out_message() -> str:
    return f"You were signed out because you had not done anything for {idle_timeout_words()}."


class SecondFactorMiddleware:
    """Sends a session that has the password but owes the second factor to the page that takes it (or sets it up),
    whatever it asks for, the Django admin included. Must come after django_otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if not second_factor.pending(request):
            return None
        return redirect_to_second_factor(request, request.get_full_path() if request.method == "GET" else "")


def redirect_to_second_factor(request: HttpRequest, next_url: str) -> HttpResponse:
    """To the code page, or to setting up an authenticator app for an officer who has none yet."""
    name = "security:code" if second_factor.authenticator(request.user) else "security:set_up"
    url = reverse(name)
    return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)
