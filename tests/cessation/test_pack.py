"""The case review pack asked for on its page and made by Celery, its tasks run in-process here once the request's
transaction commits (tests/cessation/test_pack_worker.py runs them on a real worker): the page that offers it, the
progress, the ready pack kept as a case document and its download, failure and trying again, one job for a double
request, a job given up on, and who may ask and follow it."""

import datetime
import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from agencies.models import AuditAction, AuditEvent
from cases.models import ChronologyEntry, Document
from cessation import services
from cessation.models import PackJob, PackState, PeerReview, Position
from cessation.services.pack import PARTS_FOLDER
from core import clock
from tests.cases.views.helpers import page_text
from tests.cessation import helpers
from tests.concurrency import run_at_once

pytestmark = pytest.mark.django_db


def pack_url(case) -> str:
    return reverse("cessation:case_review_pack", args=[case.reference])


def job_urls(job: PackJob) -> list[str]:
    return [reverse(f"cessation:{name}", args=[job.pk]) for name in ("pack_job", "pack_job_status", "pack_download")]


def ask(client, url: str, run_on_commit):
    """Ask for the pack and let its tasks run, as they do once the request's transaction has committed."""
    with run_on_commit(execute=True):
        return client.post(url)


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


def page_texts(content: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(content)).pages]


def audit_descriptions(officer) -> list[tuple[str, str]]:
    return list(AuditEvent.objects.filter(officer=officer).order_by("pk").values_list("action", "description"))


@pytest.fixture
def review(ceasable_case, meeting, chair, lead_officer, lead_agency, partner_agency, peer_reviewer, other_jag):
    proposal = helpers.propose(ceasable_case, lead_officer)
    helpers.record_positions(proposal, meeting, chair, {lead_agency: Position.CLOSE, partner_agency: Position.CONTINUE})
    return helpers.request_review(proposal, meeting, chair, peer_reviewer, other_jag)


def test_the_pack_page_offers_to_prepare_the_pack(ceasable_case, partner_officer_client):
    page = page_text(partner_officer_client.get(pack_url(ceasable_case)))

    assert "Case review pack" in page
    assert "the full chronology, every entry numbered" in page
    assert f'action="{pack_url(ceasable_case)}"' in page
    assert "Prepare the case review pack" in page
    assert reverse("cases:cessation", kwargs={"reference": ceasable_case.reference}) in page
    assert not PackJob.objects.exists()


def test_asking_shows_the_progress_while_the_pack_waits_for_a_worker(ceasable_case, lead_officer, lead_officer_client):
    # The request's transaction is never committed here, so the job waits as it would for a busy worker.
    response = lead_officer_client.post(pack_url(ceasable_case))

    job = PackJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cessation:pack_job", args=[job.pk])
    assert (job.case, job.requested_by, job.state, job.review, job.further_report) == (
        ceasable_case,
        lead_officer,
        PackState.QUEUED,
        None,
        None,
    )
    page = page_text(lead_officer_client.get(response["Location"]))
    assert "Preparing the case review pack" in page
    assert "Waiting for a worker to start on it." in page
    assert f'data-pack-status-url="{reverse("cessation:pack_job_status", args=[job.pk])}"' in page
    assert "js/pack-progress.js" in page
    assert "<script>" not in page.split("</main>")[0].split('<main class="govuk-main-wrapper"')[1]
    status = lead_officer_client.get(reverse("cessation:pack_job_status", args=[job.pk]))
    assert status.json() == {
        "state": "queued",
        "parts_done": 0,
        "parts_total": 0,
        "progress": "Waiting for a worker to start on it.",
        "finished": False,
    }
    assert lead_officer_client.get(reverse("cessation:pack_download", args=[job.pk])).status_code == 404
    assert audit_descriptions(lead_officer)[-1] == (
        AuditAction.EXPORT,
        f"Asked for the case review pack of {ceasable_case.reference}",
    )
    # Half way: the page says how far it has got.
    PackJob.objects.filter(pk=job.pk).update(state=PackState.LAYING_OUT, parts_total=5, parts_done=2)
    assert "Laying out the pages: 2 of 5 parts done." in page_text(lead_officer_client.get(response["Location"]))
    PackJob.objects.filter(pk=job.pk).update(parts_done=5)
    assert lead_officer_client.get(reverse("cessation:pack_job_status", args=[job.pk])).json()["progress"] == (
        "All 5 parts laid out: joining them and numbering the pages."
    )


