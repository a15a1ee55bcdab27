"""Run the same job in several threads at once, each on its own database connection (Django's are per thread)."""

import threading
from collections.abc import Callable


def run_at_once(job: Callable[[], object], times: int = 2) -> list:
    """Start `job` in `times` threads released together; return what each returned. Any exception fails the test."""
    barrier = threading.Barrier(times)
    results, errors = [], []

    def run():
        from django.db import connection

        try:
            barrier.wait(timeout=10)
            results.append(job())
        except Exception as error:  # re-raised below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results
