from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import second_factor
from .middleware import idle_timeout_words, seconds_left


def service(request: HttpRequest):
    return {"service_name": settings.SERVICE_NAME}


def notifications(request: HttpRequest):
    """The signed-in officer's unread notification count, for the service navigation (counted only if shown)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: user.notifications.filter(read_at__isnull=True).count())}


def session_timeout(request: HttpRequest):
    """For a signed-in session: the timeout warning's timings (data attributes on the page's body), and whether the
    session still owes its second factor (the service navigation is hidden until it gives it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_timeout": {
            "seconds_left": seconds_left(request),
            "warning_seconds": settings.IDLE_WARNING_SECONDS,
            "words": idle_timeout_words(),
        },
        "second_factor_pending": second_factor.pending(request),
    }
