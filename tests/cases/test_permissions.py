import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cases.models import Case
from cases.permissions import (
    CHANGE,
    CONTRIBUTE,
    LEAD_PERMISSIONS,
    PARTNER_PERMISSIONS,
    VIEW,
    can_change,
    can_contribute,
    case_grant_access,
    case_permissions,
    cases_visible_to,
    get_case_for,
    visible_among,
)
from cases.services import case_update
from tests.factories import AgencyFactory, CaseFactory, JagFactory, OfficerFactory


def visible_references(user) -> list[str]:
    return list(cases_visible_to(user).order_by("reference").values_list("reference", flat=True))


def restrict(case: Case, *officers) -> None:
    case.restricted = True
    case.save()
    case.restricted_to.set(officers)
    case_grant_access(case)


# --- cases_visible_to -------------------------------------------------------------------------------------


def test_cases_visible_to_lead_officer_includes_case(case, lead_officer):
    assert visible_references(lead_officer) == [case.reference]


def test_cases_visible_to_lead_agency_colleague_includes_case(case, lead_agency):
    assert visible_references(OfficerFactory(agency=lead_agency)) == [case.reference]


def test_cases_visible_to_partner_officer_includes_case(case, partner_officer):
    assert visible_references(partner_officer) == [case.reference]


def test_cases_visible_to_chair_includes_case(case, chair):
    assert visible_references(chair) == [case.reference]


def test_cases_visible_to_outsider_empty(case, outsider_officer):
    assert visible_references(outsider_officer) == []


def test_cases_visible_to_anonymous_empty(case):
    assert visible_references(AnonymousUser()) == []


def test_cases_visible_to_inactive_officer_empty(case, lead_officer):
    lead_officer.is_active = False
    lead_officer.save()

    assert visible_references(lead_officer) == []


def test_cases_visible_to_superuser_without_agency_empty(case):
    # Administrators manage the service; case records are shared between agencies, not with the administrator.
    admin = OfficerFactory(agency=None, is_superuser=True, is_staff=True)

    assert visible_references(admin) == []


def test_cases_visible_to_lists_each_case_once(case, lead_officer, chair):
    # The lead officer is also the opener and reaches the case through several grants; it is listed once.
    other = CaseFactory(lead_officer=lead_officer, jag=case.jag, category=case.category)

    assert visible_references(lead_officer) == sorted([case.reference, other.reference])
    assert cases_visible_to(chair).count() == 2


def test_cases_visible_to_officer_moving_agency_loses_old_agency_cases(case, lead_officer, outsider_agency):
    colleague = OfficerFactory(agency=case.lead_agency)

    colleague.agency = outsider_agency
    colleague.save()

    assert visible_references(colleague) == []


# --- case_permissions -------------------------------------------------------------------------------------


def test_case_permissions_lead_officer_all(case, lead_officer):
    assert case_permissions(lead_officer, case) == {VIEW, CONTRIBUTE, CHANGE}


def test_case_permissions_partner_officer_view_and_contribute(case, partner_officer):
    assert case_permissions(partner_officer, case) == {VIEW, CONTRIBUTE}


def test_case_permissions_chair_view_and_contribute(case, chair):
    assert case_permissions(chair, case) == {VIEW, CONTRIBUTE}


def test_case_permissions_outsider_none(case, outsider_officer):
    assert case_permissions(outsider_officer, case) == set()


def test_case_permissions_anonymous_none(case):
    assert case_permissions(AnonymousUser(), case) == set()


# --- get_case_for: 404 to those who may not know, 403 to those who may not do ------------------------------


def test_get_case_for_lead_officer_change_allowed(case, lead_officer):
    found = get_case_for(lead_officer, case.reference, need=CHANGE)

    assert (found.pk, found.user_permissions, can_change(found), can_contribute(found)) == (
        case.pk,
        set(LEAD_PERMISSIONS),
        True,
        True,
    )


def test_get_case_for_partner_officer_view_allowed(case, partner_officer):
    found = get_case_for(partner_officer, case.reference)

    assert (found.pk, found.user_permissions, can_change(found), can_contribute(found)) == (
        case.pk,
        set(PARTNER_PERMISSIONS),
        False,
        True,
    )


