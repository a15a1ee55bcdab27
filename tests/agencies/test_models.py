import pytest
from django.contrib.auth.models import Group
from django.db import ProgrammingError, connection, transaction

from agencies.models import Agency, AuditAction, AuditEvent
from agencies.roles import Role, agency_group_name, role_group_name
from agencies.services import audit_record
from tests.factories import AgencyFactory, DepartmentFactory, OfficerFactory


def agency_groups(officer) -> list[str]:
    return sorted(officer.groups.filter(name__startswith="agency:").values_list("name", flat=True))


@pytest.mark.django_db
def test_agency_group_created_and_named_after_agency_id():
    agency = AgencyFactory()

    assert agency.group.name == f"agency:{agency.pk}"
    assert Group.objects.get(pk=agency.group_id).name == agency_group_name(agency.pk)


@pytest.mark.django_db
def test_agency_group_kept_when_agency_saved_again():
    agency = AgencyFactory()
    group_id = agency.group_id
    groups_before = Group.objects.count()

    agency.name = "Renamed Council"
    agency.save()

    assert Agency.objects.get(pk=agency.pk).group_id == group_id
    assert Group.objects.count() == groups_before


@pytest.mark.django_db
def test_agency_groups_distinct_for_each_agency():
    first, second = AgencyFactory(), AgencyFactory()

    assert first.group_id != second.group_id


@pytest.mark.django_db
def test_officer_joins_agency_group_when_created():
    agency = AgencyFactory()

    officer = OfficerFactory(agency=agency)

    assert agency_groups(officer) == [agency.group.name]


@pytest.mark.django_db
def test_officer_moves_group_when_agency_changes():
    old, new = AgencyFactory(), AgencyFactory()
    officer = OfficerFactory(agency=old)

    officer.agency = new
    officer.save()

    assert agency_groups(officer) == [new.group.name]


@pytest.mark.django_db
def test_officer_leaves_agency_group_when_agency_removed():
    officer = OfficerFactory()

    officer.agency = None
    officer.save()

    assert agency_groups(officer) == []


@pytest.mark.django_db
def test_officer_without_agency_joins_group_when_agency_given():
    officer = OfficerFactory(agency=None)
    agency = AgencyFactory()

    officer.agency = agency
    officer.save()

    assert agency_groups(officer) == [agency.group.name]


@pytest.mark.django_db
def test_officer_keeps_role_groups_when_agency_changes():
    officer = OfficerFactory(roles=["officer", "manager"])

    officer.agency = AgencyFactory()
    officer.save()

    roles = sorted(officer.groups.filter(name__startswith="role:").values_list("name", flat=True))
    assert roles == ["role:manager", "role:officer"]


@pytest.mark.django_db
def test_officer_saved_without_change_keeps_one_agency_group():
    officer = OfficerFactory()

    officer.job_title = "Senior ASB officer"
    officer.save()

    assert agency_groups(officer) == [officer.agency.group.name]


@pytest.mark.django_db
def test_role_groups_created_by_migration():
    names = set(Group.objects.filter(name__startswith="role:").values_list("name", flat=True))

    assert names == {role_group_name(role) for role in Role.values}


@pytest.mark.django_db
def test_officer_has_role_true_only_for_roles_held():
    officer = OfficerFactory(roles=["jag_chair"])

    assert (officer.has_role(Role.JAG_CHAIR), officer.has_role(Role.MANAGER)) == (True, False)


@pytest.mark.django_db
def test_officer_display_name_falls_back_to_username():
    officer = OfficerFactory(username="nameless", first_name="", last_name="")

    assert officer.display_name == "nameless"


@pytest.mark.django_db
def test_department_str_names_agency():
    department = DepartmentFactory(agency=AgencyFactory(short_name="LCC"), name="Community Safety")

    assert str(department) == "LCC: Community Safety"


@pytest.mark.django_db
def test_audit_record_stores_officer_agency_object_and_reference():
    officer = OfficerFactory()

    event = audit_record(
        officer=officer,
        action=AuditAction.VIEW,
        description="Viewed something",
        obj=officer.agency,
        case_reference="ASB-2025-000001",
        ip_address="10.0.0.1",
        user_agent="pytest",
    )

    stored = AuditEvent.objects.get(pk=event.pk)
    assert (
        stored.officer_id,
        stored.agency_id,
        stored.action,
        stored.object_id,
        stored.content_type.model,
        stored.case_reference,
        stored.ip_address,
    ) == (officer.pk, officer.agency_id, "view", str(officer.agency_id), "agency", "ASB-2025-000001", "10.0.0.1")


@pytest.mark.django_db
def test_audit_record_truncates_long_description():
    event = audit_record(officer=None, action=AuditAction.SIGN_IN_FAILED, description="x" * 600)

    assert (len(event.description), event.officer_id, event.agency_id) == (500, None, None)


@pytest.mark.django_db
def test_auditevent_update_refused_by_database():
    event = audit_record(officer=OfficerFactory(), action=AuditAction.VIEW, description="Viewed a case")

    with pytest.raises(ProgrammingError, match="agencies_auditevent is append-only: UPDATE refused"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE agencies_auditevent SET description = 'tampered' WHERE id = %s", [event.pk])

    assert AuditEvent.objects.get(pk=event.pk).description == "Viewed a case"


@pytest.mark.django_db
def test_auditevent_delete_refused_by_database():
    event = audit_record(officer=OfficerFactory(), action=AuditAction.VIEW, description="Viewed a case")

    with pytest.raises(ProgrammingError, match="agencies_auditevent is append-only: DELETE refused"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM agencies_auditevent WHERE id = %s", [event.pk])

    assert AuditEvent.objects.filter(pk=event.pk).count() == 1
