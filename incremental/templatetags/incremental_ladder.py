"""An intervention's status as a tag, on the ladders (incremental.cards) and the intervention's page."""

from django import template
from django.utils.html import format_html

from ..models import InterventionStatus

register = template.Library()

# The GOV.UK tag colour of each status; anything that has ended is grey.
STATUS_COLOURS: dict[str, str] = {
    InterventionStatus.LIVE: "green",
    InterventionStatus.REFUSED: "orange",
    InterventionStatus.QUASHED: "red",
}


@register.filter
def status_tag(status: str):
    """`{{ status|status_tag }}`: an intervention's (effective) status as a GOV.UK tag. A filter, not an include: a
    long ladder has one per row."""
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        STATUS_COLOURS.get(status, "grey"),
        InterventionStatus(status).label,
    )
