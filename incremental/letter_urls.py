"""URL patterns of the letter pages, joined into the incremental namespace by incremental/urls.py."""

urlpatterns: list = []
