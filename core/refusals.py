"""Refusals that say why: a view raises NotAllowed (or PermissionDenied with a message) and the officer sees a 403
page that gives the reason, instead of the generic one (templates/403.html)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

View = Callable[..., HttpResponseBase]


class NotAllowed(PermissionDenied):
    """A 403 that says what the officer cannot do and why."""


def explains_refusals_with(template: str) -> Callable[[View], View]:
    """A view decorator: a refusal with a reason is shown on `template` (given `message`); one without a reason
    goes on to the generic 403 page."""

    def explains_refusals(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied as refusal:
                if str(refusal):
                    return render(request, template, {"message": str(refusal)}, status=403)
                raise

        return wrapper

    return explains_refusals
