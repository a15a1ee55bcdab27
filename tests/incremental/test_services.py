"""Issuing interventions and recording what happens to them, through the services, against a real database."""

import datetime
import threading
import zoneinfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from agencies.models import AgencyKind, AuditAction, AuditEvent
from cases import services as case_services
from cases.models import ChronologyEntry, Document, EntryKind, PersonRole
from core import clock
from incremental import services
from incremental.models import EventType, Intervention, InterventionEvent, InterventionKind, InterventionStatus
from incremental.selectors import ladder_for_person
from tests.factories import AgencyFactory, CaseFactory, OfficerFactory, PersonFactory
from tests.incremental.helpers import ensure_catalogue

pytestmark = pytest.mark.django_db

TODAY = clock.today
# Under 18s got civil injunctions until the youth injunction replaced them on 29 June 2026: tests of the civil
# injunction's limits for under 18s run as of a day before then.
BEFORE_2026 = time_machine.travel(
    datetime.datetime(2026, 3, 2, 10, tzinfo=zoneinfo.ZoneInfo("Europe/London")), tick=False
)


def days_ago(n: int) -> datetime.date:
    return TODAY() - datetime.timedelta(days=n)


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def record_counts() -> tuple[int, int, int]:
    return Intervention.objects.count(), ChronologyEntry.objects.count(), InterventionEvent.objects.count()


# --- Issuing ------------------------------------------------------------------------------------------------------


def test_issue_words_of_advice_records_the_catalogue_as_it_stood(issue, case, perpetrator, lead_officer, kinds):
    intervention = issue("words_of_advice", conditions="Keep the music down after 11pm.")

    intervention.refresh_from_db()
    assert (
        intervention.kind_name,
        intervention.tier,
        intervention.court_stage,
        intervention.suggested_tier,
        intervention.skipped_stage,
        intervention.status,
        intervention.live_until,
        intervention.appeal_deadline,
        intervention.recorded_by,
        intervention.version,
    ) == ("Words of advice (verbal or written)", 1, False, 1, False, "live", None, None, lead_officer, 1)


def test_issue_writes_the_chronology_and_the_audit_trail(issue, case, lead_officer):
    intervention = issue("words_of_advice", issued_on=datetime.date(2026, 3, 3), conditions="Keep the music down.")

    entry = ChronologyEntry.objects.filter(case=case).order_by("-id").first()
    assert entry.kind == EntryKind.INTERVENTION
    assert entry.text == (
        "Words of advice (verbal or written) (tier 1) issued to Darren Whitfield by Leicester City Council "
        "(Lena Lead) on 3 March 2026. Conditions or terms: Keep the music down."
    )
    audit = AuditEvent.objects.get(
        content_type=ContentType.objects.get_for_model(Intervention),
        object_id=str(intervention.pk),
        action=AuditAction.CREATE,
    )
    assert (audit.officer, audit.case_reference) == (lead_officer, case.reference)


def test_first_warning_lives_three_months_by_default_and_waits_for_its_letter(issue, case):
    intervention = issue("first_warning", issued_on=datetime.date(2026, 1, 31))

    assert intervention.live_until == datetime.date(2026, 4, 30)
    # The letter is filed once the officer has confirmed its address and salutation (incremental.letter_views).
    assert intervention.letter is None
    assert not Document.objects.filter(case=case).exists()


def test_an_explicit_live_until_overrides_the_default(issue):
    intervention = issue("first_warning", issued_on=days_ago(10), live_until=days_ago(10) + datetime.timedelta(days=30))

    assert intervention.live_until == days_ago(10) + datetime.timedelta(days=30)


def test_entering_above_the_suggested_stage_needs_a_justification(issue):
    before = record_counts()

    with pytest.raises(ValidationError) as excinfo:
        issue("cpw")

    assert errors_of(excinfo) == {
        "justification": [
            "Community Protection Warning is tier 2, above the suggested next stage (tier 1). Give the severity "
            "justification for entering at this stage"
        ]
    }
    assert record_counts() == before


