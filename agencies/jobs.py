"""The day a daily job (a Celery task, or its management command run by hand) runs as of."""

import datetime

from django.core.management.base import CommandError

from core import clock


def job_day(as_of: str | None) -> datetime.date:
    """The ISO date given (YYYY-MM-DD), else today in local time. ValueError for anything else."""
    return datetime.date.fromisoformat(as_of) if as_of else clock.today()


def command_day(as_of: str | None) -> datetime.date:
    """job_day for a command's --as-of, refusing a bad date with a message the officer running it can act on."""
    try:
        return job_day(as_of)
    except ValueError:
        raise CommandError(f"--as-of must be a date like 2026-03-27, not {as_of!r}") from None
