"""Fixtures every test may use: agencies and officers by role, their clients, a shared case, test settings.

The roles around one case:
- lead_agency / lead_officer: leads the case (view, contribute, change);
- partner_agency / partner_officer: brought into the case (view, contribute);
- outsider_agency / outsider_officer: no part in it (must not learn it exists);
- chair: chairs the JAG that manages it (view, contribute), from an agency of its own.

The day: with ASB_TEST_TODAY=YYYY-MM-DD (`make test` draws one, `make test TODAY=...` repeats it) the whole run,
in every xdist worker and in the threads it starts (live server, Celery worker), is as of 09:30 London time on that
day, the clock ticking from there. Without it, the run is as of 09:30 today, so that no test depends on the hour
it happens to run at (a run just before midnight would otherwise cross into the next day).
"""

import contextlib
import datetime
import os
import re
import zoneinfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from hypothesis import settings as hypothesis_settings

from cases.services import case_add_agency

from .factories import (
    AgencyFactory,
    CaseFactory,
    CategoryFactory,
    JagFactory,
    OfficerFactory,
)

# Playwright drives the browser from an event loop; the ORM calls made by browser tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# No example database on disk: the same code gives the same run on every machine.
hypothesis_settings.register_profile("asb", database=None, deadline=None)
hypothesis_settings.load_profile("asb")

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

TODAY_VARIABLE = "ASB_TEST_TODAY"
_travel = pytest.StashKey[time_machine.travel]()


def run_day() -> datetime.date | None:
    """The day the run is as of (ASB_TEST_TODAY), or None for the real day."""
    value = os.environ.get(TODAY_VARIABLE, "").strip()
    if not value:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise pytest.UsageError(f"{TODAY_VARIABLE}={value!r}: expected a day as YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise pytest.UsageError(f"{TODAY_VARIABLE}={value!r}: {error}") from None


def travel_start(day: datetime.date) -> datetime.datetime:
    """The moment a run as of `day` starts: mid-morning in London, well clear of midnight and of clock changes."""
    return datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=zoneinfo.ZoneInfo("Europe/London"))


def xdist_worker_number() -> int | None:
    """This process's number among pytest-xdist workers (gw0 is 0), or None outside xdist."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(worker.removeprefix("gw")) if worker.startswith("gw") else None


def redis_url(database: int) -> str:
    """The Redis that `make test` started (REDIS_URL), database number `database`."""
    base = os.environ.get("REDIS_URL", "")
    if not base:
        pytest.fail("REDIS_URL is not set: run the suite through `make test` or scripts/services.sh run")
    return re.sub(r"(/\d*)?$", f"/{database}", base, count=1)


def pytest_configure(config):
    # Each xdist worker has a test database of its own; it gets a Redis database of its own too, so that a Celery
    # worker started by one never takes a task sent by another (and runs it against the wrong database). Django's
    # settings are read by now but Celery's configuration is not, so the change reaches the app.
    number = xdist_worker_number()
    if number is not None and os.environ.get("REDIS_URL"):
        from django.conf import settings

        settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = redis_url(1 + number)

    # time-machine moves the process's clock (every thread's), so one travel started here covers the whole run.
    from core import clock

    traveller = time_machine.travel(travel_start(run_day() or clock.today()), tick=True)
    traveller.start()
    config.stash[_travel] = traveller


def pytest_unconfigure(config):
    traveller = config.stash.get(_travel, None)
    if traveller is not None:
        traveller.stop()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # The front door (a minute in processes of its own, no test database) goes first, so that under xdist one
    # worker takes it while the others run the rest, rather than the run waiting on it at the end.
    items.sort(key=lambda item: item.get_closest_marker("front_door") is None)


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadfile` (as `make test` runs) keeps Django's test order on each worker (tests/ordered_scheduling.py)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from .ordered_scheduling import OrderedFileScheduling

    # Units go out in the order pytest-django gives, never biggest first.
    config.option.loadscopereorder = False
    return OrderedFileScheduling(config, log)


def pytest_report_header(config):
    day = run_day()
    return f"tests as of {day.isoformat() if day else 'today'}, 09:30 London time ({TODAY_VARIABLE})"


@pytest.fixture(autouse=True)
def _test_settings(request, settings, tmp_path):
    """Fast hashing, e-mail kept in memory, documents in a temporary folder, lockout off unless asked for."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents")},
        },
    }
    settings.AXES_ENABLED = request.node.get_closest_marker("axes") is not None
    # Nothing a test computed (the ASB Case Review threshold's cases) may carry over to the next.
    cache.clear()