def test_get_case_for_partner_officer_change_forbidden(case, partner_officer):
    with pytest.raises(PermissionDenied):
        get_case_for(partner_officer, case.reference, need=CHANGE)


def test_get_case_for_chair_change_forbidden(case, chair):
    with pytest.raises(PermissionDenied):
        get_case_for(chair, case.reference, need=CHANGE)


def test_get_case_for_outsider_not_found(case, outsider_officer):
    with pytest.raises(Http404):
        get_case_for(outsider_officer, case.reference)


def test_get_case_for_outsider_change_not_found(case, outsider_officer):
    # Asking for more than view must not turn "does not exist" into "exists but forbidden".
    with pytest.raises(Http404):
        get_case_for(outsider_officer, case.reference, need=CHANGE)


def test_get_case_for_anonymous_not_found(case):
    with pytest.raises(Http404):
        get_case_for(AnonymousUser(), case.reference)


def test_get_case_for_unknown_reference_not_found(case, lead_officer):
    with pytest.raises(Http404):
        get_case_for(lead_officer, "ASB-1999-000001")


def test_get_case_for_uses_given_queryset(case, lead_officer):
    found = get_case_for(lead_officer, case.reference, queryset=Case.objects.select_related("jag"))

    assert found.jag.name == "Leicester West JAG"


# --- restricted cases -------------------------------------------------------------------------------------


def test_restricted_case_hidden_from_agency_colleagues(case, lead_agency, partner_officer):
    colleague = OfficerFactory(agency=lead_agency)

    restrict(case)

    assert (visible_references(colleague), visible_references(partner_officer)) == ([], [])


def test_restricted_case_visible_to_lead_officer(case, lead_officer):
    restrict(case)

    assert case_permissions(lead_officer, case) == set(LEAD_PERMISSIONS)


def test_restricted_case_named_officers_get_their_agency_level(case, lead_agency, partner_officer):
    colleague = OfficerFactory(agency=lead_agency)

    restrict(case, colleague, partner_officer)

    assert case_permissions(colleague, case) == set(LEAD_PERMISSIONS)
    assert case_permissions(partner_officer, case) == set(PARTNER_PERMISSIONS)


def test_restricted_case_still_visible_to_chair(case, chair):
    restrict(case)

    assert case_permissions(chair, case) == set(PARTNER_PERMISSIONS)


# --- JAG chairs -------------------------------------------------------------------------------------------


def test_jag_new_chair_gains_and_old_chair_loses_access(case, chair, jag):
    successor = OfficerFactory(roles=["officer", "jag_chair"])

    jag.chair = successor
    jag.save()

    assert (visible_references(successor), visible_references(chair)) == ([case.reference], [])


def test_jag_chair_sees_only_own_jag_cases(case, chair, lead_officer):
    other_jag_case = CaseFactory(lead_officer=lead_officer, jag=JagFactory(), category=case.category)

    assert visible_references(chair) == [case.reference]
    assert visible_references(lead_officer) == sorted([case.reference, other_jag_case.reference])


def test_case_moved_to_other_jag_changes_chair_access(case, chair, lead_officer):
    other_chair = OfficerFactory(agency=AgencyFactory(), roles=["jag_chair"])
    other_jag = JagFactory(chair=other_chair)

    case_update(case=case, officer=lead_officer, expected_version=case.version, jag=other_jag)

    assert (visible_references(chair), visible_references(other_chair)) == ([], [case.reference])


# --- visible_among: which of a few cases (a person's ladder) the user may see ---------------------------------


def test_visible_among_agrees_with_cases_visible_to(case, lead_officer, partner_officer, outsider_officer, chair):
    own = CaseFactory(lead_officer=outsider_officer)
    restricted = CaseFactory(lead_officer=lead_officer)
    named = OfficerFactory(agency=lead_officer.agency)
    restrict(restricted, named)
    ids = [case.pk, own.pk, restricted.pk]

    seen = {
        officer.username: (visible_among(officer, ids), set(cases_visible_to(officer).values_list("pk", flat=True)))
        for officer in (lead_officer, partner_officer, outsider_officer, chair, named)
    }

    assert {name: among for name, (among, _) in seen.items()} == {
        name: everything & set(ids) for name, (_, everything) in seen.items()
    }
    assert seen[named.username][0] == {case.pk, restricted.pk}
    assert visible_among(AnonymousUser(), ids) == set()
