"""The "Generate the letter" button for an intervention's page: a POST form with a once-only token."""

from django import template

from core.once import ONCE_ONLY_FIELD, new_submission_token

register = template.Library()


@register.inclusion_tag("incremental/letters/generate_form.html", takes_context=True)
def letter_generate_form(context, intervention, button_class: str = "govuk-button govuk-button--secondary"):
    """Nothing when the intervention's kind has no letter; "Generate the letter again" when it has one already."""
    return {
        "intervention": intervention,
        "has_letter": bool(intervention.kind.letter),
        "csrf_token": context.get("csrf_token"),
        "token_field": ONCE_ONLY_FIELD,
        "token": new_submission_token(),
        "button_class": button_class,
    }
