"""python manage.py seed_demo_cessation: the demo's cessation proposal (after seed_demo and
seed_demo_interventions). Idempotent: a second run changes nothing."""

from django.core.management.base import BaseCommand, CommandError

from cessation.demo import DemoNotLoaded, seed_demo_cessation


class Command(BaseCommand):
    help = "Propose cessation on the demo's long-standing noise case at 8 Wessex Row (run seed_demo first)."

    def handle(self, *args, **options) -> None:
        try:
            proposal = seed_demo_cessation()
        except DemoNotLoaded as error:
            raise CommandError(f"Load the demo first with `manage.py seed_demo`: {error}") from None
        if proposal is None:
            self.stdout.write("The demo cessation proposal is already there: nothing changed.")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Cessation proposed on {proposal.case.reference} ({proposal.case.address}).")
            )
