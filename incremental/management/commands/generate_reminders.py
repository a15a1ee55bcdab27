"""python manage.py generate_reminders [--as-of YYYY-MM-DD]: the daily reminders for "My tasks", run by hand."""

from django.core.management.base import BaseCommand

from agencies.jobs import command_day
from incremental.models import ReminderKind
from incremental.reminders import reminders_generate


class Command(BaseCommand):
    help = "Make the day's reminders on officers' My tasks (the daily Celery job's code)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=str, default=None, help="the day to make reminders as of (default: today)")

    def handle(self, *args, as_of=None, **options):
        day = command_day(as_of)
        run = reminders_generate(as_of=day)
        made = ", ".join(f"{label.lower()} {run.get(kind, 0)}" for kind, label in ReminderKind.choices)
        self.stdout.write(
            f"Reminders as of {day.isoformat()}: {made}; {run['withdrawn']} withdrawn, "
            f"{run['notifications']} officers notified"
        )
