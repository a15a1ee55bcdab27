"""The partnership's figures that policy sets, kept as data."""

from django.core.validators import MinValueValidator
from django.db import models


class CasePolicy(models.Model):
    """The partnership's figures for long-standing cases and the ASB Case Review threshold (one row).

    Policy and law change, so these are data an administrator edits, not constants in code.
    """

    long_standing_days = models.PositiveSmallIntegerField(
        "Days under JAG management that make a case long standing", default=122
    )
    long_standing_window_months = models.PositiveSmallIntegerField("Counted over the last (months)", default=12)
    case_review_incidents = models.PositiveSmallIntegerField("ASB Case Review: incidents", default=3)
    case_review_window_months = models.PositiveSmallIntegerField("ASB Case Review: within the last (months)", default=6)
    case_review_report_within_months = models.PositiveSmallIntegerField(
        "ASB Case Review: each reported within (months of happening)", default=1
    )
    case_review_hate_incidents = models.PositiveSmallIntegerField("ASB Case Review: or hate incidents", default=1)
    case_review_appeal_working_days = models.PositiveSmallIntegerField(
        "ASB Case Review: appeal within (working days)", default=20
    )
    # A victim's contact plan: how often they are contacted unless the officer chooses otherwise, by their band.
    victim_contact_days_high = models.PositiveSmallIntegerField("Victim contact: high risk, every (days)", default=7)
    victim_contact_days_medium = models.PositiveSmallIntegerField(
        "Victim contact: medium risk, every (days)", default=14
    )
    victim_contact_days_standard = models.PositiveSmallIntegerField(
        "Victim contact: standard risk, every (days)", default=28
    )
    # A repeat victim: complainant on at least this many cases, or this many incidents reported in the window.
    repeat_victim_cases = models.PositiveSmallIntegerField("Repeat victim: complainant on at least (cases)", default=2)
    repeat_victim_incidents = models.PositiveSmallIntegerField(
        "Repeat victim: or at least (incidents reported)", default=3
    )
    repeat_victim_window_months = models.PositiveSmallIntegerField(
        "Repeat victim: incidents within the last (months)", default=12
    )

    case_review_second_report_months = models.PositiveSmallIntegerField(
        "ASB Case Review: explain it at a victim's second report within (months)", default=6
    )
    # The follow-up date each step of a support referral suggests: the referring officer checks on it then.
    support_follow_up_days = models.PositiveSmallIntegerField(
        "Support referral: follow up after (days)", default=14, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = "case policy"
        verbose_name_plural = "case policy"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="case_policy_single_row")]

    def __str__(self) -> str:
        return "Case policy"

    def victim_contact_days(self, band: str) -> int:
        """How often a victim in `band` is contacted by default (a victim not yet assessed: as standard)."""
        return {
            "high": self.victim_contact_days_high,
            "medium": self.victim_contact_days_medium,
        }.get(band, self.victim_contact_days_standard)

    @classmethod
    def current(cls) -> "CasePolicy":
        return cls.objects.get_or_create(pk=1)[0]
