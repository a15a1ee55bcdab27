"""Reads that more than one view needs. Every one starts from the cases the user may see."""

import datetime
import functools
import operator
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied
from django.db import connection, models
from django.db.models import Count, Exists, ExpressionWrapper, F, OuterRef, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404

from agencies.models import Officer
from core import clock
from core.sql import pk_in

from .models import (
    RISK_RANK,
    STATUS_RANK,
    Case,
    CaseAgency,
    CasePerson,
    CasePolicy,
    CaseStatus,
    ChronologyEntry,
    Person,
    PersonMerge,
    PersonRole,
    RiskBand,
    normalise_postcode,
)
from .permissions import CHANGE, VIEW, case_is_visible, cases_visible_to, visible_among

CASE_LIST_RELATED = ("category", "jag", "lead_agency", "lead_officer")


def case_list(user, *, row_by_row: bool = False) -> models.QuerySet[Case]:
    """The cases the user may see, newest activity first.

    `row_by_row` checks visibility case by case instead of hashing every case the user may see: for a search
    with few candidate cases (see case_search), where building that set would cost more than the search.
    """
    visible = Case.objects.filter(case_is_visible(user, OuterRef("pk"))) if row_by_row else cases_visible_to(user)
    return visible.select_related(*CASE_LIST_RELATED).order_by("-updated_at", "-id")


class MyCasesScope(models.TextChoices):
    MINE = "mine", "Cases I lead"
    TEAM = "team", "My team's cases"
    AGENCY = "agency", "My agency's cases"


def team_of(user) -> models.QuerySet[Officer]:
    """The officers the user works beside: their department of their agency; without one, the officers of their
    agency who sit on a JAG with them; with neither, the user alone."""
    officers = Officer.objects.filter(agency_id=user.agency_id)
    if user.department_id:
        return officers.filter(department_id=user.department_id)
    jags = user.jag_memberships.values("pk")
    return officers.filter(Q(pk=user.pk) | Q(jag_memberships__in=jags)).distinct()


def team_name(user) -> str:
    """Who the team of team_of() is, to say whose cases the team's list shows."""
    if user.department_id:
        name = user.department.name
        team = name if name.lower().endswith("team") else f"{name} team"
        return f"the officers of the {team}"
    return "the officers of your agency who sit on a JAG with you"


def my_cases(user, scope: str = MyCasesScope.MINE) -> models.QuerySet[Case]:
    """Open cases the user may see that they lead (mine), that an officer of their team leads (team), or that their
    agency leads or has been brought into (agency)."""
    if scope == MyCasesScope.AGENCY:
        # Uncorrelated sets of ids, each hashed once, rather than the agencies brought in joined to every case.
        chosen = Q(lead_officer=user)
        if user.agency_id:
            involved = CaseAgency.objects.filter(agency_id=user.agency_id).values("case_id")
            chosen |= Q(lead_agency_id=user.agency_id) | Q(pk__in=involved)
    elif scope == MyCasesScope.TEAM:
        chosen = Q(lead_officer__in=team_of(user).values("pk"))
    else:
        chosen = Q(lead_officer=user)
    return case_list(user).filter(chosen, status=CaseStatus.OPEN)


# The case lists' sortable columns: each the ascending order (a tie broken by the newest activity); a "-" before
# the key in the sort parameter reverses it. Risk and status sort by their weight, not their spelling. Every order
# but the lead officer's name has an index (cases.models.case), which the page is read down.
CASE_SORTS: dict[str, tuple[Any, ...]] = {
    "reference": ("reference",),
    "lead": ("lead_officer__last_name", "lead_officer__first_name"),
    "risk": (RISK_RANK,),
    "next_review": ("next_review_date",),
    "status": (STATUS_RANK,),
}


def parse_sort(value: str | None) -> tuple[str, bool] | None:
    """The column and whether descending, from a sort parameter ("risk", "-risk"); None for no or unknown sort."""
    if not value:
        return None
    key, descending = (value[1:], True) if value.startswith("-") else (value, False)
    return (key, descending) if key in CASE_SORTS else None


