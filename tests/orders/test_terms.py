"""A court varies or discharges a single term of an order: the earlier wording is kept and shown, a discharged term
stops counting on the register and stops being due from its supervisor, and every change lands on the chronology
and the audit trail."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from agencies.models import AuditEvent
from cases.models import ChronologyEntry
from core import clock
from core.dates import long_date
from incremental.models import InterventionKind, Reminder, ReminderKind
from incremental.reminders import reminders_generate
from orders import selectors, services
from orders.models import OrderTerm, OrderTermVariation, SupervisorUpdate
from tests.cases.views.helpers import assert_error_summary, date_parts, new_token, page_text
from tests.factories import InterventionFactory
from tests.orders.test_views import pdftotext

pytestmark = pytest.mark.django_db

COURT = "Leicester County Court"


def _latest_entry(case) -> str:
    return ChronologyEntry.objects.filter(case=case).order_by("-recorded_at", "-id").first().text


def _latest_audit(case) -> str:
    return AuditEvent.objects.filter(case_reference=case.reference).order_by("-at", "-id").first().description


@pytest.fixture
def requirement(respect_order, lead_officer) -> OrderTerm:
    return services.add_term(
        officer=lead_officer,
        intervention=respect_order,
        kind="requirement",
        text="Attend an alcohol awareness course.",
        supervisor="Turning Point, Leicester",
        update_every_days=28,
    )


@pytest.fixture
def prohibition(respect_order, lead_officer, requirement) -> OrderTerm:
    return services.add_term(
        officer=lead_officer,
        intervention=respect_order,
        kind="prohibition",
        text="Not to enter Narborough Road.",
    )


def term_url(name: str, term: OrderTerm) -> str:
    order = term.intervention
    return reverse(f"orders:{name}", kwargs={"reference": order.case.reference, "pk": order.pk, "term_pk": term.pk})


def order_page(client, order) -> str:
    url = reverse("orders:order_detail", kwargs={"reference": order.case.reference, "pk": order.pk})
    return page_text(client.get(url))


# --- Services --------------------------------------------------------------------------------------------------


def test_varying_a_requirement_keeps_its_earlier_wording(requirement, lead_officer):
    today = clock.today()
    variation = services.vary_term(
        officer=lead_officer,
        term=requirement,
        expected_version=requirement.version,
        varied_on=today,
        varied_by=f"{COURT}, review hearing",
        text="Attend an alcohol awareness course and a relapse group.",
        supervisor="Leicester Recovery Partnership",
        update_every_days=14,
    )
    term = OrderTerm.objects.get(pk=requirement.pk)
    assert (term.text, term.supervisor, term.update_every_days, term.version) == (
        "Attend an alcohol awareness course and a relapse group.",
        "Leicester Recovery Partnership",
        14,
        2,
    )
    # The new supervisor reports from the variation, at the new interval.
    assert term.next_update_due == today + datetime.timedelta(days=14)
    assert (variation.was_text, variation.was_supervisor, variation.was_update_every_days) == (
        "Attend an alcohol awareness course.",
        "Turning Point, Leicester",
        28,
    )
    entry = _latest_entry(term.intervention.case)
    assert f"Positive requirement 1 of the Respect order for Darren Whitfield varied on {long_date(today)}" in entry
    assert "Supervised by Leicester Recovery Partnership (was Turning Point, Leicester)." in entry
    assert _latest_audit(term.intervention.case) == "Varied positive requirement 1 of Respect order"


def test_a_variation_keeps_the_rules_of_a_term(requirement, prohibition, lead_officer):
    with pytest.raises(ValidationError) as raised:
        services.vary_term(
            officer=lead_officer,
            term=requirement,
            expected_version=requirement.version,
            varied_on=clock.today() + datetime.timedelta(days=1),
            varied_by=" ",
            text="Attend a course.",
            supervisor="",
        )
    assert set(raised.value.message_dict) == {"varied_on", "varied_by", "supervisor"}
    with pytest.raises(ValidationError) as raised:
        services.vary_term(
            officer=lead_officer,
            term=prohibition,
            expected_version=prohibition.version,
            varied_on=clock.today(),
            varied_by=COURT,
            text="Not to enter Narborough Road or 16 Narborough Road.",
            excludes_from_home=True,
        )
    assert set(raised.value.message_dict) == {"exclusion_ground"}
    with pytest.raises(ValidationError) as raised:
        services.vary_term(
            officer=lead_officer,
            term=prohibition,
            expected_version=prohibition.version,
            varied_on=clock.today(),
            varied_by=COURT,
            text=prohibition.text,
        )
    assert "the term is the same" in raised.value.message_dict["text"][0]
    assert not OrderTermVariation.objects.exists()
    assert OrderTerm.objects.get(pk=requirement.pk).version == 1


def test_a_variation_from_a_stale_form_is_refused(requirement, lead_officer, partner_officer):
    kept = {"varied_on": clock.today(), "varied_by": COURT, "supervisor": "Turning Point, Leicester"}
    services.vary_term(officer=lead_officer, term=requirement, expected_version=1, text="Attend two courses.", **kept)
    with pytest.raises(services.TermChanged):
        services.vary_term(
            officer=partner_officer, term=requirement, expected_version=1, text="Attend three courses.", **kept
        )
    assert OrderTerm.objects.get(pk=requirement.pk).text == "Attend two courses."
    assert OrderTermVariation.objects.count() == 1


def test_discharging_a_term(prohibition, requirement, lead_officer):
    today = clock.today()
    term = services.discharge_term(
        officer=lead_officer,
        term=requirement,
        discharged_on=today,
        discharged_by=COURT,
        reason="Course completed.",
    )
    assert (term.discharged_on, term.next_update_due, term.version) == (today, None, 2)
    case = term.intervention.case
    assert _latest_entry(case) == (
        f"Positive requirement 1 of the Respect order for Darren Whitfield discharged on {long_date(today)} by "
        f"{COURT}: Course completed. (The term was: Attend an alcohol awareness course.)"
    )
    assert _latest_audit(case) == "Discharged positive requirement 1 of Respect order"
    # Discharged once; not varied, not discharged again, no more supervisor's updates.
    with pytest.raises(ValidationError) as raised:
        services.discharge_term(
            officer=lead_officer, term=requirement, discharged_on=today, discharged_by=COURT, reason="Again."
        )
    assert "already discharged" in raised.value.message_dict["discharged_on"][0]
    with pytest.raises(ValidationError) as raised:
        services.vary_term(
            officer=lead_officer,
            term=requirement,
            expected_version=2,
            varied_on=today,
            varied_by=COURT,
            text="Attend a course.",
            supervisor="YOS",
        )
    assert "cannot be varied" in raised.value.message_dict["text"][0]
    with pytest.raises(ValidationError) as raised:
        services.record_supervisor_update(
            officer=lead_officer, term=requirement, reported_on=today, compliance="complying", text="Attended."
        )
    assert "discharged" in raised.value.message_dict["compliance"][0]
    assert not SupervisorUpdate.objects.exists()


def test_discharge_needs_its_date_court_and_reason(prohibition, lead_officer):
    with pytest.raises(ValidationError) as raised:
        services.discharge_term(
            officer=lead_officer,
            term=prohibition,
            discharged_on=prohibition.intervention.issued_on - datetime.timedelta(days=1),
            discharged_by="",
            reason=" ",
        )
    assert set(raised.value.message_dict) == {"discharged_on", "discharged_by", "reason"}
    assert OrderTerm.objects.get(pk=prohibition.pk).discharged_on is None


def test_the_database_keeps_a_discharge_whole(prohibition, requirement):
    """A reason without a date, or a discharged requirement still due from its supervisor, is refused by the
    database itself."""
    with pytest.raises(IntegrityError), transaction.atomic():
        OrderTerm.objects.filter(pk=prohibition.pk).update(discharge_reason="Moved away.", discharged_by=COURT)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrderTerm.objects.filter(pk=requirement.pk).update(
            discharged_on=clock.today(), discharged_by=COURT, discharge_reason="Completed."
        )


# --- The register's figures and the reminders -------------------------------------------------------------------


def test_register_figures_leave_out_discharged_terms(respect_order, prohibition, requirement, lead_officer):
    second = services.add_term(
        officer=lead_officer,
        intervention=respect_order,
        kind="requirement",
        text="Meet the tenancy officer monthly.",
        supervisor="Leicester City Council tenancy team",
        update_every_days=60,
    )
    [row] = selectors.with_figures([respect_order])
    assert (row.prohibitions, row.requirements) == (1, 2)
    assert row.next_update_due == clock.today() + datetime.timedelta(days=28)

    for term in (prohibition, requirement):
        services.discharge_term(
            officer=lead_officer, term=term, discharged_on=clock.today(), discharged_by=COURT, reason="Varied order."
        )

    [row] = selectors.with_figures([respect_order])
    assert (row.prohibitions, row.requirements) == (0, 1)
    assert row.next_update_due == second.next_update_due == clock.today() + datetime.timedelta(days=60)


def test_a_discharged_requirement_s_reminder_is_withdrawn(requirement, lead_officer):
    OrderTerm.objects.filter(pk=requirement.pk).update(next_update_due=clock.today() + datetime.timedelta(days=2))
    reminders_generate(as_of=clock.today())
    assert Reminder.objects.filter(kind=ReminderKind.SUPERVISOR_UPDATE, done_at__isnull=True).count() == 1

    services.discharge_term(
        officer=lead_officer, term=requirement, discharged_on=clock.today(), discharged_by=COURT, reason="Completed."
    )
    made = reminders_generate(as_of=clock.today())

    assert made.get(ReminderKind.SUPERVISOR_UPDATE, 0) == 0
    assert not Reminder.objects.filter(kind=ReminderKind.SUPERVISOR_UPDATE, done_at__isnull=True).exists()


def test_a_varied_interval_moves_the_reminder(requirement, lead_officer):
    OrderTerm.objects.filter(pk=requirement.pk).update(next_update_due=clock.today() + datetime.timedelta(days=2))
    reminders_generate(as_of=clock.today())
    services.vary_term(
        officer=lead_officer,
        term=requirement,
        expected_version=1,
        varied_on=clock.today(),
        varied_by=COURT,
        text=requirement.text,
        supervisor=requirement.supervisor,
        update_every_days=5,
    )
    reminders_generate(as_of=clock.today())
    [reminder] = Reminder.objects.filter(kind=ReminderKind.SUPERVISOR_UPDATE, done_at__isnull=True)
    assert reminder.due_on == clock.today() + datetime.timedelta(days=5)


# --- The pages ---------------------------------------------------------------------------------------------------


def test_vary_form_shows_the_history_on_the_order_page(lead_officer_client, requirement):
    url = term_url("term_vary", requirement)
    assert lead_officer_client.get(url).status_code == 200
    data = {
        "submission_token": new_token(),
        "version": "1",
        **date_parts("varied_on", clock.today()),
        "varied_by": COURT,
        "text": "Attend an alcohol awareness course.",
        "supervisor": "Leicester Recovery Partnership",
        "update_every_days": "28",
    }
    response = lead_officer_client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#term-{requirement.pk}")
    page = order_page(lead_officer_client, requirement.intervention)
    assert "Supervised by Leicester Recovery Partnership, reporting every 28 days." in page
    assert (
        f"Varied on {long_date(clock.today())} by {COURT}: was “Attend an alcohol awareness course.”, supervised by "
        "Turning Point, Leicester, reporting every 28 days." in page
    )
    stale = lead_officer_client.post(url, data | {"submission_token": new_token(), "supervisor": "YOS"})
    assert "Someone else varied or discharged this term while you were filling in the form" in page_text(stale)
    assert OrderTerm.objects.get(pk=requirement.pk).supervisor == "Leicester Recovery Partnership"


def test_vary_form_errors_are_next_to_the_fields(lead_officer_client, requirement, prohibition):
    response = lead_officer_client.post(
        term_url("term_vary", requirement),
        {
            "submission_token": new_token(),
            "version": "1",
            **date_parts("varied_on", clock.today()),
            "varied_by": COURT,
            "text": "Attend a course.",
            "supervisor": "",
        },
    )
    assert_error_summary(response, "Enter the person or organisation who supervises this requirement")
    assert 'id="id_supervisor_1_error"' in page_text(response)
    data = {
        "submission_token": new_token(),
        "version": "1",
        **date_parts("varied_on", clock.today()),
        "varied_by": "",
        "text": "Not to enter 16 Narborough Road.",
        "excludes_from_home": "on",
    }
    response = lead_officer_client.post(term_url("term_vary", prohibition), data)
    assert_error_summary(response, "Enter the court or hearing that varied the term")
    assert 'id="id_varied_by_1_error"' in page_text(response)
    response = lead_officer_client.post(
        term_url("term_vary", prohibition), data | {"submission_token": new_token(), "varied_by": COURT}
    )
    assert_error_summary(response, "Choose the ground for excluding the respondent from their home")
    page = page_text(response)
    assert 'id="id_exclusion_ground_1_error"' in page
    # A prohibition has no supervisor to vary.
    assert 'name="supervisor"' not in page
    assert not OrderTermVariation.objects.exists()


def test_discharge_form_and_the_discharged_term(lead_officer_client, requirement, prohibition):
    url = term_url("term_discharge", prohibition)
    response = lead_officer_client.post(
        url, {"submission_token": new_token(), **date_parts("discharged_on", clock.today()), "discharged_by": COURT}
    )
    assert_error_summary(response, "Enter why the court discharged the term")
    assert 'id="id_reason_1_error"' in page_text(response)
    response = lead_officer_client.post(
        url,
        {
            "submission_token": new_token(),
            **date_parts("discharged_on", clock.today()),
            "discharged_by": COURT,
            "reason": "He has moved to Loughborough.",
        },
    )
    assert response.status_code == 302
    page = order_page(lead_officer_client, prohibition.intervention)
    card = page.split(f'id="term-{prohibition.pk}"')[1].split('class="govuk-summary-card"')[0]
    assert 'govuk-tag--grey">Discharged</strong>' in card
    assert f"Discharged on {long_date(clock.today())} by {COURT}:</strong> He has moved to Loughborough." in card
    assert term_url("term_vary", prohibition) not in page and term_url("term_discharge", prohibition) not in page
    # The requirement still in force keeps its actions.
    assert term_url("term_vary", requirement) in page and term_url("term_discharge", requirement) in page


def test_term_pages_are_hidden_from_outsiders(outsider_client, requirement):
    for name in ("term_vary", "term_discharge"):
        assert outsider_client.get(term_url(name, requirement)).status_code == 404
        assert outsider_client.post(term_url(name, requirement), {"submission_token": new_token()}).status_code == 404


def test_a_term_of_another_order_is_not_found(lead_officer_client, requirement, case, perpetrator, lead_officer):
    other = InterventionFactory(case=case, person=perpetrator, kind=InterventionKind.objects.get(code="cpn"))
    url = reverse("orders:term_vary", kwargs={"reference": case.reference, "pk": other.pk, "term_pk": requirement.pk})
    assert lead_officer_client.get(url).status_code == 404


def test_the_bundle_proposes_the_terms_as_they_stand(lead_officer_client, requirement, prohibition, lead_officer):
    services.vary_term(
        officer=lead_officer,
        term=requirement,
        expected_version=1,
        varied_on=clock.today(),
        varied_by=COURT,
        text="Attend a relapse prevention group.",
        supervisor=requirement.supervisor,
        update_every_days=28,
    )
    services.discharge_term(
        officer=lead_officer, term=prohibition, discharged_on=clock.today(), discharged_by=COURT, reason="Moved."
    )
    order = requirement.intervention
    url = reverse("orders:bundle_pdf", kwargs={"reference": order.case.reference, "pk": order.pk})

    text = pdftotext(lead_officer_client.get(url).content)

    assert "Attend a relapse prevention group. Supervised by Turning Point, Leicester" in text
    assert "Attend an alcohol awareness course" not in text
    assert "Narborough Road" not in text
