"""Telling the officers of a case what partners do on it: an agency brought into a case, and the lead officer when
an officer of another agency adds to the record. In the app (agencies.notifications, once per officer and event)
and by e-mail, sent by the worker once the change commits (agencies.tasks)."""

from django.db.models import Q
from django.urls import reverse

from agencies.models import Agency, Notification, Officer
from agencies.notifications import notifications_create
from agencies.tasks import email_after_commit

from .models import Case, CaseGroupObjectPermission, CaseUserObjectPermission
from .permissions import VIEW


def _notify(recipients, *, text: str, url: str, key: str) -> list[Notification]:
    written = notifications_create(
        Notification(recipient_id=pk, text=text[:500], url=url, event_key=key) for pk in recipients
    )
    email_after_commit(written)
    return written


def _who(officer: Officer) -> str:
    return f"{officer.display_name} ({officer.agency.short_name})" if officer.agency else officer.display_name


def notify_agency_brought_in(*, case: Case, agency: Agency, officer: Officer, link_id: int) -> list[Notification]:
    """Every active officer of the agency who may now see the case, except the one who brought it in. On a
    restricted case the agency's officers see it only if named, so only those named are told."""
    view = {"permission__codename": VIEW, "permission__content_type__app_label": "cases"}
    by_group = CaseGroupObjectPermission.objects.filter(content_object=case, **view).values("group_id")
    by_user = CaseUserObjectPermission.objects.filter(content_object=case, **view).values("user_id")
    recipients = (
        Officer.objects.filter(agency=agency, is_active=True)
        .filter(Q(groups__in=by_group) | Q(pk__in=by_user))
        .exclude(pk=officer.pk)
        .values_list("pk", flat=True)
        .distinct()
    )
    return _notify(
        recipients,
        text=f"{agency.short_name} has been brought into case {case.reference} ({case.address}) by {_who(officer)}.",
        url=case.get_absolute_url(),
        key=f"agency-brought-in:{link_id}",
    )


def notify_lead_of_partner(
    *, case: Case, officer: Officer, did: str, section: str, key: str, anchor: str = ""
) -> list[Notification]:
    """The case's lead officer, when an officer of another agency than the lead one adds to the case; `did` says
    what ("recorded an incident"), `section` is the URL name of the case page's section that shows it
    ("cases:incidents"), `key` names the record added so that it is told once."""
    if officer.agency_id == case.lead_agency_id or officer.pk == case.lead_officer_id:
        return []
    lead = Officer.objects.filter(pk=case.lead_officer_id, is_active=True).values_list("pk", flat=True)
    return _notify(
        lead,
        text=f"{_who(officer)} {did} on case {case.reference} ({case.address}).",
        url=reverse(section, kwargs={"reference": case.reference}) + anchor,
        key=f"partner-added:{key}",
    )
