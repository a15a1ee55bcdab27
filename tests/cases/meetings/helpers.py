"""A meeting of a case's JAG with the case on its agenda (and an action), for tests outside this folder (the access
matrix)."""

import datetime

from cases.meetings import services as meeting_services
from cases.meetings.services import ActionInput
from cases.models import Case, MeetingAction
from core import clock
from jag.models import Meeting


def meeting_with_case(case: Case, officer) -> Meeting:
    """The lead and involved agencies sit on the case's JAG, `officer` is a member and puts the case on the agenda
    of a meeting next week. The JAG's chair (whoever it is) is the only one who may record the decision."""
    jag = case.jag
    jag.member_agencies.add(case.lead_agency, *case.involved_agencies.all())
    jag.members.add(officer)
    meeting = meeting_services.meeting_schedule(
        officer=officer, jag=jag, starts_at=clock.now() + datetime.timedelta(days=7), location="Town Hall"
    )
    meeting_services.agenda_add_case(meeting=meeting, officer=officer, reference=case.reference)
    return meeting


def meeting_action(case: Case, officer, chair) -> MeetingAction:
    """At another meeting of the case's JAG (tomorrow; `officer` is a member), the chair decides on the case and
    gives the lead agency an action due a fortnight later: the lead agency and the chair may mark it done, an
    involved partner may not. The case's item on meeting_with_case's agenda stays undecided."""
    meeting = meeting_services.meeting_schedule(
        officer=officer, jag=case.jag, starts_at=clock.now() + datetime.timedelta(days=1), location="Online"
    )
    item = meeting_services.agenda_add_case(meeting=meeting, officer=officer, reference=case.reference)
    due = meeting_services.meeting_date(meeting) + datetime.timedelta(days=14)
    meeting_services.agenda_record_decision(
        item=item,
        officer=chair,
        decision="Keep under JAG management.",
        actions=[ActionInput(case.lead_agency, "Visit the complainant.", due)],
    )
    return MeetingAction.objects.get(agenda_item=item)
