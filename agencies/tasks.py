"""E-mail for in-app notifications written during a request: sent by the worker, after the request's transaction."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction

from .models import Notification

logger = logging.getLogger(__name__)

EMAIL_NOTIFICATIONS = "agencies.email_notifications"


@shared_task(name=EMAIL_NOTIFICATIONS, ignore_result=True)
def email_notifications(events: list[tuple[int, str]]) -> int:
    """One e-mail for each notification, named by its officer and event key, whose officer is active and has an
    address (one SMTP session for them all)."""
    wanted = {(int(recipient_id), key) for recipient_id, key in events}
    found = (
        Notification.objects.filter(
            recipient_id__in={recipient_id for recipient_id, _ in wanted},
            event_key__in={key for _, key in wanted},
            recipient__is_active=True,
        )
        .exclude(recipient__email="")
        .select_related("recipient")
        .order_by("pk")
    )
    emails = [
        EmailMessage(
            subject=f"{settings.SERVICE_NAME}: {notification.text[:120]}",
            body=f"{notification.text}\n\nSign in to {settings.SERVICE_NAME} to see it.",
            to=[notification.recipient.email],
        )
        for notification in found
        if (notification.recipient_id, notification.event_key) in wanted
    ]
    if emails:
        get_connection().send_messages(emails)
    return len(emails)


def email_after_commit(notifications: list[Notification]) -> None:
    """Queue the e-mails of the notifications (as notifications_create returned them, written just now) once the
    transaction that wrote them commits."""
    events = [(notification.recipient_id, notification.event_key) for notification in notifications]
    if not events:
        return

    def queue() -> None:
        try:
            email_notifications.delay(events)
        except Exception:
            # The in-app notifications are the record: a broker being down must not fail the officer's request.
            logger.exception("Could not queue the e-mails of notifications %s", events)

    transaction.on_commit(queue)
