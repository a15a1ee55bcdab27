from django.urls import path  # noqa: F401

app_name = "jag_management"

urlpatterns: list = []