@pytest.fixture(autouse=True)
def _celery_eager(request):
    """Tasks run in-process unless a test is marked `celery` (those use the real Redis broker and a worker)."""
    if request.node.get_closest_marker("celery"):
        yield
        return
    from config.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


# --- Agencies and officers by role ----------------------------------------------------------------------


@pytest.fixture
def lead_agency(db):
    return AgencyFactory(name="Leicester City Council", short_name="LCC")


@pytest.fixture
def partner_agency(db):
    return AgencyFactory(name="Leicestershire Police", short_name="Police", kind="police")


@pytest.fixture
def outsider_agency(db):
    return AgencyFactory(name="Rutland County Council", short_name="RCC")


@pytest.fixture
def lead_officer(lead_agency):
    return OfficerFactory(username="lead.officer", first_name="Lena", last_name="Lead", agency=lead_agency)


@pytest.fixture
def partner_officer(partner_agency):
    return OfficerFactory(username="partner.officer", first_name="Priya", last_name="Partner", agency=partner_agency)


@pytest.fixture
def outsider_officer(outsider_agency):
    return OfficerFactory(username="outsider.officer", first_name="Owen", last_name="Outsider", agency=outsider_agency)


@pytest.fixture
def category(db):
    return CategoryFactory(name="Noise nuisance")


@pytest.fixture
def jag(db):
    return JagFactory(name="Leicester West JAG", locality="Leicester West")


@pytest.fixture
def chair(jag):
    """The chair of the case's JAG, from an agency that is not otherwise part of the case."""
    officer = OfficerFactory(
        username="jag.chair",
        first_name="Chandra",
        last_name="Chair",
        agency=AgencyFactory(name="Leicester Community Safety Partnership", short_name="LCSP"),
        roles=["officer", "jag_chair"],
    )
    jag.chair = officer
    jag.save()
    return officer


@pytest.fixture
def case(lead_officer, lead_agency, partner_agency, jag, category):
    """A case opened by the lead officer, with the partner agency brought in."""
    opened = CaseFactory(lead_officer=lead_officer, lead_agency=lead_agency, jag=jag, category=category)
    case_add_agency(case=opened, officer=lead_officer, agency=partner_agency)
    opened.refresh_from_db()
    return opened


# --- Clients by role ------------------------------------------------------------------------------------


def _signed_in(officer) -> Client:
    client = Client()
    # AxesStandaloneBackend (first in the list) cannot load a user back from a session: name the model backend.
    client.force_login(officer, backend=MODEL_BACKEND)
    return client


@pytest.fixture
def lead_officer_client(lead_officer):
    return _signed_in(lead_officer)


@pytest.fixture
def partner_officer_client(partner_officer):
    return _signed_in(partner_officer)


@pytest.fixture
def outsider_client(outsider_officer):
    return _signed_in(outsider_officer)


@pytest.fixture
def chair_client(chair):
    return _signed_in(chair)


@pytest.fixture
def anonymous_client(db):
    return Client()


# --- Browser tests (pytest-playwright with Debian's Chromium; never `playwright install`) ------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def manager(lead_agency):
    """A manager of the lead agency: sees the dashboard and the consistency report."""
    return OfficerFactory(
        username="lead.manager",
        first_name="Mona",
        last_name="Manager",
        agency=lead_agency,
        roles=["officer", "manager"],
    )


@pytest.fixture
def manager_client(manager):
    return _signed_in(manager)


@pytest.fixture
def worker():
    """A real Celery worker thread consuming from the Redis broker `make test` starts. It opens its own database
    connection, so a test using it must commit its data (django_db(transaction=True))."""
    with celery_worker_running():
        yield


@contextlib.contextmanager
def celery_worker_running():
    """A real Celery worker thread for the length of the block (the `worker` fixture, or started part way through a
    test that first wants to see what happens while no worker has taken a task)."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    number = xdist_worker_number()
    if number is None:
        redis_url(0)  # fails the test when REDIS_URL is not set
        assert app.conf.broker_url.startswith("redis://")
    else:
        assert app.conf.broker_url == app.conf.result_backend == redis_url(1 + number)
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20, loglevel="WARNING"):
            yield
    finally:
        app.conf.task_always_eager = saved
