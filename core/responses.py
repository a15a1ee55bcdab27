"""Downloads: PDFs and CSV exports, sent as attachments that no shared cache may keep."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TypeVar

from django.http import HttpResponse
from django.http.response import HttpResponseBase

Response = TypeVar("Response", bound=HttpResponseBase)

PRIVATE = "private, no-store"


def private(response: Response) -> Response:
    """The response holds case data: only the officer's own browser may keep it, and not on disk."""
    response["Cache-Control"] = PRIVATE
    return response


def attachment(response: Response, filename: str) -> Response:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return private(response)


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    return attachment(HttpResponse(content, content_type="application/pdf"), filename)


def spreadsheet_text(cell):
    """A cell starting with = + - @ would run as a formula in a spreadsheet: prefixed, it stays text."""
    return f"'{cell}" if isinstance(cell, str) and cell[:1] in "=+-@" else cell


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> tuple[HttpResponse, int]:
    """A CSV download of the header and rows (rows may be a generator, written as it goes), and how many rows it
    holds, for the audit trail."""
    response = attachment(HttpResponse(content_type="text/csv; charset=utf-8"), filename)
    writer = csv.writer(response)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([spreadsheet_text(cell) for cell in row])
        count += 1
    return response, count
