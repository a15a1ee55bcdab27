"""Support and IOM referral pages: making a referral, each step with its errors next to the field, stale forms,
the cards on the People section, the Interventions section, the person page and a victim's page, and Appendix A."""

import html
import re

import pytest
from django.template import Context
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from cases.models import CasePerson, ChronologyEntry, IomReferral, PersonRole, ReferralStatus, SupportReferral
from cases.permissions import CONTRIBUTE, VIEW
from cases.support import cards, services
from core import clock
from tests.cases.views.helpers import assert_error_summary, date_parts, new_token, page_text

from .conftest import days_ago, service

pytestmark = pytest.mark.django_db


def people_page(client, case) -> str:
    return page_text(client.get(reverse("cases:people", kwargs={"reference": case.reference})))


def test_make_a_referral_with_consent_from_the_people_section(lead_officer_client, case, victim, catalogue):
    page = people_page(lead_officer_client, case)
    create = reverse("support:create", kwargs={"reference": case.reference})
    assert html.escape(f"{create}?person={victim.pk}") in page

    form = lead_officer_client.get(f"{create}?person={victim.pk}")
    assert form.status_code == 200
    assert "Make a support referral: Vera Victim" in page_text(form)

    data = {
        "person": victim.pk,
        "service": service("Victim First").pk,
        "reason": "Feels unsafe at home.",
        **date_parts("referred_on", clock.today()),
        "consent_given": "yes",
        **date_parts("consent_on", clock.today()),
        "consent_method": "phone",
        **date_parts("follow_up_on", days_ago(-14)),
        "submission_token": new_token(),
    }
    response = lead_officer_client.post(create, data)
    again = lead_officer_client.post(create, data)

    referral = SupportReferral.objects.get()
    assert response.status_code == again.status_code == 302
    assert response["Location"] == again["Location"] == reverse("support:detail", args=[case.reference, referral.pk])
    detail = page_text(lead_officer_client.get(response["Location"]))
    assert "Support referral: Victim First for Vera Victim" in detail
    assert "Record the service's response" in detail
    assert "Victim First" in people_page(lead_officer_client, case)


def test_referral_without_consent_or_basis_shows_errors_next_to_the_fields(
    lead_officer_client, case, victim, catalogue
):
    response = lead_officer_client.post(
        reverse("support:create", kwargs={"reference": case.reference}),
        {
            "person": victim.pk,
            "service": service("GP").pk,
            "reason": "Low mood.",
            **date_parts("referred_on", clock.today()),
            "consent_given": "no",
            **date_parts("follow_up_on", days_ago(-14)),
            "submission_token": new_token(),
        },
    )
    assert_error_summary(
        response,
        "Choose the lawful basis for referring without consent",
        "Explain why the referral is made without consent",
    )
    assert re.search(r"id=\"id_lawful_basis[_0-9]*_error\"", page_text(response))
    assert SupportReferral.objects.count() == 0


def test_outcome_before_the_referral_shows_the_error_and_saves_nothing(lead_officer_client, refer, lead_officer):
    referral = refer()
    services.referral_respond(
        referral=referral, officer=lead_officer, expected_version=1, accepted=True, responded_on=days_ago(9)
    )
    entries = ChronologyEntry.objects.count()
    response = lead_officer_client.post(
        reverse("support:outcome", args=[referral.case.reference, referral.pk]),
        {
            "outcome": "completed",
            **date_parts("closed_on", days_ago(30)),
            "version": 2,
            "submission_token": new_token(),
        },
    )
    assert_error_summary(response, "The date of the outcome must be on or after the referral")
    assert re.search(r"id=\"id_closed_on[_0-9]*_error\"", page_text(response))
    referral.refresh_from_db()
    assert (referral.status, referral.version, ChronologyEntry.objects.count()) == ("accepted", 2, entries)


def test_outcome_before_acceptance_shows_the_error_next_to_the_outcome(lead_officer_client, refer):
    referral = refer()
    response = lead_officer_client.post(
        reverse("support:outcome", args=[referral.case.reference, referral.pk]),
        {"outcome": "completed", **date_parts("closed_on", days_ago(1)), "version": 1, "submission_token": new_token()},
    )
    assert_error_summary(response, "Record the service's acceptance of the referral before its outcome")
    assert re.search(r"id=\"id_outcome[_0-9]*_error\"", page_text(response))


def test_response_then_engaged_then_outcome(lead_officer_client, refer):
    referral = refer()
    reference = referral.case.reference
    steps = [
        ("support:response", {"accepted": "yes", **date_parts("responded_on", days_ago(8))}),
        ("support:engaged", {**date_parts("engaged_on", days_ago(6)), **date_parts("follow_up_on", days_ago(-7))}),
        ("support:outcome", {"outcome": "moved_away", **date_parts("closed_on", days_ago(1))}),
    ]
    for version, (name, data) in enumerate(steps, start=1):
        url = reverse(name, args=[reference, referral.pk])
        assert lead_officer_client.get(url).status_code == 200
        response = lead_officer_client.post(url, {**data, "version": version, "submission_token": new_token()})
        assert response.status_code == 302, page_text(response)
    referral.refresh_from_db()
    assert (referral.status, referral.outcome) == (ReferralStatus.CLOSED, "moved_away")
    detail = page_text(lead_officer_client.get(reverse("support:detail", args=[reference, referral.pk])))
    assert "Closed: moved away" in detail
    assert "Engaged with the service from" in detail


