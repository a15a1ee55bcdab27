"""The register of orders and notices, as one officer may see it: one query for the page's rows and one count,
however many rows, terms or breaches there are."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import DateField, Exists, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from cases.models import ChronologyEntry, Incident
from cases.permissions import visible_case_q
from core import clock
from incremental.forms import EVIDENCE_KINDS_EXCLUDED
from incremental.models import NEVER_ENDS, Intervention, InterventionEvent

from .models import (
    BreachAction,
    OrderService,
    OrderTerm,
    OrderTermVariation,
    RespectRiskAssessment,
    SupervisorUpdate,
    TermKind,
)
from .rules import RegisterStatus, on_register_q, register_status

EXPIRY_WINDOWS = {"30": 30, "90": 90}


@dataclass(frozen=True)
class RegisterFilters:
    jag: int | None = None
    agency: int | None = None
    kind: int | None = None
    status: str = ""
    expiry: str = ""


def _status_q(status: str, today: datetime.date) -> Q:
    live = Q(status="live", runs_until__gte=today)
    pending = Q(court_stage=True, order_made="")
    if status == RegisterStatus.PENDING:
        return live & pending
    if status == RegisterStatus.IN_FORCE:
        return live & ~pending
    if status == RegisterStatus.ENDED:
        return ~live
    if status == "all":
        return Q()
    # By default the register shows what is in force or pending.
    return live


def _expiry_q(expiry: str, today: datetime.date) -> Q:
    if expiry == "expired":
        return Q(runs_until__lt=today)
    if expiry in EXPIRY_WINDOWS:
        return Q(runs_until__gte=today, runs_until__lte=today + datetime.timedelta(EXPIRY_WINDOWS[expiry]))
    if expiry == "none":
        return Q(runs_until=NEVER_ENDS)
    return Q()


def register(user, filters: RegisterFilters) -> QuerySet[Intervention]:
    """The ids of the register's rows, in its order (soonest to end first, open-ended last; then newest issued):
    the order, and every filter but the JAG's, of the index `intervention_register`."""
    today = clock.today()
    rows = Intervention.objects.filter(
        on_register_q(),
        visible_case_q(user, "case_id"),
        _status_q(filters.status, today),
        _expiry_q(filters.expiry, today),
    )
    if filters.jag:
        rows = rows.filter(case__jag_id=filters.jag)
    if filters.agency:
        rows = rows.filter(issuing_agency_id=filters.agency)
    if filters.kind:
        rows = rows.filter(kind_id=filters.kind)
    return rows.order_by("runs_until", "-issued_on", "pk")


def register_rows(ids: list[int]) -> dict[int, Intervention]:
    """The rows of one page of the register, by id, with what the page shows of each (two queries)."""
    rows = Intervention.objects.select_related("person", "case", "case__jag", "issuing_agency").in_bulk(ids)
    with_figures(list(rows.values()))
    return rows


FIGURES = ("last_served_on", "prohibitions", "requirements", "next_update_due", "reported_to_police")


def with_figures(rows: list[Intervention]) -> list[Intervention]:
    """The register's figures for the rows of one page (one query): counted after paging, so that counting the
    page's rows, and sorting them, never aggregates the terms of every order the officer may see."""
    served = OrderService.objects.filter(intervention=OuterRef("pk")).order_by("-served_on").values("served_on")[:1]
    reported = BreachAction.objects.filter(event__intervention=OuterRef("pk"), reported_to_police_on__isnull=False)
    # A discharged term no longer binds: it is not counted and has no update due.
    terms = (
        OrderTerm.objects.filter(intervention=OuterRef("pk"), discharged_on__isnull=True)
        .order_by()
        .values("intervention")
    )
    figures = {
        row["pk"]: row
        for row in Intervention.objects.filter(pk__in=[r.pk for r in rows])
        .annotate(
            last_served_on=Subquery(served, output_field=DateField()),
            prohibitions=Coalesce(
                Subquery(terms.filter(kind=TermKind.PROHIBITION).annotate(n=Func("id", function="COUNT")).values("n")),
                0,
            ),
            requirements=Coalesce(
                Subquery(terms.filter(kind=TermKind.REQUIREMENT).annotate(n=Func("id", function="COUNT")).values("n")),
                0,
            ),
            next_update_due=Subquery(
                terms.filter(next_update_due__isnull=False)
                .annotate(d=Func("next_update_due", function="MIN"))
                .values("d"),
                output_field=DateField(),
            ),
            reported_to_police=Exists(reported),
        )
        .values("pk", *FIGURES)
    }
    for row in rows:
        for name in FIGURES:
            setattr(row, name, figures[row.pk][name])
    return rows


def register_status_of(intervention: Intervention) -> str:
    return register_status(
        status=intervention.status,
        court_stage=intervention.court_stage,
        order_made=intervention.order_made,
        expires_on=intervention.ends_on,
        today=clock.today(),
    )


def order_terms(intervention: Intervention) -> list[OrderTerm]:
    terms = list(OrderTerm.objects.filter(intervention=intervention).select_related("recorded_by"))
    updates: dict[int, list[SupervisorUpdate]] = {}
    for update in SupervisorUpdate.objects.filter(term__intervention=intervention).select_related("recorded_by"):
        updates.setdefault(update.term_id, []).append(update)
    variations: dict[int, list[OrderTermVariation]] = {}
    for variation in OrderTermVariation.objects.filter(term__intervention=intervention):
        variations.setdefault(variation.term_id, []).append(variation)
    for term in terms:
        term.update_list = updates.get(term.pk, [])  # type: ignore[attr-defined]
        term.variation_list = variations.get(term.pk, [])  # type: ignore[attr-defined]
    return terms


def order_services(intervention: Intervention) -> QuerySet[OrderService]:
    return OrderService.objects.filter(intervention=intervention).select_related("proof", "recorded_by")


def order_breaches(intervention: Intervention) -> list[InterventionEvent]:
    breaches = list(
        InterventionEvent.objects.filter(intervention=intervention, event_type="breach").select_related(
            "evidence_entry", "evidence_incident", "recorded_by"
        )
    )
    actions = {
        a.event_id: a
        for a in BreachAction.objects.filter(event__in=[b.pk for b in breaches]).select_related("evidence_document")
    }
    for breach in breaches:
        breach.action = actions.get(breach.pk)  # type: ignore[attr-defined]
    return breaches


def order_changes(intervention: Intervention) -> QuerySet[InterventionEvent]:
    """Everything but the breaches: hearings, variations, discharge, expiry, appeals."""
    return (
        InterventionEvent.objects.filter(intervention=intervention)
        .exclude(event_type="breach")
        .select_related("recorded_by")
    )


def latest_risk_assessment(case_id: int, person_id: int) -> RespectRiskAssessment | None:
    return (
        RespectRiskAssessment.objects.filter(case_id=case_id, person_id=person_id)
        .select_related("recorded_by")
        .order_by("-assessed_on", "-id")
        .first()
    )


def bundle_evidence_choices(case_id: int) -> tuple[QuerySet[ChronologyEntry], QuerySet[Incident]]:
    entries = (
        ChronologyEntry.objects.filter(case_id=case_id)
        .exclude(kind__in=EVIDENCE_KINDS_EXCLUDED)
        .order_by("occurred_at", "id")
    )
    incidents = Incident.objects.filter(case_id=case_id).order_by("occurred_at", "id")
    return entries, incidents
