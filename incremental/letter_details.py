"""To whom, where and how a letter goes: the recipient's title and salutation, the postal address (GOV.UK address
fields) or how else it is delivered. Shared by every letter the system files (the warning letters and the ABC here,
the letters to complainants in cessation).

A letter is filed in two steps: the officer fills in the details, sees the letter, then confirms. Between the two,
the details travel in the page as one signed value (`sign`/`unsign`), so the letter filed is the one previewed and
nothing is stored until the officer confirms.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.core import signing

from cases.models import Case, Person
from cases.models.case import normalise_postcode, validate_postcode
from core.forms import OnceOnlyForm, gds_helper

from .models import Delivery, LetterRecipient

TITLES = ["Mr", "Mrs", "Miss", "Ms", "Mx", "Dr"]
NO_TITLE = "none"
# A signed letter preview is good for a working day: long enough to read it, short enough that a page left open
# overnight asks again with what the record says then.
STATE_MAX_AGE = 12 * 60 * 60


@dataclasses.dataclass(frozen=True)
class LetterDetails:
    """The recipient block and salutation of one letter, as printed."""

    name: str
    title: str = ""
    salutation: str = ""
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    county: str = ""
    postcode: str = ""
    delivery: str = Delivery.POST
    delivery_note: str = ""

    @property
    def addressee(self) -> str:
        return f"{self.title} {self.name}" if self.title else self.name

    @property
    def address_lines(self) -> list[str]:
        lines = [self.address_line_1, self.address_line_2, self.town, self.county, self.postcode]
        return [line for line in lines if line]

    @property
    def has_address(self) -> bool:
        return bool(self.address_line_1 and self.postcode)

    @property
    def delivery_marking(self) -> str:
        """What is printed above the address when the letter is not posted: "BY HAND", "BY E-MAIL", or the
        officer's own words."""
        if self.delivery == Delivery.HAND:
            return "By hand"
        if self.delivery == Delivery.EMAIL:
            return "By e-mail"
        if self.delivery == Delivery.OTHER:
            return self.delivery_note
        return ""

    @property
    def delivery_label(self) -> str:
        if self.delivery == Delivery.OTHER:
            return f"Another way: {self.delivery_note}"
        return Delivery(self.delivery).label

    @property
    def delivery_text(self) -> str:
        """How it was sent, in the words of the chronology: "by post to 12 Fosse Road, Leicester, LE3 5EA", "by hand"."""
        if self.delivery == Delivery.POST:
            return f"by post to {', '.join(self.address_lines)}"
        if self.delivery == Delivery.OTHER:
            return f"another way: {self.delivery_note}"
        return "by hand" if self.delivery == Delivery.HAND else "by e-mail"

    def recipient_lines(self) -> list[str]:
        return [self.addressee, *self.address_lines]

    def record(self, *, document, person: Person, officer) -> LetterRecipient:
        recipient = LetterRecipient(document=document, person=person, filed_by=officer, **dataclasses.asdict(self))
        recipient.full_clean()
        recipient.save()
        return recipient


def salutation_for(person: Person, title: str) -> str:
    """ "Dear Mr Ruddock" with a title; "Dear Wayne Ruddock" without one."""
    return f"Dear {title} {person.last_name}" if title else f"Dear {person.full_name}"


def last_title(person: Person) -> str | None:
    """The title on the last letter filed to the person (None when none was): how they were addressed before is the
    best guess at how to address them now."""
    return (
        LetterRecipient.objects.filter(person=person)
        .order_by("-filed_at", "-pk")
        .values_list("title", flat=True)
        .first()
    )


