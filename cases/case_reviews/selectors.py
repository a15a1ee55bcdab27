"""The ASB Case Review (formerly Community Trigger) threshold, per victim, computed in SQL.

LLR threshold (figures from CasePolicy): in the last `case_review_window_months` calendar months, at least
`case_review_incidents` separate incidents each reported within `case_review_report_within_months` calendar
months of happening, or at least `case_review_hate_incidents` hate incidents. A victim is a person who is a
complainant on a case; their incidents are those of every case they are a complainant on.

Dates are local (Europe/London) calendar dates. "Reported within M months of happening" uses calendar-month
arithmetic that clamps to the end of a shorter month (31 January + 1 month = 28 or 29 February), written as
year/month/day comparisons:
    months between the two dates < M, or exactly M and the day of the month reported <= the day it happened.
(When the day it happened does not exist in the month reported, any day of that month is on or before it,
which is exactly the clamping rule.)

A hate incident is an incident marked as one (Incident.hate_incident).

Speed (the dashboard computes this for every victim on each request): the window is read from the covering index
on Incident.occurred_at, and the calendar-month test, which takes six time-zone conversions, runs only for the rare
incident whose delay is near the limit: any M calendar months are at least 28·M and at most 31·M days, so a delay
under 28·M - 2 days is always timely and one of 31·M + 2 days or more never is (the 2 days cover the local-date and
daylight-saving edges). Victims are found from the incidents in the window, joined to the complainants on case_id.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, models
from django.db.models import Count, F, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from core.dates import add_months, start_of_day
from core.sql import pk_in

from ..models import Case, CasePerson, CasePolicy, Incident, Person, PersonRole

# The threshold's set of cases is keyed by the state it is computed from; the timeout only bounds memory.
THRESHOLD_CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Threshold:
    window_months: int
    incidents: int
    report_within_months: int
    hate_incidents: int

    @classmethod
    def from_policy(cls, policy: CasePolicy | None = None) -> Threshold:
        policy = policy or CasePolicy.current()
        return cls(
            window_months=policy.case_review_window_months,
            incidents=policy.case_review_incidents,
            report_within_months=policy.case_review_report_within_months,
            hate_incidents=policy.case_review_hate_incidents,
        )

    @property
    def key(self) -> str:
        return f"{self.window_months}-{self.incidents}-{self.report_within_months}-{self.hate_incidents}"

    def window_start(self, as_of: datetime.date) -> datetime.date:
        return add_months(as_of, -self.window_months)


def _timely_report(threshold: Threshold, prefix: str) -> Q:
    """Q over the annotations `_months_to_report`, `_report_day`, `_occurred_day` (see _with_report_delay), tried
    only when the delay is within two days of the limit either way (see the module's docstring)."""
    within = threshold.report_within_months
    occurred, reported = F(f"{prefix}occurred_at"), f"{prefix}reported_at"
    calendar_months = Q(_months_to_report__lt=within) | Q(_months_to_report=within, _report_day__lte=F("_occurred_day"))
    never_late = Q(**{f"{reported}__lt": occurred + datetime.timedelta(days=28 * within - 2)})
    maybe_late = Q(**{f"{reported}__lt": occurred + datetime.timedelta(days=31 * within + 2)})
    # OR and AND stop at the first term that decides, so the cheap comparisons settle nearly every incident.
    return never_late | (maybe_late & calendar_months) if within else maybe_late & calendar_months


def _with_report_delay(queryset: models.QuerySet, prefix: str) -> models.QuerySet:
    occurred, reported = f"{prefix}occurred_at", f"{prefix}reported_at"
    return queryset.annotate(
        _months_to_report=(ExtractYear(reported) * 12 + ExtractMonth(reported))
        - (ExtractYear(occurred) * 12 + ExtractMonth(occurred)),
        _report_day=ExtractDay(reported),
        _occurred_day=ExtractDay(occurred),
    )


def _in_window(as_of: datetime.date, threshold: Threshold, prefix: str) -> dict:
    """Incidents that happened in the window and were reported by the end of the as-of date."""
    # Local-day boundaries as moments, so the incidents are filtered on the stored values (no per-row casts).
    window_from = start_of_day(threshold.window_start(as_of))
    day_after = start_of_day(as_of + datetime.timedelta(days=1))
    return {
        f"{prefix}occurred_at__gte": window_from,
        f"{prefix}occurred_at__lt": day_after,
        f"{prefix}reported_at__lt": day_after,
    }


def victim_counts(as_of: datetime.date, threshold: Threshold | None = None) -> models.QuerySet:
    """Per complainant (person_id): `timely_incidents` and `hate_incidents` in the window. One grouped query."""
    threshold = threshold or Threshold.from_policy()
    # One filter() call, so the window conditions and the counts below share one join to the incidents.
    roles = CasePerson.objects.filter(role=PersonRole.COMPLAINANT, **_in_window(as_of, threshold, "case__incidents__"))
    roles = _with_report_delay(roles, "case__incidents__")
    return (
        roles.values("person_id")
        .annotate(
            # A person is on a case as complainant once (a unique constraint), so no incident is counted twice.
            timely_incidents=Count("case__incidents", filter=_timely_report(threshold, "case__incidents__")),
            hate_incidents=Count("case__incidents", filter=Q(case__incidents__hate_incident=True)),
        )
        .order_by()
    )


def victims_meeting_threshold_ids(as_of: datetime.date, threshold: Threshold | None = None) -> RawSQL:
    """person_id of every victim who meets the threshold, as a subquery (for `person_id__in=`).

    The counts of victim_counts, for every victim at once and from the other end: the incidents in the window (from
    the covering index on Incident.occurred_at), each marked timely or not and hate or not, joined to the
    complainants on the incident's case_id. The ORM reaches the complainants only through the cases table, a pass
    over every case, so that one join is written out here around the ORM's SQL for the incidents.
    """
    threshold = threshold or Threshold.from_policy()
    incidents = (
        _with_report_delay(Incident.objects.filter(**_in_window(as_of, threshold, "")), "")
        .annotate(
            timely=models.Case(models.When(_timely_report(threshold, ""), then=1), default=0),
            hate=models.Case(models.When(hate_incident=True, then=1), default=0),
        )
        .order_by()
        .values("case_id", "timely", "hate")
    )
    sql, params = incidents.query.sql_with_params()
    roles = CasePerson._meta.db_table
    return RawSQL(
        f"SELECT victim.person_id FROM ({sql}) incident INNER JOIN {roles} victim ON victim.case_id = incident.case_id"
        " WHERE victim.role = %s GROUP BY victim.person_id"
        " HAVING SUM(incident.timely) >= %s OR SUM(incident.hate) >= %s",
        (*params, PersonRole.COMPLAINANT, threshold.incidents, threshold.hate_incidents),
    )


def case_review_threshold_case_ids(as_of: datetime.date, threshold: Threshold | None = None) -> models.QuerySet:
    """case_id of every case with a complainant who meets the threshold, as a subquery (for `pk__in=`).

    Uncorrelated, so PostgreSQL computes it once per query (a hashed subplan), not once per case.
    """
    return CasePerson.objects.filter(
        role=PersonRole.COMPLAINANT, person_id__in=victims_meeting_threshold_ids(as_of, threshold)
    ).values("case_id")


def case_review_threshold_q(as_of: datetime.date, threshold: Threshold | None = None, *, per_row: bool = False) -> Q:
    """Cases (on a query of Case) with a complainant who meets the threshold as of `as_of`.

    The set is the same for every user (each applies their own visibility), so it is computed once and kept in
    the cache under the state of everything it is computed from: the date, the threshold's figures and the newest
    incident and case role (the record only ever adds them: neither is edited or deleted). A new incident or
    complainant makes a new key, so the set is never stale; the dashboard, the case list behind its figure and the
    agenda then read it instead of grouping every incident in the window on each request.
    """
    threshold = threshold or Threshold.from_policy()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT max(id) FROM {Incident._meta.db_table}), (SELECT max(id) FROM {CasePerson._meta.db_table})"
        )
        newest_incident, newest_role = cursor.fetchone()
    key = f"case-review-threshold:{as_of}:{threshold.key}:{newest_incident}:{newest_role}"
    ids = cache.get(key)
    if ids is None:
        ids = list(case_review_threshold_case_ids(as_of, threshold).order_by().values_list("case_id", flat=True))
        cache.set(key, ids, timeout=THRESHOLD_CACHE_SECONDS)
    return pk_in(ids, per_row=per_row)


