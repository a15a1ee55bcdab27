"""Fixtures for JAG case management: a second JAG with its own chair, and periods written straight to the table
(as history that the services would have written on earlier days)."""

import datetime

import pytest

from cases.models import JagManagementPeriod
from core import clock
from tests.factories import AgencyFactory, JagFactory, OfficerFactory


@pytest.fixture
def today() -> datetime.date:
    return clock.today()


@pytest.fixture
def other_jag(db):
    chair = OfficerFactory(
        username="other.chair",
        first_name="Olu",
        last_name="Otherchair",
        agency=AgencyFactory(name="Blaby District Council", short_name="Blaby"),
        roles=["officer", "jag_chair"],
    )
    return JagFactory(name="Blaby JAG", locality="Blaby", chair=chair)


@pytest.fixture
def add_period(lead_officer):
    def add(case, started_on, ended_on=None, jag=None):
        return JagManagementPeriod.objects.create(
            case=case,
            jag=jag or case.jag,
            started_on=started_on,
            ended_on=ended_on,
            started_by=lead_officer,
            ended_by=lead_officer if ended_on else None,
            end_reason="taken_off" if ended_on else "",
        )

    return add
