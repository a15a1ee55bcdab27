from crispy_forms_gds.layout import Layout
from django import forms
from django.core.exceptions import ValidationError

from core import clock
from core.forms import OnceOnlyForm, date_field, gds_helper

from ..forms import PersonForm
from ..models import Person, normalise_postcode, validate_postcode
from .services import EDITABLE_PERSON_FIELDS


def _digits(value: str) -> bool:
    # Only ASCII digits, as many as a database id has: str.isdigit() also accepts "²", which int() refuses.
    return value.isascii() and value.isdecimal() and len(value) <= 18


class PersonEditForm(OnceOnlyForm):
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    date_of_birth = date_field("Date of birth", required=False, help_text="If known. For example, 31 3 1980")
    address = forms.CharField(max_length=300, required=False)
    postcode = forms.CharField(max_length=10, required=False, help_text="For example, LE1 6ZG")
    telephone = forms.CharField(max_length=40, required=False)
    email = forms.EmailField(label="E-mail address", required=False)
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How they look, what they wear or ride, for example: male, about 20, red moped",
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Anything partners should know, up to 2,000 characters",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, unknown: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.unknown = unknown
        if unknown:
            # Not yet identified: known by the description; identifying them gives the name.
            for name in ("first_name", "last_name"):
                self.fields[name].required = False
                self.fields[name].label = f"{self.fields[name].label or name.replace('_', ' ').capitalize()}"
            self.fields["description"].label = "Description"
            self.fields["description"].required = True
            self.fields["description"].error_messages["required"] = "Describe the person, so they can be told apart"
        self.fields["first_name"].error_messages["required"] = "Enter the first name"
        self.fields["last_name"].error_messages["required"] = "Enter the last name"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an e-mail address in the right format, like name@example.com"
        )
        self.helper = gds_helper(self)

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        validate_postcode(value)
        return normalise_postcode(value)

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and value > clock.today():
            raise ValidationError("Date of birth must be in the past")
        if value and value.year < 1900:
            raise ValidationError("Date of birth must be after 1900")
        return value

    def person_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_PERSON_FIELDS}

    @staticmethod
    def initial_for(person: Person) -> dict:
        return {name: getattr(person, name) for name in EDITABLE_PERSON_FIELDS} | {"version": person.version}


class AliasForm(OnceOnlyForm):
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].error_messages["required"] = "Enter the first name they are known by"
        self.fields["last_name"].error_messages["required"] = "Enter the last name they are known by"
        self.helper = gds_helper(self)


class UnknownPersonForm(OnceOnlyForm):
    description = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What is known of them, so they can be told apart: for example, unknown male, about 20, red moped",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].error_messages["required"] = "Describe the person, so they can be told apart"
        self.helper = gds_helper(self)


class ChooseDuplicateForm(forms.Form):
    """The duplicate chosen among the possible matches (a GET: choosing changes nothing)."""

    duplicate = forms.CharField(required=False)

    def clean_duplicate(self) -> int:
        value = self.cleaned_data["duplicate"]
        if not value or not _digits(value):
            raise ValidationError("Select the record that is the same person")
        return int(value)


class ConfirmMergeForm(ChooseDuplicateForm, OnceOnlyForm):
    """The confirmation page's form: the duplicate shown beside the record kept."""


class IdentifyForm(PersonForm):
    """The real person's name and details; the possible matches are offered as when adding a person to a case."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["role"]
        self.helper.layout = Layout(*(name for name in self.fields if name not in ("match", "matches_for")))
