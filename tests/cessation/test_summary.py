"""The collated summary: what it gathers from the record, and that it reads it in the same number of queries
whatever the size of the case."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import (
    AgendaItem,
    CaseAgency,
    CasePerson,
    ChronologyEntry,
    EntryKind,
    JagManagementPeriod,
    PersonRole,
    PlanVersion,
    RiskAssessment,
)
from cases.services import case_add_person, chronology_add, chronology_correct, plan_save, risk_assess
from cessation import services
from cessation.models import Outcome, Position
from cessation.services import PositionInput
from cessation.summary import KEY_ENTRIES_SHOWN, collated_summary
from core import clock
from incremental.models import InterventionKind, InterventionStatus
from jag.models import Meeting
from tests.factories import AgencyFactory, CaseFactory, InterventionFactory, PersonFactory

pytestmark = pytest.mark.django_db


def entry(case, officer, *, kind=EntryKind.NOTE, days_ago=1, text="Spoke to the complainant.", **fields):
    return ChronologyEntry(
        case=case,
        kind=kind,
        occurred_at=clock.now() - datetime.timedelta(days=days_ago),
        agency=officer.agency,
        officer=officer,
        text=text,
        **fields,
    )


def test_summary_counts_the_chronology_by_agency_and_kind(case, lead_officer, partner_officer):
    ChronologyEntry.objects.bulk_create(
        [
            entry(case, partner_officer, kind=EntryKind.VISIT, days_ago=400),
            entry(case, partner_officer, kind=EntryKind.VISIT, days_ago=200),
            entry(case, partner_officer, kind=EntryKind.CALL, days_ago=100),
            entry(case, lead_officer, kind=EntryKind.REFERRAL, days_ago=50),
        ]
    )
    everything = ChronologyEntry.objects.filter(case=case)

    summary = collated_summary(case)

    overview = summary.chronology
    assert overview.total == everything.count()
    assert overview.first_at == everything.order_by("occurred_at").first().occurred_at
    assert overview.last_at == everything.order_by("-occurred_at").first().occurred_at
    lead_count = everything.filter(agency=lead_officer.agency).count()
    assert [(t.label, t.count) for t in overview.by_agency] == [
        ("Leicester City Council", lead_count),
        ("Leicestershire Police", 3),
    ]
    by_kind = {t.label: t.count for t in overview.by_kind}
    assert (by_kind["Visit"], by_kind["Telephone call"], by_kind["Referral"]) == (2, 1, 1)


def test_summary_key_entries_are_the_latest_decisions_referrals_and_interventions_capped(case, lead_officer):
    ChronologyEntry.objects.bulk_create(
        [entry(case, lead_officer, kind=EntryKind.DECISION, days_ago=100 + n, text=f"Decision {n}") for n in range(55)]
        + [entry(case, lead_officer, kind=EntryKind.NOTE, days_ago=1, text="A note is not a key entry")]
    )
    newest = chronology_add(
        case=case,
        officer=lead_officer,
        kind=EntryKind.REFERRAL,
        occurred_at=clock.now() - datetime.timedelta(days=2),
        text="Referred to victim support.",
    )
    chronology_correct(entry=newest, officer=lead_officer, text="Referred to victim support and the GP.")

    summary = collated_summary(case)

    assert summary.key_entry_count == 56
    assert len(summary.key_entries) == KEY_ENTRIES_SHOWN
    assert summary.more_key_entries == 56 - KEY_ENTRIES_SHOWN
    assert summary.key_entries[0] == newest
    assert summary.key_entries[0].corrected is True
    assert [e.text for e in summary.key_entries[1:4]] == ["Decision 0", "Decision 1", "Decision 2"]
    assert summary.key_entries[1].corrected is False
    assert "A note is not a key entry" not in [e.text for e in summary.key_entries]


def test_summary_groups_the_interventions_on_this_case_per_perpetrator(case, lead_officer, category):
    darren = PersonFactory(first_name="Darren", last_name="Whitfield", created_by=lead_officer)
    kyle = PersonFactory(first_name="Kyle", last_name="Abbott", created_by=lead_officer)
    for person in (darren, kyle):
        case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    today = clock.today()
    warning = InterventionFactory(
        case=case,
        person=darren,
        kind=InterventionKind.objects.get(code="first_warning"),
        issued_on=today - datetime.timedelta(days=200),
        live_until=today - datetime.timedelta(days=110),
    )
    cpw = InterventionFactory(
        case=case,
        person=darren,
        kind=InterventionKind.objects.get(code="cpw"),
        issued_on=today - datetime.timedelta(days=20),
        live_until=today + datetime.timedelta(days=160),
    )
    # The same person on another case: not part of this case's summary.
    other = CaseFactory(lead_officer=lead_officer, lead_agency=lead_officer.agency, jag=case.jag, category=category)
    InterventionFactory(case=other, person=darren, kind=InterventionKind.objects.get(code="abc"))

    summary = collated_summary(case)

    assert [(g.person, g.is_perpetrator) for g in summary.interventions] == [(kyle, True), (darren, True)]
    kyle_group, darren_group = summary.interventions
    assert kyle_group.uses == []
    assert [(u.intervention, u.status) for u in darren_group.uses] == [
        (warning, InterventionStatus.EXPIRED),
        (cpw, InterventionStatus.LIVE),
    ]
    assert darren_group.highest_tier == 2
    assert summary.intervention_count == 2
    assert summary.perpetrators == [kyle, darren]


def test_summary_support_offered_comes_from_the_plans_and_the_referrals(ceasable_case, lead_officer, plan):
    plan_save(
        case=ceasable_case,
        officer=lead_officer,
        overview="Still loud music most nights.",
        who_is_at_risk="Mrs Ellison",
        risk_from="The tenant of number 16",
        children_involved=False,
        support_options=plan.support_options,
        powers_available=plan.powers_available,
        actions="Patrols.",
    )
    third = plan_save(
        case=ceasable_case,
        officer=lead_officer,
        overview="Still loud music most nights.",
        who_is_at_risk="Mrs Ellison",
        risk_from="The tenant of number 16",
        children_involved=False,
        support_options="Mediation offered again; victim support referral.",
        powers_available=plan.powers_available,
        actions="Patrols and a CPW.",
    )
    referral = chronology_add(
        case=ceasable_case,
        officer=lead_officer,
        kind=EntryKind.REFERRAL,
        occurred_at=clock.now() - datetime.timedelta(days=3),
        text="Referral to victim support for Mrs Ellison.",
    )

    summary = collated_summary(ceasable_case)

    assert [(p.number, p.support_options) for p in summary.support.plans] == [
        (1, "Mediation offered; GP referral for sleep problems."),
        (3, "Mediation offered again; victim support referral."),
    ]
    assert summary.support.referrals == [referral]
    assert summary.support.referral_count == 1
    assert summary.plan == third
    assert summary.plan_versions == 3


def test_summary_risk_history_is_newest_first(ceasable_case, lead_officer):
    risk_assess(
        case=ceasable_case,
        officer=lead_officer,
        happened_before=True,
        reported_elsewhere=True,
        feels_targeted=True,
        household_vulnerable=True,
        children_involved=False,
    )

    summary = collated_summary(ceasable_case)

    assert [r.band for r in summary.risk_history] == ["high", "medium"]
    assert summary.risk_history == list(RiskAssessment.objects.filter(case=ceasable_case).order_by("-assessed_at"))


def test_summary_agencies_put_the_lead_first_then_those_brought_in(case, lead_agency, partner_agency):
    link = CaseAgency.objects.get(case=case, agency=partner_agency)

    summary = collated_summary(case)

    assert [(a.agency, a.is_lead, a.since, a.added_by) for a in summary.agencies] == [
        (lead_agency, True, case.opened_at, None),
        (partner_agency, False, link.added_at, link.added_by),
    ]


def test_summary_jag_decisions_are_agenda_decisions_and_cessation_decisions(
    ceasable_case, meeting, chair, lead_officer, lead_agency, partner_agency
):
    earlier = Meeting.objects.create(
        jag=ceasable_case.jag,
        starts_at=clock.now() - datetime.timedelta(days=60),
        location="Town Hall",
        created_by=chair,
    )
    AgendaItem.objects.create(
        meeting=earlier,
        case=ceasable_case,
        reasons="review_due",
        added_by=chair,
        decision="Police to patrol on Friday nights; review in four weeks.",
        decided_by=chair,
        decided_at=earlier.starts_at,
    )
    proposal = services.cessation_propose(case=ceasable_case, officer=lead_officer, reasoning="All options tried.")
    services.positions_record(
        proposal=proposal,
        meeting=meeting,
        officer=chair,
        rows=[PositionInput(lead_agency, Position.CLOSE), PositionInput(partner_agency, Position.CLOSE)],
    )
    services.cessation_decide(
        proposal=proposal, meeting=meeting, officer=chair, outcome=Outcome.CLOSE, rationale="All agree to close."
    )

    summary = collated_summary(ceasable_case)

    assert [(line.meeting, line.what, line.text, line.decided_by) for line in summary.jag_decisions] == [
        (earlier, "Agenda decision", "Police to patrol on Friday nights; review in four weeks.", chair),
        (
            meeting,
            "Cessation proposal 1: Close: nothing further can reasonably be offered",
            "All agree to close.",
            chair,
        ),
    ]


def test_summary_people_by_role_long_standing_and_jag_periods(ceasable_case, complainant, perpetrator, chair):
    witness = PersonFactory(first_name="Sunita", last_name="Parmar", created_by=chair)
    CasePerson.objects.create(case=ceasable_case, person=witness, role=PersonRole.WITNESS, added_by=chair)
    today = clock.today()
    JagManagementPeriod.objects.create(
        case=ceasable_case,
        jag=ceasable_case.jag,
        started_on=today - datetime.timedelta(days=300),
        ended_on=today - datetime.timedelta(days=200),
        started_by=chair,
    )
    JagManagementPeriod.objects.create(
        case=ceasable_case, jag=ceasable_case.jag, started_on=today - datetime.timedelta(days=50), started_by=chair
    )

    summary = collated_summary(ceasable_case)

    assert [(g.label, g.people) for g in summary.people] == [
        ("Complainant / victim", [complainant]),
        ("Perpetrator", [perpetrator]),
        ("Witness", [witness]),
    ]
    assert summary.complainants == [complainant]
    assert summary.long_standing_since == today - datetime.timedelta(days=10)
    assert [(p.started_on, p.ended_on, p.days) for p in summary.jag_periods] == [
        (today - datetime.timedelta(days=300), today - datetime.timedelta(days=200), 100),
        (today - datetime.timedelta(days=50), None, 50),
    ]
    assert summary.jag_days == 150


def grow(case, officer, chair, n: int, start: int = 0) -> None:
    """Add n of everything the summary reads: entries of each key kind, interventions, perpetrators, risk
    assessments, plan versions, agencies, JAG periods and agenda decisions."""
    today = clock.today()
    kinds = [EntryKind.DECISION, EntryKind.REFERRAL, EntryKind.INTERVENTION, EntryKind.NOTE]
    ChronologyEntry.objects.bulk_create(
        [entry(case, officer, kind=kinds[i % 4], days_ago=i + 1, text=f"Entry {i}") for i in range(start, n)]
    )
    words = InterventionKind.objects.get(code="words_of_advice")
    for i in range(start, n):
        person = PersonFactory(created_by=officer)
        CasePerson.objects.create(case=case, person=person, role=PersonRole.PERPETRATOR, added_by=officer)
        InterventionFactory(case=case, person=person, kind=words, issued_on=today - datetime.timedelta(days=i + 1))
        RiskAssessment.objects.create(
            case=case,
            happened_before=True,
            reported_elsewhere=False,
            feels_targeted=True,
            household_vulnerable=False,
            children_involved=False,
            calculated_band="medium",
            band="medium",
            review_days=28,
            next_review_date=today,
            assessed_by=officer,
        )
        PlanVersion.objects.create(
            case=case,
            number=i + 1,
            completed_by=officer,
            overview=f"Version {i + 1}",
            who_is_at_risk="The complainant",
            risk_from="The neighbour",
            children_involved=False,
            actions="Patrols",
            support_options=f"Support {i}",
        )
        CaseAgency.objects.create(case=case, agency=AgencyFactory(), added_by=officer)
        JagManagementPeriod.objects.create(
            case=case,
            jag=case.jag,
            started_on=today - datetime.timedelta(days=1000 - 20 * i),
            ended_on=today - datetime.timedelta(days=990 - 20 * i),
            started_by=chair,
        )
        held = Meeting.objects.create(
            jag=case.jag, starts_at=clock.now() - datetime.timedelta(days=i + 1), location="Hall", created_by=chair
        )
        AgendaItem.objects.create(
            meeting=held, case=case, reasons="review_due", added_by=chair, decision=f"Decision {i}", decided_by=chair
        )


def summary_queries(case) -> int:
    with CaptureQueriesContext(connection) as captured:
        collated_summary(case)
    return len(captured)


def test_summary_reads_a_large_case_in_as_many_queries_as_a_small_one(case, lead_officer, chair):
    grow(case, lead_officer, chair, 3)
    small = summary_queries(case)
    grow(case, lead_officer, chair, 30, start=3)

    large = summary_queries(case)

    summary = collated_summary(case)
    assert (summary.intervention_count, len(summary.risk_history), summary.plan_versions) == (30, 30, 30)
    assert len(summary.jag_decisions) == 30
    assert large == small
    assert large <= 12
