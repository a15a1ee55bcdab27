"""The issue form and the intervention page for hours-long powers and orders made without notice: the hint and the
errors next to the fields, with what was typed kept."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from core import clock
from incremental.models import Intervention, KindVersion
from tests.cases.views.helpers import date_parts, new_token, page_text

pytestmark = pytest.mark.django_db


def days_from_today(n: int) -> datetime.date:
    return clock.today() + datetime.timedelta(days=n)


def issue_url(case, person, **query) -> str:
    url = reverse("incremental:intervention_issue", kwargs={"reference": case.reference, "pk": person.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def field_error(response, name: str) -> str:
    """The error message shown next to the field `name` ("" when there is none)."""
    found = re.search(
        rf'id="id_{re.escape(name)}_1_error" class="govuk-error-message">\s*'
        r'<span class="govuk-visually-hidden">Error:</span>(.*?)</(?:span|p)>',
        page_text(response),
        re.S,
    )
    return html.unescape(" ".join(found.group(1).split())) if found else ""


def input_value(response, name: str) -> str | None:
    found = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', page_text(response))
    return found.group(1) if found else None


def is_checked(response, name: str) -> bool:
    return bool(re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*checked', page_text(response)))


def dispersal_data(kinds, partner_agency, partner_officer, **changes) -> dict:
    return {
        "submission_token": new_token(),
        "kind": str(kinds["dispersal"].pk),
        "issuing_agency": str(partner_agency.pk),
        "issuing_officer": str(partner_officer.pk),
        **date_parts("issued_on", days_from_today(-1)),
        "conditions": "Leave Braunstone Gate and the car park; do not return.",
    } | changes


def injunction_data(kinds, lead_agency, lead_officer, code="civil_injunction", **changes) -> dict:
    return {
        "submission_token": new_token(),
        "kind": str(kinds[code].pk),
        "issuing_agency": str(lead_agency.pk),
        "issuing_officer": str(lead_officer.pk),
        **date_parts("issued_on", days_from_today(-1)),
        "court": "Leicester County Court",
        **date_parts("first_hearing_on", days_from_today(-1)),
        "order_made": "Not to enter Wessex Row",
        "justification": "Threats of violence to neighbours",
    } | changes


# --- The dispersal direction's 48 hours -------------------------------------------------------------------------


def test_the_dispersal_direction_is_offered_as_up_to_48_hours(
    case, perpetrator, partner_agency, lead_officer_client, kinds
):
    first = lead_officer_client.get(issue_url(case, perpetrator))
    details = lead_officer_client.get(
        issue_url(case, perpetrator, kind=kinds["dispersal"].pk, issuing_agency=partner_agency.pk)
    )

    hint = re.search(
        rf'value="{kinds["dispersal"].pk}".*?<span[^>]*govuk-radios__hint[^>]*>(.*?)</span>', page_text(first), re.S
    )
    assert " ".join(hint.group(1).split()) == (
        "Tier 1 (the suggested next stage); issued by: police; aged 10 or over; up to 48 hours"
    )
    assert (
        "The last day it binds: up to 48 hours from when it was given, so at the latest 2 days after the date issued. "
        "Leave blank for the whole 48 hours"
    ) in page_text(details)


def test_a_dispersal_direction_beyond_48_hours_is_refused_next_to_live_until_with_what_was_typed_kept(
    case, perpetrator, partner_agency, partner_officer, lead_officer_client, kinds
):
    issued, too_late = days_from_today(-1), days_from_today(2)

    response = lead_officer_client.post(
        issue_url(case, perpetrator),
        dispersal_data(kinds, partner_agency, partner_officer, **date_parts("live_until", too_late)),
    )

    assert response.status_code == 200
    assert field_error(response, "live_until") == (
        f"Dispersal direction can last at most 48 hours: given on {issued:%-d %B %Y}, it is live until "
        f"{days_from_today(1):%-d %B %Y} at the latest"
    )
    assert (input_value(response, "live_until_0"), input_value(response, "live_until_2")) == (
        str(too_late.day),
        str(too_late.year),
    )
    assert "Leave Braunstone Gate and the car park; do not return." in page_text(response)
    assert Intervention.objects.count() == 0


def test_a_dispersal_direction_within_48_hours_is_recorded(
    case, perpetrator, partner_agency, partner_officer, lead_officer_client, kinds
):
    response = lead_officer_client.post(
        issue_url(case, perpetrator),
        dispersal_data(kinds, partner_agency, partner_officer, **date_parts("live_until", days_from_today(1))),
    )

    assert response.status_code == 302
    assert Intervention.objects.get().live_until == days_from_today(1)


# --- Made without notice ----------------------------------------------------------------------------------------


def test_the_without_notice_fields_are_asked_only_where_the_law_allows_it(
    case, perpetrator, lead_agency, lead_officer_client, kinds
):
    injunction = lead_officer_client.get(
        issue_url(case, perpetrator, kind=kinds["civil_injunction"].pk, issuing_agency=lead_agency.pk)
    )
    cbo = lead_officer_client.get(issue_url(case, perpetrator, kind=kinds["cbo"].pk, issuing_agency=lead_agency.pk))

    assert 'name="made_without_notice"' in page_text(injunction)
    assert 'name="return_hearing_on_0"' in page_text(injunction)
    assert "made_without_notice" not in page_text(cbo) and "return_hearing_on" not in page_text(cbo)


def test_an_order_made_without_notice_needs_the_return_hearing_next_to_its_field(
    case, perpetrator, lead_agency, lead_officer, lead_officer_client, kinds
):
    response = lead_officer_client.post(
        issue_url(case, perpetrator),
        injunction_data(kinds, lead_agency, lead_officer, made_without_notice="on"),
    )

    assert field_error(response, "return_hearing_on") == (
        "Enter the date of the return hearing: an order made without notice is listed for a hearing on notice"
    )
    assert is_checked(response, "made_without_notice")
    assert input_value(response, "court") == "Leicester County Court"
    assert Intervention.objects.count() == 0


def test_an_order_made_without_notice_shows_its_return_hearing_on_its_page(
    case, perpetrator, lead_agency, lead_officer, lead_officer_client, kinds
):
    back = days_from_today(13)
    response = lead_officer_client.post(
        issue_url(case, perpetrator),
        injunction_data(
            kinds, lead_agency, lead_officer, made_without_notice="on", **date_parts("return_hearing_on", back)
        ),
    )

    assert response.status_code == 302
    page = " ".join(re.sub(r"<[^>]+>", " ", page_text(lead_officer_client.get(response["Location"]))).split())
    assert "Made without notice Yes: the respondent was not given notice of the application" in page
    assert f"Return hearing (on notice) {back:%-d %B %Y}" in page


def test_an_order_not_allowed_without_notice_on_the_date_issued_is_refused_next_to_the_field(
    case, perpetrator, lead_agency, lead_officer, lead_officer_client, kinds
):
    # An administrator's change: from five days ago a CBO may be made without notice (the form now asks), but one
    # issued before that still needed notice.
    current = KindVersion.objects.get(kind__code="cbo", in_force_until__isnull=True)
    current.in_force_until = days_from_today(-6)
    current.save()
    KindVersion.objects.create(
        kind=current.kind,
        name=current.name,
        short_name=current.short_name,
        legal_basis=current.legal_basis,
        legal_source="Regulations",
        in_force_from=days_from_today(-5),
        issuing_agency_kinds=current.issuing_agency_kinds,
        without_notice=True,
    )

    response = lead_officer_client.post(
        issue_url(case, perpetrator),
        injunction_data(
            kinds,
            lead_agency,
            lead_officer,
            code="cbo",
            made_without_notice="on",
            **date_parts("issued_on", days_from_today(-6)),
            **date_parts("first_hearing_on", days_from_today(-6)),
            **date_parts("return_hearing_on", days_from_today(7)),
        ),
    )

    assert field_error(response, "made_without_notice") == (
        f"A Criminal Behaviour Order (CBO) issued on {days_from_today(-6):%-d %B %Y} cannot be made without notice: "
        "the law in force then requires notice to the respondent"
    )
    assert is_checked(response, "made_without_notice")
    assert Intervention.objects.count() == 0
