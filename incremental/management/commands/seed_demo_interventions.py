"""python manage.py seed_demo_interventions: the demo's Incremental Approach ladders (after seed_demo), then the
day's reminders. Idempotent: a second run records nothing."""

import time

from django.core.management.base import BaseCommand, CommandError

from core import clock
from incremental.demo import DemoNotLoaded, seed_demo_interventions
from incremental.models import ReminderKind
from incremental.reminders import reminders_generate


class Command(BaseCommand):
    help = "Record demo interventions on the demo perpetrators (run seed_demo first) and make today's reminders."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        try:
            run = seed_demo_interventions()
        except DemoNotLoaded as error:
            raise CommandError(f"Load the demo first with `manage.py seed_demo`: {error}") from None
        if run is None:
            self.stdout.write("The demo interventions are already recorded: nothing changed.")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo interventions recorded in {time.monotonic() - started:.1f}s ({len(run.recorded)} steps):"
                )
            )
            for line in run.recorded:
                self.stdout.write(f"  {line}")
        made = reminders_generate(as_of=clock.today())
        kinds = ", ".join(f"{label.lower()} {made[kind]}" for kind, label in ReminderKind.choices)
        self.stdout.write(f"Today's reminders: {kinds}; {made['withdrawn']} withdrawn")
