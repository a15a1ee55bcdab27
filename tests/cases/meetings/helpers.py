"""A meeting of a case's JAG with the case on its agenda, for tests outside this folder (the access matrix)."""

import datetime

from django.utils import timezone

from cases import meeting_services
from cases.models import Case
from jag.models import Meeting


def meeting_with_case(case: Case, officer) -> Meeting:
    """The lead and involved agencies sit on the case's JAG, `officer` is a member and puts the case on the agenda
    of a meeting next week. The JAG's chair (whoever it is) is the only one who may record the decision."""
    jag = case.jag
    jag.member_agencies.add(case.lead_agency, *case.involved_agencies.all())
    jag.members.add(officer)
    meeting = meeting_services.meeting_schedule(
        officer=officer, jag=jag, starts_at=timezone.now() + datetime.timedelta(days=7), location="Town Hall"
    )
    meeting_services.agenda_add_case(meeting=meeting, officer=officer, reference=case.reference)
    return meeting
