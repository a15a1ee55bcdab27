"""The daily jobs survive a worker killed part way: tasks are acknowledged late, so the task comes back to the next
worker, and the jobs are idempotent, so the run it makes leaves exactly what a clean run leaves.

For each job (the long-standing check and the Incremental Approach's reminders), on a few dozen cases:
- a clean run: a worker process runs the task to the end on a copy of the database;
- the faulty run: a worker process takes the same task on the test database and, once the job has written its
  flags, changes or reminders and is about to write the notifications, is killed with SIGKILL (with all its
  processes, as when its container or host is lost). The job is held at that point by the test, which locks the
  notifications table until the worker is dead;
- nothing of the killed run stands (one transaction), and no worker has acknowledged the task: a new worker started
  once Redis's visibility timeout has passed gets it again and runs it to the end;
- the database then holds what the clean run's does (flags, changes, notifications, reminders, the audit entry),
  nothing twice, and the e-mails sent are the clean run's; a further delivery of the same task (a worker lost
  after its commit, before its acknowledgement) changes nothing.

Workers run as of the run's clock (tests/travelled.py) with the jobs' own default day: today.
"""

import contextlib
import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
import redis
from celery import Celery
from django.db import connection

from cases.jag_management.tasks import FLAG_LONG_STANDING
from cases.models import Case, JagManagementPeriod, PersonRole
from cases.services import case_add_person
from config.celery import app
from core import clock
from incremental.models import InterventionKind
from incremental.tasks import GENERATE_REMINDERS
from tests.factories import AgencyFactory, CaseFactory, InterventionFactory, JagFactory, OfficerFactory, PersonFactory
from tests.incremental.helpers import ensure_catalogue

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
# Seconds an unacknowledged task stays with the worker that took it before Redis hands it out again.
VISIBILITY_TIMEOUT = 3
WAIT_SECONDS = 120
CASES = 36

# The job, and the table whose rows it has written (uncommitted) when the test holds it before its notifications.
JOBS = {
    "long-standing check": (FLAG_LONG_STANDING, "cases_longstandingchange"),
    "reminders": (GENERATE_REMINDERS, "incremental_reminder"),
}


def database_url(name: str) -> str:
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT']}/{name}"


@pytest.fixture
def daily_work(db):
    """Cases for both jobs: most long under JAG management and not yet flagged, some flagged that no longer are; every
    case's risk review due within days; live periods ending and hearings coming up on half of them."""
    today = clock.today()
    ensure_catalogue()  # a flushed (transactional) database lacks the seeded catalogue
    chair = OfficerFactory(roles=["officer", "jag_chair"])
    jag = JagFactory(chair=chair)
    officers = [OfficerFactory(agency=AgencyFactory()) for _ in range(4)]
    warning = InterventionKind.objects.get(code="first_warning")
    for number in range(CASES):
        officer = officers[number % len(officers)]
        case = CaseFactory(lead_officer=officer, jag=jag)
        still_long = number % 6 != 0
        JagManagementPeriod.objects.create(
            case=case,
            jag=jag,
            started_on=today - datetime.timedelta(days=200 if still_long else 40),
            ended_on=None,
            started_by=officer,
        )
        Case.objects.filter(pk=case.pk).update(
            next_review_date=today + datetime.timedelta(days=number % 5),
            long_standing_since=None if still_long else today - datetime.timedelta(days=30),
        )
        if number % 2:
            person = PersonFactory(created_by=officer)
            case_add_person(case=case, officer=officer, person=person, role=PersonRole.PERPETRATOR)
            InterventionFactory(
                case=case,
                person=person,
                kind=warning,
                issued_on=today - datetime.timedelta(days=60),
                live_until=today + datetime.timedelta(days=number % 14),
                next_hearing_on=today + datetime.timedelta(days=number % 10) if number % 4 == 1 else None,
            )