def test_a_justified_skip_is_recorded_with_its_justification(issue, case):
    intervention = issue("cpw", justification="Threats with a knife to the neighbour's children.")

    assert (intervention.suggested_tier, intervention.skipped_stage) == (1, True)
    assert intervention.justification == "Threats with a knife to the neighbour's children."
    entry = ChronologyEntry.objects.filter(case=case, kind=EntryKind.INTERVENTION).get()
    assert "Entered at tier 2, above the suggested tier 1. Severity justification: Threats with a knife" in entry.text


def test_the_next_stage_is_not_a_skip(issue):
    issue("words_of_advice", issued_on=days_ago(20))
    issue("final_warning", issued_on=days_ago(10))

    abc = issue("abc", issued_on=days_ago(5))

    assert (abc.suggested_tier, abc.skipped_stage) == (3, False)


def test_a_backdated_intervention_is_judged_against_the_ladder_as_it_stood(issue):
    issue("final_warning", issued_on=days_ago(5), justification="Threatened the complainant.")

    earlier = issue("words_of_advice", issued_on=days_ago(30))

    assert (earlier.suggested_tier, earlier.skipped_stage) == (1, False)


def test_cpn_without_a_cpw_is_refused_and_nothing_saved(issue):
    before = record_counts()

    with pytest.raises(ValidationError) as excinfo:
        issue("cpn", justification="Serious.")

    assert list(errors_of(excinfo)) == ["kind"]
    assert "needs a Community Protection Warning issued to Darren Whitfield" in errors_of(excinfo)["kind"][0]
    assert record_counts() == before


def test_cpn_after_a_cpw_given_by_another_agency_on_another_case(
    issue, perpetrator, partner_officer, partner_agency, lead_officer, kinds, jag, category
):
    """The ladder belongs to the person: the police's CPW on their own case opens the way to the council's CPN."""
    police_case = CaseFactory(lead_officer=partner_officer, jag=jag, category=category)
    case_services.case_add_person(
        case=police_case, officer=partner_officer, person=perpetrator, role=PersonRole.PERPETRATOR
    )
    services.intervention_issue(
        officer=partner_officer,
        case=police_case,
        person=perpetrator,
        kind=kinds["cpw"],
        issuing_agency=partner_agency,
        issuing_officer=partner_officer,
        issued_on=days_ago(30),
        justification="Repeated criminal damage.",
    )

    cpn = issue("cpn", issued_on=days_ago(2), conditions="Stop playing amplified music.", justification="Weekly.")

    assert (cpn.suggested_tier, cpn.skipped_stage) == (3, True)


def test_cpn_straight_after_a_cpw_is_a_skip_over_tier_3(issue):
    issue("cpw", issued_on=days_ago(30), justification="Repeated criminal damage.")
    before = record_counts()

    with pytest.raises(ValidationError) as excinfo:
        issue("cpn", issued_on=days_ago(2))

    assert list(errors_of(excinfo)) == ["justification"]
    assert record_counts() == before


def test_cpn_sets_its_21_day_appeal_deadline(issue):
    issue("cpw", issued_on=days_ago(30), justification="Repeated criminal damage.")

    cpn = issue("cpn", issued_on=days_ago(2), justification="Breached the CPW twice in a week.")

    assert cpn.appeal_deadline == days_ago(2) + datetime.timedelta(days=21)


def test_someone_who_is_not_a_perpetrator_in_the_case(issue, case, lead_officer):
    complainant = PersonFactory(first_name="Mary", last_name="Okafor", created_by=lead_officer)
    case_services.case_add_person(case=case, officer=lead_officer, person=complainant, role=PersonRole.COMPLAINANT)
    before = record_counts()

    with pytest.raises(ValidationError) as excinfo:
        issue("words_of_advice", person=complainant)

    assert errors_of(excinfo) == {
        "__all__": [
            f"Mary Okafor is not a perpetrator in case {case.reference}. Add them to the case as a perpetrator "
            "before recording an intervention"
        ]
    }
    assert record_counts() == before


