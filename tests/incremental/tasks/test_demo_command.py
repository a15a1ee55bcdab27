"""seed_demo_interventions on a database without the demo (kept apart from test_demo.py, whose module-wide
fixture keeps the demo loaded for every test in that file)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from incremental.models import Intervention


def test_without_the_demo_the_command_says_what_to_do(db):
    with pytest.raises(CommandError, match=r"Load the demo first with `manage.py seed_demo`: the demo cases"):
        call_command("seed_demo_interventions", stdout=StringIO())

    assert Intervention.objects.count() == 0
