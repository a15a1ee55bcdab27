"""The minutes of a JAG meeting as a PDF, rendered by WeasyPrint from templates/pdf/minutes.html."""

from django.template.loader import render_to_string

from core import clock
from jag.models import Meeting

from ..models import AgendaItem


def render_minutes_pdf(*, meeting: Meeting, items: list[AgendaItem], attendance: list[dict], viewer) -> bytes:
    """The minutes as the viewer may read them: only the cases in `items` (those they may see) appear."""
    # WeasyPrint takes about a second to import: only pages that print pay for it.
    from weasyprint import HTML

    html = render_to_string(
        "pdf/minutes.html",
        {
            "meeting": meeting,
            "items": items,
            "attendance": attendance,
            "present": [row for row in attendance if row["present"]],
            "absent": [row for row in attendance if row["present"] is False],
            "viewer": viewer,
            "printed_at": clock.localtime(),
        },
    )
    return HTML(string=html).write_pdf()