# The filter that gives every case of a list the same value in a sortable column (a list of open cases, of high risk
# ones): sorted by that column, such a list is in the newest activity's order.
SORT_PINNED_BY = {"status": "status", "risk": "risk_band"}


def list_order(sort: tuple[str, bool] | None, pinned: set[str]) -> tuple[str, bool] | None:
    """The order a list is read in: the sort asked for, or None (the newest activity's, the cases' own) when the
    list's `pinned` filters (the names of those with one value chosen) make every case alike in that column, so
    the list is read down the cases' own index rather than down the column's past every other value."""
    if sort is not None and SORT_PINNED_BY.get(sort[0]) in pinned:
        return None
    return sort


def sorted_cases(queryset: models.QuerySet[Case], sort: tuple[str, bool] | None) -> models.QuerySet[Case]:
    """The cases in the order of a sortable column, both ways, empty values last; unsorted, as they came."""
    if sort is None:
        return queryset
    key, descending = sort
    order = []
    for part in CASE_SORTS[key]:
        expression = F(part) if isinstance(part, str) else part
        order.append(expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True))
    return queryset.order_by(*order, "-updated_at", "-id")


def case_count_aggregates(today: datetime.date | None = None) -> dict[str, Count]:
    """The figures above a list of cases: open, high risk and with the risk review overdue (open ones only)."""
    today = today or clock.today()
    return {
        "open": Count("pk", filter=Q(status=CaseStatus.OPEN)),
        "high_risk": Count("pk", filter=Q(status=CaseStatus.OPEN, risk_band=RiskBand.HIGH)),
        "review_overdue": Count("pk", filter=Q(status=CaseStatus.OPEN, next_review_date__lt=today)),
    }


# Street types as addresses are written either way ("Fosse Road", "Fosse Rd"): a search for one finds the other.
STREET_TYPES = {
    "road": "rd",
    "street": "st",
    "avenue": "ave",
    "lane": "ln",
    "close": "cl",
    "drive": "dr",
    "crescent": "cres",
    "place": "pl",
    "gardens": "gdns",
    "court": "ct",
    "terrace": "terr",
}
_OTHER_SPELLING = STREET_TYPES | {short: long for long, short in STREET_TYPES.items()}


def address_spellings(query: str) -> list[str]:
    """The query as typed, then with each street type written the other way ("fosse rd" -> "fosse road")."""
    words = query.lower().split()
    other = [_OTHER_SPELLING.get(word.rstrip(".,"), word) for word in words]
    return [query] if other == words else [query, " ".join(other)]


# Above this many candidate cases a search is filtered in the database instead of by a list of ids; at most this
# many, visibility is checked case by case (cheaper than hashing the tens of thousands of cases a user may see).
SEARCH_CANDIDATE_LIMIT = 20000
ROW_BY_ROW_LIMIT = 300


@dataclass(frozen=True)
class CaseSearch:
    """What a search matches: `condition` on the cases, and whether there are few enough candidates (`few`) to
    check their visibility one by one."""

    condition: Q
    few: bool


def case_search(query: str) -> CaseSearch:
    """Search by case reference, person name, address (a street name alone will do, in any case) or postcode.

    The matching cases are found first from the indexed name (trigram), postcode and reference columns, and only
    then checked against what the user may see: far cheaper than testing every visible case against the search.
    """
    query = " ".join(query.split())
    if not query:
        return CaseSearch(Q(), few=False)
    upper = query.upper()
    if upper.startswith("ASB-"):
        return CaseSearch(Q(reference__startswith=upper), few=False)
    people = Person.objects.filter(search_name__contains=query.lower()).values("pk")
    candidates: list[models.QuerySet[Any, int]] = [
        CasePerson.objects.filter(person_id__in=people).order_by().values_list("case_id", flat=True)
    ]
    if len(query) >= 3:
        candidates += [
            Case.objects.alias(address_lower=Lower("address"))
            .filter(address_lower__contains=spelling.lower())
            .order_by()
            .values_list("pk", flat=True)
            for spelling in address_spellings(query)
        ]
    if any(c.isdigit() for c in query):
        candidates.append(
            Case.objects.filter(postcode__startswith=_postcode_prefix(upper)).order_by().values_list("pk", flat=True)
        )
    if upper.replace("-", "").isdigit():
        # The number part of a reference, as an officer might read it out: "000123" or "2026-000123".
        candidates.append(Case.objects.filter(reference__endswith=upper).order_by().values_list("pk", flat=True))
    ids: set[int] = set()
    for candidate in candidates:
        found = list(candidate[: SEARCH_CANDIDATE_LIMIT + 1])
        if len(found) > SEARCH_CANDIDATE_LIMIT:
            return CaseSearch(functools.reduce(operator.or_, (Q(pk__in=c) for c in candidates)), few=False)
        ids.update(found)
    return CaseSearch(pk_in(ids), few=len(ids) <= ROW_BY_ROW_LIMIT)


