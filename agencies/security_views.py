"""Signing in with a local account beyond the password: the second factor (the code page, setting up an
authenticator app, recovery codes), changing and resetting the password, and the idle session's status."""

from __future__ import annotations

from urllib.parse import urlencode

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp.models import Device

from core import clock

from . import second_factor
from .forms import ChangePasswordForm, NewPasswordForm, RecoveryCodeForm, ResetPasswordForm, SecurityCodeForm
from .middleware import (
    LAST_ACTIVITY_SESSION_KEY,
    TIMED_OUT_SESSION_KEY,
    redirect_to_second_factor,
    seconds_left,
    timed_out_message,
)
from .models import AuditAction
from .web import audit

NEW_RECOVERY_CODES_SESSION_KEY = "new_recovery_codes"


def next_url(request: HttpRequest, default: str | None = None) -> str:
    """Where to go once done: the `next` the sign-in carried, if it is on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL) if default is None else default


def with_next(url: str, next_to: str) -> str:
    return f"{url}?{urlencode({'next': next_to})}"


# --- The second factor at sign-in -----------------------------------------------------------------------------


def _locked_out(request: HttpRequest, credentials: dict) -> bool:
    return settings.AXES_ENABLED and AxesProxyHandler.is_locked(request, credentials)


def _lockout(request: HttpRequest, credentials: dict) -> HttpResponse:
    """Sign the half-signed-in session out; django-axes' middleware answers with its lockout response."""
    logout(request)
    request.axes_locked_out = True  # type: ignore[attr-defined]
    request.axes_credentials = credentials  # type: ignore[attr-defined]
    return HttpResponse(status=429)


def _give(request: HttpRequest, form, device: Device, code: str, what: str) -> HttpResponse | None:
    """Check a code against one of the officer's devices. A wrong code counts against the lockout as a wrong
    password does (the same signal django-axes and the audit trail hear). None: show the form with its error."""
    credentials = {"username": request.user.get_username()}
    if _locked_out(request, credentials):
        return _lockout(request, credentials)
    allowed, _ = device.verify_is_allowed()
    verified = django_otp.verify_token(request.user, device.persistent_id, code) if allowed else None
    if verified is not None:
        django_otp.login(request, verified)
        audit(request, AuditAction.SIGN_IN, f"Gave the second factor ({what})")
        return None
    form.wrong() if allowed else form.throttled()
    user_login_failed.send(sender=__name__, credentials={**credentials, "second_factor": what}, request=request)
    if getattr(request, "axes_locked_out", False):
        return _lockout(request, credentials)
    return None


def _code_page(request: HttpRequest, form_class, device_for, what: str, template: str) -> HttpResponse:
    next_to = next_url(request)
    if not second_factor.pending(request):
        return redirect(next_to)
    if second_factor.authenticator(request.user) is None:
        return redirect_to_second_factor(request, next_to)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = device_for(request.user)
        if device is None:
            form.wrong()
        else:
            answer = _give(request, form, device, form.cleaned_data["code"], what)
            if answer is not None:
                return answer
            if second_factor.is_verified(request):
                return redirect(next_to)
    return render(request, template, {"form": form, "next": next_to})


@never_cache
@login_required
def code(request: HttpRequest) -> HttpResponse:
    """The 6-digit code from the authenticator app, after the password."""
    return _code_page(
        request, SecurityCodeForm, second_factor.authenticator, "authenticator app code", "agencies/security_code.html"
    )


@never_cache
@login_required
def recovery_code(request: HttpRequest) -> HttpResponse:
    """A recovery code instead, for an officer without their phone."""
    return _code_page(
        request, RecoveryCodeForm, second_factor.recovery_device, "recovery code", "agencies/recovery_code.html"
    )


