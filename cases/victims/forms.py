"""Forms for a victim's contact plan, the updates given to them and their risk assessment (validation and GOV.UK
layout only)."""

from typing import Any, cast

from django import forms

from agencies.forms import OfficerChoiceField
from agencies.models import Officer
from core import clock
from core.forms import OnceOnlyForm, TimeField, combine, date_field, gds_helper, yes_no

from ..band_steps import BandStepsForm
from ..models import ContactMethod, VictimAssessment
from .services import ANSWERS, victim_band


class ContactPlanForm(OnceOnlyForm):
    spoc = OfficerChoiceField(
        queryset=Officer.objects.none(),
        label="Single point of contact",
        empty_label="Choose an officer",
        help_text="The officer who keeps the victim informed: an officer of an agency working the case",
    )
    frequency_days = forms.IntegerField(
        label="Contact at least every (days)",
        required=False,
        min_value=1,
        max_value=365,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-3"}),
    )
    methods = forms.MultipleChoiceField(
        label="How the victim may be contacted",
        choices=ContactMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    safe_times = forms.CharField(
        label="Safe times to contact", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    safe_ways = forms.CharField(
        label="Safe ways to contact",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, do not leave voicemail; do not visit when the neighbour's car is outside",
    )
    language = forms.CharField(label="Language", required=False, max_length=100)
    interpreter_needed = forms.TypedChoiceField(
        label="Is an interpreter needed?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        initial="no",
    )
    accessibility_needs = forms.CharField(
        label="Accessibility needs", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    others_to_speak_to = forms.CharField(
        label="Who else may be spoken to",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="People the victim agrees we may speak to about the case, and how to reach them",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, spocs, default_days: int, band_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["spoc"]).queryset = spocs
        self.fields[
            "frequency_days"
        ].help_text = f"Leave blank to follow the victim's risk band ({band_label}: every {default_days} days)"
        self.fields["spoc"].error_messages["required"] = "Choose the single point of contact"
        self.fields["methods"].error_messages["required"] = "Choose at least one way to contact the victim"
        self.fields["interpreter_needed"].error_messages["required"] = "Select yes if an interpreter is needed"
        self.fields["frequency_days"].error_messages |= {
            "invalid": "Enter the number of days as a whole number, like 14",
            "min_value": "Enter a number of days between 1 and 365",
            "max_value": "Enter a number of days between 1 and 365",
        }
        self.helper = gds_helper(self)

    def plan_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in self.fields if name not in ("submission_token", "version")}


class ContactForm(OnceOnlyForm):
    contacted_on = date_field("Date of the contact")
    contacted_time = TimeField(label="Time of the contact", required=False, help_text="24-hour clock, like 14:30")
    method = forms.ChoiceField(label="How", choices=ContactMethod.choices, widget=forms.RadioSelect)
    summary = forms.CharField(
        label="What was said",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The update given, and anything the victim asked for or told you",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].error_messages["required"] = "Choose how the victim was contacted"
        self.fields["summary"].error_messages["required"] = "Enter what was said"
        self.helper = gds_helper(self)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        when = combine(data.get("contacted_on"), data.get("contacted_time"))
        if when and when > clock.now():
            self.add_error("contacted_on", "The date of the contact must be today or in the past")
        data["contacted_at"] = when
        return data


REQUIRED_MESSAGES = {
    "repeat_victim": "Select yes if the victim has been a victim of anti-social behaviour before",
    "targeted": "Select yes if the victim is targeted",
    "household_vulnerable": "Select yes if anyone in the household is vulnerable",
    "health_impact": "Select yes if it is affecting anyone's physical or mental health",
    "children_in_household": "Select yes if there are children in the household",
    "unsafe_at_home": "Select yes if the victim feels unsafe in their home",
}


class AssessmentForm(BandStepsForm):
    """The victim's own assessment: the answers, then (once the band is calculated from them) the band and whether
    to change it, as the case's risk assessment asks."""

    first_step = ANSWERS
    band_panel = "cases/victims/band_panel.html"

    repeat_victim = yes_no(str(VictimAssessment._meta.get_field("repeat_victim").verbose_name))
    targeted = yes_no(str(VictimAssessment._meta.get_field("targeted").verbose_name))
    household_vulnerable = yes_no(str(VictimAssessment._meta.get_field("household_vulnerable").verbose_name))
    health_impact = yes_no(str(VictimAssessment._meta.get_field("health_impact").verbose_name))
    children_in_household = yes_no(str(VictimAssessment._meta.get_field("children_in_household").verbose_name))
    unsafe_at_home = yes_no(str(VictimAssessment._meta.get_field("unsafe_at_home").verbose_name))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in REQUIRED_MESSAGES.items():
            self.fields[name].error_messages["required"] = message
        self.fields["override_band"].error_messages["invalid_choice"] = "Choose a risk band from the list"

    def clean(self) -> dict[str, Any]:
        super().clean()
        answers = {name: value for name in ANSWERS if isinstance(value := self.cleaned_data.get(name), bool)}
        if len(answers) == len(ANSWERS):
            self.calculated_band = victim_band(**answers)
            band = self.cleaned_data.get("override_band") or self.calculated_band
            if band != self.calculated_band and not (self.cleaned_data.get("override_reason") or "").strip():
                self.add_error("override_reason", "Give the reason for changing the band")
        return self.cleaned_data

    def assessment_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in ANSWERS} | {
            "band": data.get("override_band") or None,
            "override_reason": data.get("override_reason") or "",
        }
