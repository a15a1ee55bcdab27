"""Helpers the views of every app share: the audit trail from a request, and once-only form submission."""

import uuid
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.shortcuts import redirect

from .models import AuditAction, FormSubmission
from .services import audit_record

ONCE_ONLY_FIELD = "submission_token"


def client_ip(request: HttpRequest) -> str | None:
    # Behind the production proxy the client address arrives in X-Forwarded-For (first hop).
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return (forwarded.split(",")[0].strip() or None) if forwarded else request.META.get("REMOTE_ADDR")


def audit(request: HttpRequest, action: AuditAction | str, description: str, *, obj=None, case_reference: str = ""):
    return audit_record(
        officer=request.user if request.user.is_authenticated else None,
        action=action,
        description=description,
        obj=obj,
        case_reference=case_reference,
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )


def new_submission_token() -> str:
    return str(uuid.uuid4())


class _AlreadySubmitted(Exception):
    pass


def submit_once(request: HttpRequest, write: Callable[[], str]) -> str:
    """Run `write` (a service call that returns the URL to go to next) once per rendered form.

    The form's token is claimed before writing, in the same transaction: a racing duplicate waits on the
    claim and then goes where the first submission went, instead of writing a second record.
    """
    token = _token(request)
    if token is None:
        return write()
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    FormSubmission.objects.create(token=token, officer=request.user, result_url="")
            except IntegrityError:
                raise _AlreadySubmitted from None
            url = write()
            FormSubmission.objects.filter(token=token).update(result_url=url)
    except _AlreadySubmitted:
        previous = _previous_url(request, token)
        if previous is not None:
            return previous
        # The token is another officer's (replayed or forged): it protects nothing here, so just save.
        return write()
    return url


def once_only(view):
    """A form posted again with a token that was already used goes to the first submission's result."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.method == "POST" and request.user.is_authenticated:
            token = _token(request)
            previous = _previous_url(request, token) if token else None
            if previous:
                messages.info(request, "That form was already submitted; it was saved once.")
                return redirect(previous)
        return view(request, *args, **kwargs)

    return wrapper


def _previous_url(request: HttpRequest, token: uuid.UUID) -> str | None:
    return (
        FormSubmission.objects.filter(token=token, officer=request.user)
        .exclude(result_url="")
        .values_list("result_url", flat=True)
        .first()
    )


def _token(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(ONCE_ONLY_FIELD, ""))
    except ValueError:
        return None
