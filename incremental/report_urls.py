"""URL patterns of the report pages, joined into the incremental namespace by incremental/urls.py."""

urlpatterns: list = []
