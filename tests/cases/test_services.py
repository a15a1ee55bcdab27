import datetime
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import ProgrammingError, connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from agencies.models import AuditAction, AuditEvent
from cases.models import (
    Case,
    CaseAgency,
    CaseReferenceCounter,
    ChronologyEntry,
    EntryKind,
    PersonRole,
    PlanVersion,
    RiskAssessment,
    RiskBand,
    RiskReviewInterval,
    normalise_postcode,
)
from cases.permissions import CONTRIBUTE, VIEW, case_permissions, cases_visible_to
from cases.services import (
    ConcurrentEditError,
    case_add_agency,
    case_add_person,
    case_remove_agency,
    case_update,
    chronology_add,
    chronology_correct,
    document_upload,
    incident_record,
    person_create,
    plan_save,
    risk_assess,
    risk_calculate,
)
from core import clock
from tests.factories import AgencyFactory, CaseFactory, CategoryFactory, OfficerFactory, PersonFactory

NO = dict(
    happened_before=False,
    reported_elsewhere=False,
    feels_targeted=False,
    household_vulnerable=False,
    children_involved=False,
)
MEDIUM_ANSWERS = {**NO, "household_vulnerable": True}
HIGH_ANSWERS = {**NO, "household_vulnerable": True, "happened_before": True, "feels_targeted": True}
PLAN = dict(
    overview="Repeated late-night noise from the flat above.",
    who_is_at_risk="The elderly complainant downstairs.",
    risk_from="The tenant of flat 2.",
    children_involved=False,
    actions="Joint visit, warning letter, noise monitoring.",
)


def chronology_texts(case: Case) -> list[str]:
    return list(ChronologyEntry.objects.filter(case=case).order_by("id").values_list("text", flat=True))


def open_case(lead_officer, jag, category, **overrides) -> Case:
    return CaseFactory(lead_officer=lead_officer, jag=jag, category=category, **overrides)


# --- case_open --------------------------------------------------------------------------------------------


def test_case_open_reference_format(lead_officer, jag, category):
    case = open_case(lead_officer, jag, category)

    assert re.fullmatch(r"ASB-\d{4}-\d{6}", case.reference) is not None
    assert case.reference == f"ASB-{clock.today().year}-000001"


def test_case_open_references_sequential(lead_officer, jag, category):
    year = clock.today().year

    references = [open_case(lead_officer, jag, category).reference for _ in range(3)]

    assert references == [f"ASB-{year}-000001", f"ASB-{year}-000002", f"ASB-{year}-000003"]


def test_case_open_reference_continues_from_counter(lead_officer, jag, category):
    year = clock.today().year
    CaseReferenceCounter.objects.create(year=year, last_number=41)

    case = open_case(lead_officer, jag, category)

    assert case.reference == f"ASB-{year}-000042"


def test_case_open_writes_system_chronology_entry(lead_officer, lead_agency, jag, category):
    case = open_case(lead_officer, jag, category)

    entries = list(ChronologyEntry.objects.filter(case=case).values_list("kind", "officer_id", "agency_id", "text"))
    assert entries == [
        (
            EntryKind.SYSTEM,
            lead_officer.pk,
            lead_agency.pk,
            f"Case opened: Noise nuisance, led by Leicester City Council (Lena Lead), managed by {jag}.",
        )
    ]


def test_case_open_writes_audit_event(lead_officer, jag, category):
    case = open_case(lead_officer, jag, category)

    events = list(AuditEvent.objects.filter(case_reference=case.reference).values_list("action", "officer_id"))
    assert events == [(AuditAction.CREATE, lead_officer.pk)]


def test_case_open_starts_open_at_version_one(lead_officer, jag, category):
    case = open_case(lead_officer, jag, category)

    assert (case.status, case.version, case.risk_band, case.opened_by_id) == ("open", 1, "", lead_officer.pk)


def test_case_open_normalises_postcode(lead_officer, jag, category):
    case = open_case(lead_officer, jag, category, postcode="le3  0bq")

    assert Case.objects.get(pk=case.pk).postcode == "LE3 0BQ"


