"""Where each link in a GOV.UK error summary points: at the input to correct, so that following it moves focus.

crispy-forms-gds links an error on a whole date (or radios, or checkboxes) to the field's own id, which is the
wrapper around its inputs: the browser scrolls but focus stays on the link. The Design System links a date's error
to its first input in error, or to its day input, and a choice's error to its first option.
"""

from crispy_forms_gds.templatetags.crispy_forms_gds import field_errors, is_checkboxes, is_radios
from django import forms, template

register = template.Library()


@register.filter
def first_input_id(bound_field: forms.BoundField) -> str:
    """The id of the first input a person types in or chooses, as crispy-forms-gds renders the field."""
    if isinstance(bound_field.field.widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_0"
    if is_radios(bound_field) or is_checkboxes(bound_field):
        return f"id_{bound_field.html_name}_1"
    return bound_field.auto_id


@register.filter
def error_links(bound_field: forms.BoundField) -> list[tuple[str, list]]:
    """(id to link to, errors) pairs: a part's own errors link to that part, the field's errors to its first input."""
    first = first_input_id(bound_field)
    return [
        (first if field_id == bound_field.auto_id else field_id, errors)
        for field_id, errors in field_errors(bound_field)
    ]