def snapshot(url: str) -> dict[str, list]:
    """What the jobs write, without ids or timestamps (which differ between two databases and two runs); lists, not
    sets, so that anything written twice shows."""
    queries = {
        "flags": "SELECT reference, long_standing_since FROM cases_case ORDER BY reference",
        "changes": """SELECT c.reference, ch.became_long_standing, ch.as_of, ch.days_in_window
                      FROM cases_longstandingchange ch JOIN cases_case c ON c.id = ch.case_id ORDER BY 1, 2, 3""",
        "notifications": """SELECT o.username, n.event_key, n.text, n.url FROM agencies_notification n
                            JOIN agencies_officer o ON o.id = n.recipient_id ORDER BY 1, 2, 3""",
        "reminders": """SELECT o.username, r.key, r.kind, r.due_on, r.text, r.done_at IS NULL FROM incremental_reminder r
                        JOIN agencies_officer o ON o.id = r.officer_id ORDER BY 1, 2""",
        "job audit": """SELECT action, description FROM agencies_auditevent
                        WHERE officer_id IS NULL AND description LIKE 'Daily %%' ORDER BY 1, 2""",
    }
    with contextlib.closing(psycopg2.connect(url)) as database, database.cursor() as cursor:
        found = {}
        for name, query in queries.items():
            cursor.execute(query)
            found[name] = cursor.fetchall()
        return found


@pytest.fixture
def copy_of_the_database() -> Iterator[str]:
    """A copy of the test database as it stands (committed): the clean run's database."""
    name = f"asb_clean_run_{uuid.uuid4().hex[:12]}"
    # A database is copied only while nobody is connected to it: connections left behind by earlier tests of this
    # process (a live server's threads, stopped workers) are ended first.
    source = connection.settings_dict["NAME"]
    connection.close()
    admin = psycopg2.connect(database_url("postgres"))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [source],
            )
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        yield database_url(name)
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        admin.close()


class Workers:
    """Celery worker processes of the project (prefork, one child), each in a process group of its own so that all its
    processes can be killed at once, consuming a queue of this test's own from the Redis database of this pytest
    worker; their output (e-mails included: the console backend) goes to files."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.broker_url = app.conf.broker_url
        self.queue = f"faults-{uuid.uuid4().hex[:12]}"
        self.client = Celery("faults", broker=self.broker_url, backend=self.broker_url, set_as_current=False)
        self.started: list[subprocess.Popen] = []

    def start(self, name: str, database: str) -> subprocess.Popen:
        program = ["-m", "celery", "-A", "config", "worker", "--pool", "prefork", "--concurrency", "1"]
        program += ["--queues", self.queue, "--hostname", f"{name}-{self.queue}@%h", "--loglevel", "INFO"]
        program += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        command = [sys.executable, "-m", "tests.travelled", clock.now().isoformat(), *program]
        env = {
            **os.environ,
            "DATABASE_URL": database,
            "REDIS_URL": self.broker_url,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "DJANGO_DEBUG": "true",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "DOCUMENT_ROOT": str(self.logs / "documents"),
        }
        with (self.logs / f"{name}.log").open("w") as output:
            process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.started.append(process)
        return process

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text()

    def emails(self, *names: str) -> list[str]:
        """The subjects and recipients of the e-mails the named workers sent."""
        sent = []
        for name in names:
            subject = ""
            for line in self.log(name).splitlines():
                if line.startswith("Subject: "):
                    subject = line
                elif line.startswith("To: ") and subject:
                    sent.append(f"{subject} {line}")
                    subject = ""
        return sorted(sent)

    def send(self, task: str):
        return self.client.send_task(task, kwargs={}, queue=self.queue)

    @staticmethod
    def kill(process: subprocess.Popen) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop(self, process: subprocess.Popen) -> None:
        """A warm shutdown, as Ctrl-C or a deployment's SIGTERM: the worker finishes and acknowledges its task."""
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.kill(process)
            raise

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill(process)
        self.client.close()
        broker = redis.Redis.from_url(self.broker_url)
        # Whatever a failed test left unacknowledged must not come back to a later test's worker.
        broker.delete(self.queue, "unacked", "unacked_index")


@pytest.fixture
def workers(tmp_path) -> Iterator[Workers]:
    running = Workers(tmp_path)
    try:
        yield running
    finally:
        running.stop_all()