def test_case_open_invalid_postcode_raises(lead_officer, jag, category):
    with pytest.raises(ValidationError) as raised:
        open_case(lead_officer, jag, category, postcode="NOT A POSTCODE")

    assert list(raised.value.message_dict) == ["postcode"]
    assert Case.objects.count() == 0


def test_case_open_hate_category_flags_hate_incident(lead_officer, jag):
    hate = CategoryFactory(name="Hate incident")

    case = open_case(lead_officer, jag, hate, hate_incident=False)

    assert case.hate_incident is True


def test_case_open_lead_officer_outside_lead_agency_raises(lead_officer, partner_agency, jag, category):
    with pytest.raises(ValidationError) as raised:
        open_case(lead_officer, jag, category, lead_agency=partner_agency)

    assert list(raised.value.message_dict) == ["lead_officer"]
    assert (Case.objects.count(), ChronologyEntry.objects.count()) == (0, 0)


def test_case_open_by_partner_officer_keeps_their_agency_involved(
    lead_officer, partner_officer, partner_agency, jag, category
):
    case = open_case(lead_officer, jag, category, officer=partner_officer)

    assert list(case.involved_agencies.all()) == [partner_agency]
    assert case_permissions(partner_officer, case) == {VIEW, CONTRIBUTE}


# --- case_add_agency / case_remove_agency ---------------------------------------------------------------


def test_case_add_agency_grants_view_and_contribute(lead_officer, partner_officer, partner_agency, jag, category):
    case = open_case(lead_officer, jag, category)
    assert case_permissions(partner_officer, case) == set()

    case_add_agency(case=case, officer=lead_officer, agency=partner_agency)

    assert case_permissions(partner_officer, case) == {VIEW, CONTRIBUTE}
    assert list(cases_visible_to(partner_officer)) == [case]


def test_case_add_agency_writes_chronology_and_audit(case, lead_officer):
    assert chronology_texts(case)[-1] == "Agency brought into the case: Leicestershire Police."
    shares = list(AuditEvent.objects.filter(case_reference=case.reference, action=AuditAction.SHARE))
    assert [(e.officer_id, e.description) for e in shares] == [
        (lead_officer.pk, "Shared case with Leicestershire Police")
    ]


def test_case_add_agency_lead_agency_refused(case, lead_officer, lead_agency):
    with pytest.raises(ValidationError) as raised:
        case_add_agency(case=case, officer=lead_officer, agency=lead_agency)

    assert raised.value.message_dict == {"agency": ["Leicester City Council already leads this case"]}


def test_case_add_agency_twice_refused(case, lead_officer, partner_agency):
    with pytest.raises(ValidationError) as raised:
        case_add_agency(case=case, officer=lead_officer, agency=partner_agency)

    assert raised.value.message_dict == {"agency": ["Leicestershire Police is already involved in this case"]}
    assert CaseAgency.objects.filter(case=case).count() == 1


def test_case_remove_agency_revokes_access(case, lead_officer, partner_officer, partner_agency):
    case_remove_agency(case=case, officer=lead_officer, agency=partner_agency)

    assert case_permissions(partner_officer, case) == set()
    assert list(cases_visible_to(partner_officer)) == []


def test_case_remove_agency_writes_chronology(case, lead_officer, partner_agency):
    case_remove_agency(case=case, officer=lead_officer, agency=partner_agency)

    assert chronology_texts(case)[-1] == "Agency removed from the case: Leicestershire Police."


def test_case_remove_agency_not_involved_refused(case, lead_officer, outsider_agency):
    with pytest.raises(ValidationError) as raised:
        case_remove_agency(case=case, officer=lead_officer, agency=outsider_agency)

    assert raised.value.message_dict == {"agency": ["Rutland County Council is not involved in this case"]}


# --- case_update ------------------------------------------------------------------------------------------


def test_case_update_changes_fields_and_increments_version(case, lead_officer):
    updated = case_update(case=case, officer=lead_officer, expected_version=1, ward="Fosse", postcode="le3 5ha")

    stored = Case.objects.get(pk=case.pk)
    assert (stored.ward, stored.postcode, stored.version, updated.version) == ("Fosse", "LE3 5HA", 2, 2)


