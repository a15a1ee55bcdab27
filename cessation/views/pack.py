"""The case review pack: asked for through the case, a peer review or a further report (each door checks access as
its own pages do), made by Celery while its page shows how far it has got, then downloaded from that page. The
request and every download are in the audit trail."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from agencies.models import AuditAction
from agencies.web import audit
from cases.models import Case
from cases.permissions import get_case_for
from cases.views import serve_document
from core import clock
from core.responses import private

from .. import services
from ..models import FurtherReport, PackJob, PackState, PeerReview
from ..permissions import get_further_report_for, get_pack_job_for, get_review_for


@dataclass
class Door:
    """How the officer came to the pack: what they may read it through, and where they go back to."""

    case: Case
    ask_url: str
    back_url: str
    back_text: str
    # For the audit trail: the object the pack was asked for through, and how ("for a peer review").
    obj: Model
    via: str = ""
    review: PeerReview | None = None
    further_report: FurtherReport | None = None


def _case_door(case: Case) -> Door:
    return Door(
        case=case,
        ask_url=reverse("cessation:case_review_pack", args=[case.reference]),
        back_url=reverse("cases:cessation", args=[case.reference]),
        back_text=f"Back to case {case.reference}",
        obj=case,
    )


def _review_door(review: PeerReview) -> Door:
    return Door(
        case=review.proposal.case,
        ask_url=reverse("cessation:review_pack", args=[review.pk]),
        back_url=review.get_absolute_url() + "#documents",
        back_text="Back to the peer review",
        obj=review,
        via=" for a peer review",
        review=review,
    )


def _further_report_door(report: FurtherReport) -> Door:
    return Door(
        case=report.case,
        ask_url=reverse("cessation:further_report_pack", args=[report.pk]),
        back_url=report.get_absolute_url() + "#documents",
        back_text="Back to the further report",
        obj=report,
        via=" for a further report's review",
        further_report=report,
    )


def _door_of(job: PackJob) -> Door:
    if job.review is not None:
        return _review_door(job.review)
    if job.further_report is not None:
        return _further_report_door(job.further_report)
    return _case_door(job.case)


def _progress(job: PackJob, state: str) -> str:
    if state == PackState.QUEUED:
        return "Waiting for a worker to start on it."
    if job.parts_total and job.parts_done >= job.parts_total:
        return f"All {job.parts_total} parts laid out: joining them and numbering the pages."
    if job.parts_total:
        return f"Laying out the pages: {job.parts_done} of {job.parts_total} parts done."
    return "Reading the case record."


def _ask(request, door: Door):
    if request.method == "POST":
        job, created = services.pack_request(
            case=door.case, officer=request.user, review=door.review, further_report=door.further_report
        )
        if created:
            audit(
                request,
                AuditAction.EXPORT,
                f"Asked for the case review pack of {door.case.reference}{door.via}",
                obj=door.obj,
                case_reference=door.case.reference,
            )
        return redirect(job.get_absolute_url())
    latest = (
        PackJob.objects.filter(
            case=door.case, requested_by=request.user, review=door.review, further_report=door.further_report
        )
        .select_related("document")
        .first()
    )
    return render(
        request,
        "cessation/pack.html",
        {
            "case": door.case,
            "door": door,
            "latest": latest,
            "latest_state": latest.shown_state(clock.now()) if latest else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_review_pack(request, reference):
    return _ask(request, _case_door(get_case_for(request.user, reference)))


@login_required
@require_http_methods(["GET", "POST"])
def review_pack(request, pk):
    return _ask(request, _review_door(get_review_for(request.user, pk)))


@login_required
@require_http_methods(["GET", "POST"])
def further_report_pack(request, pk):
    return _ask(request, _further_report_door(get_further_report_for(request.user, pk)))


@login_required
@require_safe
def pack_job(request, pk):
    """The pack's progress while it is made (static/js/pack-progress.js asks pack_job_status and reloads the page
    when it is done), then the download, or the failure and the way to try again."""
    job = get_pack_job_for(request.user, pk)
    state = job.shown_state(clock.now())
    context = {
        "case": job.case,
        "job": job,
        "door": _door_of(job),
        "state": state,
        "progress": _progress(job, state),
        "finished": state in (PackState.READY, PackState.FAILED),
    }
    return private(render(request, "cessation/pack_job.html", context))


@login_required
@require_safe
def pack_job_status(request, pk):
    job = get_pack_job_for(request.user, pk)
    state = job.shown_state(clock.now())
    return private(
        JsonResponse(
            {
                "state": state,
                "parts_done": job.parts_done,
                "parts_total": job.parts_total,
                "progress": _progress(job, state),
                "finished": state in (PackState.READY, PackState.FAILED),
            }
        )
    )


@login_required
@require_safe
def pack_download(request, pk):
    job = get_pack_job_for(request.user, pk)
    if job.state != PackState.READY or job.document is None:
        raise Http404("The case review pack is not ready")
    door = _door_of(job)
    return serve_document(request, job.document, f"Downloaded the case review pack of {job.case.reference}{door.via}")