def wait_until(what: str, found, process: subprocess.Popen, workers: Workers, name: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        value = found()
        if value:
            return value
        assert process.poll() is None, f"the worker stopped (exit {process.returncode}):\n{workers.log(name)[-4000:]}"
        assert time.monotonic() < deadline, f"{what}: not within {WAIT_SECONDS} s\n{workers.log(name)[-4000:]}"
        time.sleep(0.2)


def held_before_its_notifications(url: str, written_table: str):
    """The backend of a job that waits to write notifications, once its transaction has written to `written_table`
    (a row lock on the table is taken by the first row it writes): its pid."""
    with contextlib.closing(psycopg2.connect(url)) as database, database.cursor() as cursor:
        cursor.execute(
            """SELECT a.pid FROM pg_stat_activity a
               WHERE a.datname = current_database() AND a.wait_event_type = 'Lock'
                 AND a.query LIKE 'INSERT INTO "agencies_notification"%%'
                 AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted
                             AND l.mode = 'RowExclusiveLock' AND l.relation = CAST(%s AS regclass))""",
            [written_table],
        )
        row = cursor.fetchone()
        return row[0] if row else None


def backend_gone(url: str, pid: int) -> bool:
    with contextlib.closing(psycopg2.connect(url)) as database, database.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0] == 0


@pytest.mark.parametrize("job", list(JOBS))
def test_a_job_whose_worker_is_killed_part_way_runs_again_on_the_next_worker_as_a_clean_run(
    job, daily_work, copy_of_the_database, workers
):
    task, written_table = JOBS[job]
    test_database = database_url(connection.settings_dict["NAME"])
    before = snapshot(test_database)

    # The clean run, on the copy.
    clean_worker = workers.start("clean", copy_of_the_database)
    clean_result = workers.send(task).get(timeout=WAIT_SECONDS)
    # Stopped, not killed: it acknowledges the task it has run (its result is stored first).
    workers.stop(clean_worker)
    clean = snapshot(copy_of_the_database)
    assert clean_result["as_of"] == clock.today().isoformat()
    assert clean != before

    # The faulty run: held before its notifications, with its other rows written, then killed.
    gate = psycopg2.connect(test_database)
    try:
        with gate.cursor() as cursor:
            cursor.execute("LOCK TABLE agencies_notification IN EXCLUSIVE MODE")
        first_worker = workers.start("killed", test_database)
        sent = workers.send(task)
        held = wait_until(
            f"the {job} held before its notifications",
            lambda: held_before_its_notifications(test_database, written_table),
            first_worker,
            workers,
            "killed",
        )
        workers.kill(first_worker)
        killed_at = time.monotonic()
    finally:
        gate.rollback()
        gate.close()
    # Its connection closed, PostgreSQL ends the killed run's transaction without committing it.
    deadline = time.monotonic() + WAIT_SECONDS
    while not backend_gone(test_database, held):
        assert time.monotonic() < deadline, "the killed worker's transaction did not end"
        time.sleep(0.2)
    assert snapshot(test_database) == before
    assert sent.state == "PENDING"

    # The next worker, once the task's visibility timeout has passed, gets the same task and runs it to the end.
    time.sleep(max(0.0, VISIBILITY_TIMEOUT + 1 - (time.monotonic() - killed_at)))
    workers.start("next", test_database)
    result = sent.get(timeout=WAIT_SECONDS)

    assert result == clean_result
    assert snapshot(test_database) == clean
    assert workers.emails("killed", "next") == workers.emails("clean")
    if job == "long-standing check":
        assert len(workers.emails("clean")) >= 4

    # Delivered once more (as when a worker is lost after committing, before acknowledging): nothing new.
    again = workers.send(task).get(timeout=WAIT_SECONDS)
    assert snapshot(test_database) == clean
    assert workers.emails("killed", "next") == workers.emails("clean")
    assert {key: value for key, value in again.items() if key != "as_of"} == dict.fromkeys(
        [key for key in clean_result if key != "as_of"], 0
    )
