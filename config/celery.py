import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("asb")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _warm_up_weasyprint(**kwargs) -> None:
    # Once, in the worker's main process before it forks its pool: every pool process then starts with WeasyPrint
    # imported and its fonts loaded, instead of paying for them (over a second) on the first pack an officer waits for.
    from core.pdf import warm_up

    warm_up()
