"""The consistency report: how partners use the Incremental Approach, per JAG and per issuing agency.

Every figure is computed in SQL over the interventions on cases the user may see
(`incremental.selectors.interventions_visible_to`), issued within the period, in a constant number of queries whatever the number of interventions:
- interventions by tier (1 to 4) and in total;
- stages skipped (issued above the suggested stage, with a severity justification), and the list of them;
- time between stages: the days between a person's consecutive interventions where the tier goes up. The
  previous intervention is found with a window function (LAG over the person's interventions by date issued, then
  id), over every visible intervention up to the period's end, so a step up early in the period is measured from
  an intervention issued before it. Quashed interventions never happened as far as the ladder is concerned: they
  are counted as issued, but neither are nor end a step;
- breach rates: interventions breached at least once over all interventions, and breaches per intervention.
The JAG is the case's; the agency is the issuing agency. The JAG and agency filters choose the interventions
counted (the later one of a step), not the earlier interventions a step is measured from: a person's ladder runs
across cases and agencies.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from django.db.models import BooleanField, ExpressionWrapper, F, Q, Window
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Lag

from agencies.models import Agency
from cases.models import Case
from cases.permissions import serial_plans
from core.dates import add_months
from jag.models import Jag

from .models import Intervention, InterventionStatus, Tier
from .selectors import interventions_visible_to

REPORT_MONTHS = 12
TIERS = tuple(Tier.values)


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last 12 months up to and including today."""
    return add_months(today, -REPORT_MONTHS) + datetime.timedelta(days=1), today


@dataclass
class ReportRow:
    """The figures of one JAG, one agency, or (id None) every intervention in the report."""

    id: int | None
    name: str
    tiers: dict[int, int]
    total: int
    skipped: int
    breached: int
    breaches: int
    steps: int
    median_days: float | None
    average_days: float | None

    @property
    def tier_counts(self) -> list[int]:
        return [self.tiers[tier] for tier in TIERS]

    @property
    def skip_rate(self) -> float | None:
        """Per cent of the interventions that skipped a stage."""
        return 100 * self.skipped / self.total if self.total else None

    @property
    def breach_rate(self) -> float | None:
        """Per cent of the interventions breached at least once."""
        return 100 * self.breached / self.total if self.total else None

    @property
    def breaches_per_intervention(self) -> float | None:
        return self.breaches / self.total if self.total else None


@dataclass
class ConsistencyReport:
    date_from: datetime.date
    date_to: datetime.date
    jag_id: int | None = None
    agency_id: int | None = None
    by_jag: list[ReportRow] = field(default_factory=list)
    by_agency: list[ReportRow] = field(default_factory=list)
    totals: ReportRow = field(default_factory=lambda: _empty_row("All interventions"))


def _empty_row(name: str) -> ReportRow:
    return ReportRow(None, name, dict.fromkeys(TIERS, 0), 0, 0, 0, 0, 0, None, None)


def _ladder_steps(user, date_to: datetime.date) -> tuple[str, tuple[Any, ...]]:
    """SQL (and its parameters) of every intervention on a visible case issued up to date_to, each with the tier and
    date of the same person's previous one (quashed ones apart: they sit in a partition of their own)."""
    quashed = ExpressionWrapper(Q(status=InterventionStatus.QUASHED), output_field=BooleanField())
    ladder_partition: list[BaseExpression | F] = [F("person_id"), quashed]
    ladder_order = [F("issued_on").asc(), F("id").asc()]
    steps = (
        interventions_visible_to(user)
        .filter(issued_on__lte=date_to)
        .order_by()
        .annotate(
            previous_tier=Window(Lag("tier"), partition_by=ladder_partition, order_by=ladder_order),
            previous_on=Window(Lag("issued_on"), partition_by=ladder_partition, order_by=ladder_order),
        )
        .values(
            "case_id",
            "issuing_agency_id",
            "tier",
            "issued_on",
            "skipped_stage",
            "breach_count",
            "status",
            "previous_tier",
            "previous_on",
        )
    )
    return steps.query.sql_with_params()