def test_case_update_writes_chronology_and_audit(case, lead_officer):
    case_update(case=case, officer=lead_officer, expected_version=1, ward="Fosse")

    assert chronology_texts(case)[-1] == "Case details changed. ward: Westcotes → Fosse"
    changes = AuditEvent.objects.filter(case_reference=case.reference, action=AuditAction.CHANGE)
    assert list(changes.values_list("description", flat=True)) == ["Changed ward"]


def test_case_update_stale_version_raises_and_changes_nothing(case, lead_officer):
    case_update(case=case, officer=lead_officer, expected_version=1, ward="Fosse")
    entries_before = ChronologyEntry.objects.filter(case=case).count()

    with pytest.raises(ConcurrentEditError) as raised:
        case_update(case=case, officer=lead_officer, expected_version=1, ward="Braunstone", summary="Overwritten")

    stored = Case.objects.get(pk=case.pk)
    assert (stored.ward, stored.summary, stored.version) == ("Fosse", case.summary, 2)
    assert raised.value.current.version == 2
    assert ChronologyEntry.objects.filter(case=case).count() == entries_before


def test_case_update_without_change_keeps_version(case, lead_officer):
    entries_before = ChronologyEntry.objects.filter(case=case).count()

    updated = case_update(case=case, officer=lead_officer, expected_version=1, ward=case.ward)

    assert (updated.version, ChronologyEntry.objects.filter(case=case).count()) == (1, entries_before)


def test_case_update_lead_officer_outside_lead_agency_raises(case, lead_officer, partner_officer):
    with pytest.raises(ValidationError) as raised:
        case_update(case=case, officer=lead_officer, expected_version=1, lead_officer=partner_officer)

    assert list(raised.value.message_dict) == ["lead_officer"]
    stored = Case.objects.get(pk=case.pk)
    assert (stored.lead_officer_id, stored.version) == (lead_officer.pk, 1)


def test_case_update_unknown_field_raises(case, lead_officer):
    with pytest.raises(TypeError):
        case_update(case=case, officer=lead_officer, expected_version=1, status="closed")


def test_case_update_new_lead_agency_keeps_old_lead_involved(
    case, lead_officer, lead_agency, partner_officer, partner_agency
):
    case_update(
        case=case,
        officer=lead_officer,
        expected_version=1,
        lead_agency=partner_agency,
        lead_officer=partner_officer,
    )

    assert list(Case.objects.get(pk=case.pk).involved_agencies.all()) == [lead_agency]
    assert case_permissions(partner_officer, case) == {"view_case", "contribute_to_case", "change_case"}
    assert case_permissions(lead_officer, case) == {VIEW, CONTRIBUTE}


# --- incidents --------------------------------------------------------------------------------------------


def incident(case, officer, **overrides):
    now = clock.now()
    arguments = dict(
        case=case,
        officer=officer,
        occurred_at=now - datetime.timedelta(days=2),
        reported_at=now - datetime.timedelta(days=1),
        reported_to=officer.agency,
        description="Music until 3am.",
        hate_incident=False,
    )
    return incident_record(**{**arguments, **overrides})


def test_incident_record_writes_chronology(case, lead_officer):
    recorded = incident(case, lead_officer)

    assert recorded.case_id == case.pk
    assert chronology_texts(case)[-1].startswith("Incident recorded: happened ")


def test_incident_reported_before_it_happened_raises(case, lead_officer):
    now = clock.now()

    with pytest.raises(ValidationError) as raised:
        incident(
            case,
            lead_officer,
            occurred_at=now - datetime.timedelta(days=1),
            reported_at=now - datetime.timedelta(days=2),
        )

    assert raised.value.message_dict == {
        "reported_at": ["When it was reported must be the same as or after when it happened"]
    }


def test_incident_in_future_raises(case, lead_officer):
    later = clock.now() + datetime.timedelta(hours=2)

    with pytest.raises(ValidationError) as raised:
        incident(case, lead_officer, occurred_at=later, reported_at=later)

    assert raised.value.message_dict == {
        "occurred_at": ["When it happened must be in the past"],
        "reported_at": ["When it was reported must be in the past"],
    }
    assert case.incidents.count() == 0


# --- chronology -------------------------------------------------------------------------------------------