def _postcode_prefix(query: str) -> str:
    """What a stored postcode starts with when it matches a whole or partly typed one.

    An outward code alone ("LE1", "LE16") matches only itself, not longer ones ("LE15"); a typed space
    separates outward from a partial inward code ("LE16 9").
    """
    parts = query.split()
    if len(parts) == 2:
        return f"{parts[0]} {parts[1]}"
    compact = "".join(parts)
    return normalise_postcode(compact) if len(compact) >= 5 else f"{compact} "


def people_visible_to(user) -> models.QuerySet[Person]:
    """People who appear in at least one case the user may see (checked per person: use it on few people)."""
    visible_roles = CasePerson.objects.filter(person=OuterRef("pk")).filter(case_is_visible(user, OuterRef("case_id")))
    return Person.objects.filter(Exists(visible_roles))


def case_people_in_role(case: Case, role: str) -> models.QuerySet[Person]:
    """The people with `role` on the case (its complainants, say), each once."""
    return Person.objects.filter(case_roles__case=case, case_roles__role=role).distinct()


def person_visible_case_ids(user, person_pk: int) -> set[int]:
    """The cases the person appears in that the user may see (one query on that person's cases alone)."""
    return visible_among(user, CasePerson.objects.filter(person_id=person_pk).values("case_id"))


def person_for(user, pk: int, need: str = VIEW) -> Person:
    """The person, if they appear in a case the user may see; else 404, as if there were no such person. A record
    merged into another is seen by those who may see a case its records were moved from. With `need` CHANGE, the
    user must also lead one of the person's cases (else 403). Carries `visible_case_ids`, the cases of theirs the
    user may see."""
    case_ids: Any = CasePerson.objects.filter(person_id=pk).values("case_id")
    visible = person_visible_case_ids(user, pk)
    if not visible:
        merge = PersonMerge.objects.filter(duplicate_id=pk, undone_at__isnull=True).first()
        case_ids = merge.case_ids if merge else []
        visible = visible_among(user, case_ids)
    if not visible:
        raise Http404("No such person")
    if need == CHANGE and not visible_among(user, case_ids, CHANGE):
        raise PermissionDenied
    person = get_object_or_404(Person, pk=pk)
    person.visible_case_ids = visible
    return person


def person_case_roles(user, person: Person) -> models.QuerySet[CasePerson]:
    visible = getattr(person, "visible_case_ids", None)
    if visible is None:
        visible = person_visible_case_ids(user, person.pk)
    return (
        CasePerson.objects.filter(person=person, case_id__in=visible)
        .select_related("case", "case__category", "case__lead_agency", "case__jag")
        .order_by("-case__opened_at", "role")
    )


def people_case_roles(user, people: list[Person]) -> dict[int, list[CasePerson]]:
    """Every person's roles on cases the user may see, most recent case first, keyed by person id: two queries
    however many people (the possible matches shown while adding someone to a case)."""
    ids = [person.pk for person in people]
    visible = visible_among(user, CasePerson.objects.filter(person_id__in=ids).values("case_id"))
    roles: dict[int, list[CasePerson]] = {pk: [] for pk in ids}
    for role in (
        CasePerson.objects.filter(person_id__in=ids, case_id__in=visible)
        .select_related("case")
        .order_by("person_id", "-case__opened_at", "role")
    ):
        roles[role.person_id].append(role)
    return roles


