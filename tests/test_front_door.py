"""The front door: what `make run` does, against a fresh database on the test PostgreSQL server and a free port.

Migrate, load the demo, start the web server and a Celery worker (with beat) in processes of their own, as of the
run's day (tests/travelled.py), sign in as the demo's `officer` over HTTP and open My cases; then stop everything and
drop the database. Select it alone with `-m front_door`.
"""

import contextlib
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
import redis
from celery import Celery
from django.urls import reverse

from cases.jag_management.tasks import FLAG_LONG_STANDING
from core import clock

from .conftest import redis_url

pytestmark = pytest.mark.front_door

ROOT = Path(__file__).resolve().parent.parent
# A Redis database no xdist worker uses (they take 1, 2, ...): the front door's worker must not take their tasks.
REDIS_DATABASE = 15
OFFICER, PASSWORD = "officer", "demo-password-2026"
STARTUP_SECONDS = 90


def load_demo(manage) -> None:
    """Load the demo data as `make run` does: with DEBUG on, as the loader requires, while the rest runs without."""
    manage("seed_demo", DJANGO_DEBUG="true")


def run_environment() -> dict[str, str]:
    """The settings `make run` serves with: the Makefile's RUN_ENV."""
    makefile = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    assignments = re.search(r"^RUN_ENV := (.*)$", makefile, re.M)
    assert assignments, "the Makefile has no RUN_ENV"
    return dict(assignment.split("=", 1) for assignment in assignments.group(1).split())


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """A database of its own on the test PostgreSQL server (DATABASE_URL's role may create databases): its URL."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        pytest.fail("DATABASE_URL is not set to PostgreSQL: run the suite through `make test`")
    name = f"asb_front_door_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(base)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield urllib.parse.urlsplit(base)._replace(path=f"/{name}").geturl()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        admin.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Processes:
    """The project's programs, run with the fresh database's environment and as of the run's clock; their output
    goes to files kept with the test's temporary files."""

    def __init__(self, env: dict[str, str], logs: Path):
        self.env = env
        self.logs = logs
        self.started: list[tuple[str, subprocess.Popen]] = []

    def command(self, *program: str) -> list[str]:
        return [sys.executable, "-m", "tests.travelled", clock.now().isoformat(), *program]

    def manage(self, *arguments: str, **environment: str) -> None:
        log = self.logs / f"{arguments[0]}.log"
        with log.open("w") as output:
            done = subprocess.run(
                self.command("manage.py", *arguments),
                cwd=ROOT,
                env={**self.env, **environment},
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=600,
            )
        assert done.returncode == 0, f"manage.py {' '.join(arguments)} failed:\n{log.read_text()[-5000:]}"

    def start(self, name: str, *program: str) -> subprocess.Popen:
        output = (self.logs / f"{name}.log").open("w")
        process = subprocess.Popen(
            self.command(*program), cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT
        )
        output.close()
        self.started.append((name, process))
        return process

    def output(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text()[-5000:]

    def check_running(self) -> None:
        for name, process in self.started:
            assert process.poll() is None, f"{name} stopped (exit {process.returncode}):\n{self.output(name)}"

    def stop(self) -> list[str]:
        """Interrupt each program still running, as Ctrl-C does; the names of those that had to be killed."""
        for _, process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        killed = []
        for name, process in self.started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                killed.append(name)
        return killed


@pytest.fixture
def processes(fresh_database, tmp_path) -> Iterator[Processes]:
    redis.Redis.from_url(redis_url(REDIS_DATABASE)).flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database,
        "REDIS_URL": redis_url(REDIS_DATABASE),
        **run_environment(),
        "DOCUMENT_ROOT": str(tmp_path / "documents"),
    }
    running = Processes(env, tmp_path)
    try:
        yield running
    finally:
        running.stop()
        redis.Redis.from_url(redis_url(REDIS_DATABASE)).flushdb()


def wait_for(what: str, answered, processes: Processes) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while not answered():
        processes.check_running()
        assert time.monotonic() < deadline, f"{what} did not answer within {STARTUP_SECONDS} s"
        time.sleep(0.5)


def server_answers(base: str) -> bool:
    with contextlib.suppress(OSError):
        with urllib.request.urlopen(f"{base}/sign-in/", timeout=5) as response:
            return response.status == 200
    return False


def officers_open_cases(database_url: str) -> list[str]:
    with contextlib.closing(psycopg2.connect(database_url)) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.reference FROM cases_case c JOIN agencies_officer o ON o.id = c.lead_officer_id"
            " WHERE o.username = %s AND c.status = 'open' ORDER BY c.reference",
            [OFFICER],
        )
        return [reference for (reference,) in cursor.fetchall()]


def test_make_run_serves_the_demo_and_the_officer_signs_in(processes, fresh_database):
    processes.manage("migrate", "--no-input")
    load_demo(processes.manage)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    processes.start("server", "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload")
    processes.start(
        "worker", "-m", "celery", "-A", "config", "worker", "--beat", "--pool", "solo", "--loglevel", "WARNING"
    )

    # Not the current app: the project's shared tasks must keep resolving to config.celery's app (eager in the tests
    # that follow on this worker), not to this client of the front door's broker.
    broker = Celery(
        "front-door", broker=redis_url(REDIS_DATABASE), backend=redis_url(REDIS_DATABASE), set_as_current=False
    )
    try:
        wait_for("the Celery worker", lambda: bool(broker.control.ping(timeout=1)), processes)
        # A task's round trip through the worker and the fresh database: the daily long-standing check.
        checked = broker.send_task(FLAG_LONG_STANDING).get(timeout=120)
        assert checked["as_of"] == clock.today().isoformat()
    finally:
        broker.close()
    wait_for("the web server", lambda: server_answers(base), processes)

    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with browser.open(f"{base}/sign-in/", timeout=30) as response:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode()).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": OFFICER, "password": PASSWORD})
    signing_in = urllib.request.Request(f"{base}/sign-in/", data=form.encode(), headers={"Referer": f"{base}/sign-in/"})
    with browser.open(signing_in, timeout=30) as response:
        assert response.url == base + reverse("cases:my_cases")
    with browser.open(base + reverse("cases:my_cases"), timeout=30) as response:
        assert response.status == 200
        page = response.read().decode()

    assert '<h1 class="govuk-heading-l">My cases</h1>' in page
    # DEBUG is off: the page's own styles are served (WhiteNoise), and an unknown address is the product's 404.
    stylesheet = re.search(r'<link rel="stylesheet" href="(/static/[^"]+)"', page).group(1)
    with browser.open(base + stylesheet, timeout=30) as response:
        assert response.status == 200 and b".govuk-" in response.read()
    with pytest.raises(urllib.error.HTTPError) as missing:
        browser.open(f"{base}/no-such-page/", timeout=30)
    not_found = missing.value.read().decode()
    assert (missing.value.code, "Page not found" in not_found) == (404, True)
    assert "URLconf" not in not_found and "cases/&lt;str:reference&gt;" not in not_found
    led = officers_open_cases(fresh_database)
    shown = re.findall(r'<a class="govuk-link" href="/cases/[^"]+">([^<]+)</a>', page)
    assert led, "the demo gives the officer open cases of their own"
    assert set(led) <= set(shown), f"My cases shows {shown}, not every case the officer leads ({led})"
    # The count is of all of them, the table a page of up to 25.
    assert len(shown) == min(int(re.search(r'id="count-open">(\d+)<', page).group(1)), 25)

    assert processes.stop() == [], "killed: they did not stop within 30 s of an interrupt"
