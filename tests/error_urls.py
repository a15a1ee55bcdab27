"""The service's URLs and one that fails, for the error page tests (ROOT_URLCONF = "tests.error_urls")."""

from django.urls import path

from config.urls import urlpatterns as service_urlpatterns


def broken(request):
    raise RuntimeError("A fault in a view")


urlpatterns = [path("broken/", broken), *service_urlpatterns]
