"""The demo loads on the days that break date arithmetic (clock changes, New Year, the days after bank holidays, one
and three years ahead) and keeps the demo tour's promises each time (tests/demo/tour.py)."""

import pytest

from .tour import CALENDAR_EDGES, check_the_tour_as_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", CALENDAR_EDGES, ids=str)
def test_the_demo_keeps_the_tours_promises_as_of(day):
    check_the_tour_as_of(day)
