"""The error pages are the product's own, with DEBUG off as in production and `make run`, and never Django's debug
pages; a request the service cannot read is a 400, never a 500."""

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from agencies.models import AuditEvent
from cases.models import ChronologyEntry

SERVICE = "LLR ASB Case Management"
UTF16_FORM = "application/x-www-form-urlencoded; charset=utf-16"


@pytest.fixture
def debug_off(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.error_urls"


def assert_product_page(response, status: int, heading: str) -> None:
    page = response.content.decode()
    assert response.status_code == status
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in page
    assert SERVICE in page
    assert "govuk-header" in page
    for debug_trace in ("Using the URLconf", "Traceback", "urlpatterns", "Django tried these URL patterns"):
        assert debug_trace not in page


@pytest.mark.django_db
def test_unknown_url_is_the_products_404(debug_off, lead_officer_client):
    response = lead_officer_client.get("/no-such-page/")

    assert_product_page(response, 404, "Page not found")


@pytest.mark.django_db
def test_unknown_url_signed_out_is_the_products_404(debug_off, anonymous_client):
    assert_product_page(anonymous_client.get("/cases/ASB-1999-000001/nonsense/"), 404, "Page not found")


@pytest.mark.django_db
def test_a_failing_view_gives_the_products_500(debug_off, lead_officer):
    client = Client(raise_request_exception=False)
    client.force_login(lead_officer)

    response = client.get("/broken/")

    assert_product_page(response, 500, "Sorry, there is a problem with the service")
    assert lead_officer.display_name not in response.content.decode()


@pytest.mark.django_db
def test_forbidden_is_the_products_403(debug_off, partner_officer_client, case):
    response = partner_officer_client.get(reverse("cases:edit", kwargs={"reference": case.reference}))

    assert_product_page(response, 403, "You cannot do that")


def test_500_page_needs_neither_the_request_nor_the_database():
    """Drawn by Django's server_error view, without a request; no database access is allowed in this test."""
    page = render_to_string("500.html")

    assert "Sorry, there is a problem with the service" in page
    assert "/static/css/govuk.css" in page


def test_400_page_needs_neither_the_request_nor_the_database():
    assert "Your browser sent something the service could not read" in render_to_string("400.html")


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_form_posted_as_utf16_is_400_on_sign_out(settings, lead_officer, debug):
    """Django refuses the charset, and then its error page's CSRF check read the body again: a 500, debug or not."""
    settings.DEBUG = debug
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(lead_officer)

    response = client.post(reverse("logout"), "a=b", content_type=UTF16_FORM)

    assert_product_page(response, 400, "Your browser sent something the service could not read")
    assert client.session.get("_auth_user_id") == str(lead_officer.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_form_posted_as_utf16_is_400_and_saves_nothing(settings, lead_officer, case, debug):
    settings.DEBUG = debug
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(lead_officer)
    url = reverse("cases:chronology_add", kwargs={"reference": case.reference})
    entries, events = ChronologyEntry.objects.count(), AuditEvent.objects.count()

    response = client.post(url, "kind=note&text=Hello", content_type=UTF16_FORM)

    assert response.status_code == 400
    assert (ChronologyEntry.objects.count(), AuditEvent.objects.count()) == (entries, events)


@pytest.mark.django_db
def test_form_posted_as_utf16_to_sign_in_is_400(anonymous_client, lead_officer):
    response = Client(enforce_csrf_checks=True).post(
        reverse("login"), f"username={lead_officer.username}&password=x", content_type=UTF16_FORM
    )

    assert response.status_code == 400
    assert get_user_model().objects.filter(pk=lead_officer.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("charset", ["utf-8", "UTF-8"])
def test_form_declared_utf8_still_read(lead_officer_client, case, charset):
    url = reverse("cases:chronology_add", kwargs={"reference": case.reference})

    response = lead_officer_client.post(
        url, "kind=note", content_type=f"application/x-www-form-urlencoded; charset={charset}"
    )

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
