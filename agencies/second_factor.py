"""The second factor asked of officers who sign in with a password: who must give one, the authenticator app (a
TOTP device) that gives the 6-digit code, and the recovery codes (a static device whose codes each work once).

Administrators always give one, and so do the officers of an agency that turns `require_second_factor` on. A
session signed in through the agency's single sign-on (session["auth_method"] == "oidc") had its factors checked
by the agency's identity provider and is not asked again.
"""

from __future__ import annotations

import base64

import segno
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

AUTH_METHOD_SESSION_KEY = "auth_method"
SINGLE_SIGN_ON = "oidc"
RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"


def required_for(officer) -> bool:
    """Whether the officer must give a second factor after their password."""
    if officer.is_staff or officer.is_superuser:
        return True
    return bool(officer.agency_id and officer.agency.require_second_factor)


def is_verified(request: HttpRequest) -> bool:
    """Whether the officer signed in here has given a second factor (django_otp's OTPMiddleware records it)."""
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


def pending(request: HttpRequest) -> bool:
    """True while a session has the password but still owes the second factor: until it gives one it reaches only
    the pages that take the code (agencies.middleware.SecondFactorMiddleware)."""
    user = request.user
    if not user.is_authenticated or request.session.get(AUTH_METHOD_SESSION_KEY) == SINGLE_SIGN_ON:
        return False
    return required_for(user) and not is_verified(request)


# --- The authenticator app ------------------------------------------------------------------------------------


def authenticator(officer) -> TOTPDevice | None:
    """The officer's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=officer, confirmed=True).order_by("pk").first()


def authenticator_to_confirm(officer) -> TOTPDevice:
    """The authenticator being set up: the same secret on every visit until it is confirmed with a code, so the
    QR code an officer scanned a moment ago is still the one the service checks."""
    device = TOTPDevice.objects.filter(user=officer, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=officer, name=AUTHENTICATOR_NAME, confirmed=False)


def authenticator_confirm(officer, device: TOTPDevice, code: str) -> bool:
    """Confirm the authenticator being set up with a code it shows (which also proves the officer copied the secret
    correctly). A wrong code leaves it unconfirmed."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=officer, confirmed=False).first()
        if locked is None or not locked.verify_token(code):
            return False
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=officer, confirmed=False).delete()
    device.refresh_from_db()
    return True


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it typed in: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as a QR code, an inline SVG with no style attribute (the CSP allows none)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, dark="#0b0c0c", light="#ffffff", title="QR code for your authenticator app"
    )


# --- Recovery codes -----------------------------------------------------------------------------------------------


def recovery_device(officer) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=officer, confirmed=True).order_by("pk").first()


def recovery_codes_new(officer) -> list[str]:
    """RECOVERY_CODE_COUNT new recovery codes in place of any the officer had, to be shown to them once.

    The device is kept (only its codes change), so a session verified by a recovery code stays verified."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.select_for_update().get_or_create(
            user=officer, name=RECOVERY_CODES_NAME, defaults={"confirmed": True}
        )
        StaticDevice.objects.filter(user=officer).exclude(pk=device.pk).delete()
        device.token_set.all().delete()
        codes: list[str] = []
        while len(codes) < RECOVERY_CODE_COUNT:
            code = StaticToken.random_token()
            if code not in codes:
                codes.append(code)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(officer) -> int:
    return StaticToken.objects.filter(device__user=officer, device__confirmed=True).count()


def recovery_code_normalised(typed: str) -> str:
    """A recovery code as stored: officers may type it with spaces or hyphens, in capitals or not."""
    return "".join(typed.split()).replace("-", "").lower()
