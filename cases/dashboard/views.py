"""The managers' dashboard and its CSV exports. Managers and JAG chairs only; figures link to the cases behind them.

Two pages under one sub navigation, each reading only what it shows: Cases (the caseload board) and Victims (victim
contacts overdue and the outcomes for victims of closed cases), both filtered by JAG and lead agency."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from agencies.models import AuditAction
from agencies.web import audit
from core import clock
from core.charts import bar_chart
from core.http import AuthenticatedHttpRequest
from core.responses import csv_response

from ..closure.selectors import OUTCOME_COLUMNS, OUTCOME_EXPORTS, outcome_export, victim_outcomes
from ..jag_management.selectors import LONG_STANDING_BANDS
from ..permissions import serial_plans
from ..victims.selectors import overdue_contacts
from .forms import DashboardFilterForm
from .permissions import can_see_dashboard
from .selectors import Dashboard, dashboard

FIGURES = (
    ("open", "Open cases", {"status": "open"}),
    ("high_risk", "High risk", {"status": "open", "risk_band": "high"}),
    ("review_overdue", "Review overdue", {"review_overdue": "yes"}),
    ("case_review", "ASB Case Review threshold met", {"status": "open", "case_review": "yes"}),
    ("long_standing", "Long standing", {"status": "open", "long_standing": "yes"}),
)
# The caseload of each officer: open cases they lead, and of them the high-risk ones and those overdue a review.
OFFICER_FIGURES = (
    ("open", "Open cases", {"status": "open"}),
    ("high_risk", "High risk", {"status": "open", "risk_band": "high"}),
    ("review_overdue", "Review overdue", {"review_overdue": "yes"}),
    ("long_standing", "Long standing", {"status": "open", "long_standing": "yes"}),
)
BAND_FIGURES = tuple(
    (f"long_standing_{key}", label, {"status": "open", "long_standing_for": key})
    for key, label, _, _ in LONG_STANDING_BANDS
)
TREND_SERIES = (
    ("opened", "Cases opened", "opened_month"),
    ("closed", "Cases closed", "closed_month"),
    ("long_standing", "Cases long standing at the month's end", "long_standing_month"),
)
EXPORTS = {
    "by-jag": "Caseload by JAG",
    "by-agency": "Caseload by lead agency",
    "long-standing-by-jag": "How long cases have been long standing, by JAG",
    "long-standing-by-agency": "How long cases have been long standing, by lead agency",
    "by-officer": "Caseload by officer",
    "risk-mix": "Risk mix of open cases",
    "longest": "Longest-standing cases",
    "trends": "Trends over 12 months",
}
# Outcomes for victims of the cases closed in the last 12 months (cases.closure), on the Victims page.
EXPORTS |= OUTCOME_EXPORTS
# The dashboard's pages, as its sub navigation lists them: (URL name, label).
PAGES = (("dashboard:index", "Cases"), ("dashboard:victims", "Victims"))


def _filters(request: AuthenticatedHttpRequest) -> tuple[DashboardFilterForm, int | None, int | None]:
    form = DashboardFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        jag, agency = form.cleaned_data["jag"], form.cleaned_data["agency"]
        return form, jag.pk if jag else None, agency.pk if agency else None
    return form, None, None


def _scope(jag_id: int | None, agency_id: int | None) -> str:
    """The chosen filter as a query string, carried by the export links and the sub navigation."""
    return urlencode({key: value for key, value in {"jag": jag_id, "agency": agency_id}.items() if value})


def _pages(current: str, query: str) -> list[dict]:
    carry = f"?{query}" if query else ""
    return [{"label": label, "url": reverse(name) + carry, "current": name == current} for name, label in PAGES]


def _with_links(rows: list[dict], key: str, board: Dashboard, cases: str) -> list[dict]:
    for row in rows:
        scope = board.base_filters | ({key: row["id"]} if row.get("id") else {})
        row["links"] = {name: f"{cases}?{urlencode(scope | params)}" for name, _, params in FIGURES + BAND_FIGURES}
        # Each table cell ready to print (figure, count, link, label): a few hundred cells, each otherwise looked up
        # through template filters.
        row["cells"] = [(name, row.get(name), row["links"][name], label.lower()) for name, label, _ in FIGURES]
        row["band_cells"] = [
            (name, row.get(name), row["links"][name], label.lower()) for name, label, _ in BAND_FIGURES
        ]
    return rows


def _board(request: AuthenticatedHttpRequest):
    if not can_see_dashboard(request.user):
        raise PermissionDenied
    form, jag_id, agency_id = _filters(request)
    board = dashboard(request.user, as_of=clock.today(), jag_id=jag_id, agency_id=agency_id)
    cases = reverse("cases:list")  # once: a few hundred links share it
    _with_links(board.by_jag, "jag", board, cases)
    _with_links(board.by_agency, "lead_agency", board, cases)
    board.totals["links"] = _with_links([{"id": None}], "", board, cases)[0]["links"]
    # Each officer's figures link to the list of their cases: the query string's parts encoded once, not per cell.
    base = urlencode(board.base_filters)
    figures = [(name, label.lower(), urlencode(params)) for name, label, params in OFFICER_FIGURES]
    for row in board.by_officer:
        scope = "&".join(part for part in (base, urlencode({"lead_officer": row["id"]})) if part)
        row["cells"] = [
            (name, row[name], f"{cases}?{'&'.join(part for part in (scope, tail) if part)}", label)
            for name, label, tail in figures
        ]
    for row in board.risk_mix:
        params = {"risk_band": row["band"]} if row["band"] else {"risk_assessed": "no"}
        row["link"] = f"{cases}?{urlencode(board.base_filters | {'status': 'open'} | params)}"
    for row in board.trends:
        row["links"] = {
            name: f"{cases}?{urlencode(board.base_filters | {param: row['key']})}" for name, _, param in TREND_SERIES
        }
    return form, board


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest):
    form, board = _board(request)
    audit(request, AuditAction.VIEW, "Viewed the managers' dashboard")
    charts = [
        {
            "id": f"trend-{name}",
            "title": title,
            "chart": bar_chart([(f"{row['month']:%b}", row[name]) for row in board.trends]),
            "description": "; ".join(f"{row['month']:%B %Y}: {row[name]}" for row in board.trends),
        }
        for name, title, _ in TREND_SERIES
    ]
    risk_chart = {
        "id": "risk-mix",
        "title": "Risk mix of open cases",
        "chart": bar_chart([(row["label"], row["count"]) for row in board.risk_mix]),
        "description": "; ".join(f"{row['label']}: {row['count']}" for row in board.risk_mix),
    }
    query = _scope(board.jag_id, board.agency_id)
    return render(
        request,
        "cases/dashboard/index.html",
        {
            "form": form,
            "board": board,
            "figures": FIGURES,
            "bands": BAND_FIGURES,
            "officer_figures": OFFICER_FIGURES,
            "series": TREND_SERIES,
            "charts": charts,
            "risk_chart": risk_chart,
            "exports": EXPORTS,
            "query": query,
            "as_of": board.as_of,
            "page_name": "Cases",
            "pages": _pages("dashboard:index", query),
        },
    )


@login_required
@require_GET
def victims(request: AuthenticatedHttpRequest):
    """Victim contacts overdue and the outcomes for victims: the filter and two grouped queries, no case board."""
    if not can_see_dashboard(request.user):
        raise PermissionDenied
    form, jag_id, agency_id = _filters(request)
    as_of = clock.today()
    # Without parallel workers, which would each build the visible cases' sets again (see serial_plans).
    with serial_plans():
        contacts = overdue_contacts(request.user, as_of=as_of, jag_id=jag_id, agency_id=agency_id)
        outcomes = victim_outcomes(request.user, as_of=as_of, jag_id=jag_id, agency_id=agency_id)
    audit(request, AuditAction.VIEW, "Viewed the managers' dashboard: victims")
    query = _scope(jag_id, agency_id)
    return render(
        request,
        "cases/dashboard/victims.html",
        {
            "form": form,
            "as_of": as_of,
            "page_name": "Victims",
            "pages": _pages("dashboard:victims", query),
            "query": query,
            "victim_contacts": contacts,
            "outcomes": outcomes,
            "outcome_columns": OUTCOME_COLUMNS,
        },
    )


def _export_rows(table: str, board: Dashboard) -> tuple[list[str], list[list]]:
    since = lambda value: value.isoformat() if value else ""  # noqa: E731
    if table in ("by-jag", "by-agency"):
        rows = board.by_jag if table == "by-jag" else board.by_agency
        header = ["JAG" if table == "by-jag" else "Lead agency", *(label for _, label, _ in FIGURES)]
        return header, [[row["name"], *(row[name] for name, _, _ in FIGURES)] for row in rows]
    if table in ("long-standing-by-jag", "long-standing-by-agency"):
        rows = board.by_jag if table == "long-standing-by-jag" else board.by_agency
        header = [
            "JAG" if table == "long-standing-by-jag" else "Lead agency",
            "Long standing",
            *(label for _, label, _ in BAND_FIGURES),
            "Long standing since (earliest)",
        ]
        body = [
            [
                row["name"],
                row["long_standing"],
                *(row[name] for name, _, _ in BAND_FIGURES),
                since(row["long_standing_earliest"]),
            ]
            for row in rows
        ]
        return header, body
    if table == "by-officer":
        header = ["Lead officer", *(label for _, label, _ in OFFICER_FIGURES)]
        return header, [[row["name"], *(row[name] for name, _, _ in OFFICER_FIGURES)] for row in board.by_officer]
    if table == "risk-mix":
        return ["Risk band", "Open cases"], [[row["label"], row["count"]] for row in board.risk_mix]
    if table == "longest":
        header = ["Case", "JAG", "Lead agency", "Long standing since", "Days long standing"]
        body = [
            [
                case.reference,
                case.jag.name,
                case.lead_agency.name,
                since(case.long_standing_since),
                case.long_standing_days,
            ]
            for case in board.longest
        ]
        return header, body
    header = ["Month", *(title for _, title, _ in TREND_SERIES)]
    return header, [[row["key"], *(row[name] for name, _, _ in TREND_SERIES)] for row in board.trends]


@login_required
@require_GET
def export(request: AuthenticatedHttpRequest, table):
    if table not in EXPORTS:
        raise Http404("No such table")
    if table in OUTCOME_EXPORTS:
        # The Victims page's tables: the filter and one grouped query, no case board.
        if not can_see_dashboard(request.user):
            raise PermissionDenied
        _, jag_id, agency_id = _filters(request)
        as_of = clock.today()
        with serial_plans():
            outcomes = victim_outcomes(request.user, as_of=as_of, jag_id=jag_id, agency_id=agency_id)
        header, body = outcome_export(table, outcomes)
        filters = Dashboard(as_of=as_of, jag_id=jag_id, agency_id=agency_id).base_filters
    else:
        _, board = _board(request)
        header, body = _export_rows(table, board)
        as_of, filters = board.as_of, board.base_filters
    scope = ", ".join(f"{k}={v}" for k, v in filters.items()) or "all cases visible"
    audit(request, AuditAction.EXPORT, f"Exported dashboard table {EXPORTS[table]} ({scope}, {len(body)} rows) as CSV")
    response, _ = csv_response(f"dashboard-{table}-{as_of:%Y-%m-%d}.csv", header, body)
    return response
