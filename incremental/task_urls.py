"""URL patterns of the task pages, joined into the incremental namespace by incremental/urls.py."""

urlpatterns: list = []
