"""The managers' dashboard: caseload figures, each computed in SQL over the cases the manager may see.

Every figure is limited to the cases the user may see (cases.permissions: `visible_case_q`, `visible_among`), so a
manager sees only what their agency and role allow, and every figure has a matching set of case list filters (cases.filters.CaseFilter) that lists the cases behind it.
The number of queries does not depend on the number of cases.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import models
from django.db.models import BooleanField, Count, ExpressionWrapper, Min, Q, Value, When
from django.db.models.functions import TruncMonth

from agencies.models import Agency, Officer
from core.dates import add_months, month_moments, start_of_day
from jag.models import Jag

from ..case_reviews.selectors import Threshold, case_review_threshold_q
from ..jag_management.selectors import LONG_STANDING_BANDS, long_standing_band_q
from ..models import Case, CaseStatus, LongStandingChange, RiskBand
from ..permissions import serial_plans, visible_among, visible_case_q

TREND_MONTHS = 12
LONGEST_STANDING_SHOWN = 10
# Batches of the longest-standing cases checked for visibility before falling back to the visible set.
LONGEST_BATCHES = (40, 400)

RISK_MIX = (
    (RiskBand.HIGH.value, "High"),
    (RiskBand.MEDIUM.value, "Medium"),
    (RiskBand.STANDARD.value, "Standard"),
    ("", "Not assessed"),
)


@dataclass
class Dashboard:
    as_of: datetime.date
    jag_id: int | None
    agency_id: int | None
    by_jag: list[dict] = field(default_factory=list)
    by_agency: list[dict] = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    risk_mix: list[dict] = field(default_factory=list)
    longest: list[Case] = field(default_factory=list)
    trends: list[dict] = field(default_factory=list)
    threshold: Threshold | None = None
    by_officer: list[dict] = field(default_factory=list)

    @property
    def base_filters(self) -> dict:
        """Case list parameters for the JAG and agency the dashboard is filtered by."""
        filters = {}
        if self.jag_id:
            filters["jag"] = self.jag_id
        if self.agency_id:
            filters["lead_agency"] = self.agency_id
        return filters


def _scoped(cases: models.QuerySet[Case], *, jag_id: int | None, agency_id: int | None) -> models.QuerySet[Case]:
    """The cases of the JAG and lead agency the dashboard is filtered by."""
    if jag_id:
        cases = cases.filter(jag_id=jag_id)
    if agency_id:
        cases = cases.filter(lead_agency_id=agency_id)
    return cases


def dashboard_cases(
    user, *, among: Q, jag_id: int | None = None, agency_id: int | None = None
) -> models.QuerySet[Case]:
    """The cases the user may see that match `among`, of the JAG and lead agency given.

    `among` is tested first (a CASE: SQL promises no order for AND), so the sets of visible case ids are probed for
    the cases that match it alone: worth it for a cheap test that no index answers.
    """
    if not (user.is_authenticated and user.is_active):
        return Case.objects.none()
    visible = ExpressionWrapper(visible_case_q(user), output_field=BooleanField())
    cases = Case.objects.filter(models.Case(When(among, then=visible), default=Value(False)))
    return _scoped(cases, jag_id=jag_id, agency_id=agency_id)


def _figures(as_of: datetime.date, months: list[datetime.date], threshold: Threshold) -> dict:
    """Every per-case figure as one aggregate each, so one scan of the visible cases computes them all."""
    is_open = Q(status=CaseStatus.OPEN)
    long_standing = is_open & Q(long_standing_since__isnull=False)
    figures = {
        "open": Count("pk", filter=is_open),
        "high_risk": Count("pk", filter=is_open & Q(risk_band=RiskBand.HIGH)),
        "review_overdue": Count("pk", filter=is_open & Q(next_review_date__lt=as_of)),
        "case_review": Count("pk", filter=is_open & case_review_threshold_q(as_of, threshold, per_row=True)),
        "long_standing": Count("pk", filter=long_standing),
        "long_standing_earliest": Min("long_standing_since", filter=long_standing),
        "flagged_now": Count("pk", filter=Q(long_standing_since__isnull=False)),
    }
    for key, _, _, _ in LONG_STANDING_BANDS:
        figures[f"long_standing_{key}"] = Count("pk", filter=is_open & long_standing_band_q(key, as_of))
    for band, _ in RISK_MIX:
        figures[f"risk_{band or 'none'}"] = Count("pk", filter=is_open & Q(risk_band=band))
    for index, month in enumerate(months):
        start, end = month_moments(month)
        figures[f"opened_{index}"] = Count("pk", filter=Q(opened_at__gte=start, opened_at__lt=end))
        figures[f"closed_{index}"] = Count("pk", filter=Q(closed_at__gte=start, closed_at__lt=end))
    return figures


def _roll_up(cells: list[dict], key: str, name: str, figures: dict) -> list[dict]:
    """Sum the (JAG, lead agency) cells into rows by one of the two."""
    groups: dict = {}
    for cell in cells:
        groups.setdefault(cell[key], []).append(cell)
    rows = [{"id": group_id, "name": group[0][name]} | _totals(group, figures) for group_id, group in groups.items()]
    shown = [row for row in rows if row["open"] or row["long_standing"]]
    return sorted(shown, key=lambda row: (row["name"], row["id"]))


def _totals(cells: list[dict], figures: dict) -> dict:
    """Every figure summed over the cells, but the earliest long-standing date: the earliest of theirs."""
    totals = {figure: sum(cell[figure] for cell in cells) for figure in figures if figure != "long_standing_earliest"}
    dates = [cell["long_standing_earliest"] for cell in cells if cell["long_standing_earliest"] is not None]
    totals["long_standing_earliest"] = min(dates, default=None)
    return totals


def _long_standing_flows(user, first: datetime.date, *, jag_id: int | None, agency_id: int | None) -> dict:
    # Visibility on the changes' case_id straight from the permission tables: no second scan of the cases.
    changes = LongStandingChange.objects.filter(visible_case_q(user, "case_id"), as_of__gte=first)
    if jag_id:
        changes = changes.filter(case__jag_id=jag_id)
    if agency_id:
        changes = changes.filter(case__lead_agency_id=agency_id)
    by_month = (
        changes.order_by()
        .annotate(month=TruncMonth("as_of"))
        .values("month")
        .annotate(
            became=Count("pk", filter=Q(became_long_standing=True)),
            fell=Count("pk", filter=Q(became_long_standing=False)),
        )
        .values_list("month", "became", "fell")
    )
    return {_as_date(month): (became, fell) for month, became, fell in by_month}


def _trends(totals: dict, months: list[datetime.date], flows: dict) -> list[dict]:
    """Cases opened and closed in each of the last 12 months, and cases long standing at each month's end.

    Long standing at a month's end is the number long standing now, less those that became long standing
    after it, plus those that stopped being long standing after it (from the LongStandingChange history).
    """
    standing = {}
    running = totals["flagged_now"]
    for month in reversed(months):
        standing[month] = running
        became, fell = flows.get(month, (0, 0))
        running -= became - fell
    return [
        {
            "month": month,
            "key": f"{month:%Y-%m}",
            "opened": totals[f"opened_{index}"],
            "closed": totals[f"closed_{index}"],
            "long_standing": standing[month],
        }
        for index, month in enumerate(months)
    ]


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def dashboard(user: Officer, *, as_of: datetime.date, jag_id: int | None = None, agency_id: int | None = None):
    """The dashboard's figures in seven queries: the policy, one grouped scan of the visible cases by JAG and lead
    agency (every count, band, risk and monthly figure), the JAG and agency names, the long-standing change
    history, the longest-standing cases, and the caseload of each officer of the manager's agency. Without parallel workers (see serial_plans)."""
    with serial_plans():
        return _dashboard(user, as_of=as_of, jag_id=jag_id, agency_id=agency_id)


