"""Writes of in-app notifications: what any app uses to tell officers that something happened.

A notification is written at most once per officer and event (its `event_key`, unique per recipient), so a job run
again, or a step sent twice, tells nobody twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.sql import Values

from .models import Notification

# Rows per INSERT: each is one statement of one array per column (Django's UNNEST insert on PostgreSQL).
BATCH = 5000


def notifications_create(notifications: Iterable[Notification]) -> list[Notification]:
    """Write the given (unsaved) notifications except those whose officer already has one with the same event key,
    or that repeat an earlier one of the same call. Returns those written, in the order given.

    One query finds those already written (the keys sent as one array parameter), then one INSERT per
    five thousand. Should another transaction write the same
    event at the same moment, its row is kept and this one skipped (the unique constraint settles it), though it is
    still returned; a caller for whom that matters takes a lock on its events first, as the daily jobs do.
    """
    wanted: dict[tuple[int, str], Notification] = {}
    for notification in notifications:
        wanted.setdefault((notification.recipient_id, notification.event_key), notification)
    if not wanted:
        return []
    recipients = {recipient_id for recipient_id, _ in wanted}
    keys = {key for _, key in wanted}
    already = set(
        Notification.objects.filter(recipient_id__in=recipients, event_key__any_of=Values(keys)).values_list(
            "recipient_id", "event_key"
        )
    )
    new = [notification for pair, notification in wanted.items() if pair not in already]
    Notification.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
    return new