def split_address(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[\n,]", text) if part.strip()]


def address_fields(address: str, postcode: str) -> dict[str, str]:
    """A free-text address ("12 Fosse Road North, Newfoundpool, Leicester") in the GOV.UK address fields: the first
    part the first line, the last the town, what is between the second line."""
    parts = split_address(address)
    fields = {"address_line_1": "", "address_line_2": "", "town": "", "postcode": normalise_postcode(postcode)}
    if parts and fields["postcode"] and normalise_postcode(parts[-1]) == fields["postcode"]:
        parts.pop()
    if len(parts) == 1:
        fields["address_line_1"] = parts[0]
    elif parts:
        fields["address_line_1"], fields["town"] = parts[0], parts[-1]
        fields["address_line_2"] = ", ".join(parts[1:-1])[:100]
    fields["address_line_1"] = fields["address_line_1"][:100]
    fields["town"] = fields["town"][:60]
    return fields


def prefill(person: Person, case: Case | None) -> dict[str, str]:
    """The form's starting values: the person's own address, else the case's address or location (where the
    behaviour happens is often where the perpetrator lives), else nothing; the title of the last letter to them."""
    if person.address or person.postcode:
        fields = address_fields(person.address, person.postcode)
    elif case is not None and (case.address or case.postcode):
        fields = address_fields(case.address, case.postcode)
    else:
        fields = address_fields("", "")
    title = last_title(person)
    initial: dict[str, Any] = fields | {"delivery": Delivery.POST if fields["address_line_1"] else None}
    if title is not None:
        initial["title"] = title or NO_TITLE
    return initial


def default_details(person: Person, case: Case | None) -> LetterDetails:
    """The details a letter filed without asking gets: the prefilled address (posted when there is one, else
    handed over), the last title used."""
    initial = prefill(person, case)
    title = initial.get("title", NO_TITLE)
    title = "" if title == NO_TITLE else title
    posted = bool(initial["address_line_1"] and initial["postcode"])
    return LetterDetails(
        name=person.full_name,
        title=title,
        salutation=salutation_for(person, title),
        address_line_1=initial["address_line_1"],
        address_line_2=initial["address_line_2"],
        town=initial["town"],
        postcode=initial["postcode"] if posted else "",
        delivery=Delivery.POST if posted else Delivery.HAND,
    )


class LetterDetailsForm(OnceOnlyForm):
    title = forms.ChoiceField(
        label="Title",
        choices=[(title, title) for title in TITLES] + [(NO_TITLE, "No title")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a title, or no title", "invalid_choice": "Choose a title, or no title"},
    )
    salutation = forms.CharField(label="How the letter begins (optional)", max_length=120, required=False)
    address_line_1 = forms.CharField(label="Address line 1", max_length=100, required=False)
    address_line_2 = forms.CharField(label="Address line 2 (optional)", max_length=100, required=False)
    town = forms.CharField(label="Town or city", max_length=60, required=False)
    county = forms.CharField(label="County (optional)", max_length=60, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    delivery = forms.ChoiceField(
        label="How will the letter be delivered?",
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how the letter will be delivered",
            "invalid_choice": "Choose how the letter will be delivered",
        },
    )
    delivery_note = forms.CharField(
        label="If another way, say how",
        max_length=200,
        required=False,
        help_text="For example, left with the support worker at the hostel",
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["salutation"].help_text = (
            f"Leave empty to begin “{salutation_for(person, 'Mr')}” with the title chosen, or "
            f"“{salutation_for(person, '')}” with no title"
        )
        self.fields["postcode"].widget.attrs["class"] = "govuk-input--width-10"
        for name in ("town", "county"):
            self.fields[name].widget.attrs["class"] = "govuk-!-width-two-thirds"
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            "submission_token",
            Fieldset(
                Field.radios("title", legend_size=Size.SMALL, inline=True),
                "salutation",
                legend=f"How to address {person.full_name}",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                "address_line_1",
                "address_line_2",
                "town",
                "county",
                "postcode",
                legend="Postal address",
                legend_size=Size.MEDIUM,
            ),
            Field.radios("delivery", legend_size=Size.MEDIUM),
            "delivery_note",
        )

    def clean_postcode(self) -> str:
        postcode = normalise_postcode(self.cleaned_data["postcode"].strip())
        validate_postcode(postcode)
        return postcode

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in ("salutation", "address_line_1", "address_line_2", "town", "county", "delivery_note"):
            if name in data:
                data[name] = " ".join(data[name].split())
        delivery = data.get("delivery")
        if delivery == Delivery.POST:
            # A posted letter needs an address the post can reach; the county and the second line are optional.
            missing = [
                (name, message)
                for name, message in (
                    ("address_line_1", "Enter the first line of the address, or choose how else it is delivered"),
                    ("town", "Enter the town or city"),
                    ("postcode", "Enter the postcode"),
                )
                if not data.get(name) and name not in self.errors
            ]
            for name, message in missing:
                self.add_error(name, message)
        if delivery == Delivery.OTHER and not data.get("delivery_note"):
            self.add_error("delivery_note", "Enter how the letter will be delivered")
        return data

    def details(self) -> LetterDetails:
        data = self.cleaned_data
        title = "" if data["title"] == NO_TITLE else data["title"]
        return LetterDetails(
            name=self.person.full_name,
            title=title,
            salutation=data["salutation"] or salutation_for(self.person, title),
            address_line_1=data["address_line_1"],
            address_line_2=data["address_line_2"],
            town=data["town"],
            county=data["county"],
            postcode=data["postcode"],
            delivery=data["delivery"],
            delivery_note=data["delivery_note"] if data["delivery"] == Delivery.OTHER else "",
        )


def form_data(form: LetterDetailsForm) -> dict[str, str]:
    """What the officer typed, as posted (the token included): the preview carries it on, signed."""
    names = [*LetterDetailsForm.base_fields]
    return {name: str(form.cleaned_data.get(name) or "") for name in names}


def sign(data: dict[str, str], *, purpose: str) -> str:
    return signing.dumps(data, salt=f"letter-details:{purpose}", compress=True)


def unsign(value: str, *, purpose: str) -> dict[str, str] | None:
    """The signed details, or None when they are not ours, are for another letter or are too old."""
    try:
        data = signing.loads(value, salt=f"letter-details:{purpose}", max_age=STATE_MAX_AGE)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) and all(isinstance(v, str) for v in data.values()) else None
