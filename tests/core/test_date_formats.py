"""Dates read the GOV.UK way everywhere ("3 Dec 2026", "3 December 2026"): no zero-padded day in a template's date
format, in a date format string of the code, or in the formats Django prints a date with when given none."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import formats, timezone

from core import dates

ROOT = Path(__file__).resolve().parents[2]
CODE = ["agencies", "cases", "cessation", "config", "core", "demo", "incremental", "jag"]
# A template's `date` or `time` filter and its format: {{ x|date:"j M Y" }}.
TEMPLATE_FORMAT = re.compile(r"""\|\s*(?:date|time)\s*:\s*(["'])(.*?)\1""")
# A strftime format with the day before or after a month or year: "%d %b %Y", "%d/%m/%Y", "%B %d". ISO dates
# (%Y-%m-%d, in file names and CSV) put the day last after the month as a number, and are allowed.
PYTHON_PADDED_DAY = re.compile(r"%d[ /.,]+%[bBmyY]|%[bB][ ,]*%d")


def padded_day(django_format: str) -> bool:
    """Whether a Django date format prints the day of the month with a leading zero (an unescaped `d`)."""
    escaped = False
    for char in django_format:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "d":
            return True
    return False


@pytest.mark.parametrize(
    "django_format, padded",
    [
        ("j M Y", False),
        ("d M Y", True),
        (r"j F Y \a\t H:i", False),
        ("l j F Y", False),
        ("d/m/Y", True),
        (r"\d", False),
    ],
)
def test_padded_day_is_told_from_the_format(django_format, padded):
    assert padded_day(django_format) is padded


def test_no_template_formats_a_date_with_a_zero_padded_day():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sorted((ROOT / "templates").rglob("*"))
        if path.is_file() and path.suffix in {".html", ".txt"}
        for match in TEMPLATE_FORMAT.finditer(path.read_text())
        if padded_day(match.group(2))
    ]

    assert found == []


def test_no_code_formats_a_date_with_a_zero_padded_day():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for package in CODE
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if PYTHON_PADDED_DAY.search(line)
    ]

    assert found == []


def test_the_shared_formats_have_no_zero_padded_day():
    shared = {name: getattr(dates, name) for name in ("LONG_DATE", "SHORT_DATE", "LONG_DATETIME", "SHORT_DATETIME")}
    django = {
        name: formats.get_format(name)
        for name in ("DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT", "MONTH_DAY_FORMAT")
    }

    assert {name: fmt for name, fmt in {**shared, **django}.items() if padded_day(fmt)} == {}


def test_dates_printed_without_a_format_of_their_own_read_the_gov_uk_way():
    day = datetime.date(2026, 12, 3)
    moment = timezone.make_aware(datetime.datetime(2026, 12, 3, 9, 5))
    template = Template(
        "{{ day }}|{{ day|date }}|{{ day|date:'SHORT_DATE_FORMAT' }}|{{ moment }}|{{ moment|date:'SHORT_DATETIME_FORMAT' }}"
        "|{{ day|short_date }}|{{ day|long_date }}|{{ moment|long_datetime }}"
    )

    printed = template.render(Context({"day": day, "moment": moment})).split("|")

    assert printed == [
        "3 Dec 2026",
        "3 Dec 2026",
        "3 Dec 2026",
        "3 Dec 2026 09:05",
        "3 Dec 2026 09:05",
        "3 Dec 2026",
        "3 December 2026",
        "3 December 2026 09:05",
    ]
    assert [dates.short_date(day), dates.long_date(day)] == ["3 Dec 2026", "3 December 2026"]
