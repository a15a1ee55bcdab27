"""What the README's demo tour promises, checked after loading the demo as of a day: the logins, the cessation
proposal on the next Leicester City JAG agenda, Wayne Ruddock's live Community Protection Notice after the breach
of his second warning, Connor Pike's injunction with its return hearing ahead, Kyle Dempsey's closure order
extended, and the ladders; and the days the demo must survive."""

import base64
import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.db.models import Q
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import AgendaItem, ChronologyEntry
from cessation.models import CessationProposal
from core import clock
from demo.data import DEMO_ADMIN_TOTP_KEY, DEMO_LOGINS, DEMO_PASSWORD
from incremental.models import EventType, Intervention, InterventionEvent, InterventionStatus
from jag.models import Meeting, MeetingStatus

from .conftest import load_demo

LONDON = ZoneInfo("Europe/London")
D = datetime.date

# Split in two lists so that pytest-xdist's two workers load them side by side.
WEEK_AND_MONTH_ENDS = [
    # Each day of one week, Monday to Sunday.
    *(D(2026, 12, 7) + datetime.timedelta(days=n) for n in range(7)),
    # Month ends, short and long, and the leap day.
    D(2026, 12, 31),
    D(2027, 1, 31),
    D(2027, 2, 28),
    D(2027, 4, 30),
    D(2027, 6, 30),
    D(2027, 9, 30),
    D(2028, 2, 29),
    D(2028, 12, 31),
]

CALENDAR_EDGES = [
    # The clocks change: both 2027 Sundays, the Monday after, and the 2028 spring change.
    D(2027, 3, 28),
    D(2027, 3, 29),
    D(2027, 10, 31),
    D(2027, 11, 1),
    D(2028, 3, 26),
    # New Year's Day, and the days after bank holidays (Boxing Day's substitute, Easter Monday, May and August).
    D(2027, 1, 1),
    D(2028, 1, 1),
    D(2026, 12, 29),
    D(2027, 4, 6),
    D(2027, 5, 4),
    D(2027, 8, 31),
    # The day this was written, and one and three years on.
    D(2026, 12, 5),
    D(2027, 12, 5),
    D(2029, 12, 5),
    D(2029, 6, 15),
]

DAYS = WEEK_AND_MONTH_ENDS + CALENDAR_EDGES

LIVE, REFUSED = InterventionStatus.LIVE, InterventionStatus.REFUSED
LADDERS = {
    ("Tyler", "Hodgson"): [
        ("words_of_advice", LIVE, False, "police"),
        ("first_warning", LIVE, False, "officer"),
        ("abc", LIVE, True, "officer"),
    ],
    ("Reece", "Maddox"): [
        ("words_of_advice", LIVE, False, "police"),
        ("first_warning", LIVE, False, "officer"),
        ("abc", LIVE, True, "officer"),
    ],
    ("Shane", "Broadley"): [
        ("words_of_advice", LIVE, False, "police"),
        ("first_warning", LIVE, False, "housing"),
        ("final_warning", LIVE, False, "housing"),
        ("abc", REFUSED, False, "housing"),
    ],
    ("Wayne", "Ruddock"): [
        ("cpw", LIVE, True, "aisha.begum"),
        ("cpw", LIVE, False, "aisha.begum"),
        ("cpn", LIVE, True, "officer"),
    ],
    ("Kyle", "Dempsey"): [("closure", LIVE, True, "police")],
    ("Connor", "Pike"): [("civil_injunction", LIVE, True, "police")],
}


def ladder(first_name: str, last_name: str) -> list[tuple]:
    return list(
        Intervention.objects.filter(person__first_name=first_name, person__last_name=last_name)
        .order_by("issued_on", "id")
        .values_list("kind__code", "status", "skipped_stage", "issuing_officer__username")
    )


def check_the_tour_as_of(day: datetime.date) -> None:
    """Load the demo as of 09:00 on `day` and check every promise of the demo tour."""
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(9, 0), LONDON), tick=False):
        printed = load_demo()
        now, today = clock.now(), clock.today()

        assert today == day
        assert f"Demo data loaded as of {day:%-d %B %Y}" in printed

        # The logins: each signs in with the published password; admin is the superuser.
        for login in DEMO_LOGINS:
            assert Client().login(username=login["username"], password=DEMO_PASSWORD), login["username"]
        # admin's second factor: the authenticator key the README publishes (`manage.py demo_code` reads it).
        [device] = TOTPDevice.objects.filter(confirmed=True)
        assert (device.user.username, device.key) == ("admin", base64.b32decode(DEMO_ADMIN_TOTP_KEY).hex())

        # The cessation proposal by `housing` on 8 Wessex Row, on the agenda of the next Leicester City meeting.
        [proposal] = CessationProposal.objects.select_related("case", "proposed_by")
        upcoming = Meeting.objects.filter(
            jag__locality="Leicester City", status=MeetingStatus.SCHEDULED, starts_at__gt=now
        ).order_by("starts_at")
        assert (proposal.case.address, proposal.proposed_by.username) == ("8 Wessex Row", "housing")
        assert timezone.localtime(upcoming[0].starts_at).date() > today
        assert upcoming[0].jag.chair.username == "chair"
        item = AgendaItem.objects.get(meeting=upcoming[0], case=proposal.case)
        assert "cessation_proposal" in item.reasons.split(",")

        # Wayne Ruddock's live notice, after the recorded breach of his second warning, in its appeal window.
        [first_warning, second_warning] = Intervention.objects.filter(
            person__last_name="Ruddock", kind__code="cpw"
        ).order_by("issued_on")
        notice = Intervention.objects.get(person__last_name="Ruddock", kind__code="cpn")
        [breach] = InterventionEvent.objects.filter(event_type=EventType.BREACH)
        assert breach.intervention == second_warning and second_warning.breach_count == 1
        assert first_warning.breach_count == 0
        assert breach.occurred_on < notice.issued_on
        assert notice.status == LIVE and today < notice.appeal_deadline <= today + datetime.timedelta(days=7)

        # Connor Pike's injunction: the first hearing held, the return hearing ahead.
        injunction = Intervention.objects.get(person__last_name="Pike", kind__code="civil_injunction")
        assert injunction.first_hearing_on < today < injunction.next_hearing_on <= today + datetime.timedelta(days=14)

        # Kyle Dempsey's closure order, extended by the court and still running.
        closure = Intervention.objects.get(person__last_name="Dempsey", kind__code="closure")
        assert InterventionEvent.objects.filter(intervention=closure, event_type=EventType.VARIED).count() == 1
        assert closure.live_until > today

        # The ladders: the youths' contracts, Shane Broadley's refused one.
        assert {name: ladder(*name) for name in LADDERS} == LADDERS

        # Nothing recorded after the moment the story ends.
        assert not ChronologyEntry.objects.filter(Q(occurred_at__gt=now) | Q(recorded_at__gt=now)).exists()
        assert not Intervention.objects.filter(issued_on__gt=today).exists()
        assert not InterventionEvent.objects.filter(occurred_on__gt=today).exists()
