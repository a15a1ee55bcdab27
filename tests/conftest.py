"""Fixtures every test may use: agencies and officers by role, their clients, a shared case, test settings.

The roles around one case:
- lead_agency / lead_officer: leads the case (view, contribute, change);
- partner_agency / partner_officer: brought into the case (view, contribute);
- outsider_agency / outsider_officer: no part in it (must not learn it exists);
- chair: chairs the JAG that manages it (view, contribute), from an agency of its own.
"""

import os

import pytest
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
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    if not os.environ.get("REDIS_URL"):
        pytest.fail("REDIS_URL is not set: run the suite through `make test` or scripts/services.sh run")
    assert app.conf.broker_url.startswith("redis://")
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20, loglevel="WARNING"):
            yield
    finally:
        app.conf.task_always_eager = saved
