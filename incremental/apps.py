from django.apps import AppConfig


class IncrementalConfig(AppConfig):
    name = "incremental"
