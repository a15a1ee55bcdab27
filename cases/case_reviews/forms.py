"""Forms for the steps of an ASB Case Review activation (validation and GOV.UK layout only)."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from agencies.forms import OfficerChoiceField
from agencies.models import Officer
from core import clock
from core.forms import OnceOnlyForm, date_field, gds_helper

from ..models import Case, CaseReviewDecision, Person

DECISION_CHOICES = [(c.value, c.label) for c in CaseReviewDecision if c != CaseReviewDecision.PENDING]


def _not_in_future(value, message: str):
    if value and value > clock.today():
        raise ValidationError(message)
    return value


def point_of_contact_choices(case: Case):
    """Officers of the agencies working the case: the lead agency and the agencies brought into it."""
    agencies = [case.lead_agency_id, *case.agency_links.values_list("agency_id", flat=True)]
    return (
        Officer.objects.filter(is_active=True, agency_id__in=agencies)
        .select_related("agency")
        .order_by("agency__name", "last_name", "first_name")
    )


class VersionedForm(OnceOnlyForm):
    """A step on an existing activation: carries the version the officer saw, to refuse a stale save."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ApplicationForm(OnceOnlyForm):
    victim = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Victim applying",
        empty_label="Choose the victim",
        help_text="A complainant or victim on this case (or someone applying on their behalf)",
    )
    application_date = date_field("Date the application was received")
    point_of_contact = OfficerChoiceField(
        queryset=Officer.objects.none(),
        label="Point of contact",
        empty_label="Choose an officer",
        help_text="The officer who keeps the victim informed",
    )

    def __init__(self, *args, case: Case, victims, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["victim"]).queryset = victims
        cast(forms.ModelChoiceField, self.fields["point_of_contact"]).queryset = point_of_contact_choices(case)
        self.fields["victim"].error_messages["required"] = "Choose the victim applying"
        self.fields["point_of_contact"].error_messages["required"] = "Choose the point of contact"
        self.helper = gds_helper(self)

    def clean_application_date(self):
        return _not_in_future(
            self.cleaned_data.get("application_date"), "The date the application was received must be in the past"
        )


class DecisionForm(VersionedForm):
    threshold_decision = forms.ChoiceField(
        label="Threshold decision", choices=DECISION_CHOICES, widget=forms.RadioSelect
    )
    threshold_reason = forms.CharField(
        label="Reason for the decision",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required when the threshold is not met or the application is rejected as malicious or vexatious",
    )
    decision_date = date_field("Date of the decision")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["threshold_decision"].error_messages["required"] = "Choose the threshold decision"
        self.helper = gds_helper(self)

    def clean_decision_date(self):
        return _not_in_future(self.cleaned_data.get("decision_date"), "The date of the decision must be in the past")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("threshold_decision") in (CaseReviewDecision.NOT_MET, CaseReviewDecision.REJECTED)
            and not (data.get("threshold_reason") or "").strip()
        ):
            self.add_error("threshold_reason", "Give the reason for the decision")
        return data


class ReviewForm(VersionedForm):
    review_meeting_date = date_field("Date of the review meeting", help_text="It may be ahead, when scheduled")
    outcome = forms.CharField(
        label="Outcome of the review",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Leave blank until the review has been held",
    )
    recommendations = forms.CharField(
        label="Recommendations",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The action plan the review recommends, and to which agencies",
    )
    outcome_date = date_field(
        "Date the outcome was given to the victim",
        required=False,
        help_text="The 20 working days for an appeal run from this date",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class AppealForm(VersionedForm):
    appeal_received_on = date_field("Date the appeal was received")
    appeal_outcome = forms.CharField(
        label="Outcome of the appeal",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Heard by an independent Community Safety Partnership chair. Leave blank until it is heard",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
