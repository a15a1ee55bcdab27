"""The victim's contact plan, the updates given and their risk assessment: what is saved, what is refused, what the
chronology says, and how the next contact falls due."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import (
    CasePolicy,
    ChronologyEntry,
    ContactMethod,
    EntryKind,
    PersonRole,
    RiskBand,
    VictimContactChange,
    VictimContactPlan,
)
from cases.services import case_add_person
from cases.victims import services
from cases.victims.services import ContactPlanChangedError, victim_band
from core import clock
from tests.factories import OfficerFactory, PersonFactory

from .conftest import NO

pytestmark = pytest.mark.django_db

DAY = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


def entries(case) -> list[str]:
    return list(ChronologyEntry.objects.filter(case=case).order_by("pk").values_list("text", flat=True))


@pytest.mark.parametrize(
    ("answers", "band"),
    [
        ({}, RiskBand.STANDARD),
        ({"repeat_victim": True}, RiskBand.STANDARD),
        ({"repeat_victim": True, "health_impact": True}, RiskBand.MEDIUM),
        ({"targeted": True}, RiskBand.MEDIUM),
        ({"household_vulnerable": True, "children_in_household": True}, RiskBand.MEDIUM),
        ({"targeted": True, "household_vulnerable": True}, RiskBand.HIGH),
        ({"targeted": True, "repeat_victim": True, "health_impact": True}, RiskBand.HIGH),
        ({"unsafe_at_home": True}, RiskBand.HIGH),
    ],
)
def test_band_follows_the_stated_rule(answers, band):
    assert victim_band(**(NO | answers)) == band


def test_first_plan_follows_the_band_default_and_is_due_from_its_start(case, victim, lead_officer, make_plan):
    with time_machine.travel(DAY, tick=False):
        plan = make_plan(
            methods=[ContactMethod.PHONE, ContactMethod.LETTER], language="Polish", interpreter_needed=True
        )

    assert (plan.version, plan.frequency_days, plan.frequency_chosen) == (1, 28, False)
    assert (plan.starts_on, plan.next_contact_due) == (datetime.date(2026, 3, 10), datetime.date(2026, 4, 7))
    assert plan.method_labels == ["Phone", "Letter"]
    assert list(VictimContactChange.objects.values_list("spoc_id", "previous_id")) == [(lead_officer.pk, None)]
    assert entries(case)[-1] == (
        "Contact plan for Vera Victim made: single point of contact Lena Lead, at least every 28 days by phone, "
        "letter; next contact due by 7 Apr 2026."
    )


def test_plan_needs_a_method_and_nothing_is_saved(case, victim, make_plan):
    before = entries(case)

    with pytest.raises(ValidationError) as refused:
        make_plan(methods=[])

    assert refused.value.message_dict == {"methods": ["Choose at least one way to contact the victim"]}
    assert VictimContactPlan.objects.count() == 0
    assert entries(case) == before


def test_database_refuses_a_plan_with_no_method(case, victim, make_plan):
    plan = make_plan()

    with pytest.raises(IntegrityError), transaction.atomic():
        VictimContactPlan.objects.filter(pk=plan.pk).update(by_phone=False)


def test_spoc_must_be_an_active_officer_of_an_agency_on_the_case(case, make_plan, outsider_officer, partner_officer):
    with pytest.raises(ValidationError) as refused:
        make_plan(spoc=outsider_officer)
    assert list(refused.value.message_dict) == ["spoc"]

    leaver = OfficerFactory(agency=case.lead_agency, is_active=False)
    with pytest.raises(ValidationError):
        make_plan(spoc=leaver)

    assert make_plan(spoc=partner_officer).spoc == partner_officer


def test_changing_the_spoc_keeps_the_history(case, make_plan, lead_officer, partner_officer):
    make_plan()
    make_plan(spoc=partner_officer, frequency_days=10)
    make_plan(spoc=partner_officer, frequency_days=12)

    history = list(VictimContactChange.objects.order_by("pk").values_list("spoc_id", "previous_id"))
    assert history == [(lead_officer.pk, None), (partner_officer.pk, lead_officer.pk)]
    assert VictimContactPlan.objects.get().version == 3


def test_a_stale_plan_edit_is_refused(case, victim, lead_officer, make_plan):
    plan = make_plan()
    make_plan(frequency_days=5)

    with pytest.raises(ContactPlanChangedError) as stale:
        services.contact_plan_save(
            case=case,
            victim=victim,
            officer=lead_officer,
            expected_version=plan.version,
            spoc=lead_officer,
            frequency_days=20,
            methods=["visit"],
        )

    assert stale.value.current.version == 2
    assert VictimContactPlan.objects.get().frequency_days == 5


def test_only_a_complainant_of_the_case_has_a_plan(case, lead_officer):
    witness = PersonFactory(created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=witness, role=PersonRole.WITNESS)

    with pytest.raises(ValidationError):
        services.contact_plan_save(
            case=case,
            victim=witness,
            officer=lead_officer,
            expected_version=0,
            spoc=lead_officer,
            frequency_days=None,
            methods=["phone"],
        )


def test_a_contact_logged_moves_the_next_contact_and_is_on_the_chronology(case, victim, lead_officer, make_plan):
    with time_machine.travel(DAY, tick=False):
        make_plan(frequency_days=14)
    with time_machine.travel(DAY + datetime.timedelta(days=20), tick=False):
        when = clock.now() - datetime.timedelta(hours=2)
        contact = services.contact_log(
            case=case, victim=victim, officer=lead_officer, contacted_at=when, method="visit", summary="Told of CPW."
        )
        # An earlier contact recorded late does not move the due date back.
        services.contact_log(
            case=case,
            victim=victim,
            officer=lead_officer,
            contacted_at=when - datetime.timedelta(days=10),
            method="phone",
            summary="Called.",
        )

    plan = VictimContactPlan.objects.get()
    assert plan.last_contact_on == timezone.localtime(contact.contacted_at).date()
    assert plan.next_contact_due == plan.last_contact_on + datetime.timedelta(days=14)
    entry = ChronologyEntry.objects.filter(case=case, kind=EntryKind.VISIT).get()
    assert (entry.text, entry.occurred_at) == ("Update given to Vera Victim (visit): Told of CPW.", when)


def test_a_contact_needs_a_past_moment_a_method_and_what_was_said(case, victim, lead_officer):
    with pytest.raises(ValidationError) as refused:
        services.contact_log(
            case=case,
            victim=victim,
            officer=lead_officer,
            contacted_at=clock.now() + datetime.timedelta(hours=1),
            method="carrier pigeon",
            summary="  ",
        )

    assert sorted(refused.value.message_dict) == ["contacted_at", "method", "summary"]


def test_assessment_sets_the_frequency_of_a_plan_that_follows_the_band(case, make_plan, assess):
    make_plan()

    high = assess(unsafe_at_home=True)

    plan = VictimContactPlan.objects.get()
    assert (high.band, high.calculated_band) == (RiskBand.HIGH, RiskBand.HIGH)
    assert (plan.frequency_days, plan.version) == (7, 2)
    assert plan.next_contact_due == plan.starts_on + datetime.timedelta(days=7)
    assert entries(case)[-1].startswith("Victim risk assessment for Vera Victim: high risk. Contact at least every 7")


def test_assessment_leaves_a_chosen_frequency_alone(case, make_plan, assess):
    make_plan(frequency_days=3)

    assess(targeted=True)

    assert VictimContactPlan.objects.get().frequency_days == 3


def test_figures_come_from_the_policy(case, make_plan, assess):
    CasePolicy.objects.update_or_create(pk=1, defaults={"victim_contact_days_medium": 10})
    assess(targeted=True)

    assert make_plan().frequency_days == 10


def test_override_needs_a_reason_and_history_is_kept(case, assess):
    with pytest.raises(ValidationError) as refused:
        assess(band=RiskBand.HIGH)
    assert refused.value.message_dict == {"override_reason": ["Give the reason for changing the band"]}

    first = assess(band=RiskBand.HIGH, override_reason="Threats made at the door.")
    second = assess(targeted=True)

    assert (first.calculated_band, first.band, first.overridden) == (RiskBand.STANDARD, RiskBand.HIGH, True)
    assert services.latest_band(case, second.victim) == RiskBand.MEDIUM
    assert "changed because: Threats made at the door." in entries(case)[-2]
