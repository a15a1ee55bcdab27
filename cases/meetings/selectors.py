"""Reads about JAG meetings. A meeting's agenda, decisions and actions are only ever shown for the cases the
viewer may see: an officer must not learn of a case through an agenda or a set of minutes."""

from django.db import models
from django.db.models import Case as SqlCase
from django.db.models import Count, IntegerField, Prefetch, Q, Value, When

from jag.models import Meeting

from ..models import AgendaItem, Case, MeetingAction, RiskBand
from ..permissions import cases_visible_to
from .permissions import meetings_visible_to


def meeting_list(user) -> models.QuerySet[Meeting]:
    """The meetings the user may see, with how many of the cases on each agenda they may see."""
    visible = cases_visible_to(user).values("pk")
    return (
        meetings_visible_to(user)
        .select_related("jag", "jag__chair")
        .annotate(visible_items=Count("agenda_items", filter=Q(agenda_items__case__in=visible)))
        .order_by("-starts_at", "-pk")
    )


def get_meeting_for(user, pk: int) -> Meeting:
    """The meeting if the user may see it, else Meeting.DoesNotExist (views answer 404)."""
    return (
        meetings_visible_to(user)
        .select_related("jag", "jag__chair", "chaired_by", "created_by")
        .prefetch_related("jag__member_agencies")
        .get(pk=pk)
    )


# What the pages and may_complete_action read of each action, selected with it.
ACTION_RELATED = ("agency", "officer", "case", "completed_by", "agenda_item__meeting__jag")


def _actions() -> Prefetch:
    return Prefetch("actions", queryset=MeetingAction.objects.select_related(*ACTION_RELATED).order_by("due_on", "pk"))


# The riskiest cases are discussed first, while everyone is in the room; cases not yet assessed come last.
RISK_ORDER = SqlCase(
    When(case__risk_band=RiskBand.HIGH, then=Value(0)),
    When(case__risk_band=RiskBand.MEDIUM, then=Value(1)),
    When(case__risk_band=RiskBand.STANDARD, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def meeting_agenda(user, meeting: Meeting) -> models.QuerySet[AgendaItem]:
    """The agenda items of the meeting about cases the user may see, in agenda order: by risk, highest first, then
    by case reference."""
    return (
        AgendaItem.objects.filter(meeting=meeting, case__in=cases_visible_to(user).values("pk"))
        .select_related("case", "case__lead_agency", "case__lead_officer", "case__category", "decided_by")
        .prefetch_related(_actions())
        .annotate(risk_order=RISK_ORDER)
        .order_by("risk_order", "case__reference", "pk")
    )


def meeting_attendance(meeting: Meeting) -> list[dict]:
    """Each member agency of the JAG with whether it was present and who attended (None: not yet recorded)."""
    recorded = {row.agency_id: row for row in meeting.attendance.select_related("agency")}
    rows = []
    agencies = {a.pk: a for a in meeting.jag.member_agencies.all()}
    for row in recorded.values():
        agencies.setdefault(row.agency_id, row.agency)
    for agency in sorted(agencies.values(), key=lambda a: a.name):
        record = recorded.get(agency.pk)
        rows.append(
            {
                "agency": agency,
                "present": record.present if record else None,
                "attendees": record.attendees if record else "",
            }
        )
    return rows


def case_agenda_items(user, case: Case) -> models.QuerySet[AgendaItem]:
    """The case's appearances on JAG agendas, newest meeting first, flagged when the user may open the meeting."""
    visible_meetings = meetings_visible_to(user).values("pk")
    return (
        AgendaItem.objects.filter(case=case)
        .select_related("meeting", "meeting__jag", "decided_by")
        .prefetch_related(_actions())
        .annotate(meeting_visible=models.Exists(visible_meetings.filter(pk=models.OuterRef("meeting_id"))))
        .order_by("-meeting__starts_at", "-pk")
    )


def case_open_actions(case: Case) -> models.QuerySet[MeetingAction]:
    return (
        MeetingAction.objects.filter(case=case, completed_on__isnull=True)
        .select_related(*ACTION_RELATED)
        .order_by("due_on", "pk")
    )


def get_action_for(user, pk: int) -> MeetingAction:
    """The JAG action if it is on a case the user may see, else MeetingAction.DoesNotExist (views answer 404).

    Whether they may see the meeting does not matter: an agency given an action need not sit on the JAG."""
    return (
        MeetingAction.objects.filter(case__in=cases_visible_to(user).values("pk"))
        .select_related(*ACTION_RELATED)
        .get(pk=pk)
    )
