"""The minutes of a JAG meeting as a PDF, rendered by WeasyPrint from templates/pdf/minutes.html."""

from core import clock
from core.pdf import render_pdf
from jag.models import Meeting

from ..models import AgendaItem


def render_minutes_pdf(*, meeting: Meeting, items: list[AgendaItem], attendance: list[dict], viewer) -> bytes:
    """The minutes as the viewer may read them: only the cases in `items` (those they may see) appear."""
    return render_pdf(
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