def test_chronology_add_appends_officer_entry(case, partner_officer, partner_agency):
    when = clock.now() - datetime.timedelta(hours=1)

    entry = chronology_add(case=case, officer=partner_officer, kind=EntryKind.VISIT, occurred_at=when, text="Visited.")

    stored = ChronologyEntry.objects.get(pk=entry.pk)
    assert (stored.kind, stored.agency_id, stored.officer_id, stored.occurred_at) == (
        "visit",
        partner_agency.pk,
        partner_officer.pk,
        when,
    )


@pytest.mark.parametrize("kind", [EntryKind.SYSTEM, EntryKind.CORRECTION])
def test_chronology_add_service_only_kinds_refused(case, lead_officer, kind):
    with pytest.raises(ValidationError) as raised:
        chronology_add(case=case, officer=lead_officer, kind=kind, occurred_at=clock.now(), text="x")

    assert list(raised.value.message_dict) == ["kind"]


def test_chronology_add_future_date_refused(case, lead_officer):
    later = clock.now() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as raised:
        chronology_add(case=case, officer=lead_officer, kind=EntryKind.NOTE, occurred_at=later, text="x")

    assert list(raised.value.message_dict) == ["occurred_at"]


def test_chronology_correct_appends_entry_pointing_at_original(case, lead_officer):
    original = chronology_add(
        case=case, officer=lead_officer, kind=EntryKind.CALL, occurred_at=clock.now(), text="Called Mr Smyth."
    )
    original_row = ChronologyEntry.objects.filter(pk=original.pk).values().get()
    count_before = ChronologyEntry.objects.filter(case=case).count()

    correction = chronology_correct(entry=original, officer=lead_officer, text="The name is Smith, not Smyth.")

    assert (correction.kind, correction.corrects_id, correction.case_id) == ("correction", original.pk, case.pk)
    assert ChronologyEntry.objects.filter(pk=original.pk).values().get() == original_row
    assert ChronologyEntry.objects.filter(case=case).count() == count_before + 1
    assert list(original.corrections.all()) == [correction]


def test_chronology_correct_system_entry_refused(case, lead_officer):
    system_entry = ChronologyEntry.objects.filter(case=case, kind=EntryKind.SYSTEM).first()

    with pytest.raises(ValidationError):
        chronology_correct(entry=system_entry, officer=lead_officer, text="No.")


