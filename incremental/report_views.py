"""The consistency report for managers and its CSV exports: the figures come from report_selectors, over the
interventions on cases the viewer may see; every export is audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from agencies.models import AuditAction
from agencies.web import audit
from core import clock
from core.charts import bar_chart
from core.dates import short_date
from core.http import AuthenticatedHttpRequest
from core.responses import csv_response

from .permissions import can_see_consistency_report
from .report_forms import ConsistencyReportForm
from .report_selectors import TIERS, ReportRow, consistency_report
from .report_selectors import skipped_interventions as skipped_selector

SKIPPED_PAGE_SIZE = 25
EXPORTS = {
    "by-jag": "Interventions by JAG",
    "by-agency": "Interventions by issuing agency",
    "skipped": "Stages skipped and their justifications",
}


def _form(request: AuthenticatedHttpRequest) -> ConsistencyReportForm:
    if not can_see_consistency_report(request.user):
        raise PermissionDenied
    return ConsistencyReportForm(request.GET, today=clock.today())


def _query(request: AuthenticatedHttpRequest) -> str:
    """The filters as submitted (no page number), for the CSV and pagination links."""
    return urlencode([(key, value) for key, value in request.GET.items() if key != "page"])


def _scope(filters: dict, form: ConsistencyReportForm) -> str:
    """The period and filters in words, for the audit trail."""
    scope = f"{short_date(filters['date_from'])} to {short_date(filters['date_to'])}"
    if filters["jag_id"]:
        scope += f", JAG {form.cleaned_data['jag']}"
    if filters["agency_id"]:
        scope += f", issuing agency {form.cleaned_data['agency']}"
    return scope


@login_required
@require_GET
def report(request: AuthenticatedHttpRequest):
    form = _form(request)
    context = {"form": form, "query": _query(request), "exports": EXPORTS, "tiers": TIERS}
    if form.is_bound and not form.is_valid():
        # The errors sit next to the fields; no figures for a period that does not exist.
        return render(request, "incremental/report/consistency.html", context)
    filters = form.filters()
    figures = consistency_report(request.user, **filters)
    paginator = Paginator(skipped_selector(request.user, **filters), SKIPPED_PAGE_SIZE)
    # The same interventions the figures counted as skipped: no second count over the period.
    paginator.count = figures.totals.skipped
    page = paginator.get_page(request.GET.get("page"))
    audit(request, AuditAction.VIEW, f"Viewed the consistency report ({_scope(filters, form)})")
    totals = figures.totals
    context |= {
        "report": figures,
        "page": page,
        "chart": {
            "id": "tiers-chart",
            "title": "Interventions by tier",
            "chart": bar_chart([(f"Tier {tier}", count) for tier, count in totals.tiers.items()]),
            "description": "; ".join(f"Tier {tier}: {count}" for tier, count in totals.tiers.items()),
        },
    }
    return render(request, "incremental/report/consistency.html", context)


def _number(value: float | None, places: int) -> str:
    return "" if value is None else f"{value:.{places}f}"


FIGURE_HEADER = [
    *(f"Tier {tier}" for tier in TIERS),
    "Total",
    "Stages skipped",
    "Skipped (%)",
    "Interventions breached",
    "Breach rate (%)",
    "Breaches",
    "Breaches per intervention",
    "Steps up a tier",
    "Median days between stages",
    "Average days between stages",
]


def _figure_cells(row: ReportRow) -> list:
    return [
        *row.tier_counts,
        row.total,
        row.skipped,
        _number(row.skip_rate, 1),
        row.breached,
        _number(row.breach_rate, 1),
        row.breaches,
        _number(row.breaches_per_intervention, 2),
        row.steps,
        _number(row.median_days, 1),
        _number(row.average_days, 1),
    ]


def _export_rows(table: str, request, filters: dict) -> tuple[list[str], Iterable[list[Any]]]:
    if table in ("by-jag", "by-agency"):
        figures = consistency_report(request.user, **filters)
        rows = figures.by_jag if table == "by-jag" else figures.by_agency
        header = ["JAG" if table == "by-jag" else "Issuing agency", *FIGURE_HEADER]
        return header, [[row.name, *_figure_cells(row)] for row in [*rows, figures.totals]]
    header = [
        "Date issued",
        "Case",
        "JAG",
        "Intervention",
        "Tier",
        "Suggested tier",
        "Issuing agency",
        "Severity justification",
    ]
    body = (
        [
            f"{item.issued_on:%Y-%m-%d}",
            item.case.reference,
            item.case.jag.name,
            item.kind_name,
            item.tier,
            item.suggested_tier,
            item.issuing_agency.name,
            item.justification,
        ]
        for item in skipped_selector(request.user, **filters).iterator(chunk_size=2000)
    )
    return header, body


@login_required
@require_GET
def export(request: AuthenticatedHttpRequest, table):
    if table not in EXPORTS:
        raise Http404("No such table")
    form = _form(request)
    if form.is_bound and not form.is_valid():
        # Back to the report, which shows what is wrong with the filters.
        query = _query(request)
        return redirect(f"{reverse('incremental:consistency_report')}{'?' + query if query else ''}")
    filters = form.filters()
    header, body = _export_rows(table, request, filters)
    response, rows = csv_response(
        f"consistency-{table}-{filters['date_from']:%Y-%m-%d}-to-{filters['date_to']:%Y-%m-%d}.csv", header, body
    )
    scope = _scope(filters, form)
    audit(
        request, AuditAction.EXPORT, f"Exported consistency report table {EXPORTS[table]} ({scope}, {rows} rows) as CSV"
    )
    return response