def _longest_standing(user, *, jag_id: int | None, agency_id: int | None) -> list[Case]:
    """The open cases long standing the longest that the user may see.

    Read in the order of the index on the long-standing date a batch at a time, each batch's visibility checked on
    its own permission rows (cases.permissions.visible_among): a manager sees most of what comes first, so this
    costs two small queries instead of hashing every case the manager may see once more. Someone who sees few of
    them falls back to the query over their visible cases.
    """
    flagged = Case.objects.filter(status=CaseStatus.OPEN, long_standing_since__isnull=False)
    flagged = _scoped(flagged, jag_id=jag_id, agency_id=agency_id).order_by("long_standing_since", "pk")
    found: list[int] = []
    start = 0
    for size in LONGEST_BATCHES:
        batch = list(flagged.values_list("pk", flat=True)[start : start + size])
        visible = visible_among(user, batch)
        found += [pk for pk in batch if pk in visible]
        if len(found) >= LONGEST_STANDING_SHOWN or len(batch) < size:
            break
        start += size
    else:
        found = list(flagged.filter(visible_case_q(user)).values_list("pk", flat=True)[:LONGEST_STANDING_SHOWN])
    cases = Case.objects.select_related("jag", "lead_agency").in_bulk(found[:LONGEST_STANDING_SHOWN])
    return [cases[pk] for pk in found[:LONGEST_STANDING_SHOWN]]


