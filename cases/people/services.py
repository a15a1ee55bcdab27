"""Writes to people's records: edits with their history, aliases, unknown people, merging a duplicate into the
record kept (and an unknown person into the real one), and an administrator's undoing of a merge.

A merge moves every row that points at the duplicate, in any app, to the person kept: the relations are read from
the model registry (`person_relations`), so a model added later that points at a person is moved too. What moved is
recorded row by row, so that the undo puts back exactly those rows."""

import datetime
from typing import cast

from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import models, transaction

from agencies.models import AuditAction, Officer
from agencies.services import audit_record
from core import clock
from core.versions import StaleEdit

from .. import services as case_services
from ..models import Case, Person, PersonAlias, PersonChange, PersonMerge, PersonRole, normalise_postcode
from ..record import audit_case, write_entry

# Fields an officer of a lead agency may change on a person's record.
EDITABLE_PERSON_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "address",
    "postcode",
    "telephone",
    "email",
    "description",
    "notes",
)

# Relations that belong to each record and stay with it in a merge: its own history, its merges, what it was merged
# into.
STAYS_WITH_EACH_RECORD = {
    ("cases.personchange", "person"),
    ("cases.personmerge", "duplicate"),
    ("cases.personmerge", "kept"),
    ("cases.person", "merged_into"),
}


class PersonChangedError(StaleEdit):
    """Someone else saved the person after this form was opened; `current` is the person as saved now."""


def person_relations() -> list[tuple[type[models.Model], models.ForeignKey]]:
    """Every foreign key (and one-to-one) to Person in every installed app, but those in STAYS_WITH_EACH_RECORD."""
    found: list[tuple[type[models.Model], models.ForeignKey]] = []
    for relation in Person._meta.get_fields(include_hidden=True):
        if not isinstance(relation, models.ForeignObjectRel) or not (relation.one_to_many or relation.one_to_one):
            continue
        model, field = relation.related_model, cast(models.ForeignKey, relation.field)
        if (model._meta.label_lower, field.name) in STAYS_WITH_EACH_RECORD:
            continue
        found.append((model, field))
    return sorted(found, key=lambda pair: (pair[0]._meta.label_lower, pair[1].name))


def _display(value) -> str:
    if value in (None, ""):
        return "(blank)"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _history(person: Person, officer: Officer, summary: str, changes: list | None = None) -> PersonChange:
    return PersonChange.objects.create(
        person=person, changed_by=officer, changed_at=clock.now(), summary=summary[:300], changes=changes or []
    )