# How many letters two spellings of a name may differ by (added, dropped or changed) and still be offered as the
# same name, by the length of the name typed: none below five letters, where one letter makes another name ("Hall",
# "Hill"); two adjacent letters swapped count as one slip.
def spelling_slack(name: str) -> int:
    return 0 if len(name) < 5 else 1 if len(name) < 8 else 2


def name_words(value: str) -> list[str]:
    """A typed name as matching compares it: lower case, full stops dropped ("W." is the initial W), one space."""
    return value.lower().replace(".", " ").split()


# The rules, in SQL. A surname agrees with the one typed when it is the same; or sounds the same (a Double Metaphone
# code in common, of three letters or more: shorter codes say too little, "Hall" and "Hill" are both HL); or begins
# with the same letter (a slip rarely changes it: "Braddock" is another name) and is spelt within spelling_slack or
# with two letters swapped. A forename agrees when it is the same; either is an initial of the other ("W", "Wayne");
# one begins with the other and the shorter has three letters or more ("Dan", "Daniel"); they share a Double
# Metaphone code ("Aisha", "Ayesha"); or as a surname does by spelling. Forenames are compared by their first word.
# Candidates come from the surname's indexes (its first three letters through the trigram index, both Double
# Metaphone codes, Soundex: similarity through the trigram index read every "Ma..." name for "Mason") before the rules
# decide, so the query never reads every person; a common surname has thousands, so a cheap test that every rule
# on forenames implies (the same first letter, or a Double Metaphone code in common) sets most aside first.
SPELT_ALIKE = """(left({stored}, 1) = left({typed}, 1)
    AND (levenshtein_less_equal({stored}, {typed}, 3) <= {slack}
         OR (length({stored}) = length({typed}) AND levenshtein_less_equal({stored}, {typed}, 3) <= 2
             AND array(SELECT unnest(string_to_array({stored}, NULL)) ORDER BY 1)
                 = array(SELECT unnest(string_to_array({typed}, NULL)) ORDER BY 1))))"""
STORED_LAST = "lower(cases_person.last_name)"
STORED_FIRST = "split_part(lower(cases_person.first_name), ' ', 1)"
MATCH_SQL = f"""
(lower(cases_person.last_name) LIKE %(last_start)s
 OR dmetaphone(cases_person.last_name) IN (NULLIF(dmetaphone(%(last)s), ''), NULLIF(dmetaphone_alt(%(last)s), ''))
 OR dmetaphone_alt(cases_person.last_name) IN (NULLIF(dmetaphone(%(last)s), ''), NULLIF(dmetaphone_alt(%(last)s), ''))
 OR soundex(cases_person.last_name) = soundex(%(last)s))
AND (left(lower(cases_person.first_name), 1) = left(%(first)s, 1)
     OR dmetaphone({STORED_FIRST}) IN (NULLIF(dmetaphone(%(first)s), ''), NULLIF(dmetaphone_alt(%(first)s), ''))
     OR dmetaphone_alt({STORED_FIRST}) IN (NULLIF(dmetaphone(%(first)s), ''), NULLIF(dmetaphone_alt(%(first)s), '')))
AND ({STORED_LAST} = %(last)s
     OR (length(dmetaphone(cases_person.last_name)) >= 3
         AND (dmetaphone(cases_person.last_name) IN (NULLIF(dmetaphone(%(last)s), ''), NULLIF(dmetaphone_alt(%(last)s), ''))
              OR dmetaphone_alt(cases_person.last_name) IN (NULLIF(dmetaphone(%(last)s), ''), NULLIF(dmetaphone_alt(%(last)s), ''))))
     OR {SPELT_ALIKE.format(stored=STORED_LAST, typed="%(last)s", slack="%(last_slack)s")})
AND (
    (length(%(first)s) = 1 AND left({STORED_FIRST}, 1) = %(first)s)
    OR (length({STORED_FIRST}) = 1 AND left(%(first)s, 1) = {STORED_FIRST})
    OR (length(%(first)s) > 1 AND length({STORED_FIRST}) > 1 AND (
        {STORED_FIRST} = %(first)s
        OR (least(length(%(first)s), length({STORED_FIRST})) >= 3
            AND (starts_with({STORED_FIRST}, %(first)s) OR starts_with(%(first)s, {STORED_FIRST})))
        OR (dmetaphone({STORED_FIRST}) <> ''
            AND (dmetaphone({STORED_FIRST}) IN (NULLIF(dmetaphone(%(first)s), ''), NULLIF(dmetaphone_alt(%(first)s), ''))
                 OR dmetaphone_alt({STORED_FIRST}) IN (NULLIF(dmetaphone(%(first)s), ''), NULLIF(dmetaphone_alt(%(first)s), ''))))
        OR {SPELT_ALIKE.format(stored=STORED_FIRST, typed="%(first)s", slack="%(first_slack)s")}))
)
"""


