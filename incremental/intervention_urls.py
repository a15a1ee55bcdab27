"""URL patterns of the intervention pages, joined into the incremental namespace by incremental/urls.py."""

urlpatterns: list = []
