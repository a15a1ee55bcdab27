"""The intervention catalogue is data an administrator edits in the Django admin."""

import pytest
from django.test import Client
from django.urls import reverse

from agencies.models import AgencyKind
from incremental.models import InterventionKind
from tests.factories import OfficerFactory
from tests.second_factor import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    # Administrators give a second factor before the admin opens to them.
    return verified_client(OfficerFactory(agency=None, is_superuser=True, is_staff=True))


def test_catalogue_is_seeded_with_the_domain_table():
    catalogue = {kind.code: (kind.tier, kind.court_stage) for kind in InterventionKind.objects.all()}

    assert catalogue == {
        "words_of_advice": (1, False),
        "first_warning": (1, False),
        "final_warning": (2, False),
        "cpw": (2, False),
        "abc": (3, False),
        "cpn": (4, True),
        "civil_injunction": (4, True),
        "cbo": (4, True),
        "closure": (4, True),
        "possession": (4, True),
    }
    assert list(InterventionKind.objects.get(code="cpn").requires_prior.values_list("code", flat=True)) == ["cpw"]


def test_administrator_edits_who_may_issue_and_the_age_limit(admin_client):
    cpw = InterventionKind.objects.get(code="cpw")
    url = reverse("admin:incremental_interventionkind_change", args=[cpw.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data |= {
        "issuing_agency_kinds": [AgencyKind.POLICE, AgencyKind.LOCAL_AUTHORITY],
        "minimum_age": 17,
        "requires_prior": [],
        "court_stage": "",
        "can_be_refused": "",
        "is_active": "on",
    }

    response = admin_client.post(url, data)

    cpw.refresh_from_db()
    assert (response.status_code, cpw.issuing_agency_kinds, cpw.minimum_age) == (
        302,
        [AgencyKind.POLICE, AgencyKind.LOCAL_AUTHORITY],
        17,
    )
