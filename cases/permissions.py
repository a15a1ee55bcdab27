"""Who may see and change a case: the one place these questions are answered.

Access is granted per case with django-guardian object permissions (direct foreign-key tables):
- the lead agency's group: view, contribute (add to the record) and change (edit details, share);
- each involved agency's group: view and contribute;
- the managing JAG's chair: view and contribute;
- a restricted case grants nothing to groups: only the named officers (and the lead officer) get access.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.http import Http404

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
    return Case.objects.filter(visible_case_q(user))


def visible_case_q(user, field: str = "pk") -> models.Q:
    """The condition that the case `field` names (pk on Case, case_id on a case's records) is one the user may see.

    On a case's records (`visible_case_q(user, "case_id")`) it reads the permission tables alone, with no join to
    the cases. Two uncorrelated INs, so PostgreSQL hashes each set of ids once per query.
    """
    if not user.is_authenticated or not user.is_active:
        return models.Q(**{f"{field}__in": []})
    by_group = CaseGroupObjectPermission.objects.filter(
        group__in=user.groups.all(), permission__codename=VIEW, permission__content_type__app_label="cases"
    ).values("content_object_id")
    by_user = CaseUserObjectPermission.objects.filter(
        user=user, permission__codename=VIEW, permission__content_type__app_label="cases"
    ).values("content_object_id")
    return models.Q(**{f"{field}__in": by_group}) | models.Q(**{f"{field}__in": by_user})


@contextmanager
def serial_plans() -> Iterator[None]:
    """Run the queries inside without PostgreSQL's parallel workers.

    The sets of visible case ids above (and the ASB Case Review's victims) are hashed subplans, and a parallel plan
    builds them again in every worker: on the case list and the dashboard that costs more than the workers save
    (on the two-core benchmark machine the ASB Case Review list took twice as long). SET LOCAL needs a transaction,
    so this opens one (a savepoint inside another); the setting ends with it.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield


def case_is_visible(user, case_ref) -> models.Q:
    """The condition that one case (`case_ref`, e.g. OuterRef("case_id")) is visible to the user, checked row by
    row: for a page about one case or one person, where hashing every visible case id first would be waste."""
    if not user.is_authenticated or not user.is_active:
        return models.Q(pk__in=[])
    by_group = CaseGroupObjectPermission.objects.filter(
        content_object=case_ref,
        group__user=user,
        permission__codename=VIEW,
        permission__content_type__app_label="cases",
    )
    by_user = CaseUserObjectPermission.objects.filter(
        content_object=case_ref, user=user, permission__codename=VIEW, permission__content_type__app_label="cases"
    )
    return models.Q(models.Exists(by_group)) | models.Q(models.Exists(by_user))


@dataclass(frozen=True)
class ViewGrants:
    """What makes a case visible to one user, read once: their groups and the id of the view permission."""

    user_id: int
    group_ids: tuple[int, ...]
    permission_id: int


def view_grants(user) -> ViewGrants | None:
    """The user's ViewGrants (two small queries), or None for a user who may see nothing."""
    if not user.is_authenticated or not user.is_active:
        return None
    permission = Permission.objects.filter(codename=VIEW, content_type__app_label="cases").values_list("pk", flat=True)
    return ViewGrants(user.pk, tuple(user.groups.values_list("pk", flat=True)), permission.get())


def case_is_visible_each(grants: ViewGrants | None, case_ref) -> models.Q:
    """case_is_visible for a search that checks thousands of candidate rows one by one. With the groups and the
    permission given as values, each row costs two index probes on the permission tables, and PostgreSQL, knowing
    how many cases those groups see, hashes them all only when that is cheaper than the probes."""
    if grants is None:
        return models.Q(pk__in=[])
    by_group = CaseGroupObjectPermission.objects.filter(
        content_object=case_ref, permission_id=grants.permission_id, group_id__in=grants.group_ids
    )
    by_user = CaseUserObjectPermission.objects.filter(
        content_object=case_ref, user_id=grants.user_id, permission_id=grants.permission_id
    )
    return models.Q(models.Exists(by_group)) | models.Q(models.Exists(by_user))


def case_permissions(user, case: Case) -> set[str]:
    """What the user may do on the case, from the same guardian tables the lists read (one query)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    by_group = CaseGroupObjectPermission.objects.filter(content_object=case, group__user=user).values_list(
        "permission__codename", flat=True
    )
    by_user = CaseUserObjectPermission.objects.filter(content_object=case, user=user).values_list(
        "permission__codename", flat=True
    )
    return set(by_group.union(by_user))


def visible_among(user, case_ids: Iterable[int] | models.QuerySet, codename: str = VIEW) -> set[int]:
    """Which of a few cases (a person's, say; ids or a subquery of them) the user may see (or has `codename` on):
    one query on the permission rows of those cases alone, by their case id, never the set of every case the user
    may see."""
    ids = case_ids if isinstance(case_ids, models.QuerySet) else list(case_ids)
    if not user.is_authenticated or not user.is_active or (isinstance(ids, list) and not ids):
        return set()
    view = {"permission__codename": codename, "permission__content_type__app_label": "cases"}
    by_group = CaseGroupObjectPermission.objects.filter(
        content_object_id__in=ids, group_id__in=user.groups.values("pk"), **view
    ).values_list("content_object_id", flat=True)
    by_user = CaseUserObjectPermission.objects.filter(content_object_id__in=ids, user=user, **view).values_list(
        "content_object_id", flat=True
    )
    return set(by_group.union(by_user))


def get_case_for(user, reference: str, need: str = VIEW, queryset: models.QuerySet[Case] | None = None) -> Case:
    """The case, if the user may see it (else 404: they may not learn it exists) and do `need` (else 403)."""
    base = queryset if queryset is not None else Case.objects.all()
    case = base.filter(reference=reference).first()
    if case is None:
        raise Http404("No such case")
    perms = case_permissions(user, case)
    if VIEW not in perms:
        raise Http404("No such case")
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
