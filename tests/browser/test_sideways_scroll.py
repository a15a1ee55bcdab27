"""The sideways-scroll measure every page check makes (tests/browser/conftest.py): a page wider than the screen at
320 or 1280 px fails, naming the page, the width and what sticks out; the same wide table inside its own scroll
region (app.css's `app-table-scroll`) passes, and the page is left at the size it had."""

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Twelve columns of references that cannot wrap: about 3,000 px wide, more than either measured width.
WIDE_TABLE = """
<table class="govuk-table" id="wide-table">
  <caption class="govuk-table__caption">Every reference</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">{headers}</tr></thead>
  <tbody class="govuk-table__body"><tr class="govuk-table__row">{cells}</tr></tbody>
</table>
""".format(
    headers="".join(f'<th scope="col" class="govuk-table__header">Column {n}</th>' for n in range(12)),
    cells="".join(f'<td class="govuk-table__cell">ASB-2026-{n:06d}-LEICESTER-WEST</td>' for n in range(12)),
)


def put_in_main(page: Page, html: str) -> None:
    page.evaluate("(html) => document.querySelector('main').insertAdjacentHTML('beforeend', html)", html)


def test_a_page_wider_than_the_screen_fails(sign_in, lead_officer, check_page):
    page: Page = sign_in(lead_officer)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/my-cases/")
    assert sideways_scroll(page, "my cases") == []

    put_in_main(page, WIDE_TABLE)

    problems = sideways_scroll(page, "my cases with a wide table")
    assert [problem.split(": ")[0] for problem in problems] == [
        f"my cases with a wide table ({page.url}) scrolls sideways at 320 px wide",
        f"my cases with a wide table ({page.url}) scrolls sideways at 1280 px wide",
    ]
    assert "table#wide-table.govuk-table" in problems[0]
    assert page.viewport_size == {"width": 390, "height": 844}
    with pytest.raises(AssertionError, match=r"wide table page \(.*\) scrolls sideways at 320 px wide"):
        check_page(page, "wide table page")


def test_a_wide_table_in_its_own_scroll_region_passes(sign_in, lead_officer, check_page):
    page: Page = sign_in(lead_officer)
    page.goto("/my-cases/")

    put_in_main(
        page,
        f'<div class="app-table-scroll" tabindex="0" role="region" aria-label="Every reference">{WIDE_TABLE}</div>',
    )

    table_width = page.locator("#wide-table").evaluate("(table) => table.scrollWidth")
    assert table_width > 1280
    assert sideways_scroll(page, "my cases with a wide table in a scroll region") == []
    check_page(page, "wide table in a scroll region")
    assert page.viewport_size == {"width": 1280, "height": 720}
