from typing import Any, cast

import filetype
from crispy_forms_gds.layout import HTML, Fieldset, Layout, Size
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from agencies.forms import OfficerChoiceField
from agencies.models import Agency, Officer
from core import clock
from core.forms import OnceOnlyForm, TimeField, combine, date_field, gds_helper, yes_no
from core.uploads import size_limit_text
from jag.models import Jag

from .band_steps import BandStepsForm
from .models import (
    OFFICER_ENTRY_KINDS,
    Case,
    Category,
    Person,
    PersonRole,
    PlanVersion,
    normalise_police_reference,
    normalise_postcode,
    police_reference_problem,
    validate_postcode,
)
from .selectors import PersonMatches, person_matches
from .services import EDITABLE_CASE_FIELDS, PLAN_FIELDS, risk_calculate

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

    def unchosen_matches(self, user, case: Case | None) -> PersonMatches:
        """With no match chosen, the people the user may see whose details agree with those typed (possible
        matches, cases.selectors.person_matches); if the page already listed them for this name, the officer is
        asked to choose among them or say it is none of them. Nothing when a match is chosen. On a valid form."""
        data = self.cleaned_data
        if data["match"]:
            return PersonMatches([], more=False)
        matches = person_matches(
            user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data["date_of_birth"],
            postcode=data["postcode"],
            case=case,
        )
        if matches.people and data["matches_for"] == self.typed_name:
            self.add_error("match", "Select the person this is, or none of these to add a new person")
        return matches

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
    reported_by = forms.ModelChoiceField(
        label="Who reported it (optional)",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Not a complainant or victim of this case",
        help_text="The complainant or victim of this case who reported it, if one did",
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=5000, help_text="What happened (up to 5,000 characters)"
    )
    hate_incident = forms.BooleanField(
        label="This is a hate incident",
        required=False,
        help_text="Perceived by the victim or anyone else to be motivated by hostility or prejudice",
    )
    # No max_length on the fields: clean_<name> says what is wrong in words, without the browser cutting it short.
    police_log_number = forms.CharField(
        label="Police log number (optional)",
        required=False,
        help_text="The number the police gave the call, for example 0452 of 03/12/2026",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20", "spellcheck": "false"}),
    )
    crime_number = forms.CharField(
        label="Crime number (optional)",
        required=False,
        help_text="If the police recorded a crime, for example 23000123456",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20", "spellcheck": "false"}),
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["reported_by"]).queryset = Person.objects.filter(
            case_roles__case=case, case_roles__role=PersonRole.COMPLAINANT
        ).order_by("last_name", "first_name", "pk")
        self.fields["reported_by"].error_messages["invalid_choice"] = "Choose a complainant or victim of this case"
        self.fields["reported_to"].error_messages["required"] = "Choose the agency it was reported to"
        self.fields["description"].error_messages["required"] = "Describe what happened"
        self.helper = gds_helper(self)

    def _police_reference(self, name: str, label: str) -> str:
        value = normalise_police_reference(self.cleaned_data[name])
        problem = police_reference_problem(value) if value else None
        if problem:
            raise ValidationError(f"{label} {problem}")
        return value

    def clean_police_log_number(self) -> str:
        return self._police_reference("police_log_number", "The police log number")

    def clean_crime_number(self) -> str:
        return self._police_reference("crime_number", "The crime number")

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
            for k in (
                "occurred_at",
                "reported_at",
                "reported_to",
                "reported_by",
                "description",
                "hate_incident",
                "police_log_number",
                "crime_number",
            )
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


RISK_ANSWERS = ("happened_before", "reported_elsewhere", "feels_targeted", "household_vulnerable", "children_involved")
RISK_REQUIRED_MESSAGES = {
    "happened_before": "Select yes if this has happened before",
    "reported_elsewhere": "Select yes if it has been reported to anyone else",
    "feels_targeted": "Select yes if the victim feels targeted",
    "household_vulnerable": "Select yes if anyone in the household is disabled, ill or otherwise vulnerable",
    "children_involved": "Select yes if children are involved",
}