def test_chronology_update_refused_by_database(case):
    entry = ChronologyEntry.objects.filter(case=case).first()

    with pytest.raises(ProgrammingError, match="cases_chronologyentry is append-only: UPDATE refused"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE cases_chronologyentry SET text = 'rewritten' WHERE id = %s", [entry.pk])

    assert ChronologyEntry.objects.get(pk=entry.pk).text == entry.text


def test_chronology_delete_refused_by_database(case):
    entry = ChronologyEntry.objects.filter(case=case).first()

    with pytest.raises(ProgrammingError, match="cases_chronologyentry is append-only: DELETE refused"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM cases_chronologyentry WHERE id = %s", [entry.pk])

    assert ChronologyEntry.objects.filter(pk=entry.pk).count() == 1


# --- risk -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "band"),
    [
        ({}, RiskBand.STANDARD),
        ({"happened_before": True}, RiskBand.STANDARD),
        ({"happened_before": True, "reported_elsewhere": True}, RiskBand.MEDIUM),
        ({"household_vulnerable": True}, RiskBand.MEDIUM),
        ({"happened_before": True, "reported_elsewhere": True, "feels_targeted": True}, RiskBand.MEDIUM),
        (
            {"happened_before": True, "reported_elsewhere": True, "feels_targeted": True, "children_involved": True},
            RiskBand.HIGH,
        ),
        ({"household_vulnerable": True, "happened_before": True, "children_involved": True}, RiskBand.HIGH),
    ],
)
def test_risk_calculate_bands(answers, band):
    assert risk_calculate(**{**NO, **answers}) == band


BAND_ORDER = [RiskBand.STANDARD, RiskBand.MEDIUM, RiskBand.HIGH]
answers_strategy = st.fixed_dictionaries({question: st.booleans() for question in NO})


@given(answers=answers_strategy, question=st.sampled_from(sorted(NO)))
def test_risk_calculate_another_yes_never_lowers_band(answers, question):
    before = risk_calculate(**answers)
    after = risk_calculate(**{**answers, question: True})

    assert BAND_ORDER.index(after) >= BAND_ORDER.index(before)


@given(answers=answers_strategy)
def test_risk_calculate_vulnerable_household_never_standard(answers):
    assert risk_calculate(**{**answers, "household_vulnerable": True}) != RiskBand.STANDARD


@pytest.mark.parametrize(
    ("answers", "band", "days"),
    [(NO, RiskBand.STANDARD, 56), (MEDIUM_ANSWERS, RiskBand.MEDIUM, 28), (HIGH_ANSWERS, RiskBand.HIGH, 14)],
)
def test_risk_assess_sets_band_and_next_review_date(case, lead_officer, answers, band, days):
    assessment = risk_assess(case=case, officer=lead_officer, **answers)

    expected_review = clock.today() + datetime.timedelta(days=days)
    stored = Case.objects.get(pk=case.pk)
    assert (assessment.band, assessment.review_days, assessment.next_review_date) == (band, days, expected_review)
    assert (stored.risk_band, stored.next_review_date) == (band, expected_review)


def test_risk_assess_review_interval_read_from_table(case, lead_officer):
    RiskReviewInterval.objects.filter(band=RiskBand.HIGH).update(days=7)

    assessment = risk_assess(case=case, officer=lead_officer, **HIGH_ANSWERS)

    assert (assessment.review_days, assessment.next_review_date) == (7, clock.today() + datetime.timedelta(7))


def test_risk_assess_override_without_reason_refused(case, lead_officer):
    with pytest.raises(ValidationError) as raised:
        risk_assess(case=case, officer=lead_officer, **NO, override_band=RiskBand.HIGH, override_reason="  ")

    assert list(raised.value.message_dict) == ["override_reason"]
    assert (RiskAssessment.objects.filter(case=case).count(), Case.objects.get(pk=case.pk).risk_band) == (0, "")


def test_risk_assess_override_with_reason_keeps_calculated_band(case, lead_officer):
    assessment = risk_assess(
        case=case, officer=lead_officer, **NO, override_band=RiskBand.HIGH, override_reason="Threats of violence."
    )

    assert (assessment.calculated_band, assessment.band, assessment.override_reason, assessment.overridden) == (
        RiskBand.STANDARD,
        RiskBand.HIGH,
        "Threats of violence.",
        True,
    )
    assert assessment.review_days == 14


def test_risk_assess_keeps_history(case, lead_officer):
    risk_assess(case=case, officer=lead_officer, **MEDIUM_ANSWERS)
    risk_assess(case=case, officer=lead_officer, **HIGH_ANSWERS)
    risk_assess(case=case, officer=lead_officer, **HIGH_ANSWERS)

    bands = list(RiskAssessment.objects.filter(case=case).order_by("id").values_list("band", flat=True))
    assert bands == ["medium", "high", "high"]
    assert Case.objects.get(pk=case.pk).risk_band == "high"
    texts = [t.split(".")[0] for t in chronology_texts(case)[-3:]]
    assert texts == ["Risk assessed as medium", "Risk changed from medium to high", "Risk reviewed: remains high"]


# --- plan (Appendix A) ------------------------------------------------------------------------------------


def test_plan_save_unassessed_case_refused(case, lead_officer):
    with pytest.raises(ValidationError):
        plan_save(case=case, officer=lead_officer, **PLAN)

    assert PlanVersion.objects.filter(case=case).count() == 0


def test_plan_save_standard_risk_case_refused(case, lead_officer):
    risk_assess(case=case, officer=lead_officer, **NO)

    with pytest.raises(ValidationError):
        plan_save(case=case, officer=lead_officer, **PLAN)

    assert PlanVersion.objects.filter(case=case).count() == 0


def test_plan_save_numbers_versions(case, lead_officer):
    risk_assess(case=case, officer=lead_officer, **MEDIUM_ANSWERS)

    numbers = [plan_save(case=case, officer=lead_officer, **PLAN).number for _ in range(3)]

    assert numbers == [1, 2, 3]
    assert chronology_texts(case)[-1] == "Problem-solving plan (Appendix A) revised: version 3."


def test_plan_save_keeps_earlier_versions_unchanged(case, lead_officer, partner_officer):
    risk_assess(case=case, officer=lead_officer, **HIGH_ANSWERS)
    first = plan_save(case=case, officer=lead_officer, **PLAN)
    first_row = PlanVersion.objects.filter(pk=first.pk).values().get()

    second = plan_save(case=case, officer=partner_officer, **{**PLAN, "actions": "Apply for a civil injunction."})

    assert PlanVersion.objects.filter(pk=first.pk).values().get() == first_row
    assert (second.number, second.actions, second.completed_by_id) == (
        2,
        "Apply for a civil injunction.",
        partner_officer.pk,
    )


def test_plan_save_unknown_field_raises(case, lead_officer):
    risk_assess(case=case, officer=lead_officer, **MEDIUM_ANSWERS)

    with pytest.raises(TypeError):
        plan_save(case=case, officer=lead_officer, **PLAN, number=7)


# --- people -----------------------------------------------------------------------------------------------


def test_person_create_normalises_name_and_postcode(lead_officer):
    person = person_create(officer=lead_officer, first_name=" Jo ", last_name="Bloggs ", postcode="le16zg")

    assert (person.first_name, person.last_name, person.postcode, person.search_name) == (
        "Jo",
        "Bloggs",
        "LE1 6ZG",
        "jo bloggs",
    )


def test_person_create_future_date_of_birth_refused(lead_officer):
    with pytest.raises(ValidationError) as raised:
        person_create(
            officer=lead_officer,
            first_name="Jo",
            last_name="Bloggs",
            date_of_birth=clock.today() + datetime.timedelta(days=1),
        )

    assert list(raised.value.message_dict) == ["date_of_birth"]


def test_case_add_person_writes_chronology(case, lead_officer):
    person = PersonFactory(first_name="Jo", last_name="Bloggs")

    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)

    assert chronology_texts(case)[-1] == "Perpetrator added: Jo Bloggs."