def test_stale_step_is_refused_with_the_referral_as_it_is(lead_officer_client, refer, partner_officer):
    referral = refer()
    services.referral_respond(
        referral=referral, officer=partner_officer, expected_version=1, accepted=True, responded_on=days_ago(2)
    )
    response = lead_officer_client.post(
        reverse("support:response", args=[referral.case.reference, referral.pk]),
        {
            "accepted": "no",
            "decline_reason": "Full",
            **date_parts("responded_on", days_ago(2)),
            "version": 1,
            "submission_token": new_token(),
        },
    )
    assert_error_summary(response, "Someone else recorded a step on this referral")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_outsider_gets_404_and_partner_may_record(outsider_client, partner_officer_client, refer):
    referral = refer()
    detail = reverse("support:detail", args=[referral.case.reference, referral.pk])
    assert outsider_client.get(detail).status_code == 404
    assert (
        outsider_client.get(reverse("support:response", args=[referral.case.reference, referral.pk])).status_code == 404
    )
    assert partner_officer_client.get(detail).status_code == 200


def test_iom_referral_and_decision_shown_beside_the_ladder(
    lead_officer_client, case, perpetrator, partner_agency, catalogue
):
    create = reverse("support:iom_create", kwargs={"reference": case.reference})
    response = lead_officer_client.post(
        create,
        {
            "person": perpetrator.pk,
            "reasons": "Prolific offending around the estate.",
            **date_parts("referred_on", days_ago(3)),
            "submission_token": new_token(),
        },
    )
    referral = IomReferral.objects.get()
    assert response["Location"] == reverse("support:iom_detail", args=[case.reference, referral.pk])
    decision = reverse("support:iom_decision", args=[case.reference, referral.pk])
    response = lead_officer_client.post(
        decision,
        {
            "decision": "adopted",
            **date_parts("decided_on", days_ago(1)),
            "version": 1,
            "submission_token": new_token(),
        },
    )
    assert_error_summary(response, "Enter the name of the IOM lead", "Choose the IOM lead's agency")
    response = lead_officer_client.post(
        decision,
        {
            "decision": "adopted",
            **date_parts("decided_on", days_ago(1)),
            "lead_name": "PC Jo Marsh",
            "lead_agency": partner_agency.pk,
            "version": 1,
            "submission_token": new_token(),
        },
    )
    assert response.status_code == 302
    ladder = page_text(lead_officer_client.get(reverse("cases:interventions", kwargs={"reference": case.reference})))
    assert 'id="iom"' in ladder
    assert f"IOM lead: PC Jo Marsh, {partner_agency}" in ladder
    person_page = page_text(lead_officer_client.get(reverse("cases:person", kwargs={"pk": perpetrator.pk})))
    assert "Integrated Offender Management" in person_page
    assert "PC Jo Marsh" in person_page


def test_person_page_lists_referrals_on_visible_cases_only(lead_officer_client, outsider_officer, refer, victim):
    referral = refer()
    page = page_text(lead_officer_client.get(reverse("cases:person", kwargs={"pk": victim.pk})))
    assert reverse("support:detail", args=[referral.case.reference, referral.pk]) in page

    from cases.support.selectors import person_referrals

    assert person_referrals(victim, set()) == []


def test_victim_card_context_and_template(refer, case, victim, lead_officer):
    referral = refer()
    link = CasePerson.objects.get(case=case, person=victim, role=PersonRole.COMPLAINANT)
    case.user_permissions = {VIEW, CONTRIBUTE}
    request = RequestFactory().get("/")
    request.user = lead_officer
    context = cards.victim(Context({"request": request, "case": case}), link)

    assert context["referrals"] == [referral]
    assert context["person"] == victim
    html_out = render_to_string(cards.VICTIM_TEMPLATE, context)
    assert reverse("support:detail", args=[case.reference, referral.pk]) in html_out
    assert f"{reverse('support:create', args=[case.reference])}?person={victim.pk}" in html.unescape(html_out)


def test_people_section_reads_a_fixed_number_of_queries(
    lead_officer_client, case, refer, lead_officer, django_assert_max_num_queries, perpetrator
):
    refer()
    lead_officer_client.get(reverse("cases:people", kwargs={"reference": case.reference}))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        lead_officer_client.get(reverse("cases:people", kwargs={"reference": case.reference}))
    for _ in range(5):
        refer(service=service("GP"))
        services.iom_refer(
            case=case, officer=lead_officer, person=perpetrator, reasons="r", referred_on=days_ago(1)
        ) if not IomReferral.objects.exists() else None
    with CaptureQueriesContext(connection) as many:
        lead_officer_client.get(reverse("cases:people", kwargs={"reference": case.reference}))
    assert len(many.captured_queries) == len(one.captured_queries)


