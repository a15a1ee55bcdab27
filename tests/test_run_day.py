"""The suite's own machinery: a run as of its day (ASB_TEST_TODAY) in every thread and in the processes it starts, and
the order in which xdist workers take up tests (tests/ordered_scheduling.py)."""

import datetime
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from core import clock

from .conftest import run_day, travel_start
from .ordered_scheduling import units_of

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(run_day() is None, reason="the run is as of the real day (ASB_TEST_TODAY is not set)")
def test_the_run_is_as_of_its_day_in_every_thread():
    seen = []
    thread = threading.Thread(target=lambda: seen.append((clock.today(), datetime.date.today())))
    thread.start()
    thread.join()

    assert clock.today() == run_day()
    assert seen == [(run_day(), run_day())]
    assert travel_start(run_day()) <= clock.now() < travel_start(run_day()) + datetime.timedelta(hours=12)


def test_the_run_starts_at_half_past_nine_london_time_with_or_without_a_day_given():
    # Without ASB_TEST_TODAY too: a run started just before midnight would otherwise cross into the next day.
    day = run_day() or clock.today()

    assert clock.today() == day
    assert travel_start(day) <= clock.now() < travel_start(day) + datetime.timedelta(hours=12)


def test_a_process_started_as_of_a_moment_reads_that_moment_ticking_on(tmp_path):
    script = tmp_path / "when.py"
    script.write_text("import datetime\nprint(datetime.datetime.now(datetime.timezone.utc).isoformat())\n")

    moment = datetime.datetime(2031, 10, 26, 0, 59, 58, tzinfo=datetime.UTC)
    done = subprocess.run(
        [sys.executable, "-m", "tests.travelled", moment.isoformat(), str(script)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )

    assert moment <= datetime.datetime.fromisoformat(done.stdout.strip()) < moment + datetime.timedelta(seconds=30)


def test_units_of_work_are_runs_of_one_file_in_the_given_order():
    collection = [
        "tests/a.py::rolled_back_1",
        "tests/a.py::rolled_back_2",
        "tests/b.py::rolled_back",
        "tests/a.py::committing",
        "tests/c.py::committing",
        "tests/b.py::no_database",
    ]

    units = units_of(collection)

    assert [units[nodeid] for nodeid in collection] == [
        "tests/a.py#0",
        "tests/a.py#0",
        "tests/b.py#0",
        "tests/a.py#1",
        "tests/c.py#0",
        "tests/b.py#1",
    ]
