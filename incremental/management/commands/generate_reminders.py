"""python manage.py generate_reminders [--as-of YYYY-MM-DD]: the daily reminders for "My tasks", run by hand."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from incremental.models import ReminderKind
from incremental.reminders import reminders_generate


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of must be a date like 2026-03-27, not {value!r}") from None


class Command(BaseCommand):
    help = "Make the day's reminders on officers' My tasks (the daily Celery job's code)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=str, default=None, help="the day to make reminders as of (default: today)")

    def handle(self, *args, as_of=None, **options):
        day = _date(as_of) if as_of else timezone.localdate()
        run = reminders_generate(as_of=day)
        made = ", ".join(f"{label.lower()} {run[kind]}" for kind, label in ReminderKind.choices)
        self.stdout.write(
            f"Reminders as of {day.isoformat()}: {made}; {run['withdrawn']} withdrawn, "
            f"{run['notifications']} officers notified"
        )
