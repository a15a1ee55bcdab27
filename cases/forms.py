from typing import Any, cast

import filetype
from crispy_forms_gds.layout import Layout
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from agencies.forms import OfficerChoiceField
from agencies.models import Agency, Officer
from core import clock
from core.forms import OnceOnlyForm, TimeField, combine, date_field, gds_helper, yes_no
from core.uploads import size_limit_text
from jag.models import Jag

from .models import (
    OFFICER_ENTRY_KINDS,
    Case,
    Category,
    Person,
    PersonRole,
    PlanVersion,
    RiskBand,
    normalise_postcode,
    validate_postcode,
)
from .services import EDITABLE_CASE_FIELDS, PLAN_FIELDS

# Documents officers may attach, recognised by their content, with the file name endings each may carry.
ALLOWED_DOCUMENTS = {
    "application/pdf": ("pdf",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
    "image/tiff": ("tif", "tiff"),
    "image/heic": ("heic",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.oasis.opendocument.text": ("odt",),
    "audio/mpeg": ("mp3",),
    "audio/x-wav": ("wav",),
    "video/mp4": ("mp4",),
}
ALLOWED_DESCRIPTION = "PDF, JPG, PNG, TIFF, HEIC, DOCX, ODT, MP3, WAV or MP4"


class CaseForm(OnceOnlyForm):
    address = forms.CharField(label="Address or location", max_length=300)
    postcode = forms.CharField(max_length=10, required=False, help_text="For example, LE1 6ZG")
    ward = forms.CharField(max_length=120, required=False)
    category = forms.ModelChoiceField(queryset=Category.objects.filter(is_active=True), empty_label="Choose a category")
    hate_incident = forms.BooleanField(
        label="This is a hate incident", required=False, help_text="Hate incident categories set this automatically"
    )
    jag = forms.ModelChoiceField(
        label="Managing JAG", queryset=Jag.objects.filter(is_active=True), empty_label="Choose a JAG"
    )
    lead_agency = forms.ModelChoiceField(queryset=Agency.objects.filter(is_active=True), empty_label="Choose an agency")
    lead_officer = OfficerChoiceField(
        queryset=Officer.objects.filter(is_active=True, agency__isnull=False)
        .select_related("agency")
        .order_by("agency__name", "last_name", "first_name"),
        empty_label="Choose an officer",
        help_text="The lead officer must be an officer of the lead agency",
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text="What is happening, to whom, and what the complainant wants to happen (up to 5,000 characters)",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"].error_messages["required"] = "Enter the address or location"
        self.fields["summary"].error_messages["required"] = "Enter a summary of the case"
        self.fields["category"].error_messages["required"] = "Choose a category"
        self.fields["jag"].error_messages["required"] = "Choose the managing JAG"
        self.fields["lead_agency"].error_messages["required"] = "Choose the lead agency"
        self.fields["lead_officer"].error_messages["required"] = "Choose the lead officer"
        self.helper = gds_helper(self)

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        validate_postcode(value)
        return normalise_postcode(value)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        agency, officer = data.get("lead_agency"), data.get("lead_officer")
        if agency and officer and officer.agency_id != agency.pk:
            self.add_error("lead_officer", f"The lead officer must be an officer of {agency}")
        return data

    def case_fields(self) -> dict:
        return {k: self.cleaned_data[k] for k in EDITABLE_CASE_FIELDS}


class PersonForm(OnceOnlyForm):
    role = forms.ChoiceField(choices=PersonRole.choices, widget=forms.RadioSelect, label="Role in this case")
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    date_of_birth = date_field("Date of birth", required=False, help_text="If known. For example, 31 3 1980")
    address = forms.CharField(max_length=300, required=False)
    postcode = forms.CharField(max_length=10, required=False, help_text="For example, LE1 6ZG")
    telephone = forms.CharField(max_length=40, required=False)
    email = forms.EmailField(label="E-mail address", required=False)
    # The second step, when possible matches were shown: a person's id, or "new". The page renders its radios beside
    # the matches (the first has the field's id, for the error summary's link); nothing is chosen in advance.
    match = forms.CharField(required=False)
    # The name the matches on the page were listed for: a choice is asked for only if the name is still that one.
    matches_for = forms.CharField(required=False, max_length=201, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].error_messages["required"] = "Choose the person's role in this case"
        self.fields["first_name"].error_messages["required"] = "Enter the first name"
        self.fields["last_name"].error_messages["required"] = "Enter the last name"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an e-mail address in the right format, like name@example.com"
        )
        self.helper = gds_helper(self)
        # The choice among possible matches is rendered by the page itself, beside the matches.
        self.helper.layout = Layout(*(name for name in self.fields if name not in ("match", "matches_for")))

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

    def clean_match(self) -> str:
        value = self.cleaned_data["match"]
        # Only ASCII digits, as many as a database id has: str.isdigit() also accepts "²" and "①", which int() refuses.
        if value in ("", "new") or (value.isascii() and value.isdecimal() and len(value) <= 18):
            return value
        # Above the form: the choice is made beside the matches the page lists, not in a field of the form.
        self.add_error(None, "Choose one of the people listed, or add a new person")
        return ""

    @property
    def typed_name(self) -> str:
        return f"{self.cleaned_data['first_name']} {self.cleaned_data['last_name']}"

    def person_fields(self) -> dict:
        return {
            k: self.cleaned_data[k]
            for k in ("first_name", "last_name", "date_of_birth", "address", "postcode", "telephone", "email")
        }


class IncidentForm(OnceOnlyForm):
    occurred_on = date_field("Date it happened")
    occurred_time = TimeField(
        label="Time it happened", required=False, help_text="24-hour clock, like 22:15. Leave blank if not known"
    )
    reported_on = date_field("Date it was reported")
    reported_time = TimeField(label="Time it was reported", required=False, help_text="24-hour clock, like 09:05")
    reported_to = forms.ModelChoiceField(queryset=Agency.objects.filter(is_active=True), empty_label="Choose an agency")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=5000, help_text="What happened (up to 5,000 characters)"
    )
    hate_incident = forms.BooleanField(
        label="This is a hate incident",
        required=False,
        help_text="Perceived by the victim or anyone else to be motivated by hostility or prejudice",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_to"].error_messages["required"] = "Choose the agency it was reported to"
        self.fields["description"].error_messages["required"] = "Describe what happened"
        self.helper = gds_helper(self)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        now = clock.now()
        occurred = combine(data.get("occurred_on"), data.get("occurred_time"))
        reported = combine(data.get("reported_on"), data.get("reported_time"))
        if occurred and occurred > now:
            self.add_error("occurred_on", "The date it happened must be today or in the past")
        if reported and reported > now:
            self.add_error("reported_on", "The date it was reported must be today or in the past")
        if occurred and reported and reported < occurred:
            self.add_error("reported_on", "The date it was reported must be the same as or after the date it happened")
        data["occurred_at"], data["reported_at"] = occurred, reported
        return data

    # The service names the moments; the form asks for their dates (and times) separately.
    service_field_names = {"occurred_at": "occurred_on", "reported_at": "reported_on"}

    def incident_fields(self) -> dict:
        return {
            k: self.cleaned_data[k]
            for k in ("occurred_at", "reported_at", "reported_to", "description", "hate_incident")
        }


class ChronologyForm(OnceOnlyForm):
    kind = forms.ChoiceField(label="Type of action", choices=[("", "Choose the type of action"), *OFFICER_ENTRY_KINDS])
    occurred_on = date_field("Date of the action")
    occurred_time = TimeField(label="Time of the action", required=False, help_text="24-hour clock, like 14:30")
    text = forms.CharField(
        label="What was done",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text="Who was involved, what was said or done, and any outcome (up to 10,000 characters)",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = "Choose the type of action"
        self.fields["text"].error_messages["required"] = "Enter what was done"
        self.helper = gds_helper(self)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        occurred = combine(data.get("occurred_on"), data.get("occurred_time"))
        if occurred and occurred > clock.now():
            self.add_error("occurred_on", "The date of the action must be today or in the past")
        data["occurred_at"] = occurred
        return data


class CorrectionForm(OnceOnlyForm):
    text = forms.CharField(
        label="Correction",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        help_text="What was wrong in the entry and what is right. The original entry stays on the record.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = "Enter the correction"
        self.helper = gds_helper(self)


class RiskForm(OnceOnlyForm):
    victim = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label="Victim assessed", empty_label="The case as a whole"
    )
    happened_before = yes_no("Has this happened before?")
    reported_elsewhere = yes_no("Has it been reported to anyone else?")
    feels_targeted = yes_no("Does the victim feel targeted?")
    household_vulnerable = yes_no("Is anyone in the household disabled, ill or otherwise vulnerable?")
    children_involved = yes_no("Are children involved?")
    override_band = forms.ChoiceField(
        label="Risk band",
        required=False,
        choices=[("", "Use the calculated band"), *RiskBand.choices],
        help_text="Change the band only with a reason",
    )
    override_reason = forms.CharField(
        label="Reason for changing the band",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you choose a band other than the calculated one",
    )

    def __init__(self, *args, victims=None, **kwargs):
        super().__init__(*args, **kwargs)
        if victims is not None:
            cast(forms.ModelChoiceField, self.fields["victim"]).queryset = victims
        self.helper = gds_helper(self)

    def cleaned_data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "submission_token"}


class PlanForm(OnceOnlyForm, forms.ModelForm):
    class Meta:
        model = PlanVersion
        fields = list(PLAN_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in fields
            if name not in ("children_involved", "safeguarding_considered")
        }

    children_involved = yes_no("Are children involved?")
    safeguarding_considered = forms.TypedChoiceField(
        label="If yes, has a welfare check or safeguarding referral been considered?",
        choices=[("yes", "Yes"), ("no", "No"), ("", "Not applicable")],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
    )
    # The number of the plan version the form was opened at (0: none yet), to refuse a save over a newer one.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The version being revised answers its yes/no questions as the radios' values, not as booleans.
        for name in ("children_involved", "safeguarding_considered"):
            answer = self.initial.get(name)
            if isinstance(answer, bool):
                self.initial[name] = "yes" if answer else "no"
        for name in ("overview", "who_is_at_risk", "risk_from", "actions"):
            # A model form's field is labelled with its model field's verbose name.
            label = str(self.fields[name].label)
            self.fields[name].error_messages["required"] = f"Enter: {label.lower()}"
        self.helper = gds_helper(self)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("children_involved") and data.get("safeguarding_considered") is None:
            self.add_error(
                "safeguarding_considered",
                "Children are involved: say whether a welfare check or safeguarding referral was considered",
            )
        return data

    def plan_fields(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.Meta.fields}


class DocumentForm(OnceOnlyForm):
    title = forms.CharField(max_length=200, help_text="For example, Witness statement of the complainant, 3 March")
    file = forms.FileField(label="File")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False, help_text="Optional"
    )

    def __init__(self, *args, cut_short: bool = False, **kwargs):
        """cut_short: the file was larger than the cap and was not read to its end (core.uploads)."""
        super().__init__(*args, **kwargs)
        self.cut_short = cut_short
        if cut_short:
            self.fields["file"].required = False
        self.fields["title"].error_messages["required"] = "Enter a title for the document"
        self.fields["file"].error_messages["required"] = "Choose a file to upload"
        self.fields["file"].error_messages["empty"] = "The file is empty"
        # Read when the form is made, not when the module is imported, so the hint follows the setting.
        limit = size_limit_text(settings.CASE_DOCUMENT_MAX_BYTES)
        self.fields["file"].help_text = f"{ALLOWED_DESCRIPTION}, up to {limit}"
        self.helper = gds_helper(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.CASE_DOCUMENT_MAX_BYTES
        if self.cut_short or upload.size > limit:
            raise ValidationError(f"The file must be smaller than {size_limit_text(limit)}")
        head = upload.read(8192)
        upload.seek(0)
        kind = filetype.guess(head)
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if kind is None or kind.mime not in ALLOWED_DOCUMENTS:
            raise ValidationError(f"The file must be a {ALLOWED_DESCRIPTION}; this file's content is not one of those")
        if extension not in ALLOWED_DOCUMENTS[kind.mime]:
            raise ValidationError(
                f"The file's name ends .{extension or '(nothing)'} but its content is {kind.extension.upper()}: rename it or choose another file"
            )
        self.detected_type = kind.mime
        return upload


class AddAgencyForm(OnceOnlyForm):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label="Agency to bring in", empty_label="Choose an agency"
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        involved = case.agency_links.values("agency_id")
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = (
            Agency.objects.filter(is_active=True).exclude(pk=case.lead_agency_id).exclude(pk__in=involved)
        )
        self.fields["agency"].error_messages["required"] = "Choose an agency to bring into the case"
        self.helper = gds_helper(self)


class CaseStatusForm(OnceOnlyForm):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="This is recorded on the chronology",
    )
    # The case's version when the form was opened: closing or reopening follows what the officer was shown.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Give the reason"
        self.helper = gds_helper(self)
