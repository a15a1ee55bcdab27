"""The header search: cases, people and incidents the user may see, by reference, name, address or postcode.

Each kind finds its candidates through an index first (trigram indexes on names, addresses and incident
descriptions, prefix indexes on postcodes and references) and checks only those against what the user may see,
so a search costs the same few queries whatever it matches.
"""

import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower

from ..models import Case, CasePerson, Incident, Person
from ..permissions import ViewGrants, case_is_visible_each, view_grants
from ..selectors import _postcode_prefix, case_search

# At most this many of each kind are listed (four pages): the page asks for more words when there were more.
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


def postcode_condition(query: str) -> Q:
    """The postcode, whole or its first part, typed with or without its space."""
    return Q(postcode__startswith=_postcode_prefix(query.upper())) if any(c.isdigit() for c in query) else Q(pk__in=[])


def case_ids(grants: ViewGrants | None, query: str) -> list[int]:
    """The cases found by reference, address, postcode or the name of someone on them, most recent activity first.

    Visibility is checked case by case on the candidates, walking them from the most recently active, until enough
    are found: cheaper than hashing the tens of thousands of cases an officer may see.
    """
    upper = query.upper()
    condition = Q(reference=upper) if REFERENCE_RE.fullmatch(upper) else case_search(query).condition
    cases = (
        Case.objects.filter(condition)
        .filter(case_is_visible_each(grants, OuterRef("pk")))
        .order_by("-updated_at", "-id")
    )
    return list(cases.values_list("pk", flat=True)[: RESULT_LIMIT + 1])


def person_ids(grants: ViewGrants | None, query: str) -> list[int]:
    """People on cases the user may see, by name, address (a street alone will do) or postcode, by name."""
    people = (
        Person.objects.filter(
            Exists(
                CasePerson.objects.filter(person=OuterRef("pk")).filter(
                    case_is_visible_each(grants, OuterRef("case_id"))
                )
            )
        )
        .alias(address_lower=Lower("address"))
        .filter(
            text_condition("search_name", query) | text_condition("address_lower", query) | postcode_condition(query)
        )
        .order_by("last_name", "first_name", "pk")
    )
    return list(people.values_list("pk", flat=True)[: RESULT_LIMIT + 1])


def incident_ids(grants: ViewGrants | None, query: str) -> list[int]:
    """Incidents on cases the user may see whose description mentions the words (a street, a place), newest first."""
    if len(query) < TEXT_MIN_LENGTH:
        return []
    incidents = (
        Incident.objects.alias(description_lower=Lower("description"))
        .filter(text_condition("description_lower", query))
        .filter(case_is_visible_each(grants, OuterRef("case_id")))
        .order_by("-occurred_at", "-id")
    )
    return list(incidents.values_list("pk", flat=True)[: RESULT_LIMIT + 1])


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
