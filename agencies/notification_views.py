"""The signed-in officer's notifications: unread first, each can be marked as read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core import clock
from core.http import AuthenticatedHttpRequest

from .models import Notification

PAGE_SIZE = 25


def inbox(officer) -> models.QuerySet[Notification]:
    unread_first = models.Case(models.When(read_at__isnull=True, then=0), default=1)
    return Notification.objects.filter(recipient=officer).order_by(unread_first, "-created_at", "-id")


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: AuthenticatedHttpRequest):
    if request.method == "POST":
        mine = Notification.objects.filter(recipient=request.user, read_at__isnull=True)
        if "all" in request.POST:
            count = mine.update(read_at=clock.now())
            messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read")
        else:
            chosen = request.POST.get("notification", "")
            # Another officer's notification, or a tampered value, is "not found".
            if not chosen.isdecimal() or len(chosen) > 18:
                raise Http404("No such notification")
            updated = Notification.objects.filter(recipient=request.user, pk=int(chosen)).update(
                read_at=Coalesce("read_at", models.Value(clock.now()))
            )
            if not updated:
                raise Http404("No such notification")
            messages.success(request, "Notification marked as read")
        return redirect("notifications:list")
    page = Paginator(inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "agencies/notifications.html", {"page": page})
