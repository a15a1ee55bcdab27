"""The project's clock: every reading of the current moment or day goes through here.

Normally it is Django's `timezone.now()`. Tests move it with time-machine (which moves the whole process's clock);
the demo loader stops it at each moment of the story it replays with `stopped_at`, so that every record written,
and every model default, carries the moment the story says.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
from collections.abc import Iterator

from django.utils import timezone

_stopped_at: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar("clock_stopped_at", default=None)


def now() -> datetime.datetime:
    """The current moment (aware, UTC)."""
    moment = _stopped_at.get()
    return moment if moment is not None else timezone.now()


def today() -> datetime.date:
    """Today in the service's time zone (Europe/London)."""
    return timezone.localdate(now())


def localtime() -> datetime.datetime:
    """The current moment in the service's time zone."""
    return timezone.localtime(now())


@contextlib.contextmanager
def stopped_at(moment: datetime.datetime) -> Iterator[None]:
    """Within the block, the clock reads `moment` (an aware datetime)."""
    if timezone.is_naive(moment):
        raise ValueError("the clock needs an aware datetime")
    token = _stopped_at.set(moment)
    try:
        yield
    finally:
        _stopped_at.reset(token)
