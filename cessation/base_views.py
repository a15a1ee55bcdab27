"""What the cessation pages share: refusals that say why, PDF responses, the refusal texts."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render


class NotAllowed(PermissionDenied):
    """A 403 that says what the officer cannot do and why."""


def explains_refusals(view):
    """Turn a refusal with a reason into a 403 page that gives it, instead of the case file's generic one."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as refusal:
            if str(refusal):
                return render(request, "cessation/not_allowed.html", {"message": str(refusal)}, status=403)
            raise

    return wrapper


def on_case(records, case) -> list:
    """The records (closure reports, letters) with their documents' case set, so that a list of download links
    (Document.get_absolute_url names the case) reads no case per row."""
    records = list(records)
    for record in records:
        record.document.case = case
    return records


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


CHAIR_ONLY = "Only the chair of the JAG that manages the case can do this."
RUNNERS_ONLY = "Only the chair and the members of the JAG that manages the case can record the agencies' positions."
LEAD_ONLY = "Only officers of the case's lead agency can do this."
