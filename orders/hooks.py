"""The Respect order's precondition, checked when incremental saves a new intervention."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from incremental.models import Intervention

from .models import RespectRiskAssessment
from .rules import RESPECT_ORDER_CODE

NO_RISK_ASSESSMENT = (
    "Record the risk assessment before applying for a Respect order (none for this person is dated on or before "
    "the date issued): the risk of harassment, alarm or distress to others, the respondent's vulnerabilities, "
    "other ways of stopping the behaviour and any other material matter"
)


def respect_order_needs_risk_assessment(sender, instance: Intervention, raw: bool = False, **kwargs) -> None:
    if raw or not instance._state.adding or instance.kind.code != RESPECT_ORDER_CODE:
        return
    if not RespectRiskAssessment.objects.filter(
        case_id=instance.case_id, person_id=instance.person_id, assessed_on__lte=instance.issued_on
    ).exists():
        # Next to the date: an assessment counts only if made on or before the day the order is applied for.
        raise ValidationError({"issued_on": [NO_RISK_ASSESSMENT]})
