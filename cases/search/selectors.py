"""The header search: cases, people and incidents the user may see, by reference, name, address or postcode.

Each kind finds its candidates through an index first (trigram indexes on names, addresses and incident
descriptions, prefix indexes on postcodes and references) and checks only those against what the user may see,
so a search costs the same few queries whatever it matches.
"""

import functools
import operator
import re
from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower

from core.sql import Values

from ..models import Case, CasePerson, Incident, Person
from ..permissions import ViewGrants, case_is_visible_each, view_grants
from ..selectors import _postcode_prefix, address_spellings

# At most this many of each kind are listed (four pages): when more match, the page asks for more words.
RESULT_LIMIT = 100
# The fewest characters a search of names, addresses and descriptions looks for: the trigram indexes need three.
TEXT_MIN_LENGTH = 3
KINDS = ("cases", "people", "incidents")
# A whole case reference, found through its unique index.
REFERENCE_RE = re.compile(r"ASB-\d{4}-\d{6}")


def normalise(query: str) -> str:
    return " ".join(query.split())


def text_condition(field: str, query: str) -> Q:
    """`field` (already lower case, e.g. an alias of Lower(...)) contains the query, case-insensitively."""
    return Q(**{f"{field}__contains": query.lower()}) if len(query) >= TEXT_MIN_LENGTH else Q(pk__in=[])


def address_condition(field: str, query: str) -> Q:
    """`field` (a lower-case address) contains the query, its street type written either way."""
    return functools.reduce(operator.or_, (text_condition(field, spelling) for spelling in address_spellings(query)))


def postcode_condition(query: str) -> Q:
    """The postcode, whole or its first part, typed with or without its space."""
    return Q(postcode__startswith=_postcode_prefix(query.upper())) if any(c.isdigit() for c in query) else Q(pk__in=[])


def first_found(queryset: models.QuerySet, *ordering: str) -> list[int]:
    """The ids of at most RESULT_LIMIT + 1 rows of the queryset, in `ordering`.

    The rows are taken as the index finds them, not in `ordering`, and only those are then put in order: so the
    search stops checking what the user may see once it has one more than it lists, where ordering first would
    check every candidate (a whole street, a common surname, an outward code: thousands). When more match, the page
    lists these and asks for more words.
    """
    limited = queryset.order_by().values("pk")[: RESULT_LIMIT + 1]
    return list(queryset.model.objects.filter(pk__in=limited).order_by(*ordering).values_list("pk", flat=True))


def case_ids(grants: ViewGrants | None, query: str) -> list[int]:
    """The cases found by reference, address, postcode or the name of someone on them, most recent activity first.

    Two searches: the cases' own columns (one bitmap scan of their indexes) and the people named, each stopping
    at RESULT_LIMIT + 1 cases the user may see; then the cases of both are put in order.
    """
    upper = query.upper()
    if REFERENCE_RE.fullmatch(upper):
        own = Q(reference=upper)
    else:
        own = address_condition("address_lower", query) | postcode_condition(query)
        if upper.startswith("ASB-"):
            own |= Q(reference__startswith=upper)
        elif upper.replace("-", "").isdigit():
            # The number part of a reference, as an officer might read it out: "000123" or "2026-000123".
            own |= Q(reference__endswith=upper)
    by_own = (
        Case.objects.alias(address_lower=Lower("address"))
        .filter(own)
        .filter(case_is_visible_each(grants, OuterRef("pk")))
        .order_by()
        .values_list("pk", flat=True)
    )
    by_people = (
        CasePerson.objects.filter(person__in=Person.objects.filter(text_condition("search_name", query)))
        .filter(case_is_visible_each(grants, OuterRef("case_id")))
        .order_by()
        .values_list("case_id", flat=True)
    )
    ids = {*by_own[: RESULT_LIMIT + 1], *by_people[: RESULT_LIMIT + 1]}
    ordered = Case.objects.filter(pk__any_of=Values(ids)).order_by("-updated_at", "-id")
    return list(ordered.values_list("pk", flat=True)[: RESULT_LIMIT + 1])


def person_ids(grants: ViewGrants | None, query: str) -> list[int]:
    """People on cases the user may see, by name, address (a street alone will do) or postcode, by name."""
    on_visible_case = CasePerson.objects.filter(person=OuterRef("pk")).filter(
        case_is_visible_each(grants, OuterRef("case_id"))
    )
    people = (
        Person.objects.alias(address_lower=Lower("address"))
        .filter(
            text_condition("search_name", query) | address_condition("address_lower", query) | postcode_condition(query)
        )
        .filter(Exists(on_visible_case))
    )
    return first_found(people, "last_name", "first_name", "pk")


def incident_ids(grants: ViewGrants | None, query: str) -> list[int]:
    """Incidents on cases the user may see whose description mentions the words (a street, a place), newest first."""
    if len(query) < TEXT_MIN_LENGTH:
        return []
    incidents = (
        Incident.objects.alias(description_lower=Lower("description"))
        .filter(address_condition("description_lower", query))
        .filter(case_is_visible_each(grants, OuterRef("case_id")))
    )
    return first_found(incidents, "-occurred_at", "-id")


@dataclass
class Found:
    """The ids found of one kind (at most RESULT_LIMIT), and whether more matched."""

    ids: list[int]
    more: bool

    @property
    def count(self) -> int:
        return len(self.ids)


def search(user, query: str) -> dict[str, Found]:
    """Every kind found for the query, keyed by KINDS: a few queries on the indexes, whatever matches."""
    query = normalise(query)
    grants = view_grants(user)
    found = {}
    for kind, ids in (
        ("cases", case_ids(grants, query)),
        ("people", person_ids(grants, query)),
        ("incidents", incident_ids(grants, query)),
    ):
        found[kind] = Found(ids[:RESULT_LIMIT], more=len(ids) > RESULT_LIMIT)
    return found


def people_by_id(ids: list[int]) -> list[Person]:
    found = Person.objects.in_bulk(ids)
    return [found[pk] for pk in ids]


def incidents_by_id(ids: list[int]) -> list[Incident]:
    found = Incident.objects.select_related("case", "reported_to").in_bulk(ids)
    return [found[pk] for pk in ids]