class RiskForm(BandStepsForm):
    """The case's risk assessment: the answers (and which victim, if one), then the band they give."""

    first_step = ("victim", *RISK_ANSWERS)
    band_panel = "cases/includes/risk_band_panel.html"

    victim = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label="Victim assessed", empty_label="The case as a whole"
    )
    happened_before = yes_no("Has this happened before?")
    reported_elsewhere = yes_no("Has it been reported to anyone else?")
    feels_targeted = yes_no("Does the victim feel targeted?")
    household_vulnerable = yes_no("Is anyone in the household disabled, ill or otherwise vulnerable?")
    children_involved = yes_no("Are children involved?")

    def __init__(self, *args, victims=None, **kwargs):
        super().__init__(*args, **kwargs)
        if victims is not None:
            cast(forms.ModelChoiceField, self.fields["victim"]).queryset = victims
        for name, message in RISK_REQUIRED_MESSAGES.items():
            self.fields[name].error_messages["required"] = message

    def clean(self) -> dict[str, Any]:
        super().clean()
        answers: dict[str, bool] = {
            name: answer for name in RISK_ANSWERS if isinstance(answer := self.cleaned_data.get(name), bool)
        }
        if len(answers) == len(RISK_ANSWERS):
            self.calculated_band = risk_calculate(**answers)
        return self.cleaned_data

    def cleaned_data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name not in ("submission_token", "shown_band")}


# Appendix A's sections as the printed form numbers them (section 1, the case details, is shown above the form).
PLAN_SECTIONS = (
    ("2. Information and intelligence (what we know)", ("overview", "partner_reports")),
    (
        "3. Vulnerability / threat of harm",
        (
            "who_is_at_risk",
            "risk_from",
            "likely_outcome",
            "children_involved",
            "safeguarding_considered",
            "safeguarding_notes",
        ),
    ),
    ("4. Options of support, powers and policies", ("support_options", "powers_available")),
    ("5. Actions taken", ("actions", "rationale")),
    ("6. Review", ("review_outcome", "risk_alleviated", "new_information")),
    ("7. Revise", ("further_actions",)),
)
# Section 5's actions with their owners and due dates, a formset of their own drawn inside the plan's form.
PLAN_ACTION_ROWS = HTML('{% include "cases/includes/plan_action_rows.html" %}')
# Section 4's referrals made for the case's people (cases.support), recorded on the case, listed inside the form.
PLAN_SUPPORT_REFERRALS = HTML('{% include "cases/support/appendix_a_form.html" %}')
PLAN_REQUIRED_MESSAGES = {
    "overview": "Enter an overview of the issues",
    "who_is_at_risk": "Enter who is at risk",
    "risk_from": "Enter what or whom they are at risk from",
    "actions": "Enter what you are going to do or have done",
    "children_involved": "Select yes if children are involved",
}


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
        for name, field in self.fields.items():
            if name in PLAN_REQUIRED_MESSAGES:
                field.error_messages["required"] = PLAN_REQUIRED_MESSAGES[name]
            # A model form's field is labelled with its model field's verbose name.
            label = str(field.label)
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = f"{label} must be {field.max_length:,} characters or fewer"
            if isinstance(field, forms.CharField) and not field.required:
                field.label = f"{label} (optional)"
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            *(
                item
                for heading, names in PLAN_SECTIONS
                for item in (
                    HTML(f'<h2 class="govuk-heading-m govuk-!-margin-top-6">{heading}</h2>'),
                    *names,
                    *([PLAN_SUPPORT_REFERRALS] if "support_options" in names else []),
                    *([PLAN_ACTION_ROWS] if "actions" in names else []),
                )
            ),
            "version",
            "submission_token",
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("children_involved") and data.get("safeguarding_considered") is None:
            self.add_error(
                "safeguarding_considered",
                "Select whether a welfare check or safeguarding referral has been considered, as children are involved",
            )
        return data

    def plan_fields(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.Meta.fields}


def case_agencies(case: Case):
    """The lead agency and the agencies brought into the case, by name."""
    agency_ids = [case.lead_agency_id, *case.agency_links.values_list("agency_id", flat=True)]
    return Agency.objects.filter(pk__in=agency_ids).order_by("name")


