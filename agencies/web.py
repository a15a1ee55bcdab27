"""The request helpers every app's views share that keep something in this app's tables: the audit trail from a
request, and once-only form submission with its tokens in FormSubmission (the algorithm is core.once)."""

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from core import once
from core.forms import apply_service_errors
from core.http import client_ip, forwarded_for, user_agent
from core.versions import StaleEdit

from .models import AuditAction, FormSubmission
from .services import audit_record


def audit(request: HttpRequest, action: AuditAction | str, description: str, *, obj=None, case_reference: str = ""):
    return audit_record(
        officer=request.user if request.user.is_authenticated else None,
        action=action,
        description=description,
        obj=obj,
        case_reference=case_reference,
        ip_address=client_ip(request),
        forwarded_for=forwarded_for(request),
        user_agent=user_agent(request),
    )


class FormSubmissions:
    """The once-only tokens, one FormSubmission row each: the primary key makes a second claim fail."""

    def claim(self, token: uuid.UUID, officer) -> bool:
        try:
            with transaction.atomic():
                FormSubmission.objects.create(token=token, officer=officer, result_url="")
        except IntegrityError:
            return False
        return True

    def record_result(self, token: uuid.UUID, url: str) -> None:
        FormSubmission.objects.filter(token=token).update(result_url=url)

    def result(self, token: uuid.UUID, officer) -> str | None:
        return (
            FormSubmission.objects.filter(token=token, officer=officer)
            .exclude(result_url="")
            .values_list("result_url", flat=True)
            .first()
        )


SUBMISSIONS = FormSubmissions()
once_only = once.once_only(SUBMISSIONS)


def submit_once(request: HttpRequest, write: Callable[[], str]) -> str:
    """Run `write` (a service call that returns the URL to go to next) once per rendered form (core.once)."""
    return once.submit_once(request, write, SUBMISSIONS)


def save_form(request: HttpRequest, form, write: Callable[[], str], success: str) -> HttpResponse | None:
    """Validate the bound form, run the service once (see submit_once) and redirect where it says.

    None means the form has errors (its own or the service's, placed next to the fields) and the page should
    be shown again with what the officer typed.
    """
    if not form.is_valid():
        return None
    try:
        url = submit_once(request, write)
    except ValidationError as error:
        apply_service_errors(form, error)
        return None
    messages.success(request, success)
    return redirect(url)


def save_versioned_form(
    request: HttpRequest, form, write: Callable[[], str], success: str, *, conflict: str
) -> tuple[HttpResponse | None, object | None]:
    """save_form for a record edited against the version the form was opened at (its `version` field), whose
    service raises StaleEdit when someone else saved first.

    Returns the redirect once saved. On a conflict, returns the record as it now is: the form says `conflict` and
    carries the current version, so the next save is judged against what the officer has now been shown. (None,
    None): the form has errors and the page should be shown again.
    """
    if not form.is_valid():
        return None, None
    try:
        url = submit_once(request, write)
    except StaleEdit as error:
        form.add_error(None, conflict)
        form.data = form.data.copy()
        form.data["version"] = error.current.version
        return None, error.current
    except ValidationError as error:
        apply_service_errors(form, error)
        return None, None
    messages.success(request, success)
    return redirect(url), None
