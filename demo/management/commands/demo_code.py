"""python manage.py demo_code [USERNAME]: the security code the demo administrator's authenticator app would show
now, for signing in to the demo as `admin` without setting up an app (developers' machines only)."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import clock


class Command(BaseCommand):
    help = "Print the current security code of a demo login's authenticator app (default: admin)."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="admin")

    def handle(self, *args, username="admin", **options) -> None:
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        if device is None:
            raise CommandError(f"{username} has no authenticator app: load the demo first (manage.py seed_demo)")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = clock.now().timestamp()
        seconds = device.step - int(totp.time - device.t0) % device.step
        self.stdout.write(f"{totp.token():0{device.digits}d}  (changes in {seconds}s)")
