"""The "Generate the letter" button: who may press it, where it goes, and that a double click makes one letter."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse

from cases.models import ChronologyEntry, Document
from incremental.letters import intervention_letter_generate
from incremental.models import Intervention, InterventionKind
from tests.cases.views.helpers import new_token
from tests.factories import CaseFactory, InterventionFactory, PersonFactory

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


def test_partner_generates_the_letter(warning, partner_officer_client, case):
    response = partner_officer_client.post(generate_url(warning), {"submission_token": new_token()})

    assert (response.status_code, response["Location"]) == (302, detail_url(warning))
    document = Document.objects.get(case=case)
    assert Intervention.objects.get(pk=warning.pk).letter == document
    assert messages_of(response) == [f"Letter generated: {document.title}"]


def test_chair_of_the_managing_jag_may_generate_the_letter(warning, chair_client, case):
    response = chair_client.post(generate_url(warning), {"submission_token": new_token()})

    assert response.status_code == 302
    assert Document.objects.filter(case=case).count() == 1


def test_double_post_makes_one_letter(warning, lead_officer_client, case):
    token = new_token()

    first = lead_officer_client.post(generate_url(warning), {"submission_token": token})
    second = lead_officer_client.post(generate_url(warning), {"submission_token": token})

    assert (first.status_code, second.status_code) == (302, 302)
    assert second["Location"] == detail_url(warning)
    assert Document.objects.filter(case=case).count() == 1
    # The first press's success message is still waiting to be shown: the second adds only the explanation.
    assert messages_of(second)[1:] == ["That form was already submitted; it was saved once."]


def test_each_new_press_makes_a_new_letter(warning, lead_officer_client, case):
    for _ in range(2):
        lead_officer_client.post(generate_url(warning), {"submission_token": new_token()})

    assert Document.objects.filter(case=case).count() == 2


def test_outsider_gets_404_and_nothing_is_written(warning, outsider_client, case):
    entries = ChronologyEntry.objects.count()

    post = outsider_client.post(generate_url(warning), {"submission_token": new_token()})
    get = outsider_client.get(generate_url(warning))

    assert (post.status_code, get.status_code) == (404, 404)
    assert (Document.objects.count(), ChronologyEntry.objects.count()) == (0, entries)


def test_anonymous_is_sent_to_sign_in(warning, anonymous_client):
    response = anonymous_client.post(generate_url(warning))

    assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))
    assert Document.objects.count() == 0


def test_get_is_not_allowed(warning, lead_officer_client):
    assert lead_officer_client.get(generate_url(warning)).status_code == 405


def test_intervention_of_another_case_is_404(lead_officer, lead_officer_client, case, letterhead):
    # The officer may see both cases; the URL must name the intervention's own case.
    other_case = CaseFactory(lead_officer=lead_officer, category=case.category)
    other = InterventionFactory(
        case=other_case,
        person=PersonFactory(created_by=lead_officer),
        kind=InterventionKind.objects.get(code="first_warning"),
    )

    response = lead_officer_client.post(
        generate_url(other, reference=case.reference), {"submission_token": new_token()}
    )

    assert response.status_code == 404
    assert Document.objects.count() == 0


def test_kind_without_a_letter_is_refused_with_a_message(make_intervention, lead_officer_client, case):
    advice = make_intervention("words_of_advice")

    response = lead_officer_client.post(generate_url(advice), {"submission_token": new_token()})

    assert (response.status_code, response["Location"]) == (302, detail_url(advice))
    assert messages_of(response) == ["Words of advice (verbal or written) has no letter to generate"]
    assert Document.objects.count() == 0


def test_the_letter_is_downloadable_from_the_case(warning, partner_officer_client, lead_officer_client):
    partner_officer_client.post(generate_url(warning), {"submission_token": new_token()})
    letter = Intervention.objects.get(pk=warning.pk).letter

    response = lead_officer_client.get(letter.get_absolute_url())

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    content = b"".join(response.streaming_content)
    assert "Dear Darren Whitmore" in pdf_text(content)


def render_button(intervention) -> str:
    request = RequestFactory().get("/")
    return Template("{% load incremental_letters %}{% letter_generate_form intervention %}").render(
        RequestContext(request, {"intervention": intervention})
    )


def test_button_posts_to_the_letter_url_with_a_once_only_token(warning):
    page = render_button(warning)

    assert f'action="{generate_url(warning)}"' in page
    assert re.search(r'name="submission_token" value="[0-9a-f-]{36}"', page)
    assert 'name="csrfmiddlewaretoken"' in page
    assert ">Generate the letter<" in page


def test_button_offers_to_generate_again_once_there_is_a_letter(warning, lead_officer):
    intervention_letter_generate(intervention=warning, officer=lead_officer)

    assert ">Generate the letter again<" in render_button(warning)


def test_no_button_for_a_kind_without_a_letter(make_intervention):
    assert render_button(make_intervention("words_of_advice")).strip() == ""
