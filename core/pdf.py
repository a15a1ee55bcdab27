"""PDFs from HTML templates (templates/pdf/), laid out by WeasyPrint. WeasyPrint is imported inside the functions
that lay out: it takes about a second to import, and only the requests that print should pay for it.

Every document is written as tagged PDF/UA-1, so that a screen reader can read a letter or a report in its order,
its headings, lists and tables as such: its language comes from the template's `<html lang>` and its title from its
`<title>`, which every template in templates/pdf/ sets."""

import gc
from contextlib import contextmanager

from django.template.loader import render_to_string

PDF_VARIANT = "pdf/ua-1"


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


def html_to_pdf(html: str, *, tagged: bool = True) -> bytes:
    """The document laid out as tagged PDF/UA-1, or, with tagged=False, as untagged drawing only: for what is drawn
    over another document's pages as an artifact (the case review pack's printing line), where the marked content of
    a document of its own would clash with that of the page it is drawn on."""
    from weasyprint import HTML

    with collector_paused():
        document = HTML(string=html)
        return document.write_pdf(pdf_variant=PDF_VARIANT) if tagged else document.write_pdf()


def render_pdf(template: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template, context))


def warm_up() -> None:
    """Lay out one line, so that a long-lived process (a Celery worker's) has WeasyPrint imported and its fonts
    loaded before the first document it is asked for."""
    html_to_pdf('<html lang="en-GB"><title>Ready</title><p>Ready.</p></html>')