def _positional(sql: str) -> tuple[str, list[str]]:
    """The SQL with each %(name)s made a positional %s (as Django composes queries), and the names in order."""
    names = re.findall(r"%\((\w+)\)s", sql)
    return re.sub(r"%\((\w+)\)s", "%s", sql), names


MATCH_SQL, MATCH_PARAMS = _positional(MATCH_SQL)
# The same rules on the names people are also known by: the ids of the people whose own name or an alias agrees,
# each side through its own table's indexes.
ALIAS_MATCH_SQL = MATCH_SQL.replace("cases_person.", "cases_personalias.")
MATCHING_IDS_SQL = (
    f"SELECT cases_person.id FROM cases_person WHERE {MATCH_SQL} "
    f"UNION SELECT cases_personalias.person_id FROM cases_personalias WHERE {ALIAS_MATCH_SQL}"
)

# How close the whole name is, or the closest of the names they are also known by, to list the likeliest first.
CLOSENESS_SQL = """greatest(similarity(lower(cases_person.first_name || ' ' || cases_person.last_name), %s),
    (SELECT max(similarity(lower(alias.first_name || ' ' || alias.last_name), %s))
     FROM cases_personalias alias WHERE alias.person_id = cases_person.id))"""

MATCHES_SHOWN = 10


@dataclass
class PersonMatches:
    """The possible matches for a name, likeliest first: at most MATCHES_SHOWN, and whether there were more."""

    people: list[Person]
    more: bool


def person_matches(
    user,
    *,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date | None = None,
    postcode: str = "",
    case: Case | None = None,
) -> PersonMatches:
    """People the user may see whose name, or a name they are also known by, agrees with the one typed (the rules
    above MATCH_SQL), however little else is known: the same date of birth, then the same postcode, then people
    already on `case`, then the closest names come first. Records merged into another are not offered. Each carries `roles_here`, their roles on `case`. One query whatever the number."""
    first_words, last = name_words(first_name), " ".join(name_words(last_name))
    if not first_words or not last:
        return PersonMatches([], more=False)
    first = first_words[0]
    values = {
        "first": first,
        "last": last,
        "first_slack": spelling_slack(first),
        "last_slack": spelling_slack(last),
        # Its first three letters (a slip further on keeps them): the trigram index finds these few.
        "last_start": re.sub(r"([\\%_])", r"\\\1", last[:3]) + "%",
    }
    params = [values[name] for name in MATCH_PARAMS]
    typed = f"{first} {last}"
    # No case: a case id no row has, so that the query is the same.
    on_case = CasePerson.objects.filter(person=OuterRef("pk"), case_id=case.pk if case else 0)
    found: list[Person] = list(
        people_visible_to(user)
        .filter(pk__in=RawSQL(MATCHING_IDS_SQL, params + params), merged_into__isnull=True)
        .annotate(
            same_birth=_flag(Q(date_of_birth=date_of_birth)) if date_of_birth else Value(False),
            same_postcode=_flag(Q(postcode=normalise_postcode(postcode))) if postcode else Value(False),
            on_case=Exists(on_case),
            roles_on_case=ArraySubquery(on_case.order_by("role").values("role")),
            closeness=RawSQL(CLOSENESS_SQL, [typed, typed], output_field=models.FloatField()),
        )
        .order_by(
            F("same_birth").desc(nulls_last=True),  # an unknown date of birth compares as NULL
            "-same_postcode",
            "-on_case",
            "-closeness",
            "last_name",
            "first_name",
            "pk",
        )[: MATCHES_SHOWN + 1]
    )
    people = found[:MATCHES_SHOWN]
    for person in people:
        person.roles_here = [PersonRole(role).label for role in getattr(person, "roles_on_case")]  # noqa: B009
    return PersonMatches(people, more=len(found) > MATCHES_SHOWN)


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=models.BooleanField())


