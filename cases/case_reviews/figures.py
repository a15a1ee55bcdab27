"""The ASB Case Review figures the partnership publishes each year (2025 statutory guidance), from the records.

A year runs from 1 April to 31 March, the year in which the Home Office collects the figures from partnerships.
Each figure counts its own event in the year: applications by the date received, decisions by their date, reviews
held by the meeting's date (a review is held once its outcome is recorded), PCC reviews by the date asked for and
their outcomes by the outcome's date. The figures are the partnership's (every case), counts only, for managers and
JAG chairs, who see the dashboard. One query, however many records.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from agencies.roles import Role, holds_any

from ..models import CaseReviewAction, CaseReviewActivation, CaseReviewDecision, PccReviewOutcome

# The dashboard's readers (cases.dashboard.permissions): managers and JAG chairs.
FIGURES_ROLES = (Role.MANAGER, Role.JAG_CHAIR)

# The month a year of figures starts in (April: the financial year).
YEAR_STARTS_IN = 4


def can_see_figures(user) -> bool:
    return holds_any(user, FIGURES_ROLES)


@dataclass(frozen=True)
class FiguresYear:
    first: int  # the calendar year it starts in

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.first, YEAR_STARTS_IN, 1)

    @property
    def end(self) -> datetime.date:
        """The last day of the year."""
        return datetime.date(self.first + 1, YEAR_STARTS_IN, 1) - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"April {self.first} to March {self.first + 1}"

    @property
    def short(self) -> str:
        return f"{self.first}-{str(self.first + 1)[-2:]}"

    @classmethod
    def containing(cls, day: datetime.date) -> FiguresYear:
        return cls(day.year if day.month >= YEAR_STARTS_IN else day.year - 1)


# (key, label) in the order published.
FIGURES = [
    ("applications", "Applications received"),
    ("threshold_met", "Threshold met"),
    ("threshold_not_met", "Threshold not met"),
    ("rejected", "Rejected as malicious or vexatious"),
    ("reviews_held", "Reviews held"),
    ("recommendations", "Reviews that made recommendations"),
    ("pcc_requested", "PCC reviews requested"),
    ("pcc_upheld", "PCC reviews: upheld, no change"),
    ("pcc_recommendations", "PCC reviews: recommendations made to the partnership"),
    ("pcc_other", "PCC reviews: other outcome"),
]


def annual_figures(year: FiguresYear) -> list[dict]:
    """Each figure for the year, as {key, label, value}. One query."""

    def within(field: str) -> Q:
        return Q(**{f"{field}__gte": year.start, f"{field}__lte": year.end})

    held = Q(outcome_date__isnull=False) & within("review_meeting_date")
    made_recommendations = ~Q(recommendations="") | Q(has_actions=True)
    pcc_outcome = within("pcc_outcome_on")
    rows = (
        CaseReviewActivation.objects.filter(
            within("application_date")
            | within("decision_date")
            | within("review_meeting_date")
            | within("pcc_requested_on")
            | within("pcc_outcome_on")
        )
        .annotate(has_actions=Exists(CaseReviewAction.objects.filter(activation=OuterRef("pk"))))
        .aggregate(
            applications=Count("pk", filter=within("application_date")),
            threshold_met=Count("pk", filter=within("decision_date") & Q(threshold_decision=CaseReviewDecision.MET)),
            threshold_not_met=Count(
                "pk", filter=within("decision_date") & Q(threshold_decision=CaseReviewDecision.NOT_MET)
            ),
            rejected=Count("pk", filter=within("decision_date") & Q(threshold_decision=CaseReviewDecision.REJECTED)),
            reviews_held=Count("pk", filter=held),
            recommendations=Count("pk", filter=held & made_recommendations),
            pcc_requested=Count("pk", filter=within("pcc_requested_on")),
            pcc_upheld=Count("pk", filter=pcc_outcome & Q(pcc_outcome=PccReviewOutcome.UPHELD)),
            pcc_recommendations=Count("pk", filter=pcc_outcome & Q(pcc_outcome=PccReviewOutcome.RECOMMENDATIONS)),
            pcc_other=Count("pk", filter=pcc_outcome & Q(pcc_outcome=PccReviewOutcome.OTHER)),
        )
    )
    return [{"key": key, "label": label, "value": rows[key]} for key, label in FIGURES]
