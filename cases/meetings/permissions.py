"""Who may see and run JAG meetings: the one place these questions are answered.

- A meeting is seen by officers of the JAG's member agencies, by the JAG's members and by its chair. What they
  see of its agenda, decisions and actions is still limited to the cases they may see (cases_visible_to).
- The chair and the JAG's members schedule meetings, build the agenda and record attendance.
- Only the JAG's chair records decisions and actions and marks a meeting as held.
- An action is marked done by an officer of the agency it was given to, of the case's lead agency, or by the chair
  of the JAG that set it; always only for a case the officer may see (cases_visible_to).
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from jag.models import Jag, Meeting, MeetingStatus


def jags_run_by(user) -> models.QuerySet[Jag]:
    """The JAGs the user chairs or is a member of: those they may schedule meetings for."""
    if not user.is_authenticated or not user.is_active:
        return Jag.objects.none()
    membership = Jag.members.through.objects.filter(jag_id=OuterRef("pk"), officer_id=user.pk)
    return Jag.objects.filter(Q(chair_id=user.pk) | Exists(membership), is_active=True)


def meetings_visible_to(user) -> models.QuerySet[Meeting]:
    if not user.is_authenticated or not user.is_active:
        return Meeting.objects.none()
    membership = Jag.members.through.objects.filter(jag_id=OuterRef("jag_id"), officer_id=user.pk)
    by_agency = (
        Exists(Jag.member_agencies.through.objects.filter(jag_id=OuterRef("jag_id"), agency_id=user.agency_id))
        if user.agency_id
        else Q(pk__in=[])
    )
    return Meeting.objects.filter(Q(jag__chair_id=user.pk) | Exists(membership) | by_agency)


def may_run_jag(user, jag: Jag) -> bool:
    """Schedule meetings of the JAG, build their agendas and record attendance."""
    if not user.is_authenticated or not user.is_active or not jag.is_active:
        return False
    return jag.chair_id == user.pk or jag.members.filter(pk=user.pk).exists()


def may_run_meeting(user, meeting: Meeting) -> bool:
    return meeting.status != MeetingStatus.CANCELLED and may_run_jag(user, meeting.jag)


def may_chair_meeting(user, meeting: Meeting) -> bool:
    """Record decisions and actions, and mark the meeting held: the JAG's chair alone."""
    return (
        user.is_authenticated
        and user.is_active
        and meeting.status != MeetingStatus.CANCELLED
        and meeting.jag.chair_id == user.pk
    )


def may_complete_action(user, action) -> bool:
    """Mark a JAG action done. Reads the action's agency, its case's lead agency and the chair of the JAG whose
    meeting set it: select them with the action (the selectors do) to keep a list of actions to one query."""
    if not user.is_authenticated or not user.is_active or action.completed_on is not None:
        return False
    if user.agency_id is not None and user.agency_id in (action.agency_id, action.case.lead_agency_id):
        return True
    return action.agenda_item.meeting.jag.chair_id == user.pk
