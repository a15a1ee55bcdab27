from django.apps import AppConfig


class CessationConfig(AppConfig):
    name = "cessation"