def test_the_ready_pack_is_kept_as_a_case_document_and_offered_for_download(
    ceasable_case, lead_officer, lead_officer_client, django_capture_on_commit_callbacks
):
    entries = ChronologyEntry.objects.filter(case=ceasable_case).count()
    updated_at = ceasable_case.updated_at

    response = ask(lead_officer_client, pack_url(ceasable_case), django_capture_on_commit_callbacks)

    job = PackJob.objects.select_related("document").get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.state, job.parts_done, job.parts_total) == (PackState.READY, 2, 2)  # the front matter, one chunk
    page = page_text(lead_officer_client.get(job.get_absolute_url()))
    assert "Case review pack ready" in page
    assert f"{job.pages} pages" in page
    assert reverse("cessation:pack_download", args=[job.pk]) in page
    assert "pack-progress.js" not in page
    assert lead_officer_client.get(reverse("cessation:pack_job_status", args=[job.pk])).json()["finished"] is True

    download = lead_officer_client.get(reverse("cessation:pack_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    content = downloaded(download)
    pages = page_texts(content)
    assert len(pages) == job.pages
    assert [f"Page {i} of {len(pages)}" in text for i, text in enumerate(pages, start=1)] == [True] * len(pages)
    assert f"Case {ceasable_case.reference}" in pages[0]
    assert "Printed by Lena Lead, Leicester City Council" in pages[0]
    document = job.document
    assert (document.case, document.title, document.uploaded_by, document.content_type) == (
        ceasable_case,
        "Case review pack",
        lead_officer,
        "application/pdf",
    )
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    # A print of the record, not an action on the case: the chronology and the case's last activity stay as they were.
    assert ChronologyEntry.objects.filter(case=ceasable_case).count() == entries
    ceasable_case.refresh_from_db()
    assert ceasable_case.updated_at == updated_at
    assert default_storage.listdir(PARTS_FOLDER) == ([], [])
    reference = ceasable_case.reference
    assert [event for event in audit_descriptions(lead_officer) if "review pack" in event[1]] == [
        (AuditAction.EXPORT, f"Asked for the case review pack of {reference}"),
        (AuditAction.CREATE, "Uploaded document Case review pack"),
        (AuditAction.DOWNLOAD, f"Downloaded the case review pack of {reference}"),
    ]
    # The pack page offers it again, and the case's documents list it.
    assert reverse("cessation:pack_download", args=[job.pk]) in page_text(
        lead_officer_client.get(pack_url(ceasable_case))
    )
    assert document.get_absolute_url() in page_text(
        lead_officer_client.get(reverse("cases:documents", kwargs={"reference": ceasable_case.reference}))
    )


def test_a_later_pack_does_not_list_the_earlier_ones_among_the_case_documents(
    ceasable_case, lead_officer_client, django_capture_on_commit_callbacks
):
    ask(lead_officer_client, pack_url(ceasable_case), django_capture_on_commit_callbacks)
    ask(lead_officer_client, pack_url(ceasable_case), django_capture_on_commit_callbacks)

    first, second = PackJob.objects.order_by("pk").select_related("document")
    text = " ".join(
        page_texts(downloaded(lead_officer_client.get(reverse("cessation:pack_download", args=[second.pk]))))
    )
    assert first.document.sha256 not in text
    assert Document.objects.filter(case=first.case, title="Case review pack").count() == 2


def test_a_double_request_is_one_job(ceasable_case, lead_officer, lead_officer_client):
    first = lead_officer_client.post(pack_url(ceasable_case))
    second = lead_officer_client.post(pack_url(ceasable_case))

    job = PackJob.objects.get()
    assert first["Location"] == second["Location"] == job.get_absolute_url()
    asked = [event for event in audit_descriptions(lead_officer) if event[1].startswith("Asked for")]
    assert len(asked) == 1


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_the_same_moment_are_one_job(ceasable_case, lead_officer):
    results = run_at_once(lambda: services.pack_request(case=ceasable_case, officer=lead_officer))

    assert sorted(created for _, created in results) == [False, True]
    assert len({job.pk for job, _ in results}) == 1
    assert PackJob.objects.get().state == PackState.READY  # the new one's tasks ran (in-process) once it committed


def test_a_pack_that_fails_says_so_and_may_be_asked_for_again(
    ceasable_case, lead_officer_client, settings, tmp_path, django_capture_on_commit_callbacks
):
    working = settings.STORAGES
    # The parts cannot be written down: the storage's folder is a file.
    (tmp_path / "not-a-folder").write_text("")
    settings.STORAGES = {
        **working,
        "default": {**working["default"], "OPTIONS": {"location": str(tmp_path / "not-a-folder")}},
    }

    response = ask(lead_officer_client, pack_url(ceasable_case), django_capture_on_commit_callbacks)

    failed = PackJob.objects.get()
    assert failed.state == PackState.FAILED
    assert failed.document is None
    page = page_text(lead_officer_client.get(response["Location"]))
    assert "The case review pack could not be prepared" in page
    assert f'<form method="post" action="{pack_url(ceasable_case)}"' in page
    assert "Try again" in page
    assert lead_officer_client.get(reverse("cessation:pack_job_status", args=[failed.pk])).json()["finished"] is True
    assert lead_officer_client.get(reverse("cessation:pack_download", args=[failed.pk])).status_code == 404

    settings.STORAGES = working
    again = ask(lead_officer_client, pack_url(ceasable_case), django_capture_on_commit_callbacks)

    retried = PackJob.objects.exclude(pk=failed.pk).get()
    assert again["Location"] == retried.get_absolute_url()
    assert retried.state == PackState.READY


def test_a_pack_no_worker_took_shows_as_failed_after_ten_minutes_and_a_new_one_may_be_asked(
    ceasable_case, lead_officer_client, django_capture_on_commit_callbacks
):
    lead_officer_client.post(pack_url(ceasable_case))
    stuck = PackJob.objects.get()
    PackJob.objects.filter(pk=stuck.pk).update(requested_at=clock.now() - datetime.timedelta(minutes=11))

    assert "The case review pack could not be prepared" in page_text(lead_officer_client.get(stuck.get_absolute_url()))
    ask(lead_officer_client, pack_url(ceasable_case), django_capture_on_commit_callbacks)

    assert dict(PackJob.objects.values_list("pk", "state")) == {
        stuck.pk: PackState.FAILED,
        PackJob.objects.exclude(pk=stuck.pk).get().pk: PackState.READY,
    }


def test_only_the_officer_who_asked_follows_the_pack_and_outsiders_never_learn_of_it(
    ceasable_case, lead_officer_client, partner_officer_client, outsider_client, django_capture_on_commit_callbacks
):
    ask(lead_officer_client, pack_url(ceasable_case), django_capture_on_commit_callbacks)
    job = PackJob.objects.get()

    for url in job_urls(job):
        assert lead_officer_client.get(url).status_code == 200, url
        assert partner_officer_client.get(url).status_code == 404, url
        assert outsider_client.get(url).status_code == 404, url
    assert outsider_client.get(pack_url(ceasable_case)).status_code == 404
    assert outsider_client.post(pack_url(ceasable_case)).status_code == 404
    assert PackJob.objects.count() == 1


def test_the_peer_reviewer_asks_through_the_review_while_access_lasts(
    review, peer_reviewer, peer_reviewer_client, django_capture_on_commit_callbacks
):
    case = review.proposal.case
    url = reverse("cessation:review_pack", args=[review.pk])
    assert "Prepare the case review pack" in page_text(peer_reviewer_client.get(url))

    response = ask(peer_reviewer_client, url, django_capture_on_commit_callbacks)

    job = PackJob.objects.get()
    assert (job.review, job.requested_by, job.state) == (review, peer_reviewer, PackState.READY)
    page = page_text(peer_reviewer_client.get(response["Location"]))
    assert review.get_absolute_url() + "#documents" in page
    assert "Back to the peer review" in page
    content = downloaded(peer_reviewer_client.get(reverse("cessation:pack_download", args=[job.pk])))
    assert "Printed by Rhiannon Reviewer, Charnwood Borough Council" in page_texts(content)[0]
    assert [event for event in audit_descriptions(peer_reviewer) if "case review pack of" in event[1]] == [
        (AuditAction.EXPORT, f"Asked for the case review pack of {case.reference} for a peer review"),
        (AuditAction.DOWNLOAD, f"Downloaded the case review pack of {case.reference} for a peer review"),
    ]
    # The reviewer still has no way into the case itself.
    assert peer_reviewer_client.get(job.document.get_absolute_url()).status_code == 404

    PeerReview.objects.filter(pk=review.pk).update(access_until=clock.now() - datetime.timedelta(minutes=1))

    for job_url in job_urls(job):
        assert peer_reviewer_client.get(job_url).status_code == 404, job_url
    assert peer_reviewer_client.post(url).status_code == 404
