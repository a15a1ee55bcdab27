"""URL patterns of the report pages, joined into the incremental namespace by incremental/urls.py."""

from django.urls import path

from . import report_views

urlpatterns = [
    path("reports/consistency/", report_views.report, name="consistency_report"),
    path("reports/consistency/<slug:table>.csv", report_views.export, name="consistency_report_csv"),
]
