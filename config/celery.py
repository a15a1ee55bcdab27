import os

from celery import Celery
from celery.signals import worker_init, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("asb")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _import_weasyprint(**kwargs) -> None:
    # Once, in the worker's main process: the pool's processes are forked from it with WeasyPrint already imported
    # (about a second each otherwise, on the first document they lay out).
    import weasyprint  # noqa: F401


@worker_process_init.connect
def _load_fonts(**kwargs) -> None:
    # Each pool process finds its fonts now, not on the first page an officer is waiting for.
    from core.pdf import warm_up

    warm_up()
