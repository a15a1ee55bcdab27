"""The Incremental Approach's pages, one namespace, each area's patterns in its own module."""

from . import intervention_urls, letter_urls, penalty_urls, report_urls, task_urls

app_name = "incremental"

urlpatterns = [
    *intervention_urls.urlpatterns,
    *letter_urls.urlpatterns,
    *task_urls.urlpatterns,
    *report_urls.urlpatterns,
    *penalty_urls.urlpatterns,
]