@never_cache
@login_required
def set_up(request: HttpRequest) -> HttpResponse:
    """Setting up an authenticator app, for an officer who must give a second factor and has none yet: the secret as
    text and as a QR code, confirmed with a code the app shows; then their recovery codes."""
    next_to = next_url(request)
    if not second_factor.pending(request):
        return redirect(next_to)
    if second_factor.authenticator(request.user) is not None:
        return redirect_to_second_factor(request, next_to)
    officer = request.user
    device = second_factor.authenticator_to_confirm(officer)
    form = SecurityCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        credentials = {"username": officer.get_username()}
        if _locked_out(request, credentials):
            return _lockout(request, credentials)
        allowed, _ = device.verify_is_allowed()
        if allowed and second_factor.authenticator_confirm(officer, device, form.cleaned_data["code"]):
            django_otp.login(request, device)
            audit(request, AuditAction.CHANGE, "Set up an authenticator app", obj=device)
            request.session[NEW_RECOVERY_CODES_SESSION_KEY] = second_factor.recovery_codes_new(officer)
            return redirect(with_next(reverse("security:recovery_codes"), next_to))
        form.wrong() if allowed else form.throttled()
        user_login_failed.send(
            sender=__name__, credentials={**credentials, "second_factor": "set-up code"}, request=request
        )
        if getattr(request, "axes_locked_out", False):
            return _lockout(request, credentials)
    return render(
        request,
        "agencies/security_set_up.html",
        {
            "form": form,
            "next": next_to,
            "secret": second_factor.secret_text(device),
            "qr_code": second_factor.qr_code_svg(device),
        },
    )


@never_cache
@require_safe
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown this once (only the session that made them carries them, and only until shown)."""
    codes = request.session.pop(NEW_RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("account")
    return render(
        request, "agencies/recovery_codes.html", {"codes": codes, "next": next_url(request, reverse("account"))}
    )


@require_POST
@login_required
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    """New recovery codes in place of the old ones (from the account page), for an officer with an authenticator."""
    if second_factor.authenticator(request.user) is None:
        return redirect("account")
    request.session[NEW_RECOVERY_CODES_SESSION_KEY] = second_factor.recovery_codes_new(request.user)
    audit(request, AuditAction.CHANGE, "Made new recovery codes")
    return redirect(with_next(reverse("security:recovery_codes"), reverse("account")))


# --- Passwords --------------------------------------------------------------------------------------------------


class ChangePasswordView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm  # type: ignore[assignment]  # a PasswordChangeForm with GOV.UK wording
    template_name = "agencies/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit(self.request, AuditAction.CHANGE, "Changed their password")
        messages.success(self.request, "Your password has been changed")
        return response


class ResetPasswordView(auth_views.PasswordResetView):
    """Asks for the e-mail address; the next page says the same whether or not an officer has it."""

    form_class = ResetPasswordForm
    template_name = "agencies/password_reset.html"
    email_template_name = "agencies/email/password_reset.txt"
    subject_template_name = "agencies/email/password_reset_subject.txt"
    success_url = reverse_lazy("security:password_reset_sent")

    def form_valid(self, form):
        self.extra_email_context = {"service_name": settings.SERVICE_NAME, "link_hours": link_lifetime()}
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "link_hours": link_lifetime()}


class ResetPasswordSentView(auth_views.PasswordResetDoneView):
    template_name = "agencies/password_reset_sent.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "link_hours": link_lifetime()}


class ResetPasswordConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "agencies/password_reset_confirm.html"
    success_url = reverse_lazy("security:password_reset_complete")


class ResetPasswordCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "agencies/password_reset_complete.html"


def link_lifetime() -> str:
    seconds = settings.PASSWORD_RESET_TIMEOUT
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = max(1, seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


# --- The idle session -------------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def session(request: HttpRequest) -> JsonResponse:
    """The timeout warning's questions: GET, how long is left (without counting as activity); POST, stay signed in."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False, "seconds_left": 0}, status=401)
    if request.method == "POST":
        request.session[LAST_ACTIVITY_SESSION_KEY] = clock.now().timestamp()
    return JsonResponse({"signed_in": True, "seconds_left": seconds_left(request)})


@never_cache
@require_safe
def timed_out(request: HttpRequest) -> HttpResponse:
    """Where the timeout warning sends the page when the time is up: the sign-in page, saying why. A session kept
    alive meanwhile (in another tab) goes back where it was."""
    next_to = next_url(request, "")
    if request.user.is_authenticated:
        return redirect(next_to or resolve_url(settings.LOGIN_REDIRECT_URL))
    if request.session.pop(TIMED_OUT_SESSION_KEY, False) and not getattr(request, "signed_out_idle", False):
        messages.info(request, timed_out_message())
    login = reverse("login")
    return redirect(with_next(login, next_to) if next_to else login)
