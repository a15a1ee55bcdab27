"""The health endpoint the load balancer probes (/health/): the database, Redis, a Celery worker and the document
storage, each checked on every request by django-health-check.

Anyone may ask, signed in or not, so the answer says nothing but "ok" (200) or "unavailable" (503): no versions,
host names or error messages. What failed, and why, goes to the log (the "health_check" logger).
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from health_check.base import HealthCheck  # type: ignore[import-untyped]
from health_check.checks import Database, Storage  # type: ignore[import-untyped]
from health_check.contrib.celery import Ping  # type: ignore[import-untyped]
from health_check.contrib.redis import Redis  # type: ignore[import-untyped]
from health_check.views import HealthCheckView  # type: ignore[import-untyped]
from redis.asyncio import Redis as RedisClient

from .celery import app

# Each check gives up after this long, so a probe with a timeout of a few seconds gets an answer.
REDIS_TIMEOUT_SECONDS = 2
CELERY_TIMEOUT = datetime.timedelta(seconds=2)


def _redis_client() -> RedisClient:
    return RedisClient.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
    )


class HealthView(HealthCheckView):
    def get_checks(self) -> Iterator[HealthCheck]:
        yield Database()
        yield Storage()
        # Without Redis (a developer's machine with no REDIS_URL) tasks run in the request: nothing more to check.
        if settings.REDIS_URL:
            yield Redis(client_factory=_redis_client)
            # limit=1: answer as soon as one worker replies rather than waiting out the timeout for others.
            yield Ping(app=app, timeout=CELERY_TIMEOUT, limit=1)

    async def results(self) -> list:
        with self.get_executor() as executor:
            return await asyncio.gather(*(check.get_result(executor) for check in self.get_checks()))


@never_cache
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    # The checks run in an event loop of their own, in a thread of their own: the answer then never depends on
    # whether the thread serving the request runs a loop already (Django refuses to wrap an async view there).
    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(asyncio.run, HealthView().results()).result()
    # django-health-check has logged each failure with its cause.
    if any(result.error for result in results):
        return HttpResponse("unavailable\n", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