def _caseload_by_officer(
    user: Officer, as_of: datetime.date, *, jag_id: int | None, agency_id: int | None
) -> list[dict]:
    """The open cases each officer of the manager's agency leads, of those the manager may see: one grouped query,
    the officers' names joined in. Busiest first."""
    if not user.agency_id:
        return []
    is_open = Q(status=CaseStatus.OPEN)
    led = Q(lead_officer_id__in=Officer.objects.filter(agency_id=user.agency_id).values("pk"))
    cases = dashboard_cases(user, among=is_open & led, jag_id=jag_id, agency_id=agency_id)
    rows = (
        cases.order_by()
        .values("lead_officer_id", "lead_officer__first_name", "lead_officer__last_name", "lead_officer__username")
        .annotate(
            led_open=Count("pk"),
            led_high_risk=Count("pk", filter=Q(risk_band=RiskBand.HIGH)),
            led_review_overdue=Count("pk", filter=Q(next_review_date__lt=as_of)),
            led_long_standing=Count("pk", filter=Q(long_standing_since__isnull=False)),
        )
    )
    caseload = [
        {
            "id": row["lead_officer_id"],
            "name": f"{row['lead_officer__first_name']} {row['lead_officer__last_name']}".strip()
            or row["lead_officer__username"],
            "last_name": row["lead_officer__last_name"],
            "open": row["led_open"],
            "high_risk": row["led_high_risk"],
            "review_overdue": row["led_review_overdue"],
            "long_standing": row["led_long_standing"],
        }
        for row in rows
    ]
    return sorted(caseload, key=lambda row: (-row["open"], row["last_name"], row["name"], row["id"]))


def _dashboard(user: Officer, *, as_of: datetime.date, jag_id: int | None, agency_id: int | None) -> Dashboard:
    threshold = Threshold.from_policy()
    first = add_months(as_of.replace(day=1), -(TREND_MONTHS - 1))
    months = [add_months(first, i) for i in range(TREND_MONTHS)]
    figures = _figures(as_of, months, threshold)
    # Only the cases some figure counts (open, flagged, or opened or closed within the trend months) reach the
    # aggregate, and only they are looked up in the visible sets: a third of the cases. Every figure's own filter
    # implies this one, so none changes.
    since = start_of_day(first)
    counted = Q(status=CaseStatus.OPEN) | Q(long_standing_since__isnull=False)
    counted |= Q(opened_at__gte=since) | Q(closed_at__gte=since)
    counted_cases = dashboard_cases(user, jag_id=jag_id, agency_id=agency_id, among=counted)
    # Grouped by the two ids alone (a hash aggregate over narrow rows); the names come from two small lookups.
    # Each cell has every figure too: the stubs see the two ids alone through annotate(**figures).
    cells = cast(
        list[dict[str, Any]], list(counted_cases.order_by().values("jag_id", "lead_agency_id").annotate(**figures))
    )
    jag_names = dict(Jag.objects.filter(pk__in={c["jag_id"] for c in cells}).values_list("pk", "name"))
    agency_names = dict(Agency.objects.filter(pk__in={c["lead_agency_id"] for c in cells}).values_list("pk", "name"))
    for cell in cells:
        cell["jag__name"], cell["lead_agency__name"] = jag_names[cell["jag_id"]], agency_names[cell["lead_agency_id"]]
    board = Dashboard(as_of=as_of, jag_id=jag_id, agency_id=agency_id, threshold=threshold)
    board.by_jag = _roll_up(cells, "jag_id", "jag__name", figures)
    board.by_agency = _roll_up(cells, "lead_agency_id", "lead_agency__name", figures)
    board.totals = _totals(cells, figures)
    board.risk_mix = [
        {"band": band, "label": label, "count": board.totals[f"risk_{band or 'none'}"]} for band, label in RISK_MIX
    ]
    board.longest = _longest_standing(user, jag_id=jag_id, agency_id=agency_id)
    for case in board.longest:
        assert case.long_standing_since is not None  # the longest standing are the flagged cases
        case.long_standing_days = (as_of - case.long_standing_since).days
    flows = _long_standing_flows(user, first, jag_id=jag_id, agency_id=agency_id)
    board.trends = _trends(board.totals, months, flows)
    board.by_officer = _caseload_by_officer(user, as_of, jag_id=jag_id, agency_id=agency_id)
    return board
