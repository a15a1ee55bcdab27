"""Fixtures for JAG meetings: the case's JAG with its member agencies, a member, and meetings to run."""

import datetime

import pytest

from cases.meetings import services as meeting_services
from core import clock
from jag.models import Meeting, MeetingStatus


@pytest.fixture
def member_jag(jag, chair, lead_agency, partner_agency, lead_officer):
    """The case's JAG: the lead and partner agencies sit on it; the lead officer is a member, the chair chairs."""
    jag.member_agencies.add(lead_agency, partner_agency)
    jag.members.add(lead_officer)
    return jag


@pytest.fixture
def meeting(member_jag, chair):
    """A meeting of the case's JAG a week from now, scheduled by its chair."""
    return meeting_services.meeting_schedule(
        officer=chair,
        jag=member_jag,
        starts_at=clock.now() + datetime.timedelta(days=7),
        location="Town Hall, committee room 2",
    )


@pytest.fixture
def todays_meeting(member_jag, chair):
    """A meeting that started an hour ago, so it can be marked as held."""
    return meeting_services.meeting_schedule(
        officer=chair, jag=member_jag, starts_at=clock.now() - datetime.timedelta(hours=1), location="Online"
    )


def held_meeting(jag, officer, days_ago: int) -> Meeting:
    """A meeting the JAG held in the past: what "newly" on a later agenda is measured from."""
    return Meeting.objects.create(
        jag=jag,
        starts_at=clock.now() - datetime.timedelta(days=days_ago),
        location="Council offices",
        status=MeetingStatus.HELD,
        created_by=officer,
        chaired_by=officer,
    )
