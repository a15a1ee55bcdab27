"""Reads for closing a case with its victims, and the dashboard's outcomes for victims."""

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Aggregate, Count, Q, Sum

from core.dates import add_months, start_of_day

from ..models import Case, CasePerson, CaseStatus, PersonRole, VictimClosure, VictimOutcome
from ..permissions import visible_case_q

OUTCOME_MONTHS = 12


@dataclass
class VictimRow:
    link: CasePerson
    record: VictimClosure | None

    @property
    def person(self):
        return self.link.person


def closing_victims(case: Case) -> list[VictimRow]:
    """Each victim of the case with their current closing record (None when not yet recorded): two queries."""
    links = list(
        CasePerson.objects.filter(case=case, role=PersonRole.COMPLAINANT)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person_id")
    )
    records = {
        record.victim_id: record
        for record in VictimClosure.objects.filter(case=case, superseded_at__isnull=True).select_related("letter")
    }
    return [VictimRow(link=link, record=records.get(link.person_id)) for link in links]


def closure_history(case: Case) -> list[VictimClosure]:
    """The records of earlier closings, undone when the case was reopened, newest first."""
    return list(
        VictimClosure.objects.filter(case=case, superseded_at__isnull=False)
        .select_related("victim", "recorded_by")
        .order_by("-superseded_at", "victim__last_name", "pk")
    )


@dataclass
class Outcomes:
    since: datetime.date
    as_of: datetime.date
    by_jag: list[dict] = field(default_factory=list)
    by_agency: list[dict] = field(default_factory=list)
    totals: dict = field(default_factory=dict)


OUTCOME_KEYS = [outcome.value for outcome in VictimOutcome]


def _figures(records: str) -> dict[str, Aggregate]:
    """The figures of each group of closing records; `records` is the path to them from a case."""
    figures: dict[str, Aggregate] = {
        f"outcome_{key}": Count(f"{records}pk", filter=Q(**{f"{records}outcome": key})) for key in OUTCOME_KEYS
    }
    figures["outcome_none"] = Count(f"{records}pk", filter=Q(**{f"{records}outcome": ""}))
    figures["satisfaction_given"] = Count(f"{records}satisfaction")
    figures["satisfaction_sum"] = Sum(f"{records}satisfaction", default=0)
    return figures


def _with_average(row: dict) -> dict:
    given = row["satisfaction_given"]
    row["satisfaction_average"] = round(row["satisfaction_sum"] / given, 1) if given else None
    row["victims"] = sum(row[f"outcome_{key}"] for key in [*OUTCOME_KEYS, "none"])
    return row


def _roll_up(cells: list[dict], key: str, name: str, figures: dict) -> list[dict]:
    groups: dict = {}
    for cell in cells:
        groups.setdefault(cell[key], []).append(cell)
    rows = [
        _with_average({"id": group_id, "name": group[0][name]} | {f: sum(c[f] for c in group) for f in figures})
        for group_id, group in groups.items()
    ]
    return sorted(rows, key=lambda row: (row["name"], row["id"]))


def victim_outcomes(user, *, as_of: datetime.date, jag_id: int | None = None, agency_id: int | None = None) -> Outcomes:
    """For the cases closed (resolved or ceased) in the 12 months to `as_of` that the user may see: the number of
    victims with each outcome, and the average satisfaction of those who gave one, by JAG and by lead agency.

    One grouped query from the cases closed in the window, their current closing records joined in. Visibility is
    checked on those cases alone (a sixth of all cases on the benchmark data) rather than on every closing record,
    each of which PostgreSQL would otherwise probe against the visible cases' set before the join.
    """
    # The first day counted: the day after the same date 12 months before.
    since = add_months(as_of, -OUTCOME_MONTHS) + datetime.timedelta(days=1)
    cases = Case.objects.filter(
        visible_case_q(user),
        status__in=[CaseStatus.CLOSED, CaseStatus.CEASED],
        closed_at__gte=start_of_day(since),
        closed_at__lt=start_of_day(as_of + datetime.timedelta(days=1)),
        # In one filter: a case with no current closing record is left out (an inner join), not counted as empty.
        victim_closures__isnull=False,
        victim_closures__superseded_at__isnull=True,
    )
    if jag_id:
        cases = cases.filter(jag_id=jag_id)
    if agency_id:
        cases = cases.filter(lead_agency_id=agency_id)
    figures = _figures("victim_closures__")
    # Each cell has every figure too: the stubs see the four grouping columns alone through annotate(**figures).
    cells = cast(
        list[dict[str, Any]],
        list(cases.order_by().values("jag_id", "jag__name", "lead_agency_id", "lead_agency__name").annotate(**figures)),
    )
    outcomes = Outcomes(since=since, as_of=as_of)
    outcomes.by_jag = _roll_up(cells, "jag_id", "jag__name", figures)
    outcomes.by_agency = _roll_up(cells, "lead_agency_id", "lead_agency__name", figures)
    outcomes.totals = _with_average({f: sum(c[f] for c in cells) for f in figures})
    return outcomes


# The dashboard's tables of outcomes for victims (cases.dashboard): each its own CSV.
OUTCOME_EXPORTS = {
    "outcomes-by-jag": "Outcomes for victims by JAG, last 12 months",
    "outcomes-by-agency": "Outcomes for victims by lead agency, last 12 months",
}
OUTCOME_COLUMNS = [(f"outcome_{outcome.value}", outcome.label) for outcome in VictimOutcome] + [
    ("outcome_none", "Outcome not recorded")
]


def outcome_export(table: str, outcomes: Outcomes) -> tuple[list[str], list[list]]:
    by_jag = table == "outcomes-by-jag"
    rows = outcomes.by_jag if by_jag else outcomes.by_agency
    header = [
        "JAG" if by_jag else "Lead agency",
        "Victims",
        *(label for _, label in OUTCOME_COLUMNS),
        "Average satisfaction (1 to 5)",
        "Victims who gave their satisfaction",
    ]
    body = [
        [
            row["name"],
            row["victims"],
            *(row[key] for key, _ in OUTCOME_COLUMNS),
            "" if row["satisfaction_average"] is None else row["satisfaction_average"],
            row["satisfaction_given"],
        ]
        for row in rows
    ]
    return header, body
