"""A page of a long list, with the list's totals."""

import math
from collections.abc import Callable, Mapping
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Aggregate, Count, QuerySet, Window

_COUNT = "count"


# Past the end of any list (and still a row offset PostgreSQL takes): a larger page number is read as this one.
LAST_PAGE_ASKED = 10**9


def page_number(value: str | None) -> int:
    """The page asked for in a query string: anything not a whole number of at least 1 is the first page."""
    try:
        return min(max(int(value or 1), 1), LAST_PAGE_ASKED)
    except ValueError:
        return 1


def _counted(totals: Mapping[str, Aggregate] | None) -> dict[str, Aggregate]:
    """The list's totals by their names in a query, the count of its rows first."""
    return {f"total_{name}": aggregate for name, aggregate in ({_COUNT: Count("pk")} | dict(totals or {})).items()}


def counted_page(
    queryset: QuerySet,
    number: str | None,
    *,
    per_page: int,
    rows: Callable[[list[int]], Mapping[int, Any]],
    totals: Mapping[str, Aggregate] | None = None,
) -> tuple[Page, dict[str, int]]:
    """Page `number` of `queryset` (in its order), and the list's `totals` by name.

    A paginator counts the list in one query and reads the page in another, and each finds every row of the list
    again (on the case lists, every case the user may see). Here one query reads the page's ids together with the
    number of rows in the whole list, and each of `totals` (aggregates over the whole list, such as a Count with a
    filter), as window aggregates over the same rows. `rows(ids)` then reads the page's rows by id (e.g. a
    queryset's in_bulk, with what the page shows), so the list's ordering never carries more than the ids.

    A page past the end is the last page, as Paginator.get_page gives.
    """
    windows = {name: Window(aggregate) for name, aggregate in _counted(totals).items()}

    def read(page: int) -> list[tuple]:
        start = (page - 1) * per_page
        return list(queryset.annotate(**windows).values_list("pk", *windows)[start : start + per_page])

    wanted = page_number(number)
    found = read(wanted)
    if not found and wanted > 1:
        found = read(1)
        last = max(math.ceil(found[0][1] / per_page), 1) if found else 1
        wanted = last
        if last > 1:
            found = read(last)
    figures = {name: found[0][i + 1] if found else 0 for i, name in enumerate(windows)}
    by_id = rows([row[0] for row in found])
    paginator = Paginator(queryset, per_page)
    # Known from the query above: Paginator would count the list again.
    paginator.__dict__["count"] = figures[f"total_{_COUNT}"]
    # A row deleted between the two reads is left out rather than failing the page.
    page = Page([by_id[row[0]] for row in found if row[0] in by_id], wanted, paginator)
    return page, {name: figures[f"total_{name}"] for name in totals or {}}


def indexed_page(
    queryset: QuerySet,
    number: str | None,
    *,
    per_page: int,
    rows: Callable[[list[int]], Mapping[int, Any]],
    totals: Mapping[str, Aggregate] | None = None,
) -> tuple[Page, dict[str, int]]:
    """Page `number` of `queryset` (in its order), and the list's `totals` by name, for an order an index gives.

    One query counts the list with its totals (no order, so no sort), another reads the page's ids down the index
    of the order, stopping at the page's last row, and `rows(ids)` reads the page's rows by id. counted_page's one
    pass must instead sort every row to count them in the same query.

    A page past the end is the last page, and anything but a page number the first, as Paginator.get_page gives.
    """
    figures = queryset.order_by().aggregate(**_counted(totals))
    paginator = Paginator(queryset.values_list("pk", flat=True), per_page)
    paginator.__dict__["count"] = figures[f"total_{_COUNT}"]
    page = paginator.get_page(page_number(number))
    ids = list(page.object_list)
    by_id = rows(ids)
    # A row deleted between the two reads is left out rather than failing the page.
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return page, {name: figures[f"total_{name}"] or 0 for name in totals or {}}