def test_case_add_person_same_role_twice_refused(case, lead_officer):
    person = PersonFactory()
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.WITNESS)

    with pytest.raises(ValidationError) as raised:
        case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.WITNESS)

    assert list(raised.value.message_dict) == ["role"]


@given(text=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 \t", max_size=12))
def test_normalise_postcode_idempotent(text):
    once = normalise_postcode(text)

    assert normalise_postcode(once) == once


@pytest.mark.parametrize(
    ("typed", "stored"), [("le16zg", "LE1 6ZG"), ("LE1   6ZG", "LE1 6ZG"), (" le15 9aa ", "LE15 9AA"), ("", "")]
)
def test_normalise_postcode_examples(typed, stored):
    assert normalise_postcode(typed) == stored


# --- documents --------------------------------------------------------------------------------------------


def test_document_upload_stores_file_outside_var(case, lead_officer, tmp_path):
    uploaded = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 test", content_type="application/pdf")

    document = document_upload(
        case=case, officer=lead_officer, uploaded=uploaded, content_type="application/pdf", title="Warning letter"
    )

    stored_at = Path(default_storage.path(document.file.name))
    assert stored_at.is_relative_to(tmp_path)
    assert (stored_at.read_bytes(), document.size, document.original_name) == (b"%PDF-1.4 test", 13, "letter.pdf")
    assert chronology_texts(case)[-1] == "Document uploaded: Warning letter (letter.pdf)."


def test_document_upload_other_agency_officer_recorded(case, partner_officer):
    uploaded = SimpleUploadedFile("photo.png", b"\x89PNG\r\n", content_type="image/png")

    document = document_upload(
        case=case, officer=partner_officer, uploaded=uploaded, content_type="image/png", title="Photo"
    )

    assert document.uploaded_by_id == partner_officer.pk


def test_case_factory_lead_agency_follows_lead_officer(jag, category):
    officer = OfficerFactory(agency=AgencyFactory(short_name="NWLDC"))

    case = CaseFactory(lead_officer=officer, jag=jag, category=category)

    assert case.lead_agency_id == officer.agency_id
