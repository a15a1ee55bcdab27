"""Uploads over the document cap are refused without reading the rest of what was sent: by Content-Length before
the body is read (a 413 page), or where the file passes the cap (the form again, the file refused beside its field).

Against the live server over a socket, so that what was read is what was sent: the request stops being sent part
way, and the answer must come anyway."""

import socket
import urllib.parse
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Document
from core import uploads
from tests.browser import conftest as browser

from .helpers import PDF_BYTES

pytestmark = pytest.mark.django_db(transaction=True)

# The browser tests' live server (without Django's media-file layer, which cannot take MEDIA_URL = None).
live_server = browser.live_server

CSRF_SECRET = "s" * 32
BOUNDARY = "----asb-upload-test-boundary"


def exchange(live_server, head: bytes, body: bytes = b"") -> bytes:
    """Send the request head and as much of the body as given, then read the whole answer."""
    address = urllib.parse.urlsplit(live_server.url)
    with socket.create_connection((address.hostname, address.port), timeout=20) as connection:
        connection.sendall(head + body)
        connection.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


def request_head(path: str, length: int, cookies: str = "", content_type: str = "") -> bytes:
    lines = [
        f"POST {path} HTTP/1.1",
        "Host: localhost",
        f"Content-Length: {length}",
        f"Content-Type: {content_type or f'multipart/form-data; boundary={BOUNDARY}'}",
        "Connection: close",
    ]
    if cookies:
        lines.append(f"Cookie: {cookies}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def multipart(fields: dict[str, str], filename: str, content: bytes) -> bytes:
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def upload_path(case) -> str:
    return reverse("cases:document_upload", kwargs={"reference": case.reference})


def signed_in_cookies(officer) -> str:
    client = Client()
    client.force_login(officer)
    return f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF_SECRET}"


def test_request_larger_than_the_cap_is_413_before_its_body_is_sent(live_server, case, settings):
    settings.CASE_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
    claimed = 150 * 1024 * 1024

    answer = exchange(live_server, request_head(upload_path(case), claimed))

    status, _, page = answer.partition(b"\r\n\r\n")
    assert status.startswith(b"HTTP/1.1 413")
    assert "The file is too large" in page.decode()
    assert "A document must be smaller than 20 MB" in page.decode()
    assert Document.objects.count() == 0


def test_request_just_within_the_cap_and_the_form_allowance_is_read(live_server, case, settings):
    """No body and no session: refused for that (the sign-in page), not for its size."""
    settings.CASE_DOCUMENT_MAX_BYTES = 1024

    answer = exchange(live_server, request_head(upload_path(case), uploads.request_limit()))

    assert not answer.startswith(b"HTTP/1.1 413")


def test_file_past_the_cap_stops_being_read_and_the_form_says_why(live_server, case, lead_officer, settings):
    """The request claims a size within the limit for the whole form; the file inside it passes the document cap.
    Only the first part of it is sent: the answer comes without the rest."""
    settings.CASE_DOCUMENT_MAX_BYTES = 64 * 1024
    fields = {
        "csrfmiddlewaretoken": CSRF_SECRET,
        "submission_token": str(uuid.uuid4()),
        "title": "Witness statement from the neighbour",
    }
    body = multipart(fields, "statement.pdf", PDF_BYTES + b"0" * (512 * 1024))
    assert len(body) < uploads.request_limit()
    head = request_head(upload_path(case), len(body), signed_in_cookies(lead_officer))

    answer = exchange(live_server, head, body[: 200 * 1024])

    status, _, page = answer.partition(b"\r\n\r\n")
    assert status.startswith(b"HTTP/1.1 200"), answer[:2000]
    text = page.decode()
    assert "The file must be smaller than 64.0" in text
    assert 'value="Witness statement from the neighbour"' in text
    assert Document.objects.count() == 0