def test_dates_out_of_order(issue):
    before = record_counts()

    with pytest.raises(ValidationError) as excinfo:
        issue(
            "abc",
            issued_on=TODAY() + datetime.timedelta(days=1),
            live_until=days_ago(3),
            justification="Severe.",
        )

    assert errors_of(excinfo) == {
        "issued_on": ["The date issued must be today or in the past"],
        "live_until": ["The date it is live until must be the same as or after the date issued"],
    }
    assert record_counts() == before


def test_a_court_stage_needs_its_court_details(issue):
    issue("cpw", issued_on=days_ago(30), justification="Repeated criminal damage.")
    before = record_counts()

    with pytest.raises(ValidationError) as excinfo:
        issue("cpn", court="", first_hearing_on=None, justification="Breached the CPW.")

    assert errors_of(excinfo) == {
        "court": ["Enter the court: a Community Protection Notice (CPN) is a court stage"],
        "first_hearing_on": ["Enter the date of the first hearing, or the order made"],
    }
    assert record_counts() == before


def test_a_court_stage_with_the_order_made_needs_no_hearing_date(issue, lead_officer, lead_agency):
    issue("cpw", issued_on=days_ago(60), justification="Repeated criminal damage.")

    injunction = issue(
        "civil_injunction",
        first_hearing_on=None,
        order_made="Not to enter Narborough Road.",
        justification="Violence towards neighbours.",
        order_ends_on=days_ago(1) + datetime.timedelta(days=365),
        live_until=days_ago(1) + datetime.timedelta(days=365),
    )

    assert (injunction.court, injunction.order_made) == (
        "Leicester Magistrates' Court",
        "Not to enter Narborough Road.",
    )


def test_order_ending_before_it_was_made(issue):
    issue("cpw", issued_on=days_ago(60), justification="Repeated criminal damage.")

    with pytest.raises(ValidationError) as excinfo:
        issue(
            "civil_injunction",
            order_ends_on=days_ago(5),
            live_until=days_ago(1) + datetime.timedelta(days=30),
            justification="Violence towards neighbours.",
        )

    assert errors_of(excinfo) == {
        "order_ends_on": ["The date the order ends must be the same as or after the date issued"]
    }


def test_refusing_to_sign_an_abc_is_recorded_and_counts_as_tier_3(issue, perpetrator, lead_officer):
    issue("final_warning", issued_on=days_ago(40), justification="Threatened the complainant.")

    abc = issue("abc", issued_on=days_ago(3), refused_to_sign=True)

    assert (abc.status, abc.status_on, abc.refused_to_sign) == (InterventionStatus.REFUSED, days_ago(3), True)
    ladder = ladder_for_person(lead_officer, perpetrator)
    assert (ladder.current_tier, ladder.suggested_tier) == (3, 4)


def test_only_an_agreement_can_be_refused(issue):
    with pytest.raises(ValidationError) as excinfo:
        issue("first_warning", refused_to_sign=True)

    assert errors_of(excinfo) == {
        "refused_to_sign": ["Only an agreement the person is asked to sign can be refused, not a First warning letter"]
    }


def test_under_age_for_a_cpw(issue, perpetrator):
    perpetrator.date_of_birth = days_ago(15 * 366)
    perpetrator.save()

    with pytest.raises(ValidationError) as excinfo:
        issue("cpw", justification="Severe.")

    assert list(errors_of(excinfo)) == ["kind"]
    assert "can only be used on someone aged 16 or over" in errors_of(excinfo)["kind"][0]


