"""python manage.py flag_long_standing [--as-of YYYY-MM-DD]: the daily long-standing check, run by hand."""

from django.core.management.base import BaseCommand, CommandError

from agencies.jobs import command_day
from cases.jag_management.job import long_standing_flag_all
from core import clock


class Command(BaseCommand):
    help = "Flag cases that became long standing and unflag those that fell below (the daily Celery job's code)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=str, default=None, help="the day to check as of (default: today)")

    def handle(self, *args, as_of=None, **options):
        day = command_day(as_of)
        if day > clock.today():
            raise CommandError("--as-of cannot be in the future")
        run = long_standing_flag_all(as_of=day)
        self.stdout.write(
            f"Long-standing check as of {run.as_of.isoformat()}: {run.flagged} flagged, {run.unflagged} unflagged, "
            f"{run.notifications} notifications, {run.emails} e-mails"
        )
