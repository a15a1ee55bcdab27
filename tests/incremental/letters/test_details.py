"""The letter's details: the address prefilled from the person, then the case; the title and salutation; a letter
not posted says how it is delivered instead."""

import pytest

from incremental.letter_details import (
    LetterDetailsForm,
    address_fields,
    default_details,
    prefill,
    salutation_for,
    sign,
    unsign,
)
from incremental.models import Delivery, LetterRecipient
from tests.cases.views.helpers import new_token
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def posted(**fields) -> dict:
    data = {
        "submission_token": new_token(),
        "title": "Mr",
        "salutation": "",
        "address_line_1": "12 Fosse Road North",
        "address_line_2": "",
        "town": "Leicester",
        "county": "",
        "postcode": "le3 5ea",
        "delivery": "post",
        "delivery_note": "",
    }
    return data | fields


@pytest.fixture
def wayne(lead_officer):
    return PersonFactory(
        first_name="Wayne",
        last_name="Ruddock",
        address="12 Fosse Road North, Newfoundpool, Leicester",
        postcode="LE3 5EA",
        created_by=lead_officer,
    )


def test_a_free_text_address_fills_the_govuk_address_fields():
    assert address_fields("Flat 3, 41 Tudor Road, Leicester", "le3 5jf") == {
        "address_line_1": "Flat 3",
        "address_line_2": "41 Tudor Road",
        "town": "Leicester",
        "postcode": "LE3 5JF",
    }
    assert address_fields("8 Wessex Row\nLeicester\nLE2 1AA", "LE2 1AA")["town"] == "Leicester"
    assert address_fields("Heathley Parade", "") == {
        "address_line_1": "Heathley Parade",
        "address_line_2": "",
        "town": "",
        "postcode": "",
    }


def test_prefill_takes_the_persons_address_first(wayne, case):
    initial = prefill(wayne, case)

    assert (initial["address_line_1"], initial["address_line_2"], initial["town"], initial["postcode"]) == (
        "12 Fosse Road North",
        "Newfoundpool",
        "Leicester",
        "LE3 5EA",
    )
    assert initial["delivery"] == Delivery.POST
    assert "title" not in initial  # never written to before: the officer chooses


def test_prefill_falls_back_to_the_case_address_then_to_nothing(lead_officer, case):
    homeless = PersonFactory(address="", postcode="", created_by=lead_officer)

    initial = prefill(homeless, case)
    assert (initial["address_line_1"], initial["town"], initial["postcode"]) == (
        case.address.split(",")[0],
        "Leicester",
        case.postcode,
    )
    assert prefill(homeless, None) | {"delivery": None} == {
        "address_line_1": "",
        "address_line_2": "",
        "town": "",
        "postcode": "",
        "delivery": None,
    }


def test_prefill_remembers_the_title_of_the_last_letter(wayne, case, make_intervention, lead_officer):
    from incremental.letters import intervention_letter_generate

    intervention = make_intervention("first_warning", person=wayne)
    form = LetterDetailsForm(posted(title="Dr"), person=wayne)
    assert form.is_valid(), form.errors
    intervention_letter_generate(intervention=intervention, officer=lead_officer, details=form.details())

    assert prefill(wayne, case)["title"] == "Dr"
    assert default_details(wayne, case).salutation == "Dear Dr Ruddock"


def test_salutation_with_and_without_a_title(wayne):
    assert salutation_for(wayne, "Mr") == "Dear Mr Ruddock"
    assert salutation_for(wayne, "") == "Dear Wayne Ruddock"
    form = LetterDetailsForm(posted(title="none"), person=wayne)
    assert form.is_valid(), form.errors
    assert (form.details().addressee, form.details().salutation) == ("Wayne Ruddock", "Dear Wayne Ruddock")


def test_the_officer_may_write_the_salutation(wayne):
    form = LetterDetailsForm(posted(title="Mr", salutation="  Dear   Wayne "), person=wayne)

    assert form.is_valid(), form.errors
    details = form.details()
    assert (details.addressee, details.salutation) == ("Mr Wayne Ruddock", "Dear Wayne")
    assert details.recipient_lines() == ["Mr Wayne Ruddock", "12 Fosse Road North", "Leicester", "LE3 5EA"]


def test_a_title_must_be_chosen(wayne):
    form = LetterDetailsForm(posted(title=""), person=wayne)

    assert not form.is_valid()
    assert form.errors["title"] == ["Choose a title, or no title"]


def test_a_posted_letter_needs_an_address(wayne):
    form = LetterDetailsForm(posted(address_line_1="", town="", postcode=""), person=wayne)

    assert not form.is_valid()
    assert form.errors == {
        "address_line_1": ["Enter the first line of the address, or choose how else it is delivered"],
        "town": ["Enter the town or city"],
        "postcode": ["Enter the postcode"],
    }


def test_a_wrong_postcode_is_refused(wayne):
    form = LetterDetailsForm(posted(postcode="LE99"), person=wayne)

    assert not form.is_valid()
    assert form.errors["postcode"] == ["Enter a real postcode, like LE1 6ZG"]


def test_without_an_address_the_officer_says_how_it_is_delivered(wayne):
    no_address = {"address_line_1": "", "town": "", "postcode": ""}
    missing = LetterDetailsForm(posted(**no_address, delivery=""), person=wayne)
    assert not missing.is_valid()
    assert missing.errors["delivery"] == ["Choose how the letter will be delivered"]

    other = LetterDetailsForm(posted(**no_address, delivery="other", delivery_note=" "), person=wayne)
    assert not other.is_valid()
    assert other.errors == {"delivery_note": ["Enter how the letter will be delivered"]}

    by_hand = LetterDetailsForm(posted(**no_address, delivery="hand"), person=wayne)
    assert by_hand.is_valid(), by_hand.errors
    details = by_hand.details()
    assert (details.address_lines, details.delivery_marking, details.delivery_text) == ([], "By hand", "by hand")

    left = LetterDetailsForm(posted(**no_address, delivery="other", delivery_note="Left with the hostel"), person=wayne)
    assert left.is_valid(), left.errors
    assert left.details().delivery_marking == "Left with the hostel"


def test_a_posted_letter_without_an_address_is_never_kept(wayne, lead_officer):
    from django.core.exceptions import ValidationError

    recipient = LetterRecipient(
        person=wayne, filed_by=lead_officer, name="Wayne Ruddock", salutation="Dear Mr Ruddock", delivery="post"
    )
    with pytest.raises(ValidationError) as error:
        recipient.full_clean(exclude=["document"])
    assert "letter_posted_has_address" in str(error.value)


def test_signed_details_are_for_one_letter_only():
    value = sign({"title": "Mr"}, purpose="intervention:1:2")

    assert unsign(value, purpose="intervention:1:2") == {"title": "Mr"}
    assert unsign(value, purpose="intervention:9:2") is None
    assert unsign(value[:-2] + "xx", purpose="intervention:1:2") is None