def test_unknown_date_of_birth_is_asked_for_and_recorded_when_given(issue, perpetrator, case):
    perpetrator.date_of_birth = None
    perpetrator.save()

    with pytest.raises(ValidationError) as excinfo:
        issue("cpw", justification="Severe.")
    assert list(errors_of(excinfo)) == ["date_of_birth"]

    cpw = issue("cpw", justification="Severe.", date_of_birth=datetime.date(2001, 5, 6))

    perpetrator.refresh_from_db()
    assert perpetrator.date_of_birth == datetime.date(2001, 5, 6)
    assert "Date of birth recorded: 6 May 2001." in ChronologyEntry.objects.filter(case=case).order_by("-id")[0].text
    assert cpw.tier == 2


def test_an_agency_kind_the_catalogue_does_not_allow(issue, case, lead_officer):
    health = AgencyFactory(name="Leicester Partnership NHS Trust", short_name="LPT", kind=AgencyKind.HEALTH)
    case_services.case_add_agency(case=case, officer=lead_officer, agency=health)
    nurse = OfficerFactory(agency=health)
    before = record_counts()

    with pytest.raises(ValidationError) as excinfo:
        issue("cpw", issuing_agency=health, issuing_officer=nurse, justification="Severe.")

    assert errors_of(excinfo) == {
        "issuing_agency": [
            "Leicester Partnership NHS Trust cannot issue a Community Protection Warning (CPW): only a police, "
            "local authority or registered provider of social housing may use this power"
        ]
    }
    assert record_counts() == before


def test_the_issuing_agency_must_be_part_of_the_case_and_the_officer_one_of_its_own(
    issue, outsider_agency, partner_agency, lead_officer
):
    with pytest.raises(ValidationError) as excinfo:
        issue("words_of_advice", issuing_agency=outsider_agency, issuing_officer=lead_officer)

    assert errors_of(excinfo) == {
        "issuing_agency": ["Rutland County Council is not part of this case: bring it into the case first"],
        "issuing_officer": ["The issuing officer must be an officer of Rutland County Council"],
    }


@BEFORE_2026
def test_an_injunction_on_an_under_18_lasts_at_most_a_year(issue, perpetrator):
    perpetrator.date_of_birth = days_ago(17 * 366)
    perpetrator.save()
    issue("cpw", issued_on=days_ago(60), justification="Severe.")

    with pytest.raises(ValidationError) as excinfo:
        issue(
            "civil_injunction",
            issued_on=days_ago(1),
            live_until=days_ago(1) + datetime.timedelta(days=400),
            justification="Violence towards neighbours.",
        )

    assert list(errors_of(excinfo)) == ["live_until"]
    assert "at most 12 months for someone under 18" in errors_of(excinfo)["live_until"][0]


def test_editing_the_catalogue_never_rewrites_past_interventions(issue, kinds):
    intervention = issue("words_of_advice")
    kind = kinds["words_of_advice"]
    kind.name, kind.tier = "Informal words", 2
    kind.save()

    intervention.refresh_from_db()
    assert (intervention.kind_name, intervention.tier) == ("Words of advice (verbal or written)", 1)


def test_an_inactive_kind_cannot_be_issued(issue, kinds):
    kinds["words_of_advice"].is_active = False
    kinds["words_of_advice"].save()

    with pytest.raises(ValidationError) as excinfo:
        issue("words_of_advice")

    assert list(errors_of(excinfo)) == ["kind"]


# --- Events -------------------------------------------------------------------------------------------------------


@pytest.fixture
def evidence(case, lead_officer):
    return case_services.chronology_add(
        case=case,
        officer=lead_officer,
        kind=EntryKind.VISIT,
        occurred_at=clock.now() - datetime.timedelta(hours=2),
        text="Music heard from the street at 1am.",
    )


@pytest.fixture
def record(lead_officer):
    def event(intervention, event_type, **fields):
        values = {
            "officer": lead_officer,
            "intervention": intervention,
            "expected_version": Intervention.objects.get(pk=intervention.pk).version,
            "event_type": event_type,
            "occurred_on": TODAY(),
            "details": "What happened.",
        } | fields
        return services.intervention_record_event(**values)

    return event


