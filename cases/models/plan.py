"""Appendix A, the problem-solving plan, kept as versions."""

from django.conf import settings
from django.db import models

from core import clock

from .case import Case


class PlanVersion(models.Model):
    """Appendix A, the case management process form. Every save is a new version; none is ever changed."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plan_versions")
    number = models.PositiveIntegerField()
    # 1. Case details
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)
    # 2. Information and intelligence
    overview = models.TextField("Overview of the issues", max_length=10000)
    partner_reports = models.TextField("What partners and residents report", max_length=10000, blank=True)
    # 3. Vulnerability / threat of harm
    who_is_at_risk = models.TextField("Who is at risk", max_length=5000)
    risk_from = models.TextField("At risk from what or whom", max_length=5000)
    likely_outcome = models.TextField("Most likely scenario or outcome", max_length=5000, blank=True)
    children_involved = models.BooleanField("Are children involved?")
    safeguarding_considered = models.BooleanField(
        "Has a welfare check or safeguarding referral been considered?", null=True, blank=True
    )
    safeguarding_notes = models.TextField("Safeguarding notes", max_length=5000, blank=True)
    # 4. Options of support, powers and policies
    support_options = models.TextField("Support options for the individual's needs", max_length=10000, blank=True)
    powers_available = models.TextField("Powers or policies available", max_length=10000, blank=True)
    # 5. Actions taken
    actions = models.TextField("What we are going to do or have done", max_length=10000)
    rationale = models.TextField("Why these options", max_length=10000, blank=True)
    # 6. Review
    review_outcome = models.TextField("Outcome of the actions", max_length=10000, blank=True)
    risk_alleviated = models.TextField(
        "Has the risk been alleviated, have the issues reduced?", max_length=5000, blank=True
    )
    new_information = models.TextField("New information affecting risk or harm", max_length=10000, blank=True)
    # 7. Revise
    further_actions = models.TextField("Further courses of action to consider", max_length=10000, blank=True)

    class Meta:
        ordering = ["case", "-number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="plan_version_number_once")]

    def __str__(self) -> str:
        return f"{self.case.reference} plan v{self.number}"

    def actions_with_owners(self):
        """Section 5's actions in order, with their owners, in one query."""
        return self.planned_actions.select_related("agency", "officer")

    @property
    def version(self) -> int:
        """What the plan form is edited against: the number of the version it was opened at."""
        return self.number


class PlanAction(models.Model):
    """One action of Appendix A's section 5, with its owner (an agency on the case, and optionally one of its
    officers) and its due date. It belongs to one plan version and, like it, is never changed: a revised plan
    carries its own copy of the actions."""

    plan = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="planned_actions")
    position = models.PositiveSmallIntegerField()
    description = models.TextField("Action", max_length=2000)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField("Due date")

    class Meta:
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "position"], name="plan_action_position_once")]

    def __str__(self) -> str:
        return f"{self.description[:60]} ({self.agency}, due {self.due_on})"

    @property
    def owner(self) -> str:
        return f"{self.officer.display_name}, {self.agency}" if self.officer is not None else str(self.agency)
