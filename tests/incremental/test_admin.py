"""The intervention catalogue is data an administrator edits in the Django admin: its entries (rungs) and their
versions in time, added ahead of a commencement with their legal source."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from agencies.models import AgencyKind
from incremental.models import ACT_2014_COMMENCEMENT, InterventionKind, KindVersion
from tests.factories import JagFactory, OfficerFactory
from tests.second_factor import verified_client

pytestmark = pytest.mark.django_db

COMMENCEMENT_2026 = datetime.date(2026, 6, 29)


@pytest.fixture
def admin_client() -> Client:
    # Administrators give a second factor before the admin opens to them.
    return verified_client(OfficerFactory(agency=None, is_superuser=True, is_staff=True))


def test_catalogue_is_seeded_with_the_domain_table():
    catalogue = {kind.code: (kind.tier, kind.court_stage) for kind in InterventionKind.objects.all()}

    assert catalogue == {
        "words_of_advice": (1, False),
        "first_warning": (1, False),
        "dispersal": (1, False),
        "community_resolution": (1, False),
        "restorative": (1, False),
        "final_warning": (2, False),
        "cpw": (2, False),
        "immediate_justice": (2, False),
        "fixed_penalty": (2, False),
        "vehicle_warning": (2, False),
        "vehicle_seizure": (2, False),
        "abc": (3, False),
        "cpn": (4, True),
        "civil_injunction": (4, True),
        "respect_order": (4, True),
        "youth_injunction": (4, True),
        "housing_injunction": (4, True),
        "cbo": (4, True),
        "closure": (4, True),
        "possession": (4, True),
    }
    cpn = KindVersion.objects.get(kind__code="cpn")
    assert (cpn.in_force_from, list(cpn.requires_prior.values_list("code", flat=True))) == (
        ACT_2014_COMMENCEMENT,
        ["cpw"],
    )
    continuing = InterventionKind.objects.filter(continues__code="civil_injunction").values_list("code", flat=True)
    assert sorted(continuing) == ["housing_injunction", "respect_order", "youth_injunction"]
    assert all(version.legal_source for version in KindVersion.objects.all())


def _form_data(page) -> dict:
    form = page.context["adminform"].form
    return {name: form[name].value() for name in form.fields if form[name].value() is not None}


def test_administrator_edits_who_may_issue_and_the_age_limit(admin_client):
    cpw = KindVersion.objects.get(kind__code="cpw")
    url = reverse("admin:incremental_kindversion_change", args=[cpw.pk])
    data = _form_data(admin_client.get(url))
    data |= {
        "issuing_agency_kinds": [AgencyKind.POLICE, AgencyKind.LOCAL_AUTHORITY],
        "minimum_age": 17,
        "requires_prior": [],
        "without_notice": "",
        "withdrawn": "",
        "localities": [],
    }

    response = admin_client.post(url, data)

    cpw.refresh_from_db()
    assert (response.status_code, cpw.issuing_agency_kinds, cpw.minimum_age) == (
        302,
        [AgencyKind.POLICE, AgencyKind.LOCAL_AUTHORITY],
        17,
    )


def _new_version(kind: InterventionKind, **fields) -> dict:
    return {
        "kind": kind.pk,
        "name": "Community Protection Warning",
        "short_name": "CPW",
        "legal_basis": "Anti-social Behaviour, Crime and Policing Act 2014, s.43(5) as amended",
        "legal_source": "Commencement Regulations 2027, reg. 3",
        "in_force_from": "1/3/2027",
        "issuing_agency_kinds": [AgencyKind.POLICE],
        "minimum_age": 16,
    } | fields


def test_administrator_adds_a_future_version_with_its_source_after_ending_the_current_one(admin_client):
    cpw_kind = InterventionKind.objects.get(code="cpw")
    current = KindVersion.objects.get(kind=cpw_kind)
    add = reverse("admin:incremental_kindversion_add")

    refused = admin_client.post(add, _new_version(cpw_kind))
    current.in_force_until = datetime.date(2027, 2, 28)
    current.full_clean()
    current.save()
    accepted = admin_client.post(add, _new_version(cpw_kind))

    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["in_force_from"] == [
        "Overlaps the version from 20 October 2014 (Community Protection Warning): versions of Community Protection "
        "Warning in the same area cannot be in force on the same day. End that one the day before this one starts, "
        "or change these dates"
    ]
    assert accepted.status_code == 302
    added = KindVersion.objects.get(kind=cpw_kind, in_force_from=datetime.date(2027, 3, 1))
    assert (added.legal_source, added.issuing_agency_kinds) == ("Commencement Regulations 2027, reg. 3", ["police"])


def test_a_pilot_version_may_run_beside_the_national_one_but_not_beside_another_in_its_area(admin_client):
    JagFactory(locality="Melton")
    cpw_kind = InterventionKind.objects.get(code="cpw")
    add = reverse("admin:incremental_kindversion_add")

    pilot = admin_client.post(add, _new_version(cpw_kind, localities=["Melton"]))
    again = admin_client.post(add, _new_version(cpw_kind, localities=["Melton"], in_force_from="1/6/2027"))

    assert pilot.status_code == 302
    assert again.status_code == 200
    assert (
        "Overlaps the version from 1 March 2027 in Melton" in again.context["adminform"].form.errors["in_force_from"][0]
    )


def test_versions_end_after_they_start_and_withdrawal_names_its_areas(admin_client):
    cpw_kind = InterventionKind.objects.get(code="cpw")

    response = admin_client.post(
        reverse("admin:incremental_kindversion_add"),
        _new_version(cpw_kind, in_force_until="1/1/2027", withdrawn="on", minimum_age=18, maximum_age=17),
    )

    errors = response.context["adminform"].form.errors
    assert errors["in_force_until"] == ["The last day in force must be the same as or after the first"]
    assert errors["withdrawn"] == ["Name the areas where the power is not available (tick at least one locality)"]
    assert errors["maximum_age"] == ["The maximum age must be the same as or above the minimum age"]


def test_a_power_continues_a_rung_only_on_its_tier():
    respect = InterventionKind.objects.get(code="respect_order")
    respect.continues = InterventionKind.objects.get(code="cpw")

    with pytest.raises(ValidationError) as refused:
        respect.full_clean()

    assert refused.value.message_dict["continues"] == [
        "Community Protection Warning is tier 2: a power that continues it must be on the same tier"
    ]


def test_administrator_sets_a_limit_in_hours_and_refuses_none_at_all(admin_client):
    dispersal = KindVersion.objects.get(kind__code="dispersal")
    url = reverse("admin:incremental_kindversion_change", args=[dispersal.pk])
    data = _form_data(admin_client.get(url)) | {"requires_prior": [], "without_notice": "", "withdrawn": ""}

    shown = admin_client.get(url)
    zero = admin_client.post(url, data | {"max_live_hours": 0})
    changed = admin_client.post(url, data | {"max_live_hours": 24})

    dispersal.refresh_from_db()
    assert shown.context["adminform"].form["max_live_hours"].value() == 48
    assert zero.context["adminform"].form.errors["max_live_hours"] == [
        "Ensure this value is greater than or equal to 1."
    ]
    assert (changed.status_code, dispersal.max_live_hours) == (302, 24)


def test_administrator_corrects_a_closure_notices_hours_and_the_landlords_condition(admin_client):
    closure = KindVersion.objects.filter(kind__code="closure").order_by("in_force_from").last()
    url = reverse("admin:incremental_kindversion_change", args=[closure.pk])
    data = _form_data(admin_client.get(url)) | {"requires_prior": [], "without_notice": "", "withdrawn": ""}

    shown = admin_client.get(url).context["adminform"].form
    senior_not_longer = admin_client.post(url, data | {"senior_notice_hours": 24})
    changed = admin_client.post(
        url, data | {"landlord_condition": "The premises are let or managed by {agency}", "senior_notice_hours": 72}
    )

    closure.refresh_from_db()
    assert (shown["notice_hours"].value(), shown["senior_notice_hours"].value()) == (24, 48)
    assert shown["landlord_condition"].value() == "The premises are owned or managed by {agency}"
    assert senior_not_longer.context["adminform"].form.errors["senior_notice_hours"] == [
        "Give the notice's own hours, and more hours with a senior authorisation"
    ]
    assert changed.status_code == 302
    assert (closure.senior_notice_hours, closure.landlord_condition) == (
        72,
        "The premises are let or managed by {agency}",
    )
