"""JAG meeting pages, and marking a JAG action done. Thin: find the meeting (or the action) through the permission
helpers, bind the form, call one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from agencies.models import AuditAction
from agencies.web import audit, once_only, save_form, save_versioned_form
from core.dates import long_date
from core.http import AuthenticatedHttpRequest
from core.refusals import NotAllowed, explains_refusals_with
from core.responses import pdf_response
from jag.models import Meeting, MeetingStatus

from ..models import MeetingAction
from . import services
from .forms import ActionDoneForm, AgendaAddForm, AttendanceForm, DecisionForm, MeetingScheduleForm
from .minutes import render_minutes_pdf
from .permissions import (
    jags_run_by,
    may_chair_meeting,
    may_complete_action,
    may_run_meeting,
    meetings_visible_to,
)
from .selectors import get_action_for, get_meeting_for, meeting_agenda, meeting_attendance, meeting_list

PAGE_SIZE = 25


explains_refusals = explains_refusals_with("cases/meetings/not_allowed.html")


def _meeting(request: AuthenticatedHttpRequest, pk: int):
    try:
        return get_meeting_for(request.user, pk)
    except Meeting.DoesNotExist as error:
        raise Http404("No such meeting") from error


CHAIR_ONLY = "Only the JAG's chair can record decisions and actions, or mark the meeting as held."
RUNNERS_ONLY = "Only the JAG's chair and its members can build the agenda and record attendance."
ATTENDANCE_CONFLICT = (
    "Someone else changed this meeting while you were editing it. Your changes have not been saved: check the "
    "attendance recorded now, below, then save yours again if it is still right."
)
ACTION_DONE_ONLY = (
    "Only an officer of the agency the action was given to, an officer of the case's lead agency, or the chair of "
    "the JAG that set it can mark it done."
)


@login_required
def meeting_index(request: AuthenticatedHttpRequest):
    meetings = meeting_list(request.user)
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/meetings/meeting_list.html",
        {"page": page, "may_schedule": jags_run_by(request.user).exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def meeting_schedule(request: AuthenticatedHttpRequest):
    jags = jags_run_by(request.user)
    if not jags.exists():
        raise NotAllowed("You can schedule meetings only for a JAG you chair or are a member of.")
    if request.method == "POST":
        form = MeetingScheduleForm(request.POST, jags=jags)
        saved = save_form(
            request,
            form,
            lambda: _url(services.meeting_schedule(officer=request.user, **form.meeting_fields())),
            "Meeting scheduled",
        )
        if saved:
            return saved
    else:
        only = jags.first() if jags.count() == 1 else None
        form = MeetingScheduleForm(jags=jags, initial={"jag": only.pk if only else None})
    return render(request, "cases/meetings/schedule_form.html", {"form": form})


def _url(meeting) -> str:
    return reverse("meetings:detail", kwargs={"pk": meeting.pk})


@login_required
def meeting_detail(request: AuthenticatedHttpRequest, pk):
    meeting = _meeting(request, pk)
    audit(request, AuditAction.VIEW, f"Viewed {meeting}", obj=meeting)
    agenda = list(meeting_agenda(request.user, meeting))
    undecided = [item for item in agenda if item.decided_at is None]
    return render(
        request,
        "cases/meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "decided_count": sum(1 for item in agenda if item.decided_at is not None and not item.deferred),
            "deferred_count": sum(1 for item in agenda if item.deferred),
            "undecided_count": len(undecided),
            "first_undecided": undecided[0] if undecided else None,
            "attendance": meeting_attendance(meeting),
            "may_run": may_run_meeting(request.user, meeting),
            "may_chair": may_chair_meeting(request.user, meeting),
        },
    )


@login_required
@explains_refusals
def agenda_generate(request: AuthenticatedHttpRequest, pk):
    meeting = _meeting(request, pk)
    if not may_run_meeting(request.user, meeting):
        raise NotAllowed(RUNNERS_ONLY)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.meeting_generate_agenda(meeting=meeting, officer=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        # Counted as the officer sees it: cases they may not see are on the agenda but not in this number.
        visible = meeting_agenda(request.user, meeting).count()
        messages.success(request, f"Agenda generated: {visible} case{'s' if visible != 1 else ''} on the agenda")
    return redirect(_url(meeting) + "#agenda")


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def agenda_add(request: AuthenticatedHttpRequest, pk):
    meeting = _meeting(request, pk)
    if not may_run_meeting(request.user, meeting):
        raise NotAllowed(RUNNERS_ONLY)
    if request.method == "POST":
        form = AgendaAddForm(request.POST)

        def add() -> str:
            services.agenda_add_case(meeting=meeting, officer=request.user, reference=form.cleaned_data["reference"])
            return _url(meeting) + "#agenda"

        saved = save_form(request, form, add, "Case added to the agenda")
        if saved:
            return saved
    else:
        form = AgendaAddForm()
    return render(request, "cases/meetings/agenda_add_form.html", {"form": form, "meeting": meeting})


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def attendance(request: AuthenticatedHttpRequest, pk):
    meeting = _meeting(request, pk)
    if not may_run_meeting(request.user, meeting):
        raise NotAllowed(RUNNERS_ONLY)
    rows = meeting_attendance(meeting)
    agencies = [row["agency"] for row in rows]
    recorded = {row["agency"].pk: (row["present"], row["attendees"]) for row in rows if row["present"] is not None}
    conflict = None
    if request.method == "POST":
        form = AttendanceForm(request.POST, agencies=agencies, recorded=recorded)

        def record() -> str:
            services.attendance_record(
                meeting=meeting,
                officer=request.user,
                rows=form.rows(),
                expected_version=form.cleaned_data["version"] or 0,
            )
            return _url(meeting) + "#attendance"

        saved, conflict = save_versioned_form(
            request, form, record, "Attendance recorded", conflict=ATTENDANCE_CONFLICT
        )
        if saved:
            return saved
    else:
        form = AttendanceForm(agencies=agencies, recorded=recorded, initial={"version": meeting.version})
    return render(
        request,
        "cases/meetings/attendance_form.html",
        {
            "form": form,
            "meeting": meeting,
            "conflict": conflict,
            "current": [row for row in meeting_attendance(meeting) if row["present"] is not None] if conflict else [],
        },
    )


def item_url(meeting, item) -> str:
    return reverse("meetings:decision", kwargs={"pk": meeting.pk, "reference": item.case.reference})


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def decision(request: AuthenticatedHttpRequest, pk, reference):
    """An agenda item's own page: the case in brief, and the chair's form for the JAG's decision and actions. "Save
    and go to the next case" goes on in agenda order, and back to the agenda after the last."""
    meeting = _meeting(request, pk)
    agenda = list(meeting_agenda(request.user, meeting).select_related("case__jag"))
    found = [n for n, row in enumerate(agenda) if row.case.reference == reference]
    if not found:
        raise Http404("No such case on this agenda")
    index = found[0]
    item = agenda[index]
    previous_item = agenda[index - 1] if index > 0 else None
    next_item = agenda[index + 1] if index + 1 < len(agenda) else None
    may_chair = may_chair_meeting(request.user, meeting)
    form = None
    if request.method == "POST":
        if not may_chair:
            raise NotAllowed(CHAIR_ONLY)
        if item.decided_at is not None:
            messages.info(request, f"The decision on {item.case.reference} has already been recorded")
            return redirect(item_url(meeting, item))
        posted = form = DecisionForm(
            request.POST,
            agencies=services.action_agencies(item.case),
            officers=services.action_officers(item.case),
        )
        if not posted.redrawn:
            go_on = "next" in request.POST

            def record() -> str:
                services.agenda_record_decision(
                    item=item,
                    officer=request.user,
                    decision=posted.cleaned_data["decision"],
                    actions=posted.actions(),
                    deferred=posted.cleaned_data["deferred"],
                )
                if not go_on:
                    return item_url(meeting, item)
                return item_url(meeting, next_item) if next_item else _url(meeting) + "#agenda"

            said = "deferred to a later meeting" if request.POST.get("deferred") else "recorded"
            saved = save_form(request, posted, record, f"Decision on {item.case.reference} {said}")
            if saved:
                return saved
    elif may_chair and item.decided_at is None:
        form = DecisionForm(agencies=services.action_agencies(item.case), officers=services.action_officers(item.case))
    return render(
        request,
        "cases/meetings/decision_form.html",
        {
            "form": form,
            "meeting": meeting,
            "item": item,
            "number": index + 1,
            "count": len(agenda),
            "previous_item": previous_item,
            "next_item": next_item,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
def mark_held(request: AuthenticatedHttpRequest, pk):
    """Mark the meeting held. With cases on its agenda still undecided, the chair is first shown them and confirms
    (the post carries confirm=yes) or goes back to the agenda."""
    meeting = _meeting(request, pk)
    if not may_chair_meeting(request.user, meeting):
        raise NotAllowed(CHAIR_ONLY)
    undecided = [item for item in meeting_agenda(request.user, meeting) if item.decided_at is None]
    if request.method == "POST":
        if undecided and request.POST.get("confirm") != "yes" and meeting.status == MeetingStatus.SCHEDULED:
            return redirect(reverse("meetings:held", kwargs={"pk": meeting.pk}))
        try:
            services.meeting_mark_held(meeting=meeting, officer=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Meeting marked as held")
        return redirect(_url(meeting))
    if meeting.status != MeetingStatus.SCHEDULED:
        messages.info(request, f"This meeting is already {meeting.get_status_display().lower()}")
        return redirect(_url(meeting))
    return render(request, "cases/meetings/held_confirm.html", {"meeting": meeting, "undecided": undecided})


@login_required
def minutes(request: AuthenticatedHttpRequest, pk):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    meeting = _meeting(request, pk)
    items = list(meeting_agenda(request.user, meeting))
    pdf = render_minutes_pdf(meeting=meeting, items=items, attendance=meeting_attendance(meeting), viewer=request.user)
    audit(request, AuditAction.DOWNLOAD, f"Downloaded the minutes of {meeting}", obj=meeting)
    filename = f"minutes-{meeting.jag.locality}-{meeting.starts_at:%Y-%m-%d}.pdf".replace(" ", "-").lower()
    return pdf_response(pdf, filename)


def _action(request: AuthenticatedHttpRequest, pk: int):
    try:
        return get_action_for(request.user, pk)
    except MeetingAction.DoesNotExist as error:
        raise Http404("No such action") from error


def _action_return_url(request: AuthenticatedHttpRequest, action) -> str:
    """Back to the page the officer came from: the meeting (?from=meeting) or, by default, the case."""
    meeting = action.agenda_item.meeting
    if request.GET.get("from") == "meeting" and meetings_visible_to(request.user).filter(pk=meeting.pk).exists():
        return reverse("meetings:decision", kwargs={"pk": meeting.pk, "reference": action.case.reference})
    return reverse("cases:jag", kwargs={"reference": action.case.reference}) + "#jag-meetings"


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def action_done(request: AuthenticatedHttpRequest, pk):
    action = _action(request, pk)
    back = _action_return_url(request, action)
    if action.completed_on is not None:
        messages.info(request, f"This action was already marked done on {long_date(action.completed_on)}")
        return redirect(back)
    if not may_complete_action(request.user, action):
        raise NotAllowed(ACTION_DONE_ONLY)
    if request.method == "POST":
        form = ActionDoneForm(request.POST)

        def complete() -> str:
            services.action_complete(
                action=action,
                officer=request.user,
                completed_on=form.cleaned_data["completed_on"],
                note=form.cleaned_data["note"],
            )
            return back

        saved = save_form(request, form, complete, "Action marked as done")
        if saved:
            return saved
    else:
        form = ActionDoneForm()
    return render(
        request,
        "cases/meetings/action_done_form.html",
        {
            "form": form,
            "action": action,
            "back": back,
            "earliest": services.action_earliest_done_on(action),
        },
    )