def case_review_threshold_cases(queryset: models.QuerySet[Case], as_of: datetime.date) -> models.QuerySet[Case]:
    """The cases of `queryset` with a complainant who meets the ASB Case Review threshold as of `as_of`."""
    return queryset.filter(case_review_threshold_q(as_of))


def victim_threshold_status(case: Case, as_of: datetime.date) -> list[dict]:
    """Every complainant on the case with their counts in the window and whether they meet the threshold.

    Two queries: the policy row, and the complainants with their counts (a left join onto the grouped counts).
    """
    threshold = Threshold.from_policy()
    counts = victim_counts(as_of, threshold).filter(person_id=OuterRef("pk"))
    people = (
        Person.objects.filter(case_roles__case=case, case_roles__role=PersonRole.COMPLAINANT)
        .annotate(
            timely_incidents=models.Subquery(counts.values("timely_incidents")[:1]),
            hate_incidents=models.Subquery(counts.values("hate_incidents")[:1]),
        )
        .order_by("last_name", "first_name", "pk")
    )
    rows = []
    for person in people:
        timely = person.timely_incidents or 0
        hate = person.hate_incidents or 0
        by_incidents = timely >= threshold.incidents
        by_hate = hate >= threshold.hate_incidents
        rows.append(
            {
                "person": person,
                "timely_incidents": timely,
                "hate_incidents": hate,
                "met": by_incidents or by_hate,
                "met_by_incidents": by_incidents,
                "met_by_hate": by_hate,
                "window_start": threshold.window_start(as_of),
                "as_of": as_of,
                "threshold": threshold,
            }
        )
    return rows


def victims_meeting_threshold(case: Case, as_of: datetime.date) -> list[dict]:
    """The complainants on the case who meet the threshold, each a dict: person, timely_incidents, hate_incidents,
    met (True), met_by_incidents, met_by_hate, window_start, as_of, threshold."""
    return [row for row in victim_threshold_status(case, as_of) if row["met"]]