class PlanActionForm(forms.Form):
    """One action of section 5: what, who owns it (an agency on the case, optionally one of its officers), by when.
    A row left blank is no action, so clearing a row removes that action from the new version."""

    description = forms.CharField(label="What is to be done", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label="Owner", empty_label="Choose the agency")
    officer = OfficerChoiceField(queryset=Officer.objects.none(), label="Officer (optional)", required=False)
    due_on = date_field("Due date")

    def __init__(self, *args, agencies: list[Agency], officers: list[Officer], **kwargs):
        """agencies: those on the case; officers: their active officers (read once for all the rows)."""
        super().__init__(*args, **kwargs)
        number = int(self.prefix.rsplit("-", 1)[-1]) + 1 if self.prefix else 1
        self.number = number
        agency = cast(forms.ModelChoiceField, self.fields["agency"])
        agency.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("name")
        agency.help_text = "The lead agency or an agency brought into the case"
        officer = cast(forms.ModelChoiceField, self.fields["officer"])
        officer.queryset = Officer.objects.filter(pk__in=[o.pk for o in officers]).select_related("agency")
        # Grouped by agency, so the list reads as each agency's officers even without JavaScript.
        officer.choices = [("", "No particular officer")] + [
            (a.name, [(o.pk, o.display_name) for o in officers if o.agency_id == a.pk]) for a in agencies
        ]
        officer.help_text = "An officer of the owning agency"
        self.fields["description"].error_messages |= {
            "required": f"Enter what is to be done for action {number}",
            "max_length": f"Action {number} must be 2,000 characters or fewer",
        }
        agency.error_messages |= {
            "required": f"Choose the agency that owns action {number}",
            "invalid_choice": f"Choose an agency on the case to own action {number}",
        }
        officer.error_messages["invalid_choice"] = f"Choose an officer of an agency on the case for action {number}"
        self.fields["due_on"].error_messages["required"] = f"Enter the due date of action {number}"
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            Fieldset("description", "agency", "officer", "due_on", legend=f"Action {number}", legend_size=Size.SMALL)
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        agency, officer = self.cleaned_data.get("agency"), self.cleaned_data.get("officer")
        if agency and officer and officer.agency_id != agency.pk:
            self.add_error(
                "officer", f"Choose an officer of {agency.name} for action {self.number}, or no particular officer"
            )
        return self.cleaned_data

    def action_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("description", "agency", "officer", "due_on")}


class BasePlanActionFormSet(forms.BaseFormSet):
    """Every row counts as new, so a blank row (the spare one, or one cleared) is simply no action."""

    def initial_form_count(self) -> int:
        return 0

    def planned_actions(self) -> list[dict]:
        return [form.action_fields() for form in self.forms if form.has_changed() and form.cleaned_data]


PLAN_ACTIONS_MAX = 30


def plan_action_formset(*, case: Case, data=None, actions: list[dict] | None = None, add_row: bool = False):
    """The actions' rows: the actions given, then one spare row. `add_row` adds a spare row to what was posted."""
    actions = actions or []
    agencies = list(case_agencies(case))
    officers = list(
        Officer.objects.filter(is_active=True, agency__in=agencies).order_by("last_name", "first_name", "pk")
    )
    rows = {"agencies": agencies, "officers": officers}
    FormSet = forms.formset_factory(
        PlanActionForm,
        formset=BasePlanActionFormSet,
        extra=len(actions) + 1,
        max_num=PLAN_ACTIONS_MAX,
        absolute_max=PLAN_ACTIONS_MAX,
        validate_max=True,
    )
    if data is None:
        return FormSet(prefix="action", initial=actions, form_kwargs=rows)
    if "action-TOTAL_FORMS" not in data:
        # Posted without the rows at all (not by this form): no actions, rather than a tampering error.
        data = data.copy()
        data["action-TOTAL_FORMS"] = data["action-INITIAL_FORMS"] = "0"
    if add_row:
        data = data.copy()
        key = "action-TOTAL_FORMS"
        try:
            data[key] = str(min(int(data.get(key, "0")) + 1, PLAN_ACTIONS_MAX))
        except ValueError:
            pass
    return FormSet(data, prefix="action", form_kwargs=rows)


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
