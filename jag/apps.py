from django.apps import AppConfig


class JagConfig(AppConfig):
    name = "jag"
    verbose_name = "Joint Action Groups"
