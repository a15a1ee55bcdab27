"""Referring a case to JAG case management, taking it off and transferring it: dated, never overlapping, on the
chronology and the audit trail, and only for the lead agency or the JAG's chair."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import AuditEvent
from cases.jag_management.permissions import can_manage_jag_periods
from cases.jag_management.services import jag_refer, jag_take_off, jag_transfer
from cases.models import ChronologyEntry, EntryKind, JagManagementPeriod, PeriodEnd, PeriodStart
from cases.permissions import cases_visible_to

DAY = datetime.timedelta(days=1)


def periods(case):
    return list(
        JagManagementPeriod.objects.filter(case=case)
        .order_by("started_on")
        .values_list("jag__name", "started_on", "ended_on", "start_reason", "end_reason")
    )


def last_entry(case) -> ChronologyEntry:
    return ChronologyEntry.objects.filter(case=case).order_by("-id").first()


def test_refer_opens_a_period_at_the_case_jag(case, lead_officer, today):
    period = jag_refer(case=case, officer=lead_officer, started_on=today - 10 * DAY)

    assert periods(case) == [("Leicester West JAG", today - 10 * DAY, None, PeriodStart.REFERRED, "")]
    assert period.started_by == lead_officer
    entry = last_entry(case)
    assert (entry.kind, entry.text) == (
        EntryKind.SYSTEM,
        f"Referred to Leicester West JAG case management from {today - 10 * DAY:%-d %B %Y}.",
    )
    assert AuditEvent.objects.filter(case_reference=case.reference).first().description == (
        "Referred to Leicester West JAG case management"
    )


def test_take_off_ends_the_open_period(case, lead_officer, today):
    jag_refer(case=case, officer=lead_officer, started_on=today - 10 * DAY)

    jag_take_off(case=case, officer=lead_officer, ended_on=today)

    assert periods(case) == [("Leicester West JAG", today - 10 * DAY, today, PeriodStart.REFERRED, PeriodEnd.TAKEN_OFF)]
    assert last_entry(case).text.startswith(f"Taken off Leicester West JAG case management from {today:%-d %B %Y}")


def test_refer_again_after_taking_off(case, lead_officer, today):
    jag_refer(case=case, officer=lead_officer, started_on=today - 30 * DAY)
    jag_take_off(case=case, officer=lead_officer, ended_on=today - 20 * DAY)

    jag_refer(case=case, officer=lead_officer, started_on=today - 20 * DAY)

    assert [(p[1], p[2]) for p in periods(case)] == [(today - 30 * DAY, today - 20 * DAY), (today - 20 * DAY, None)]


def test_refer_overlapping_an_earlier_period_is_refused(case, lead_officer, today):
    jag_refer(case=case, officer=lead_officer, started_on=today - 30 * DAY)
    jag_take_off(case=case, officer=lead_officer, ended_on=today - 20 * DAY)

    with pytest.raises(ValidationError) as error:
        jag_refer(case=case, officer=lead_officer, started_on=today - 25 * DAY)

    assert error.value.message_dict == {
        "started_on": [
            f"The case was under JAG management until {today - 20 * DAY:%-d %B %Y}: "
            "the new referral must start on or after that day"
        ]
    }
    assert len(periods(case)) == 1


def test_refer_while_under_management_is_refused(case, lead_officer, today):
    jag_refer(case=case, officer=lead_officer, started_on=today - 5 * DAY)

    with pytest.raises(ValidationError) as error:
        jag_refer(case=case, officer=lead_officer, started_on=today)

    assert error.value.message_dict == {
        "started_on": [
            f"This case is already under Leicester West JAG case management (since {today - 5 * DAY:%-d %B %Y})"
        ]
    }


def test_refer_in_the_future_is_refused(case, lead_officer, today):
    with pytest.raises(ValidationError) as error:
        jag_refer(case=case, officer=lead_officer, started_on=today + DAY)

    assert error.value.message_dict == {"started_on": ["The date it was referred must be today or in the past"]}
    assert periods(case) == []


def test_take_off_before_or_on_the_start_is_refused(case, lead_officer, today):
    jag_refer(case=case, officer=lead_officer, started_on=today - 5 * DAY)

    for ended_on in (today - 6 * DAY, today - 5 * DAY):
        with pytest.raises(ValidationError) as error:
            jag_take_off(case=case, officer=lead_officer, ended_on=ended_on)
        assert error.value.message_dict == {
            "ended_on": [
                f"The date it was taken off must be after the day it was referred ({today - 5 * DAY:%-d %B %Y})"
            ]
        }
    assert periods(case)[0][2] is None


def test_take_off_in_the_future_or_when_not_under_management_is_refused(case, lead_officer, today):
    with pytest.raises(ValidationError) as not_under:
        jag_take_off(case=case, officer=lead_officer, ended_on=today)
    jag_refer(case=case, officer=lead_officer, started_on=today - 5 * DAY)
    with pytest.raises(ValidationError) as future:
        jag_take_off(case=case, officer=lead_officer, ended_on=today + DAY)

    assert not_under.value.messages == ["This case is not under JAG case management"]
    assert future.value.message_dict == {"ended_on": ["The date it was taken off must be today or in the past"]}


def test_refer_a_closed_case_is_refused(case, lead_officer, today):
    from cases.services import case_set_status

    case_set_status(case=case, officer=lead_officer, status="closed", reason="Resolved.")

    with pytest.raises(ValidationError) as error:
        jag_refer(case=case, officer=lead_officer, started_on=today)

    assert error.value.messages == ["Only an open case can be referred to JAG case management"]


def test_transfer_moves_the_period_and_the_access(case, lead_officer, chair, other_jag, today):
    jag_refer(case=case, officer=lead_officer, started_on=today - 10 * DAY)

    moved = jag_transfer(case=case, officer=lead_officer, to_jag=other_jag, on=today - 2 * DAY)

    assert moved.jag == other_jag
    assert moved.version == case.version + 1
    assert periods(case) == [
        ("Leicester West JAG", today - 10 * DAY, today - 2 * DAY, PeriodStart.REFERRED, PeriodEnd.TRANSFERRED_OUT),
        ("Blaby JAG", today - 2 * DAY, None, PeriodStart.TRANSFERRED_IN, ""),
    ]
    assert list(cases_visible_to(other_jag.chair)) == [moved]
    assert list(cases_visible_to(chair)) == []
    assert last_entry(case).text == (
        f"Transferred from Leicester West JAG to Blaby JAG from {today - 2 * DAY:%-d %B %Y}; "
        "it stays under JAG case management."
    )


def test_transfer_of_a_case_not_under_management_moves_only_the_case(case, lead_officer, other_jag, today):
    moved = jag_transfer(case=case, officer=lead_officer, to_jag=other_jag, on=today)

    assert (moved.jag, periods(case)) == (other_jag, [])
    assert last_entry(case).text == f"Transferred from Leicester West JAG to Blaby JAG from {today:%-d %B %Y}."


def test_transfer_to_the_same_jag_or_on_the_start_day_is_refused(case, lead_officer, other_jag, today):
    jag_refer(case=case, officer=lead_officer, started_on=today)

    with pytest.raises(ValidationError) as same:
        jag_transfer(case=case, officer=lead_officer, to_jag=case.jag, on=today)
    with pytest.raises(ValidationError) as start_day:
        jag_transfer(case=case, officer=lead_officer, to_jag=other_jag, on=today)

    assert same.value.message_dict == {"to_jag": ["The case is already managed by Leicester West JAG"]}
    assert start_day.value.message_dict == {
        "on": [f"The transfer must be after the day the case was referred ({today:%-d %B %Y})"]
    }
    assert len(periods(case)) == 1


def test_chair_may_manage_partner_and_outsider_may_not(case, lead_officer, chair, partner_officer, outsider_officer):
    case.refresh_from_db()

    may = {
        name: can_manage_jag_periods(officer, case)
        for name, officer in [
            ("lead", lead_officer),
            ("chair", chair),
            ("partner", partner_officer),
            ("outsider", outsider_officer),
        ]
    }

    assert may == {"lead": True, "chair": True, "partner": False, "outsider": False}


def test_chair_refers_and_partner_is_refused(case, chair, partner_officer, today):
    jag_refer(case=case, officer=chair, started_on=today)

    with pytest.raises(PermissionDenied):
        jag_take_off(case=case, officer=partner_officer, ended_on=today)
    assert periods(case)[0][2] is None
