"""Uploads are refused at the size cap without reading the rest of what was sent.

Two limits, both from settings.CASE_DOCUMENT_MAX_BYTES (the largest document an officer may attach):

- A request that says it is larger than the cap and room for a form's other fields (`request_limit()`) is answered
  413 by `RefuseOversizedRequests` before anything reads its body: the CSRF check would otherwise read it all.
  The reverse proxy in front (deploy/nginx/) refuses the same size before it reaches Django.
- A file that grows past the cap within a request that said it was smaller (or said nothing true) stops being read
  there: `CappedUploadHandler` stops the upload and marks the request, and the form says the file is too large.

A request without a Content-Length (a chunked body) is never read by Django at all, so it has nothing to cap.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string

# What a form sends beside its file: a title, a description, the tokens, the multipart boundaries.
FORM_ALLOWANCE_BYTES = 1024 * 1024
CUT_SHORT_ATTRIBUTE = "upload_cut_short"


def document_limit() -> int:
    return settings.CASE_DOCUMENT_MAX_BYTES


def request_limit() -> int:
    """The largest request body accepted: the document cap and room for the form's other fields."""
    return document_limit() + FORM_ALLOWANCE_BYTES


def size_limit_text(limit: int) -> str:
    """20 MB, not 20.0 MB; and a limit under 1 MB as it is (whole megabytes alone would say "0 MB")."""
    megabyte = 1024 * 1024
    return f"{limit // megabyte} MB" if limit % megabyte == 0 else filesizeformat(limit)


def cut_short(request: HttpRequest) -> bool:
    """Whether a file in this request was larger than the cap and was not read to its end."""
    return getattr(request, CUT_SHORT_ATTRIBUTE, False)


def too_large_page(request: HttpRequest) -> HttpResponse:
    """The product's 413 page, drawn without the session or the database (the request body is unread)."""
    content = render_to_string("413.html", {"limit": size_limit_text(document_limit())})
    return HttpResponse(content, status=413)


class RefuseOversizedRequests:
    """Answers 413 to a request whose Content-Length is over `request_limit()`, before its body is read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > request_limit():
            return too_large_page(request)
        return self.get_response(request)


class CappedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: stops reading a file as soon as it passes the document cap.

    The fields before the file (the title) are kept, so the form can be shown again with what was typed; the file is
    dropped and `cut_short(request)` says why.
    """

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > document_limit():
            setattr(self.request, CUT_SHORT_ATTRIBUTE, True)
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
