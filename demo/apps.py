from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data and its loader (`manage.py seed_demo`): installed on developers' machines only."""

    name = "demo"
    verbose_name = "Demo data"
