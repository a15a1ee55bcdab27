"""PDFs from HTML templates (templates/pdf/), laid out by WeasyPrint. WeasyPrint is imported inside the functions
that lay out: it takes about a second to import, and only the requests that print should pay for it."""

import gc
from contextlib import contextmanager

from django.template.loader import render_to_string


@contextmanager
def collector_paused():
    """WeasyPrint makes hundreds of thousands of objects for a long document, and the cyclic garbage collector
    would walk them, and the rest of the Django process, again and again: a fifth of the layout time on the case
    review pack. Reference counting still frees what it can; the collector resumes afterwards (a few tens of MB of
    cyclic garbage wait for it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    with collector_paused():
        return HTML(string=html).write_pdf()


def render_pdf(template: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template, context))


def warm_up() -> None:
    """Lay out one line, so that a long-lived process (a Celery worker's) has WeasyPrint imported and its fonts
    loaded before the first document it is asked for."""
    html_to_pdf("<p>Ready.</p>")
