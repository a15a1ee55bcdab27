"""The health endpoint the load balancer probes: "ok" (200) while the database, Redis, a Celery worker and the
document storage answer, "unavailable" (503) when one does not; nothing else to anyone, signed in or not; the
cause in the log; never in the audit trail."""

import logging
import socket

import pytest
from django.urls import reverse

from agencies.models import AuditEvent
from config.celery import app

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

URL = "/health/"


@pytest.fixture
def redis_of_the_broker(settings):
    """The health check's Redis: the one the Celery worker of these tests uses."""
    settings.REDIS_URL = app.conf.broker_url


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def failed_checks(caplog) -> list[str]:
    return sorted(
        type(record.args[0]).__name__
        for record in caplog.records
        if record.name == "health_check" and record.msg.startswith("Health check %r failed")
    )


def test_health_is_ok_while_every_service_answers(worker, redis_of_the_broker, anonymous_client, caplog):
    response = anonymous_client.get(URL)

    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert failed_checks(caplog) == []
    assert reverse("health") == URL


def test_health_is_unavailable_when_redis_does_not_answer(
    worker, redis_of_the_broker, settings, anonymous_client, caplog
):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"

    response = anonymous_client.get(URL)

    assert (response.status_code, response.content) == (503, b"unavailable\n")
    assert failed_checks(caplog) == ["Redis"]


def test_health_is_unavailable_without_a_celery_worker(redis_of_the_broker, anonymous_client, caplog):
    response = anonymous_client.get(URL)

    assert (response.status_code, response.content) == (503, b"unavailable\n")
    assert failed_checks(caplog) == ["Ping"]


def test_health_is_unavailable_when_the_documents_cannot_be_stored(
    worker, redis_of_the_broker, settings, tmp_path, anonymous_client, caplog
):
    not_a_folder = tmp_path / "documents-file"
    not_a_folder.write_text("a file where the document folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": not_a_folder}},
    }

    response = anonymous_client.get(URL)

    assert (response.status_code, response.content) == (503, b"unavailable\n")
    # An error the check does not expect is logged with its traceback, which names the storage.
    assert failed_checks(caplog) == []
    (unexpected,) = (record for record in caplog.records if record.name == "health_check")
    assert "Unexpected exception" in unexpected.getMessage()
    assert "health_check_storage_test" in caplog.text


def test_health_tells_a_signed_in_officer_no_more_and_writes_no_audit(
    worker, redis_of_the_broker, lead_officer_client, settings, caplog
):
    caplog.set_level(logging.WARNING, logger="health_check")
    audited = AuditEvent.objects.count()
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"

    unavailable = lead_officer_client.get(URL, HTTP_ACCEPT="application/json")
    for_json = lead_officer_client.get(URL, {"format": "json"})
    posted = lead_officer_client.post(URL)

    assert (unavailable.status_code, unavailable.content) == (503, b"unavailable\n")
    assert (for_json.status_code, for_json.content) == (503, b"unavailable\n")
    assert posted.status_code == 405
    # The cause is in the log, for the operators.
    assert "Unable to connect to Redis" in caplog.text
    assert AuditEvent.objects.count() == audited