def test_appendix_a_version_lists_the_referrals_made_by_then(lead_officer_client, refer, case, lead_officer):
    from cases import services as case_services

    referral = refer()
    case_services.risk_assess(
        case=case,
        officer=lead_officer,
        happened_before=True,
        reported_elsewhere=True,
        feels_targeted=True,
        household_vulnerable=True,
        children_involved=False,
    )
    plan = case_services.plan_save(
        case=case,
        officer=lead_officer,
        overview="Noise.",
        who_is_at_risk="The complainant.",
        risk_from="The neighbour.",
        children_involved=False,
        actions="Warning letter.",
    )
    later = refer(service=service("GP"))
    version = page_text(lead_officer_client.get(reverse("cases:plan_version", args=[case.reference, plan.number])))
    assert "Vera Victim: Victim First, referred" in version
    assert "Vera Victim: GP" not in version
    form = page_text(lead_officer_client.get(reverse("cases:plan", args=[case.reference])))
    assert 'id="plan-referrals"' in form
    assert "Vera Victim: GP" in form
    assert referral.pk != later.pk


def test_appendix_a_pdf_lists_the_referrals_in_section_4(refer, case, lead_officer, tmp_path):
    import subprocess

    from cases import services as case_services
    from cessation.documents.appendix_a import render_appendix_a_pdf

    refer()
    case_services.risk_assess(
        case=case,
        officer=lead_officer,
        happened_before=True,
        reported_elsewhere=True,
        feels_targeted=True,
        household_vulnerable=True,
        children_involved=False,
    )
    plan = case_services.plan_save(
        case=case,
        officer=lead_officer,
        overview="Noise.",
        who_is_at_risk="The complainant.",
        risk_from="The neighbour.",
        children_involved=False,
        actions="Warning letter.",
    )
    pdf = tmp_path / "appendix-a.pdf"
    pdf.write_bytes(render_appendix_a_pdf(plan))
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "Referrals made Vera Victim: Victim First, referred" in text


@pytest.mark.parametrize(
    ("decision", "offered"),
    [(None, False), ("adopted", False), ("already_known", False), ("not_adopted", True)],
)
def test_refer_to_iom_is_offered_only_when_the_person_is_not_referred_or_on_iom(
    lead_officer_client, lead_officer, case, perpetrator, partner_agency, decision, offered
):
    people = reverse("cases:people", kwargs={"reference": case.reference})
    ladder = reverse("cases:interventions", kwargs={"reference": case.reference})
    create = reverse("support:iom_create", kwargs={"reference": case.reference})
    assert create in page_text(lead_officer_client.get(people))
    referral = services.iom_refer(
        case=case, officer=lead_officer, person=perpetrator, reasons="Prolific", referred_on=days_ago(3)
    )
    if decision:
        lead = {"lead_name": "PC Jo Marsh", "lead_agency": partner_agency} if decision == "adopted" else {}
        services.iom_decide(
            referral=referral,
            officer=lead_officer,
            expected_version=referral.version,
            decision=decision,
            decided_on=days_ago(1),
            **lead,
        )

    for url in (people, ladder):
        assert (create in page_text(lead_officer_client.get(url))) is offered


def test_a_referral_goes_back_to_the_page_it_was_opened_from(lead_officer_client, refer, case, victim):
    referral = refer()
    link = CasePerson.objects.get(case=case, person=victim, role=PersonRole.COMPLAINANT)
    detail = reverse("support:detail", args=[case.reference, referral.pk])
    pages = {
        reverse("cases:people", kwargs={"reference": case.reference}): f"Back to case {case.reference}",
        reverse("victims:detail", args=[case.reference, link.pk]): "Back to the victim",
        reverse("cases:person", kwargs={"pk": victim.pk}): "Back to the person",
    }
    for page, text in pages.items():
        # Each page links to the referral with itself as the way back, and the referral's back link returns there.
        assert f'href="{detail}?back={page}"' in lead_officer_client.get(page).content.decode()
        back = re.search(
            r'<a href="([^"]*)" class="govuk-back-link">([^<]*)</a>',
            lead_officer_client.get(detail, {"back": page}).content.decode(),
        )
        assert back and (html.unescape(back[1]), back[2]) == (page, text)

    # Opened without a way back (a bookmark): the case's people, where the referrals are listed.
    back = re.search(r'<a href="([^"]*)" class="govuk-back-link">', lead_officer_client.get(detail).content.decode())
    assert back and back[1] == reverse("cases:people", kwargs={"reference": case.reference}) + "#support"
