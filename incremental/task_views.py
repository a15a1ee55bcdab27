""" "My tasks": the signed-in officer's open reminders (made by the daily reminder job), and marking one done.

A reminder shows only while its officer may still see its case: an officer whose agency was taken off the case
loses its reminders with it (and gets "not found" for them).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from cases.permissions import visible_among
from core import clock
from core.http import AuthenticatedHttpRequest

from .models import Reminder, ReminderKind
from .reminders import reminder_mark_done

PAGE_SIZE = 25

OVERDUE, TODAY, COMING_UP = "Overdue", "Due today", "Coming up"


def open_tasks(user) -> QuerySet[Reminder]:
    """The user's open reminders on cases they may see, soonest (most overdue) first."""
    mine = Reminder.objects.filter(officer=user, done_at__isnull=True)
    # Visibility read from the permission rows of the officer's own reminders' cases, not every case they may see.
    visible = visible_among(user, mine.values("case_id"))
    return mine.filter(case_id__in=visible).select_related("case").order_by("due_on", "id")


# The page a task about a record of the case is done on, by kind: a URL taking the case's reference and the
# record's id (the reminder's subject_id).
SUBJECT_PAGES: dict[str, str] = {
    ReminderKind.CONTACT_DUE: "victims:detail",
    ReminderKind.REFERRAL_FOLLOW_UP: "support:detail",
    ReminderKind.CASE_REVIEW_ACTION: "case_reviews:action",
}


def task_link(reminder: Reminder) -> str:
    """Where the task is done: the intervention's page, or for a risk review the case's risk assessment."""
    reference = reminder.case.reference
    if reminder.intervention_id is not None:
        return reverse(
            "incremental:intervention_detail", kwargs={"reference": reference, "pk": reminder.intervention_id}
        )
    if reminder.kind == ReminderKind.REVIEW_DUE:
        return reverse("cases:risk", kwargs={"reference": reference})
    if reminder.subject_id is not None and reminder.kind in SUBJECT_PAGES:
        return reverse(SUBJECT_PAGES[reminder.kind], kwargs={"reference": reference, "pk": reminder.subject_id})
    return reverse("cases:detail", kwargs={"reference": reference})


def when(reminder: Reminder, today: datetime.date) -> str:
    if reminder.due_on < today:
        return OVERDUE
    return TODAY if reminder.due_on == today else COMING_UP


def annotate(reminders, today: datetime.date) -> list[Reminder]:
    """Each reminder with its link, whether it is overdue, due today or coming up, and the days to go or gone."""
    rows = list(reminders)
    for reminder in rows:
        reminder.link = task_link(reminder)
        reminder.when = when(reminder, today)
        reminder.days = abs((reminder.due_on - today).days)
    return rows


@login_required
def my_tasks(request: AuthenticatedHttpRequest):
    today = clock.today()
    tasks = open_tasks(request.user)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = annotate(page.object_list, today)
    return render(
        request,
        "incremental/tasks/my_tasks.html",
        {
            "page": page,
            "overdue": tasks.filter(due_on__lt=today).count() if page.paginator.count else 0,
            "today": today,
        },
    )


def _next_url(request: AuthenticatedHttpRequest) -> str:
    wanted = request.POST.get("next", "")
    # A path of this site only: anything else would be taken by redirect() for the name of a view.
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("incremental:my_tasks")


@login_required
def reminder_done(request: AuthenticatedHttpRequest, pk: int):
    # Someone else's reminder, or one on a case the officer may no longer see, is "not found" (before the method
    # is checked, so a GET learns nothing either).
    reminder = get_object_or_404(Reminder.objects.select_related("case"), pk=pk, officer=request.user)
    if reminder.case_id not in visible_among(request.user, [reminder.case_id]):
        raise Http404("No such task")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    # Read before the write: a body that cannot be read is refused (400) with nothing marked done.
    next_url = _next_url(request)
    if reminder_mark_done(reminder=reminder, officer=request.user):
        messages.success(request, f"Task done: {reminder.text}")
    else:
        messages.info(request, "That task was already marked as done.")
    return redirect(next_url)
