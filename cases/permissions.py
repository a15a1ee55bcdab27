"""Who may see and change a case: the one place these questions are answered.

Access is granted per case with django-guardian object permissions (direct foreign-key tables):
- the lead agency's group: view, contribute (add to the record) and change (edit details, share);
- each involved agency's group: view and contribute;
- the managing JAG's chair: view and contribute;
- a restricted case grants nothing to groups: only the named officers (and the lead officer) get access.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from guardian.core import ObjectPermissionChecker

from .models import Case, CaseGroupObjectPermission, CaseUserObjectPermission

VIEW = "view_case"
CONTRIBUTE = "contribute_to_case"
CHANGE = "change_case"
LEAD_PERMISSIONS = (VIEW, CONTRIBUTE, CHANGE)
PARTNER_PERMISSIONS = (VIEW, CONTRIBUTE)


def cases_visible_to(user) -> models.QuerySet[Case]:
    """Every case the user may see. Every list, count, search and lookup of cases starts here."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    by_group = CaseGroupObjectPermission.objects.filter(
        group__in=user.groups.all(), permission__codename=VIEW, permission__content_type__app_label="cases"
    ).values("content_object_id")
    by_user = CaseUserObjectPermission.objects.filter(
        user=user, permission__codename=VIEW, permission__content_type__app_label="cases"
    ).values("content_object_id")
    return Case.objects.filter(models.Q(pk__in=by_group) | models.Q(pk__in=by_user))


def case_permissions(user, case: Case) -> set[str]:
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(ObjectPermissionChecker(user).get_perms(case))


def get_case_for(user, reference: str, need: str = VIEW, queryset: models.QuerySet[Case] | None = None) -> Case:
    """The case, if the user may see it (else 404: they may not learn it exists) and do `need` (else 403)."""
    base = queryset if queryset is not None else Case.objects.all()
    case = base.filter(pk__in=cases_visible_to(user).values("pk"), reference=reference).first()
    if case is None:
        raise Http404("No such case")
    perms = case_permissions(user, case)
    if need not in perms:
        raise PermissionDenied
    case.user_permissions = perms
    return case


def can_change(case: Case) -> bool:
    return CHANGE in getattr(case, "user_permissions", set())


def can_contribute(case: Case) -> bool:
    return CONTRIBUTE in getattr(case, "user_permissions", set())


def case_grant_access(case: Case) -> None:
    """Recompute the case's object permissions from its lead agency, involved agencies, JAG and restriction."""
    perms = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Case), codename__in=LEAD_PERMISSIONS
        )
    }
    CaseGroupObjectPermission.objects.filter(content_object=case).delete()
    CaseUserObjectPermission.objects.filter(content_object=case).delete()

    group_grants: dict[int, tuple[str, ...]] = {}
    user_grants: dict[int, tuple[str, ...]] = {}
    if case.restricted:
        user_grants[case.lead_officer_id] = LEAD_PERMISSIONS
        for officer in case.restricted_to.all():
            lead = officer.agency_id == case.lead_agency_id
            user_grants.setdefault(officer.pk, LEAD_PERMISSIONS if lead else PARTNER_PERMISSIONS)
    else:
        group_grants[case.lead_agency.group_id] = LEAD_PERMISSIONS
        for group_id in case.involved_agencies.values_list("group_id", flat=True):
            group_grants.setdefault(group_id, PARTNER_PERMISSIONS)
    chair_id = case.jag.chair_id
    if chair_id is not None:
        user_grants.setdefault(chair_id, PARTNER_PERMISSIONS)

    CaseGroupObjectPermission.objects.bulk_create(
        CaseGroupObjectPermission(group_id=g, permission=perms[p], content_object=case)
        for g, codenames in group_grants.items()
        for p in codenames
    )
    CaseUserObjectPermission.objects.bulk_create(
        CaseUserObjectPermission(user_id=u, permission=perms[p], content_object=case)
        for u, codenames in user_grants.items()
        for p in codenames
    )