@transaction.atomic
def person_update(*, person: Person, officer: Officer, expected_version: int, **changes) -> Person:
    """Change the person's details, refusing a form opened before someone else's save; each change is kept in the
    person's history with its old and new value."""
    unknown = set(changes) - set(EDITABLE_PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.version != expected_version:
        raise PersonChangedError(current)
    if current.merged_into_id:
        raise ValidationError("This record was merged into another: change that one instead")
    changes = {field: (value.strip() if isinstance(value, str) else value) for field, value in changes.items()}
    if changes.get("date_of_birth") and changes["date_of_birth"] > clock.today():
        raise ValidationError({"date_of_birth": "Date of birth must be in the past"})
    before = {field: getattr(current, field) for field in changes}
    for field, value in changes.items():
        setattr(current, field, value)
    current.postcode = normalise_postcode(current.postcode)
    current.full_clean(exclude=["search_name"])
    changed = [field for field in changes if before[field] != getattr(current, field)]
    if not changed:
        return current
    current.version = expected_version + 1
    current.save()
    rows = [
        {
            "field": field,
            "label": str(Person._meta.get_field(field).verbose_name).capitalize(),  # type: ignore[union-attr]
            "old": _display(before[field]),
            "new": _display(getattr(current, field)),
        }
        for field in changed
    ]
    _history(current, officer, "Details changed: " + ", ".join(row["label"].lower() for row in rows), rows)
    audit_record(officer=officer, action=AuditAction.CHANGE, description=f"Changed {', '.join(changed)}", obj=current)
    return current


@transaction.atomic
def person_add_alias(*, person: Person, officer: Officer, first_name: str, last_name: str) -> PersonAlias:
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.merged_into_id:
        raise ValidationError("This record was merged into another: add the alias to that one instead")
    alias = PersonAlias(person=current, first_name=first_name.strip(), last_name=last_name.strip(), added_by=officer)
    alias.full_clean()
    if current.aliases.filter(first_name__iexact=alias.first_name, last_name__iexact=alias.last_name).exists():
        raise ValidationError({"last_name": f"{current.full_name} is already known as {alias.full_name}"})
    alias.save()
    _history(current, officer, f"Also known as {alias.full_name}")
    audit_record(officer=officer, action=AuditAction.CREATE, description=f"Added alias {alias.full_name}", obj=current)
    return alias


@transaction.atomic
def person_record_unknown(*, case: Case, officer: Officer, description: str, role: str = PersonRole.PERPETRATOR):
    """A person not yet identified, known by their description ("unknown male, about 20, red moped"), on the case."""
    description = description.strip()
    if not description:
        raise ValidationError({"description": "Describe the person, so that they can be told apart"})
    person = Person(unknown=True, description=description, created_by=officer)
    person.full_clean(exclude=["search_name"])
    person.save()
    return case_services.case_add_person(case=case, officer=officer, person=person, role=role)


def _unique_sets(model: type[models.Model], field: models.ForeignKey) -> list[tuple[tuple[str, ...], models.Q | None]]:
    """The other fields that, with `field`, make a row unique (an empty tuple: `field` alone), each with the
    condition of a partial unique constraint (the rows it applies to), or None."""
    sets: list[tuple[tuple[str, ...], models.Q | None]] = [((), None)] if field.unique else []
    for constraint in model._meta.constraints:
        names = getattr(constraint, "fields", ())
        if isinstance(constraint, models.UniqueConstraint) and field.name in names:
            sets.append((tuple(name for name in names if name != field.name), constraint.condition))
    for together in model._meta.unique_together:
        if field.name in together:
            sets.append((tuple(name for name in together if name != field.name), None))
    return sets


def _kept_already_has(model, field, row, kept: Person, sets) -> bool:
    for others, condition in sets:
        rows = model._base_manager.filter(condition) if condition is not None else model._base_manager.all()
        if condition is not None and not rows.filter(pk=row.pk).exists():
            continue  # the row is not one the partial constraint applies to
        lookup = {field.attname: kept.pk}
        for name in others:
            attname = model._meta.get_field(name).attname
            lookup[attname] = getattr(row, attname)
        if rows.filter(**lookup).exists():
            return True
    return False


def _case_id(row) -> int | None:
    try:
        field = row._meta.get_field("case")
    except Exception:  # noqa: BLE001 - a model without a case
        return None
    if getattr(field, "related_model", None) is not Case:
        return None
    return getattr(row, "case_id", None)


def _lock_pair(first: Person, second: Person) -> tuple[Person, Person]:
    locked = Person.objects.select_for_update().in_bulk(sorted([first.pk, second.pk]))
    return locked[first.pk], locked[second.pk]


@transaction.atomic
def person_merge(*, duplicate: Person, kept: Person, officer: Officer, identification: bool = False) -> PersonMerge:
    """Merge the duplicate record into the one kept: every row in any app that points at the duplicate points at
    the kept person instead (a row the kept person already has, the same role on the same case, is set aside
    rather than doubled). The duplicate stays, marked merged, with its history; the kept person's history, the
    audit trail and the chronology of every case concerned say so."""
    duplicate, kept = _lock_pair(duplicate, kept)
    if duplicate.pk == kept.pk:
        raise ValidationError("Choose two different people to merge")
    if duplicate.merged_into_id:
        raise ValidationError(f"{duplicate.full_name} was already merged into another record")
    if kept.merged_into_id:
        raise ValidationError(f"{kept.full_name} was merged into another record: merge into that one instead")
    if identification and not duplicate.unknown:
        raise ValidationError(f"{duplicate.full_name} is already identified")
    if kept.unknown:
        raise ValidationError("Merge into a named person: an unknown person is identified, not kept")
    moved, removed, case_ids = [], [], set()
    for model, field in person_relations():
        rows = list(model._base_manager.select_for_update().filter(**{field.attname: duplicate.pk}).order_by("pk"))
        if not rows:
            continue
        sets = _unique_sets(model, field)
        moving = []
        for row in rows:
            case_id = _case_id(row)
            if case_id:
                case_ids.add(case_id)
            if sets and _kept_already_has(model, field, row, kept, sets):
                removed.append(serializers.serialize("json", [row]))
                row.delete()
            else:
                moving.append(row.pk)
        if moving:
            model._base_manager.filter(pk__in=moving).update(**{field.attname: kept.pk})
            moved.append({"model": model._meta.label_lower, "field": field.name, "pks": moving})
    merge = PersonMerge.objects.create(
        duplicate=duplicate,
        kept=kept,
        identification=identification,
        merged_by=officer,
        merged_at=clock.now(),
        moved=moved,
        removed=removed,
        case_ids=sorted(case_ids),
    )
    Person.objects.filter(pk=duplicate.pk).update(merged_into=kept, version=models.F("version") + 1)
    duplicate.merged_into = kept
    if identification:
        what = f"Unknown person identified as {kept.full_name}: {duplicate.description}"
        _history(duplicate, officer, f"Identified as {kept.full_name}")
        _history(kept, officer, f"Identified as the unknown person described as: {duplicate.description}")
        entry = (
            f"Unknown person identified: {duplicate.full_name} is {kept.full_name}. Everything recorded against "
            f"the unknown person is now on {kept.full_name}'s record."
        )
    else:
        what = f"Merged {duplicate.full_name} (person {duplicate.pk}) into {kept.full_name} (person {kept.pk})"
        _history(duplicate, officer, f"Merged into {kept.full_name} (person {kept.pk})")
        _history(kept, officer, f"{duplicate.full_name} (person {duplicate.pk}) merged into this record")
        entry = (
            f"Records of the same person merged: {duplicate.full_name} (person {duplicate.pk}) into "
            f"{kept.full_name} (person {kept.pk}). Their roles, interventions and other records are now on "
            f"{kept.full_name}'s record."
        )
    _record_on_cases(merge, officer, entry, what)
    return merge


def _record_on_cases(merge: PersonMerge, officer: Officer, entry: str, what: str) -> None:
    cases = list(Case.objects.filter(pk__in=merge.case_ids).order_by("pk"))
    for case in cases:
        # An administrator of no agency writes on behalf of the lead agency (the entry says an administrator did).
        write_entry(case=case, officer=officer, text=entry, agency_id=officer.agency_id or case.lead_agency_id)
        audit_case(officer, AuditAction.CHANGE, what, case, obj=merge)
    if not cases:
        audit_record(officer=officer, action=AuditAction.CHANGE, description=what, obj=merge)


@transaction.atomic
def person_merge_undo(*, merge: PersonMerge, officer: Officer) -> PersonMerge:
    """Undo a merge (administrators only): the rows the merge moved point at the duplicate again and the rows it
    set aside are written back, exactly those and no others; both records' histories and every case concerned say
    so. A merge whose kept record was itself merged since is undone after that later merge."""
    if not officer.is_superuser:
        raise ValidationError("Only an administrator can undo a merge")
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at:
        raise ValidationError("This merge was already undone")
    duplicate, kept = _lock_pair(merge.duplicate, merge.kept)
    if kept.merged_into_id:
        raise ValidationError(f"{kept.full_name} was merged into another record since: undo that merge first")
    for group in merge.moved:
        model = apps.get_model(group["model"])
        field = model._meta.get_field(group["field"])
        model._base_manager.filter(pk__in=group["pks"], **{field.attname: kept.pk}).update(
            **{field.attname: duplicate.pk}
        )
    for serialised in merge.removed:
        for restored in serializers.deserialize("json", serialised):
            restored.save()
    merge.undone_at = clock.now()
    merge.undone_by = officer
    merge.save(update_fields=["undone_at", "undone_by"])
    Person.objects.filter(pk=duplicate.pk).update(merged_into=None, version=models.F("version") + 1)
    _history(duplicate, officer, f"Merge into {kept.full_name} (person {kept.pk}) undone by an administrator")
    _history(kept, officer, f"Merge of {duplicate.full_name} (person {duplicate.pk}) undone by an administrator")
    label = "Identification" if merge.identification else "Merge"
    entry = (
        f"{label} undone by an administrator: {duplicate.full_name} (person {duplicate.pk}) is again a record of "
        f"its own, apart from {kept.full_name} (person {kept.pk}), with the records it had before."
    )
    what = f"Undid the merge of {duplicate.full_name} (person {duplicate.pk}) into {kept.full_name} (person {kept.pk})"
    _record_on_cases(merge, officer, entry, what)
    return merge


@transaction.atomic
def person_identify(
    *, unknown: Person, officer: Officer, person: Person | None = None, new_person: dict | None = None
) -> PersonMerge:
    """An unknown person identified: as someone already recorded (`person`) or as a new person made from
    `new_person`'s details. Done as a merge of the unknown person into the real one, so it is audited, on every
    case's chronology and can be undone."""
    if not unknown.unknown:
        raise ValidationError("This person is already identified")
    if person is None:
        person = case_services.person_create(officer=officer, **(new_person or {}))
    return person_merge(duplicate=unknown, kept=person, officer=officer, identification=True)