def case_chronology(case: Case) -> models.QuerySet[ChronologyEntry]:
    return (
        ChronologyEntry.objects.filter(case=case)
        .select_related("agency", "officer", "corrects")
        .prefetch_related("corrections")
        .order_by("-occurred_at", "-id")
    )


# A repeat victim (CasePolicy's figures, the model's defaults until an administrator saves the policy): complainant on
# at least `cases` cases, or reporter of at least `incidents` incidents in the last `months` months. Counted across
# every case and agency, so the flag says only "repeat victim", never which cases. Both counts read an index alone
# (caseperson_role_person; incident_reporter_when) and stop once the figure is reached.
_REPEAT_VICTIMS_SQL = """
WITH people AS ({people}),
policy AS (
    SELECT COALESCE(MAX(repeat_victim_cases), %(cases)s) AS cases,
           COALESCE(MAX(repeat_victim_incidents), %(incidents)s) AS incidents,
           COALESCE(MAX(repeat_victim_window_months), %(months)s) AS months
    FROM cases_casepolicy
)
SELECT people.id FROM people CROSS JOIN policy
WHERE (SELECT COUNT(*) FROM (SELECT 1 FROM cases_caseperson cp
                             WHERE cp.role = %(complainant)s AND cp.person_id = people.id
                             LIMIT policy.cases) AS roles) >= policy.cases
   OR (SELECT COUNT(*) FROM (SELECT 1 FROM cases_incident i
                             WHERE i.reported_by_id = people.id
                               AND i.reported_at >= %(now)s - make_interval(months => policy.months)
                             LIMIT policy.incidents) AS reports) >= policy.incidents
"""


def _repeat_victims(people_sql: str, params: dict) -> list[int]:
    unsaved = CasePolicy()  # the fields' defaults, for a policy an administrator has not yet saved
    defaults = {
        "cases": unsaved.repeat_victim_cases,
        "incidents": unsaved.repeat_victim_incidents,
        "months": unsaved.repeat_victim_window_months,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            _REPEAT_VICTIMS_SQL.format(people=people_sql),
            params | defaults | {"complainant": PersonRole.COMPLAINANT, "now": clock.now()},
        )
        return [pk for (pk,) in cursor.fetchall()]


def repeat_victim_ids(person_ids) -> set[int]:
    """Which of these people are repeat victims (one query, however many people: a page's people at once)."""
    ids = sorted({int(pk) for pk in person_ids})
    if not ids:
        return set()
    return set(_repeat_victims("SELECT unnest(%(ids)s::bigint[]) AS id", {"ids": ids}))


def case_repeat_victims(user, case: Case) -> list[str]:
    """The names of the case's complainants who are repeat victims (two queries: the complainants, the rule).

    The rule counts every case and every incident report, whoever may see them; the flag names the person, never the
    other cases, so it tells the user nothing about cases they may not see."""
    complainants = list(
        Person.objects.filter(case_roles__case=case, case_roles__role=PersonRole.COMPLAINANT)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
    repeat = repeat_victim_ids(person.pk for person in complainants)
    return [person.full_name for person in complainants if person.pk in repeat]