def test_breach_with_evidence_counts_and_lands_on_the_chronology(issue, record, evidence, case):
    warning = issue("first_warning", issued_on=days_ago(10))

    event = record(warning, EventType.BREACH, details="Party until 3am.", evidence_entry=evidence)

    warning.refresh_from_db()
    assert (warning.breach_count, warning.version) == (1, 2)
    assert event.chronology_entry.kind == EntryKind.INTERVENTION
    assert event.chronology_entry.text.startswith(
        f"Breach on {TODAY():%-d %B %Y}: First warning letter issued to Darren Whitfield on {days_ago(10):%-d %B %Y}."
    )
    assert "Party until 3am." in event.chronology_entry.text


def test_breach_needs_evidence_from_the_same_case(issue, record, lead_officer, jag, category):
    warning = issue("first_warning", issued_on=days_ago(10))
    other = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
    elsewhere = case_services.chronology_add(
        case=other,
        officer=lead_officer,
        kind=EntryKind.NOTE,
        occurred_at=clock.now() - datetime.timedelta(hours=1),
        text="Other case.",
    )
    before = record_counts()

    with pytest.raises(ValidationError) as no_evidence:
        record(warning, EventType.BREACH)
    with pytest.raises(ValidationError) as wrong_case:
        record(warning, EventType.BREACH, evidence_entry=elsewhere)

    assert errors_of(no_evidence) == {
        "evidence_entry": ["Choose the chronology entry or the incident that evidences the breach"]
    }
    assert errors_of(wrong_case) == {"evidence_entry": ["The evidence must be on this case's chronology"]}
    assert record_counts() == before


def test_breach_after_the_live_period(issue, record, evidence):
    warning = issue("first_warning", issued_on=days_ago(10), live_until=days_ago(5))

    with pytest.raises(ValidationError) as excinfo:
        record(warning, EventType.BREACH, evidence_entry=evidence)

    assert errors_of(excinfo) == {
        "occurred_on": [f"It was not live after {days_ago(5):%-d %B %Y}: a breach must happen while it is live"]
    }


