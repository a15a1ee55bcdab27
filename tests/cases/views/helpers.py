"""What the case view tests share: form submissions as a browser sends them, and what a page must show."""

import datetime
import html
import re
import uuid

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def date_parts(name: str, day: datetime.date) -> dict[str, str]:
    """A GOV.UK date input as posted: day, month and year in three fields."""
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def new_token() -> str:
    return str(uuid.uuid4())


def page_text(response) -> str:
    return response.content.decode()


def assert_error_summary(response, *messages: str) -> None:
    """The form came back (not a 500, not a redirect) with the GOV.UK error summary naming each message."""
    assert response.status_code == 200
    page = page_text(response)
    assert "There is a problem" in page
    assert "govuk-error-summary" in page
    for message in messages:
        assert html.escape(message) in page, f"{message!r} not on the page"


def input_value(response, name: str) -> str | None:
    """The value an <input> or <textarea> named `name` shows on the page, unescaped; None if no such field."""
    page = page_text(response)
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    if tag:
        value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
        return html.unescape(value.group(1)) if value else ""
    area = re.search(rf'<textarea[^>]*\bname="{re.escape(name)}"[^>]*>(.*?)</textarea>', page, re.S)
    if area:
        return html.unescape(area.group(1).removeprefix("\n"))
    return None
