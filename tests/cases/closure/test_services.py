"""Closing a case with its victims: each told (or why not), outcome and satisfaction; the rule that a case closes only
once each victim is accounted for; reopening keeps the records as history; the cessation letter tells the victim."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from pypdf import PdfReader

from agencies.models import AuditEvent
from cases.closure import services
from cases.closure.selectors import closing_victims, closure_history
from cases.models import CaseStatus, ChronologyEntry, PersonRole, VictimClosure
from cases.services import case_add_person, case_set_status
from core import clock
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def told(case, victim, officer, *, expected_version=0, **overrides):
    values = {
        "told_how": "phone",
        "told_on": clock.today(),
        "told_what": "The noise has stopped since the tenancy ended.",
        "not_told_reason": "",
        "not_told_explanation": "",
        "outcome": "stopped",
        "satisfaction": 4,
    } | overrides
    return services.victim_closure_record(
        case=case, victim=victim, officer=officer, expected_version=expected_version, **values
    )


def pdf_text(document) -> str:
    document.file.open("rb")
    try:
        reader = PdfReader(io.BytesIO(document.file.read()))
    finally:
        document.file.close()
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_case_with_victims_not_told_cannot_close_and_names_them(case, lead_officer, victims):
    told(case, victims[0], lead_officer)
    with pytest.raises(ValidationError) as error:
        case_set_status(case=case, officer=lead_officer, status=CaseStatus.CLOSED, reason="Resolved.")
    assert error.value.message_dict == {
        "victims": [
            "Record how each victim was told the case is closing and why, or why they were not told: not yet "
            "recorded for Walter Witherspoon"
        ]
    }
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_case_closes_once_each_victim_told_or_reason_recorded(case, lead_officer, victims):
    told(case, victims[0], lead_officer)
    told(
        case,
        victims[1],
        lead_officer,
        told_how="",
        told_on=None,
        told_what="",
        not_told_reason="no_contact",
        not_told_explanation="Three calls and a visit, no answer.",
        outcome="reduced",
        satisfaction=None,
    )
    closed = case_set_status(case=case, officer=lead_officer, status=CaseStatus.CLOSED, reason="Resolved.")
    assert closed.status == CaseStatus.CLOSED


def test_case_without_victims_closes_as_before(case, lead_officer):
    assert case_set_status(case=case, officer=lead_officer, status=CaseStatus.CLOSED, reason="Resolved.").status == (
        CaseStatus.CLOSED
    )


def test_record_is_on_the_chronology_and_audited(case, lead_officer, victims):
    record = told(case, victims[0], lead_officer)
    entry = ChronologyEntry.objects.filter(case=case).order_by("-pk").first()
    assert entry.kind == "call"
    assert entry.text.startswith("Closing the case: Vera Victim told by phone on ")
    assert "Outcome for them: asb stopped; satisfaction with how the partnership handled it: 4 out of 5." in entry.text
    assert (
        AuditEvent.objects.filter(
            case_reference=case.reference, description="Recorded the closing for victim Vera Victim"
        ).count()
        == 1
    )
    assert (record.told_how, record.outcome, record.satisfaction, record.version) == ("phone", "stopped", 4, 1)


def test_told_needs_date_and_what_and_not_in_future(case, lead_officer, victims):
    with pytest.raises(ValidationError) as error:
        told(case, victims[0], lead_officer, told_on=clock.today() + datetime.timedelta(days=1), told_what=" ")
    assert error.value.message_dict == {
        "told_on": ["The date they were told must be today or earlier"],
        "told_what": ["Enter what they were told about the case closing and why"],
    }
    assert VictimClosure.objects.count() == 0


def test_not_told_other_needs_explanation_and_outcome_is_required(case, lead_officer, victims):
    with pytest.raises(ValidationError) as error:
        told(case, victims[0], lead_officer, told_how="", not_told_reason="other", outcome="")
    assert error.value.message_dict == {
        "not_told_explanation": ["Explain why they were not told"],
        "outcome": ["Choose the outcome for the victim"],
    }


def test_neither_told_nor_reason_is_refused(case, lead_officer, victims):
    with pytest.raises(ValidationError) as error:
        told(case, victims[0], lead_officer, told_how="", not_told_reason="")
    assert error.value.message_dict == {"told_how": ["Choose how they were told, or that they were not told"]}


def test_only_a_victim_of_the_case(case, lead_officer):
    witness = PersonFactory(created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=witness, role=PersonRole.WITNESS)
    with pytest.raises(ValidationError):
        told(case, witness, lead_officer)


def test_stale_edit_is_refused(case, lead_officer, victims):
    record = told(case, victims[0], lead_officer)
    told(case, victims[0], lead_officer, expected_version=record.version, satisfaction=5)
    with pytest.raises(services.VictimClosureChanged) as error:
        told(case, victims[0], lead_officer, expected_version=record.version, satisfaction=2)
    assert error.value.current.satisfaction == 5
    # A second "new" record for the same victim is a stale form too.
    with pytest.raises(services.VictimClosureChanged):
        told(case, victims[0], lead_officer, expected_version=0)


def test_database_refuses_told_without_date(case, lead_officer, victims):
    with pytest.raises(IntegrityError), transaction.atomic():
        VictimClosure.objects.create(case=case, victim=victims[0], told_how="phone", recorded_by=lead_officer)


def test_outcome_and_satisfaction_recorded_after_closure(case, lead_officer, victims):
    for victim in victims:
        told(case, victim, lead_officer, satisfaction=None)
    case_set_status(case=case, officer=lead_officer, status=CaseStatus.CLOSED, reason="Resolved.")
    record = VictimClosure.objects.get(case=case, victim=victims[0])
    updated = told(case, victims[0], lead_officer, expected_version=record.version, outcome="reduced", satisfaction=3)
    assert (updated.outcome, updated.satisfaction, updated.version) == ("reduced", 3, 2)


def test_reopening_keeps_the_records_as_history_and_the_next_closing_starts_afresh(case, lead_officer, victims):
    for victim in victims:
        told(case, victim, lead_officer)
    closed = case_set_status(case=case, officer=lead_officer, status=CaseStatus.CLOSED, reason="Resolved.")
    case_set_status(case=closed, officer=lead_officer, status=CaseStatus.OPEN, reason="It started again.")
    assert [row.record for row in closing_victims(case)] == [None, None]
    assert sorted(r.victim.last_name for r in closure_history(case)) == ["Victim", "Witherspoon"]
    with pytest.raises(ValidationError):
        case_set_status(case=case, officer=lead_officer, status=CaseStatus.CLOSED, reason="Resolved again.")
    told(case, victims[0], lead_officer)
    assert VictimClosure.objects.filter(case=case).count() == 3


def test_closing_letter_is_kept_on_the_case_and_reads_back(case, lead_officer, victims):
    record = told(case, victims[0], lead_officer)
    defaults = services.letter_defaults(case, victims[0], record)
    assert defaults == {
        "address": "Vera Victim\n12 Example Street, Leicester\nLE1 6ZG",
        "salutation": "Dear Vera Victim",
        "why": "The noise has stopped since the tenancy ended.",
    }
    document = services.closing_letter_generate(
        case=case, victim=victims[0], officer=lead_officer, letter=services.ClosingLetter(**defaults)
    )
    text = pdf_text(document)
    assert "Dear Vera Victim" in text
    assert "Why we are closing your case" in text
    assert "The noise has stopped since the tenancy ended." in text
    assert case.reference in text
    record.refresh_from_db()
    assert record.letter == document
    assert ChronologyEntry.objects.filter(case=case, kind="letter").count() == 1
    document.file.open("rb")
    try:
        catalog = PdfReader(io.BytesIO(document.file.read())).root_object
    finally:
        document.file.close()
    # Tagged PDF/UA: a screen reader reads the letter in order, in English.
    assert (catalog["/Lang"], catalog["/MarkInfo"]["/Marked"].value) == ("en-GB", True)
    assert "/StructTreeRoot" in catalog


def test_closing_letter_address_defaults_to_the_case_without_the_persons(case, lead_officer, add_victim):
    victim = add_victim("Nora", "Noaddress", address="", postcode="")
    assert services.letter_defaults(case, victim, None)["address"] == f"Nora Noaddress\n{case.address}\n{case.postcode}"


def test_closing_letter_needs_why(case, lead_officer, victims):
    with pytest.raises(ValidationError) as error:
        services.closing_letter_generate(
            case=case,
            victim=victims[0],
            officer=lead_officer,
            letter=services.ClosingLetter(address="Vera Victim", salutation="Dear Vera", why=" "),
        )
    assert error.value.message_dict == {"why": ["Enter why the case is closing"]}


def test_letter_tells_the_victim_unless_already_recorded(case, lead_officer, victims):
    told(case, victims[0], lead_officer)
    for victim in victims:
        services.victim_told_by_letter(
            case=case, victim=victim, officer=lead_officer, told_on=clock.today(), what="the cessation letter"
        )
    first, second = (VictimClosure.objects.get(case=case, victim=v) for v in victims)
    assert (first.told_how, first.told_what) == ("phone", "The noise has stopped since the tenancy ended.")
    assert (second.told_how, second.told_what, second.outcome) == ("letter", "the cessation letter", "")
