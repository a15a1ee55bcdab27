from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def service(request: HttpRequest):
    return {"service_name": settings.SERVICE_NAME}


def notifications(request: HttpRequest):
    """The signed-in officer's unread notification count, for the service navigation (counted only if shown)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: user.notifications.filter(read_at__isnull=True).count())}
