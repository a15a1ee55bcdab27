"""People's records: edits with history, aliases, unknown people, merges, identification and the undo."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from agencies.models import AuditEvent
from cases.models import (
    CasePerson,
    CaseReviewActivation,
    ChronologyEntry,
    Person,
    PersonChange,
    PersonMerge,
    PersonRole,
    RiskAssessment,
)
from cases.people import services
from cases.services import case_add_person, person_create
from core import clock
from incremental.models import Intervention
from tests.factories import CaseFactory, InterventionFactory, OfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(lead_agency):
    return OfficerFactory(username="sys.admin", agency=lead_agency, is_staff=True, is_superuser=True)


def on_case(case, officer, first, last, role=PersonRole.PERPETRATOR, **details):
    person = person_create(officer=officer, first_name=first, last_name=last, **details)
    case_add_person(case=case, officer=officer, person=person, role=role)
    return person


def pointing_at(person) -> dict[str, list[int]]:
    """Every row in any app that points at the person, by model and field: what a merge must move."""
    found = {}
    for model, field in services.person_relations():
        pks = sorted(model._base_manager.filter(**{field.attname: person.pk}).values_list("pk", flat=True))
        if pks:
            found[f"{model._meta.label_lower}.{field.name}"] = pks
    return found


def test_every_foreign_key_to_a_person_is_moved_unless_it_belongs_to_the_record():
    relations = {f"{model._meta.label_lower}.{field.name}" for model, field in services.person_relations()}

    assert relations == {
        "cases.caseperson.person",
        "cases.casereviewactivation.victim",
        "cases.casereviewexplanation.victim",
        "cases.exploitationflag.person",
        "cases.importedperson.person",
        "cases.incident.reported_by",
        "cases.iomreferral.person",
        "cases.personalias.person",
        "cases.riskassessment.victim",
        "cases.supportreferral.person",
        "cases.victimassessment.victim",
        "cases.victimclosure.victim",
        "cases.victimcontact.victim",
        "cases.victimcontactchange.victim",
        "cases.victimcontactplan.victim",
        "cessation.complainantletter.complainant",
        "cessation.furtherreport.complainant",
        "incremental.intervention.person",
        "incremental.letterrecipient.person",
        "orders.respectriskassessment.person",
    }


def test_person_update_keeps_each_change_with_old_and_new_values(case, lead_officer):
    wayne = on_case(case, lead_officer, "Wayne", "Ruddock", address="1 Fosse Road")

    services.person_update(
        person=wayne, officer=lead_officer, expected_version=1, address="2 Fosse Road", postcode="le3 5ef"
    )

    wayne.refresh_from_db()
    change = PersonChange.objects.get(person=wayne)
    assert (wayne.address, wayne.postcode, wayne.version) == ("2 Fosse Road", "LE3 5EF", 2)
    assert change.changed_by == lead_officer
    assert change.changes == [
        {"field": "address", "label": "Address", "old": "1 Fosse Road", "new": "2 Fosse Road"},
        {"field": "postcode", "label": "Postcode", "old": "(blank)", "new": "LE3 5EF"},
    ]


def test_person_update_from_a_stale_form_is_refused(case, lead_officer):
    wayne = on_case(case, lead_officer, "Wayne", "Ruddock")
    services.person_update(person=wayne, officer=lead_officer, expected_version=1, telephone="0116 000 0000")

    with pytest.raises(services.PersonChangedError) as refused:
        services.person_update(person=wayne, officer=lead_officer, expected_version=1, telephone="0116 111 1111")

    assert refused.value.current.telephone == "0116 000 0000"
    assert PersonChange.objects.filter(person=wayne).count() == 1


def test_alias_added_once(case, lead_officer):
    wayne = on_case(case, lead_officer, "Wayne", "Ruddock")

    services.person_add_alias(person=wayne, officer=lead_officer, first_name="Wazza", last_name="Ruddock")
    with pytest.raises(ValidationError):
        services.person_add_alias(person=wayne, officer=lead_officer, first_name="wazza", last_name="RUDDOCK")

    assert [alias.full_name for alias in wayne.aliases.all()] == ["Wazza Ruddock"]
    assert PersonChange.objects.get(person=wayne).summary == "Also known as Wazza Ruddock"


def full_record(case, officer, first="Wayne", last="Ruddock"):
    """A person with one of everything that can point at a person on the case."""
    person = on_case(case, officer, first, last, role=PersonRole.COMPLAINANT)
    case_add_person(case=case, officer=officer, person=person, role=PersonRole.PERPETRATOR)
    InterventionFactory(case=case, person=person)
    RiskAssessment.objects.create(
        case=case,
        victim=person,
        assessed_by=officer,
        happened_before=True,
        reported_elsewhere=False,
        feels_targeted=True,
        household_vulnerable=False,
        children_involved=False,
        calculated_band="standard",
        band="standard",
        review_days=56,
        next_review_date=clock.today() + datetime.timedelta(days=56),
    )
    services.person_add_alias(person=person, officer=officer, first_name="Wazza", last_name=last)
    return person


def test_merge_moves_every_relation_and_keeps_both_records(case, lead_officer):
    other_case = CaseFactory(lead_officer=lead_officer)
    kept = on_case(case, lead_officer, "Wayne", "Ruddock")  # already the perpetrator on this case
    duplicate = full_record(case, lead_officer)
    case_add_person(case=other_case, officer=lead_officer, person=duplicate, role=PersonRole.WITNESS)
    before = pointing_at(duplicate)
    kept_before = pointing_at(kept)

    merge = services.person_merge(duplicate=duplicate, kept=kept, officer=lead_officer)

    duplicate.refresh_from_db()
    assert pointing_at(duplicate) == {}
    after = pointing_at(kept)
    # The perpetrator role on this case the kept person already had is not doubled: the duplicate's is set aside.
    roles = {(link.case_id, link.role) for link in CasePerson.objects.filter(person=kept)}
    assert roles == {
        (case.pk, PersonRole.PERPETRATOR),
        (case.pk, PersonRole.COMPLAINANT),
        (other_case.pk, PersonRole.WITNESS),
    }
    assert (
        CasePerson.objects.filter(case=case, role=PersonRole.PERPETRATOR).get().pk
        in kept_before["cases.caseperson.person"]
    )
    assert len(merge.removed) == 1
    for key in before:
        if key != "cases.caseperson.person":
            assert after[key] == before[key], key
    assert duplicate.merged_into == kept
    assert Person.objects.filter(pk=duplicate.pk).exists()
    assert sorted(merge.case_ids) == sorted([case.pk, other_case.pk])


def test_merge_is_on_the_chronology_of_each_case_whose_records_moved_and_audited(case, lead_officer):
    other_case, third_case = CaseFactory(lead_officer=lead_officer), CaseFactory(lead_officer=lead_officer)
    kept = on_case(case, lead_officer, "Wayne", "Ruddock")
    duplicate = on_case(other_case, lead_officer, "Wayne", "Rudock")
    case_add_person(case=third_case, officer=lead_officer, person=duplicate, role=PersonRole.WITNESS)

    merge = services.person_merge(duplicate=duplicate, kept=kept, officer=lead_officer)

    for each in (other_case, third_case):
        entry = ChronologyEntry.objects.filter(case=each).order_by("-pk").first()
        assert entry.text.startswith("Records of the same person merged: Wayne Rudock")
    events = AuditEvent.objects.filter(object_id=str(merge.pk), description__startswith="Merged Wayne Rudock")
    assert sorted(events.values_list("case_reference", flat=True)) == sorted(
        [other_case.reference, third_case.reference]
    )


def test_merge_keeps_both_histories(case, lead_officer):
    kept = on_case(case, lead_officer, "Wayne", "Ruddock")
    duplicate = on_case(case, lead_officer, "Wayne", "Rudock", role=PersonRole.WITNESS)
    services.person_update(person=duplicate, officer=lead_officer, expected_version=1, telephone="07700 900000")

    services.person_merge(duplicate=duplicate, kept=kept, officer=lead_officer)

    assert [c.summary for c in duplicate.history.all()] == [
        f"Merged into Wayne Ruddock (person {kept.pk})",
        "Details changed: telephone",
    ]
    assert [c.summary for c in kept.history.all()] == [f"Wayne Rudock (person {duplicate.pk}) merged into this record"]


def test_merge_refused_twice_and_into_itself(case, lead_officer):
    kept = on_case(case, lead_officer, "Wayne", "Ruddock")
    duplicate = on_case(case, lead_officer, "Wayne", "Rudock", role=PersonRole.WITNESS)
    services.person_merge(duplicate=duplicate, kept=kept, officer=lead_officer)

    with pytest.raises(ValidationError):
        services.person_merge(duplicate=duplicate, kept=kept, officer=lead_officer)
    with pytest.raises(ValidationError):
        services.person_merge(duplicate=kept, kept=kept, officer=lead_officer)
    with pytest.raises(ValidationError):
        services.person_merge(duplicate=kept, kept=duplicate, officer=lead_officer)


def test_undo_restores_exactly_what_moved(case, lead_officer, admin):
    other_case = CaseFactory(lead_officer=lead_officer)
    kept = full_record(other_case, lead_officer, "Wayne", "Ruddock")
    case_add_person(case=case, officer=lead_officer, person=kept, role=PersonRole.PERPETRATOR)
    duplicate = full_record(case, lead_officer, "Wayne", "Rudock")
    before = (pointing_at(duplicate), pointing_at(kept))
    merge = services.person_merge(duplicate=duplicate, kept=kept, officer=lead_officer)
    # Recorded against the kept person after the merge: stays with them.
    later = InterventionFactory(case=case, person=kept)

    services.person_merge_undo(merge=merge, officer=admin)

    duplicate.refresh_from_db()
    kept_after = pointing_at(kept)
    kept_after["incremental.intervention.person"].remove(later.pk)
    assert (pointing_at(duplicate), kept_after) == before
    assert duplicate.merged_into is None
    merge.refresh_from_db()
    assert (merge.undone_by, merge.undone_at is not None) == (admin, True)
    assert ChronologyEntry.objects.filter(case=case).order_by("-pk").first().text.startswith("Merge undone")
    assert duplicate.history.first().summary.startswith("Merge into Wayne Ruddock")


def test_undo_only_by_an_administrator_and_once(case, lead_officer, admin):
    kept = on_case(case, lead_officer, "Wayne", "Ruddock")
    duplicate = on_case(case, lead_officer, "Wayne", "Rudock", role=PersonRole.WITNESS)
    merge = services.person_merge(duplicate=duplicate, kept=kept, officer=lead_officer)

    with pytest.raises(ValidationError):
        services.person_merge_undo(merge=merge, officer=lead_officer)
    services.person_merge_undo(merge=merge, officer=admin)
    with pytest.raises(ValidationError):
        services.person_merge_undo(merge=merge, officer=admin)


def test_merged_again_after_undo(case, lead_officer, admin):
    kept = on_case(case, lead_officer, "Wayne", "Ruddock")
    duplicate = on_case(case, lead_officer, "Wayne", "Rudock", role=PersonRole.WITNESS)
    first = services.person_merge(duplicate=duplicate, kept=kept, officer=lead_officer)
    services.person_merge_undo(merge=first, officer=admin)

    second = services.person_merge(duplicate=duplicate, kept=kept, officer=lead_officer)

    assert PersonMerge.objects.filter(duplicate=duplicate, undone_at__isnull=True).get() == second


def test_undo_waits_for_a_later_merge_of_the_kept_record(case, lead_officer, admin):
    first = on_case(case, lead_officer, "Wayne", "Ruddock")
    second = on_case(case, lead_officer, "Wayne", "Rudock", role=PersonRole.WITNESS)
    third = on_case(case, lead_officer, "Wayne", "Ruddok", role=PersonRole.OTHER)
    earlier = services.person_merge(duplicate=third, kept=second, officer=lead_officer)
    services.person_merge(duplicate=second, kept=first, officer=lead_officer)

    with pytest.raises(ValidationError):
        services.person_merge_undo(merge=earlier, officer=admin)


def test_unknown_perpetrator_recorded_and_identified_as_someone_known(case, lead_officer, admin):
    wayne = on_case(CaseFactory(lead_officer=lead_officer), lead_officer, "Wayne", "Ruddock")
    link = services.person_record_unknown(
        case=case, officer=lead_officer, description="Unknown male, about 20, red moped"
    )
    unknown = link.person
    intervention = InterventionFactory(case=case, person=unknown)

    merge = services.person_identify(unknown=unknown, officer=lead_officer, person=wayne)

    intervention.refresh_from_db()
    unknown.refresh_from_db()
    assert (unknown.unknown, unknown.full_name) == (True, "Unknown person (Unknown male, about 20, red moped)")
    assert intervention.person == wayne
    assert CasePerson.objects.filter(case=case, person=wayne, role=PersonRole.PERPETRATOR).exists()
    assert merge.identification
    assert (
        ChronologyEntry.objects.filter(case=case)
        .order_by("-pk")
        .first()
        .text.startswith(
            "Unknown person identified: Unknown person (Unknown male, about 20, red moped) is Wayne Ruddock."
        )
    )

    services.person_merge_undo(merge=merge, officer=admin)

    intervention.refresh_from_db()
    assert intervention.person == unknown
    assert not CasePerson.objects.filter(case=case, person=wayne).exists()


def test_unknown_perpetrator_identified_as_a_new_person(case, lead_officer):
    unknown = services.person_record_unknown(case=case, officer=lead_officer, description="Tall, green hoodie").person

    merge = services.person_identify(
        unknown=unknown,
        officer=lead_officer,
        new_person={"first_name": "Kyle", "last_name": "Dempsey", "date_of_birth": datetime.date(2005, 1, 2)},
    )

    assert (merge.kept.full_name, merge.kept.unknown) == ("Kyle Dempsey", False)
    assert CasePerson.objects.get(case=case, person=merge.kept).role == PersonRole.PERPETRATOR


def test_unknown_person_needs_a_description_and_a_named_person_needs_a_name(case, lead_officer):
    with pytest.raises(ValidationError):
        services.person_record_unknown(case=case, officer=lead_officer, description="  ")
    wayne = on_case(case, lead_officer, "Wayne", "Ruddock")
    with pytest.raises(ValidationError):
        services.person_update(person=wayne, officer=lead_officer, expected_version=1, first_name="")


def test_identified_person_cannot_be_identified_again(case, lead_officer):
    wayne = on_case(case, lead_officer, "Wayne", "Ruddock")
    unknown = services.person_record_unknown(case=case, officer=lead_officer, description="Red moped").person
    services.person_identify(unknown=unknown, officer=lead_officer, person=wayne)

    with pytest.raises(ValidationError):
        services.person_identify(unknown=unknown, officer=lead_officer, person=wayne)
    with pytest.raises(ValidationError):
        services.person_identify(unknown=wayne, officer=lead_officer, person=unknown)


def test_case_review_victim_moves(case, lead_officer):
    kept = on_case(case, lead_officer, "Mary", "Smith", role=PersonRole.COMPLAINANT)
    duplicate = on_case(
        CaseFactory(lead_officer=lead_officer), lead_officer, "Mary", "Smyth", role=PersonRole.COMPLAINANT
    )
    rows = [f.name for f in CaseReviewActivation._meta.get_fields() if isinstance(f, models.Field)]
    assert "victim" in rows

    services.person_merge(duplicate=duplicate, kept=kept, officer=lead_officer)

    assert pointing_at(duplicate) == {}
    assert Intervention.objects.filter(person=duplicate).count() == 0
    assert clock.now()
