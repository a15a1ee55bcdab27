"""python manage.py seed_demo [--as-of YYYY-MM-DD] [--seed N]: load the demo (demo.loader) as of a day, then run
that day's long-standing check and reminders. Idempotent: once the demo is loaded, a second run loads nothing and
the day's jobs find nothing new."""

import datetime
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from agencies.jobs import command_day
from agencies.models import Agency, Officer
from agencies.roles import Role
from cases.jag_management.job import long_standing_flag_all
from core import clock
from demo import data
from demo.loader import END_OF_DAY, SEED, Seeder, StoryError
from incremental.models import ReminderKind
from incremental.reminders import reminders_generate


class Command(BaseCommand):
    help = (
        "Load the demo agencies, officers, JAGs, cases, interventions and cessation proposal as of a day, then run "
        "that day's long-standing check and reminders (idempotent; developers' machines only)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", default=None, help="the day the story ends (default: today)")
        parser.add_argument("--seed", type=int, default=SEED, help=f"the random generator's seed (default {SEED})")

    def handle(self, *args, as_of=None, seed=SEED, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo is for developers' machines: it creates an `admin` superuser and other logins whose "
                f"password ({data.DEMO_PASSWORD}) is published in the README. It runs only with DEBUG on "
                "(DJANGO_DEBUG=true)."
            )
        day = command_day(as_of)
        today = clock.today()
        if day > today:
            raise CommandError(f"--as-of cannot be after today ({today:%Y-%m-%d}): the demo records only the past")
        # The story ends now on the day the demo is loaded, else at the end of that day's office hours.
        ends_at = clock.now() if day == today else timezone.make_aware(datetime.datetime.combine(day, END_OF_DAY))
        with clock.stopped_at(ends_at):
            self.load(day, ends_at, seed)
            self.day_jobs(day)
        self.print_logins()

    def load(self, day: datetime.date, ends_at: datetime.datetime, seed: int) -> None:
        agency_names = [a["name"] for a in data.AGENCIES.values()]
        usernames = [login["username"] for login in data.DEMO_LOGINS]
        if (
            Agency.objects.filter(name__in=agency_names).exists()
            or Officer.objects.filter(username__in=usernames).exists()
        ):
            self.stdout.write("The demo data is already loaded: nothing changed.")
            return
        started = time.monotonic()
        seeder = Seeder(random.Random(seed), day, ends_at)
        # The daily long-standing checks replayed here e-mail their changes: those e-mails belong to the past.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            try:
                summary = seeder.run()
            except StoryError as error:
                raise CommandError(f"The demo story does not fit {day:%Y-%m-%d}: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded as of {day:%-d %B %Y} in {time.monotonic() - started:.1f}s.")
        )
        for label, value in summary:
            self.stdout.write(f"  {label}: {value}")
        self.stdout.write(f"Ladders and cessation ({len(seeder.recorded)} steps):")
        for line in seeder.recorded:
            self.stdout.write(f"  {line}")

    def day_jobs(self, day: datetime.date) -> None:
        """What the Celery beat schedule runs each morning, for the day the demo is loaded as of."""
        run = long_standing_flag_all(as_of=day)
        self.stdout.write(
            f"Long-standing check as of {day:%Y-%m-%d}: {run.flagged} flagged, {run.unflagged} unflagged, "
            f"{run.notifications} notifications"
        )
        made = reminders_generate(as_of=day)
        kinds = ", ".join(f"{label.lower()} {made.get(kind, 0)}" for kind, label in ReminderKind.choices)
        self.stdout.write(f"The day's reminders: {kinds}; {made['withdrawn']} withdrawn")

    def print_logins(self) -> None:
        officers = {
            o.username: o
            for o in Officer.objects.filter(username__in=[d["username"] for d in data.DEMO_LOGINS]).select_related(
                "agency"
            )
        }
        rows = [("Username", "Name", "Agency", "Role")]
        for login in data.DEMO_LOGINS:
            officer = officers.get(login["username"])
            if officer is None:
                continue
            rows.append(
                (
                    officer.username,
                    officer.display_name,
                    officer.agency.name if officer.agency else "",
                    Role(login["role"]).label,
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {data.DEMO_PASSWORD}):")
        for n, row in enumerate(rows):
            self.stdout.write("  " + "  ".join(value.ljust(widths[i]) for i, value in enumerate(row)).rstrip())
            if n == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths))
        self.stdout.write(
            "admin also gives a security code after the password: `python manage.py demo_code` prints the current "
            f"one, or add the key {data.DEMO_ADMIN_TOTP_KEY} (time based) to an authenticator app."
        )
