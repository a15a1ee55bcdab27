"""Saving a form once, however often it is posted (a double click, the back button, two tabs).

Each rendered form carries a token (core.forms.OnceOnlyForm). The first post claims the token and records where it
led; a later post of the same token goes there instead of writing again. Where tokens are kept is the caller's
(`Submissions`): agencies.web keeps them in a table, so a claim is part of the write's transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any, Protocol

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

ONCE_ONLY_FIELD = "submission_token"
View = Callable[..., HttpResponseBase]


class Submissions(Protocol):
    """Where the tokens of submitted forms are kept, each with the officer who posted it and where it led."""

    def claim(self, token: uuid.UUID, officer) -> bool:
        """Claim the token for the officer, in the current transaction; False when it was claimed already (a
        racing duplicate waits until the first claim's transaction ends)."""

    def record_result(self, token: uuid.UUID, url: str) -> None:
        """Where the submission that claimed the token led."""

    def result(self, token: uuid.UUID, officer) -> str | None:
        """Where the officer's earlier submission of the token led, if it has been saved."""


def new_submission_token() -> str:
    return str(uuid.uuid4())


def posted_token(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(ONCE_ONLY_FIELD, ""))
    except ValueError:
        return None


def submit_once(request: HttpRequest, write: Callable[[], str], submissions: Submissions) -> str:
    """Run `write` (a service call that returns the URL to go to next) once per rendered form.

    The form's token is claimed before writing, in the same transaction: a racing duplicate waits on the
    claim and then goes where the first submission went, instead of writing a second record.
    """
    token = posted_token(request)
    if token is None:
        return write()
    with transaction.atomic():
        claimed = submissions.claim(token, request.user)
        if claimed:
            url = write()
            submissions.record_result(token, url)
    if claimed:
        return url
    previous = submissions.result(token, request.user)
    if previous is not None:
        return previous
    # The token is another officer's (replayed or forged): it protects nothing here, so just save.
    return write()


def once_only(submissions: Submissions) -> Callable[[View], View]:
    """A view decorator: a form posted again with a token that was already used goes to the first submission's
    result."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method == "POST" and request.user.is_authenticated:
                token = posted_token(request)
                previous = submissions.result(token, request.user) if token else None
                if previous:
                    messages.info(request, "That form was already submitted; it was saved once.")
                    return redirect(previous)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
