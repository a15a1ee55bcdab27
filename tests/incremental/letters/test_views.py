"""Writing an intervention's letter: the details (prefilled), the preview, and the filing on confirmation; who may,
that nothing is kept before the confirmation, and that a double click files one letter."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse

from cases.models import ChronologyEntry, Document
from incremental.letter_details import LetterDetails
from incremental.letters import intervention_letter_generate
from incremental.models import Intervention, InterventionKind, LetterRecipient
from tests import letter_steps
from tests.cases.views.helpers import new_token
from tests.factories import CaseFactory, InterventionFactory, PersonFactory
from tests.letter_steps import DETAILS, checked, confirm_data

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def generate_url(intervention, reference=None) -> str:
    return reverse(
        "incremental:letter_generate",
        kwargs={"reference": reference or intervention.case.reference, "pk": intervention.pk},
    )


def detail_url(intervention) -> str:
    return reverse(
        "incremental:intervention_detail", kwargs={"reference": intervention.case.reference, "pk": intervention.pk}
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def warning(make_intervention):
    return make_intervention("first_warning", live_until=datetime.date(2025, 6, 14))


def preview(client, intervention, **fields):
    return letter_steps.preview(client, generate_url(intervention), **fields)


def file_letter(client, intervention, **fields):
    return letter_steps.file_letter(client, generate_url(intervention), **fields)


def test_the_form_is_prefilled_from_the_person(warning, lead_officer_client):
    page = lead_officer_client.get(generate_url(warning)).content.decode()

    assert 'name="address_line_1" value="Flat 3"' in page
    assert 'name="address_line_2" value="41 Tudor Road"' in page
    assert 'name="town" value="Leicester"' in page
    assert 'name="postcode" value="LE3 5JF"' in page
    assert checked(page, "delivery") == ["post"]
    assert "Preview the letter" in page


def test_the_preview_shows_the_letter_and_keeps_nothing(warning, lead_officer_client, case):
    entries = ChronologyEntry.objects.count()

    response = preview(lead_officer_client, warning)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Check the letter before you file it" in page
    assert "Dear Mr Whitmore" in page
    assert "<span>Mr Darren Whitmore</span><span>Flat 3</span><span>41 Tudor Road</span>" in page
    assert "First warning: anti-social behaviour" in page
    assert (Document.objects.count(), LetterRecipient.objects.count(), ChronologyEntry.objects.count()) == (
        0,
        0,
        entries,
    )


def test_the_preview_refuses_missing_details(warning, lead_officer_client):
    response = preview(lead_officer_client, warning, address_line_1="", town="", postcode="", delivery="post")

    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the first line of the address, or choose how else it is delivered" in page
    assert Document.objects.count() == 0


def test_change_brings_back_the_form_as_typed(warning, lead_officer_client):
    shown = preview(lead_officer_client, warning, title="Dr", salutation="Dear Darren")

    back = lead_officer_client.post(generate_url(warning), confirm_data(shown, step="change"))

    page = back.content.decode()
    assert checked(page, "title") == ["Dr"]
    assert 'name="salutation" value="Dear Darren"' in page
    assert "There is a problem" not in page
    assert Document.objects.count() == 0


def test_confirm_files_the_letter(warning, partner_officer_client, case):
    response = file_letter(partner_officer_client, warning)

    assert (response.status_code, response["Location"]) == (302, detail_url(warning))
    document = Document.objects.get(case=case)
    assert Intervention.objects.get(pk=warning.pk).letter == document
    assert messages_of(response) == ["Letter filed: First warning letter to Darren Whitmore"]
    assert LetterRecipient.objects.get().salutation == "Dear Mr Whitmore"
    assert "Dear Mr Whitmore" in pdf_text(document.file.read())


def test_chair_of_the_managing_jag_may_file_the_letter(warning, chair_client, case):
    response = file_letter(chair_client, warning)

    assert response.status_code == 302
    assert Document.objects.filter(case=case).count() == 1


def test_double_confirm_files_one_letter(warning, lead_officer_client, case):
    data = confirm_data(preview(lead_officer_client, warning))

    first = lead_officer_client.post(generate_url(warning), data)
    second = lead_officer_client.post(generate_url(warning), data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert second["Location"] == detail_url(warning)
    assert (Document.objects.filter(case=case).count(), LetterRecipient.objects.count()) == (1, 1)
    # The first press's success message is still waiting to be shown: the second adds only the explanation.
    assert messages_of(second)[1:] == ["That form was already submitted; it was saved once."]


def test_each_new_letter_is_a_new_document(warning, lead_officer_client, case):
    for _ in range(2):
        file_letter(lead_officer_client, warning)

    assert Document.objects.filter(case=case).count() == 2


def test_tampered_details_file_nothing(warning, lead_officer_client):
    data = confirm_data(preview(lead_officer_client, warning))
    data["letter_details"] = data["letter_details"][:-3] + "abc"

    response = lead_officer_client.post(generate_url(warning), data)

    assert response.status_code == 200
    assert "Check them and preview the letter again" in response.content.decode()
    assert Document.objects.count() == 0


def test_details_signed_for_another_officer_file_nothing(warning, lead_officer_client, partner_officer_client):
    data = confirm_data(preview(lead_officer_client, warning))

    response = partner_officer_client.post(generate_url(warning), data)

    assert response.status_code == 200
    assert Document.objects.count() == 0


def test_outsider_gets_404_and_nothing_is_written(warning, outsider_client, case):
    entries = ChronologyEntry.objects.count()

    post = outsider_client.post(generate_url(warning), {"submission_token": new_token()} | DETAILS)
    get = outsider_client.get(generate_url(warning))

    assert (post.status_code, get.status_code) == (404, 404)
    assert (Document.objects.count(), ChronologyEntry.objects.count()) == (0, entries)


def test_anonymous_is_sent_to_sign_in(warning, anonymous_client):
    response = anonymous_client.post(generate_url(warning))

    assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))
    assert Document.objects.count() == 0


def test_intervention_of_another_case_is_404(lead_officer, lead_officer_client, case, letterhead):
    # The officer may see both cases; the URL must name the intervention's own case.
    other_case = CaseFactory(lead_officer=lead_officer, category=case.category)
    other = InterventionFactory(
        case=other_case,
        person=PersonFactory(created_by=lead_officer),
        kind=InterventionKind.objects.get(code="first_warning"),
    )

    response = lead_officer_client.get(generate_url(other, reference=case.reference))

    assert response.status_code == 404


def test_kind_without_a_letter_is_refused_with_a_message(make_intervention, lead_officer_client, case):
    advice = make_intervention("words_of_advice")

    response = lead_officer_client.get(generate_url(advice))

    assert (response.status_code, response["Location"]) == (302, detail_url(advice))
    assert messages_of(response) == ["Words of advice (verbal or written) has no letter to generate"]
    assert Document.objects.count() == 0


def render_button(intervention) -> str:
    request = RequestFactory().get("/")
    return Template("{% load incremental_letters %}{% letter_generate_form intervention %}").render(
        RequestContext(request, {"intervention": intervention})
    )


def test_button_links_to_the_letter_page(warning):
    page = render_button(warning)

    assert f'href="{generate_url(warning)}"' in page
    assert ">Write the letter<" in page


def test_button_offers_to_write_again_once_there_is_a_letter(warning, lead_officer):
    details = LetterDetails(name="Darren Whitmore", salutation="Dear Darren Whitmore", delivery="hand")
    intervention_letter_generate(intervention=warning, officer=lead_officer, details=details)

    assert ">Write the letter again<" in render_button(warning)


def test_no_button_for_a_kind_without_a_letter(make_intervention):
    assert render_button(make_intervention("words_of_advice")).strip() == ""
