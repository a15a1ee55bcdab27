"""Fixtures for the case views: form submissions as a browser would send them, and a case file to act on."""

import datetime

import pytest

from core import clock

from .helpers import date_parts


@pytest.fixture
def case_form_data(lead_officer, lead_agency, jag, category):
    return {
        "address": "14 Narborough Road, Leicester",
        "postcode": "LE3 0BQ",
        "ward": "Westcotes",
        "category": str(category.pk),
        "jag": str(jag.pk),
        "lead_agency": str(lead_agency.pk),
        "lead_officer": str(lead_officer.pk),
        "summary": "Loud music from the flat above, most nights after midnight.",
    }


@pytest.fixture
def incident_form_data(lead_agency):
    today = clock.today()
    return {
        **date_parts("occurred_on", today - datetime.timedelta(days=2)),
        "occurred_time": "23:30",
        **date_parts("reported_on", today - datetime.timedelta(days=1)),
        "reported_time": "09:05",
        "reported_to": str(lead_agency.pk),
        "description": "Music and shouting until 3am.",
    }


@pytest.fixture
def chronology_form_data():
    return {
        **date_parts("occurred_on", clock.today() - datetime.timedelta(days=1)),
        "occurred_time": "10:15",
        "kind": "visit",
        "text": "Visited the complainant; diary sheets handed over.",
    }


@pytest.fixture
def person_form_data():
    return {
        "role": "complainant",
        "first_name": "Mary",
        "last_name": "Jones",
        **date_parts("date_of_birth", datetime.date(1970, 5, 1)),
        "address": "12 Example Street, Leicester",
        "postcode": "LE1 6ZG",
        "telephone": "0116 000 0000",
        "email": "mary@example.org",
    }
