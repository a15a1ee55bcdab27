"""Test helpers for the second factor: a signed-in client whose session has given it, and the codes an
authenticator app would show (computed from the device's key at the current, possibly travelled, time)."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.second_factor import AUTHENTICATOR_NAME

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def authenticator_for(officer) -> TOTPDevice:
    """The officer's confirmed authenticator app, set up now if they have none."""
    device = TOTPDevice.objects.filter(user=officer, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=officer, name=AUTHENTICATOR_NAME, confirmed=True)


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the app shows now (or `steps_ahead` time steps on, which the service accepts within its tolerance
    of one step: a second sign-in in the same 30 seconds cannot reuse the first one's code)."""
    device.refresh_from_db()
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead)
    return f"{value:0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """Six digits the service will not take now (it takes the codes of the steps either side of now too)."""
    right = {code_for(device, steps) for steps in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in right)


def verify_session(client: Client, officer) -> TOTPDevice:
    """Mark the client's signed-in session as having given the second factor, as the code page does."""
    device = authenticator_for(officer)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def verified_client(officer) -> Client:
    """A client signed in as the officer (an administrator, say) with the second factor given."""
    client = Client()
    client.force_login(officer, backend=MODEL_BACKEND)
    verify_session(client, officer)
    return client