def test_event_dates_in_order(issue, record):
    warning = issue("words_of_advice", issued_on=days_ago(10))

    with pytest.raises(ValidationError) as future:
        record(warning, EventType.DISCHARGED, occurred_on=TODAY() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as before_issue:
        record(warning, EventType.DISCHARGED, occurred_on=days_ago(11))

    assert errors_of(future) == {"occurred_on": ["The date must be today or in the past"]}
    assert errors_of(before_issue) == {
        "occurred_on": [f"The date must be on or after the date it was issued, {days_ago(10):%-d %B %Y}"]
    }


@pytest.fixture
def cpn(issue):
    issue("cpw", issued_on=days_ago(40), justification="Repeated criminal damage.")
    return issue("cpn", issued_on=days_ago(5), justification="Breached the CPW twice.")


def test_appeal_within_the_window_then_allowed_quashes_it_and_the_ladder_drops(cpn, record, perpetrator, lead_officer):
    record(cpn, EventType.APPEAL_LODGED, details="Appeal lodged at the magistrates' court.")
    record(cpn, EventType.APPEAL_ALLOWED, details="The court quashed the notice.")

    cpn.refresh_from_db()
    assert (cpn.status, cpn.status_on) == (InterventionStatus.QUASHED, TODAY())
    ladder = ladder_for_person(lead_officer, perpetrator)
    assert (ladder.current_tier, ladder.suggested_tier) == (2, 3)


def test_appeal_dismissed_leaves_it_standing(cpn, record):
    record(cpn, EventType.APPEAL_LODGED)
    record(cpn, EventType.APPEAL_DISMISSED)

    cpn.refresh_from_db()
    assert cpn.status == InterventionStatus.LIVE


def test_appeal_only_for_kinds_with_a_window_and_only_once(issue, cpn, record):
    warning = issue("words_of_advice", issued_on=days_ago(1))

    with pytest.raises(ValidationError) as no_window:
        record(warning, EventType.APPEAL_LODGED)
    record(cpn, EventType.APPEAL_LODGED)
    with pytest.raises(ValidationError) as twice:
        record(cpn, EventType.APPEAL_LODGED)

    assert errors_of(no_window) == {
        "event_type": [
            "A Words of advice (verbal or written) cannot be appealed in this way: the catalogue gives it no appeal "
            "window"
        ]
    }
    assert errors_of(twice) == {"event_type": ["An appeal has already been lodged against it"]}


def test_appeal_after_the_window_closed(issue, record):
    issue("cpw", issued_on=days_ago(60), justification="Repeated criminal damage.")
    late = issue("cpn", issued_on=days_ago(30), justification="Breached the CPW.")

    with pytest.raises(ValidationError) as excinfo:
        record(late, EventType.APPEAL_LODGED)

    assert errors_of(excinfo) == {"occurred_on": [f"The appeal window closed on {days_ago(9):%-d %B %Y}"]}


def test_appeal_decision_needs_an_appeal(cpn, record):
    with pytest.raises(ValidationError) as excinfo:
        record(cpn, EventType.APPEAL_ALLOWED)

    assert errors_of(excinfo) == {"event_type": ["No appeal is waiting for a decision: record the appeal lodged first"]}


def test_hearing_listed_sets_the_next_hearing(cpn, record):
    record(cpn, EventType.HEARING_LISTED, hearing_on=TODAY() + datetime.timedelta(days=14))

    cpn.refresh_from_db()
    assert cpn.next_hearing_on == TODAY() + datetime.timedelta(days=14)


def test_hearing_listed_needs_the_hearing_date(cpn, record):
    with pytest.raises(ValidationError) as excinfo:
        record(cpn, EventType.HEARING_LISTED)

    assert errors_of(excinfo) == {"hearing_on": ["Enter the date of the hearing"]}


def test_variation_changes_live_until_and_conditions(issue, record):
    issue("final_warning", issued_on=days_ago(40), justification="Threatened the complainant.")
    abc = issue("abc", issued_on=days_ago(10), conditions="One.")

    record(abc, EventType.VARIED, new_live_until=days_ago(10) + datetime.timedelta(days=90), new_conditions="Two.")

    abc.refresh_from_db()
    assert (abc.live_until, abc.conditions) == (days_ago(10) + datetime.timedelta(days=90), "Two.")


@BEFORE_2026
def test_variation_needs_something_to_vary_and_keeps_to_the_limits(issue, record, perpetrator):
    perpetrator.date_of_birth = days_ago(17 * 366)
    perpetrator.save()
    issue("cpw", issued_on=days_ago(60), justification="Severe.")
    injunction = issue(
        "civil_injunction",
        issued_on=days_ago(10),
        live_until=days_ago(10) + datetime.timedelta(days=100),
        justification="Violence towards neighbours.",
    )

    with pytest.raises(ValidationError) as nothing:
        record(injunction, EventType.VARIED)
    with pytest.raises(ValidationError) as too_long:
        record(injunction, EventType.VARIED, new_live_until=days_ago(10) + datetime.timedelta(days=400))

    assert list(errors_of(nothing)) == ["new_live_until"]
    assert "at most 12 months for someone under 18" in errors_of(too_long)["new_live_until"][0]


def test_discharge_ends_it_and_nothing_but_an_old_breach_follows(issue, record, evidence):
    warning = issue("first_warning", issued_on=days_ago(10))
    record(warning, EventType.DISCHARGED, occurred_on=days_ago(2))

    with pytest.raises(ValidationError) as vary:
        record(warning, EventType.VARIED, new_conditions="More.")
    with pytest.raises(ValidationError) as late_breach:
        record(warning, EventType.BREACH, evidence_entry=evidence, occurred_on=days_ago(1))
    record(warning, EventType.BREACH, evidence_entry=evidence, occurred_on=days_ago(3))

    warning.refresh_from_db()
    assert (warning.status, warning.status_on, warning.breach_count) == (InterventionStatus.DISCHARGED, days_ago(2), 1)
    assert errors_of(vary) == {
        "event_type": [
            f"This First warning letter discharged on {days_ago(2):%-d %B %Y}: only a breach while it was live can "
            "be recorded"
        ]
    }
    assert list(errors_of(late_breach)) == ["occurred_on"]


def test_expiry_is_recorded(issue, record):
    warning = issue("words_of_advice", issued_on=days_ago(10))

    record(warning, EventType.EXPIRED, occurred_on=days_ago(1))

    warning.refresh_from_db()
    assert (warning.status, warning.status_on) == (InterventionStatus.EXPIRED, days_ago(1))


def test_nothing_is_recorded_on_a_quashed_or_refused_intervention(cpn, issue, record, evidence):
    record(cpn, EventType.APPEAL_LODGED)
    record(cpn, EventType.APPEAL_ALLOWED)
    refused = issue("abc", issued_on=days_ago(1), refused_to_sign=True, justification="Severe.")
    before = record_counts()

    with pytest.raises(ValidationError) as quashed:
        record(cpn, EventType.BREACH, evidence_entry=evidence)
    with pytest.raises(ValidationError) as unsigned:
        record(refused, EventType.BREACH, evidence_entry=evidence)

    assert errors_of(quashed) == {
        "event_type": [
            f"This Community Protection Notice was quashed on appeal on {TODAY():%-d %B %Y}: nothing more can be recorded"
        ]
    }
    assert "refused to sign this Acceptable Behaviour Contract or Agreement" in errors_of(unsigned)["event_type"][0]
    assert record_counts() == before


def test_a_stale_version_is_refused_and_nothing_saved(issue, record, lead_officer):
    warning = issue("words_of_advice", issued_on=days_ago(10))
    record(warning, EventType.HEARING_LISTED, hearing_on=TODAY())
    before = record_counts()

    with pytest.raises(services.InterventionChanged) as excinfo:
        services.intervention_record_event(
            officer=lead_officer,
            intervention=warning,
            expected_version=1,
            event_type=EventType.DISCHARGED,
            occurred_on=TODAY(),
            details="Discharged.",
        )

    assert excinfo.value.current.version == 2
    assert record_counts() == before


# --- The person's ladder is locked while an intervention is issued ------------------------------------------------


@pytest.fixture
def committed_catalogue(transactional_db):
    ensure_catalogue()
    return {kind.code: kind for kind in InterventionKind.objects.all()}


@pytest.mark.django_db(transaction=True)
def test_two_officers_recording_at_once_take_turns_on_the_ladder(
    committed_catalogue, case, perpetrator, lead_officer, lead_agency, partner_officer, partner_agency
):
    """The first officer's words of advice hold the ladder until they are saved; the second officer's, recorded
    meanwhile, waits and then sees them, so its suggested stage is tier 2 rather than a stale tier 1."""
    first_saved, release = threading.Event(), threading.Event()
    results = {}

    def common(officer, agency):
        return {
            "officer": officer,
            "case": case,
            "person": perpetrator,
            "kind": committed_catalogue["words_of_advice"],
            "issuing_agency": agency,
            "issuing_officer": officer,
            "issued_on": days_ago(1),
        }

    def first():
        try:
            with transaction.atomic():
                results["first"] = services.intervention_issue(**common(lead_officer, lead_agency))
                first_saved.set()
                release.wait(10)
        finally:
            connection.close()

    def second():
        try:
            first_saved.wait(10)
            results["second"] = services.intervention_issue(**common(partner_officer, partner_agency))
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_saved.wait(10)
    threads[1].join(1.0)
    second_was_waiting = threads[1].is_alive()
    release.set()
    for thread in threads:
        thread.join(20)

    assert second_was_waiting
    assert (results["first"].suggested_tier, results["second"].suggested_tier) == (1, 2)
