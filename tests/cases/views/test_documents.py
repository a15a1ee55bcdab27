"""Documents: uploaded once, downloaded byte for byte by the agencies in the case, recorded, hidden from others."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import AuditAction, AuditEvent
from cases.models import Document
from tests.factories import CaseFactory

from .helpers import PDF_BYTES, new_token

pytestmark = pytest.mark.django_db

CONTENT = PDF_BYTES + b"%% A statement of the complainant, 3 March.\n" * 50


def download(client, document):
    response = client.get(document.get_absolute_url())
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


@pytest.fixture
def document(case, lead_officer_client):
    response = lead_officer_client.post(
        reverse("cases:document_upload", kwargs={"reference": case.reference}),
        {
            "title": "Complainant statement",
            "description": "Signed",
            "submission_token": new_token(),
            "file": SimpleUploadedFile("statement 3 March.pdf", CONTENT, content_type="application/octet-stream"),
        },
    )
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("cases:documents", kwargs={"reference": case.reference}),
    )
    return Document.objects.get(case=case)


def test_upload_records_what_was_sent(document, lead_officer):
    assert (
        document.title,
        document.original_name,
        document.content_type,
        document.size,
        document.sha256,
        document.uploaded_by,
    ) == (
        "Complainant statement",
        "statement 3 March.pdf",
        "application/pdf",  # from the content, not from what the browser claimed
        len(CONTENT),
        hashlib.sha256(CONTENT).hexdigest(),
        lead_officer,
    )
    # The stored name never comes from the uploader.
    assert "statement" not in document.file.name


def test_upload_listed_on_the_case(document, case, partner_officer_client):
    page = partner_officer_client.get(reverse("cases:documents", kwargs={"reference": case.reference})).content.decode()

    assert f'href="{document.get_absolute_url()}"' in page
    assert "Complainant statement" in page


@pytest.mark.parametrize("who", ["lead", "partner"])
def test_download_returns_the_same_bytes_and_is_audited(
    document, case, who, lead_officer, partner_officer, lead_officer_client, partner_officer_client
):
    client, officer = {
        "lead": (lead_officer_client, lead_officer),
        "partner": (partner_officer_client, partner_officer),
    }[who]

    response, body = download(client, document)

    assert response.status_code == 200
    assert body == CONTENT
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "statement" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    events = AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, officer=officer)
    assert [(e.case_reference, e.object_id, e.agency_id) for e in events] == [
        (case.reference, str(document.pk), officer.agency_id)
    ]


def test_download_by_outsider_is_404_and_not_recorded(document, outsider_client, outsider_officer):
    response = outsider_client.get(document.get_absolute_url())

    assert response.status_code == 404
    assert AuditEvent.objects.filter(officer=outsider_officer, action=AuditAction.DOWNLOAD).count() == 0


def test_download_through_another_case_is_404(document, lead_officer, lead_officer_client):
    """A document's number under a case it does not belong to finds nothing, even for someone who sees both."""
    other = CaseFactory(lead_officer=lead_officer)

    response = lead_officer_client.get(
        reverse("cases:document_download", kwargs={"reference": other.reference, "pk": document.pk})
    )

    assert response.status_code == 404


def test_download_anonymous_sent_to_sign_in(document, anonymous_client):
    response = anonymous_client.get(document.get_absolute_url())

    assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))


def test_download_by_post_refused(document, lead_officer_client):
    response = lead_officer_client.post(document.get_absolute_url())

    assert response.status_code == 405


def test_upload_by_outsider_is_404_and_stores_nothing(case, outsider_client, tmp_path):
    response = outsider_client.post(
        reverse("cases:document_upload", kwargs={"reference": case.reference}),
        {"title": "x", "file": SimpleUploadedFile("x.pdf", CONTENT)},
    )

    assert response.status_code == 404
    assert Document.objects.count() == 0
    documents_root = tmp_path / "documents"
    assert [path for path in documents_root.rglob("*") if path.is_file()] == []
