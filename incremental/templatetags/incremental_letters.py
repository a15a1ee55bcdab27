"""The "Write the letter" link for an intervention's page, to the letter's details, preview and confirmation."""

from django import template

register = template.Library()


@register.inclusion_tag("incremental/letters/generate_form.html")
def letter_generate_form(intervention, button_class: str = "govuk-button govuk-button--secondary"):
    """Nothing when the intervention's kind has no letter; "Write the letter again" when it has one already."""
    return {"intervention": intervention, "has_letter": bool(intervention.kind.letter), "button_class": button_class}