def _figures_in_sql(user, *, date_from, date_to, jag_id, agency_id) -> list[tuple]:
    """The report's rows (is JAG, is agency, id, name, tier counts..., total, skipped, breached, breaches, steps,
    median days, average days) from one PostgreSQL aggregate with grouping sets."""
    steps_sql, steps_params = _ladder_steps(user, date_to)
    stepped_up = f"s.status <> '{InterventionStatus.QUASHED.value}' AND s.tier > s.previous_tier"
    tier_counts = ", ".join(f"count(*) FILTER (WHERE s.tier = {int(tier)})" for tier in TIERS)
    where = ["s.issued_on >= %s"]
    params = [*steps_params, date_from]
    if jag_id:
        where.append("c.jag_id = %s")
        params.append(jag_id)
    if agency_id:
        where.append("s.issuing_agency_id = %s")
        params.append(agency_id)
    sql = f"""
        SELECT GROUPING(j.id) = 0 AS is_jag, GROUPING(a.id) = 0 AS is_agency,
               COALESCE(j.id, a.id), COALESCE(j.name, a.name),
               {tier_counts},
               count(*),
               count(*) FILTER (WHERE s.skipped_stage),
               count(*) FILTER (WHERE s.breach_count > 0),
               COALESCE(sum(s.breach_count), 0),
               count(*) FILTER (WHERE {stepped_up}),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY s.issued_on - s.previous_on) FILTER (WHERE {stepped_up}),
               avg(s.issued_on - s.previous_on) FILTER (WHERE {stepped_up})
        FROM ({steps_sql}) s
        JOIN {Case._meta.db_table} c ON c.id = s.case_id
        JOIN {Jag._meta.db_table} j ON j.id = c.jag_id
        JOIN {Agency._meta.db_table} a ON a.id = s.issuing_agency_id
        WHERE {" AND ".join(where)}
        GROUP BY GROUPING SETS ((j.id, j.name), (a.id, a.name), ())
    """
    with serial_plans(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def consistency_report(
    user,
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    jag_id: int | None = None,
    agency_id: int | None = None,
) -> ConsistencyReport:
    """Every figure of the report in one query: the per-JAG rows, the per-agency rows and the totals are the grouping
    sets of one aggregate (a median cannot be added up from parts). Without parallel workers (see serial_plans)."""
    report = ConsistencyReport(date_from=date_from, date_to=date_to, jag_id=jag_id, agency_id=agency_id)
    if not user.is_authenticated or not user.is_active:
        return report
    rows = _figures_in_sql(user, date_from=date_from, date_to=date_to, jag_id=jag_id, agency_id=agency_id)
    for is_jag, is_agency, group_id, name, *figures in rows:
        counts, (total, skipped, breached, breaches, steps, median, average) = (
            figures[: len(TIERS)],
            figures[len(TIERS) :],
        )
        row = ReportRow(
            id=group_id,
            name=name or report.totals.name,
            tiers=dict(zip(TIERS, counts, strict=True)),
            total=total,
            skipped=skipped,
            breached=breached,
            breaches=int(breaches),
            steps=steps,
            median_days=float(median) if median is not None else None,
            average_days=float(average) if average is not None else None,
        )
        if is_jag:
            report.by_jag.append(row)
        elif is_agency:
            report.by_agency.append(row)
        else:
            report.totals = row
    report.by_jag.sort(key=lambda row: (row.name, row.id))
    report.by_agency.sort(key=lambda row: (row.name, row.id))
    return report


def skipped_interventions(
    user,
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    jag_id: int | None = None,
    agency_id: int | None = None,
) -> models.QuerySet[Intervention]:
    """The interventions issued in the period that skipped a stage, on cases the user may see, latest first, with
    what their rows show (the case reference for the link, the issuing agency's name)."""
    skipped = interventions_visible_to(user).filter(
        skipped_stage=True, issued_on__gte=date_from, issued_on__lte=date_to
    )
    if jag_id:
        skipped = skipped.filter(case__jag_id=jag_id)
    if agency_id:
        skipped = skipped.filter(issuing_agency_id=agency_id)
    return (
        skipped.select_related("case__jag", "issuing_agency")
        .only(
            "pk",
            "kind_name",
            "tier",
            "suggested_tier",
            "issued_on",
            "justification",
            "case__reference",
            "case__jag__name",
            "issuing_agency__name",
            "issuing_agency__short_name",
        )
        .order_by("-issued_on", "-pk")
    )
