"""Forms for the steps of an ASB Case Review activation (validation and GOV.UK layout only)."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from agencies.forms import OfficerChoiceField
from agencies.models import Agency, Officer
from core import clock
from core.forms import OnceOnlyForm, date_field, gds_helper, yes_no

from ..models import (
    ApplicationReceivedHow,
    Case,
    CaseReviewDecision,
    ConsultedHow,
    ExplainedHow,
    PccReviewOutcome,
    Person,
    VictimAttendance,
)

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
    received_how = forms.ChoiceField(
        label="How the application was received",
        choices=ApplicationReceivedHow.choices,
        widget=forms.RadioSelect,
        help_text="Staff enter every application for the victim, however it came",
    )
    received_by = OfficerChoiceField(
        queryset=Officer.objects.none(),
        label="Received by",
        empty_label="Choose an officer",
        help_text="The officer who took the application",
    )
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
        cast(forms.ModelChoiceField, self.fields["received_by"]).queryset = point_of_contact_choices(case)
        self.fields["received_how"].error_messages["required"] = "Choose how the application was received"
        self.fields["received_by"].error_messages["required"] = "Choose the officer who received the application"
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
    chair_name = forms.CharField(label="Chair of the review", required=False, max_length=200)
    chair_agency = forms.CharField(label="Chair's agency or organisation", required=False, max_length=200)
    chair_independent = yes_no("Is the chair independent of the agencies whose handling is reviewed?")
    victim_consulted = yes_no("Was the victim consulted on the action plan?")
    consulted_on = date_field("Date the victim was consulted", required=False)
    consulted_how = forms.ChoiceField(
        label="How the victim was consulted",
        choices=[("", "Not consulted")] + list(ConsultedHow.choices),
        required=False,
    )
    victim_views = forms.CharField(
        label="The victim's views on the action plan",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    victim_attendance = forms.ChoiceField(
        label="Did the victim attend the review?",
        choices=[("", "Not yet known")] + list(VictimAttendance.choices),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Required once the review is held (the service says so next to the field), not while it is only scheduled.
        self.fields["chair_independent"].required = False
        self.fields["victim_consulted"].required = False
        self.helper = gds_helper(self)


class PccReviewForm(VersionedForm):
    pcc_requested_on = date_field(
        "Date the victim asked the Police and Crime Commissioner to review",
        help_text="The Leicestershire Office of the Police and Crime Commissioner reviews how the application was "
        "handled, a decision that the threshold was not met included. For example, 27 3 2026",
    )
    pcc_outcome = forms.ChoiceField(
        label="Outcome of the PCC review",
        choices=[("", "Awaiting the outcome")] + list(PccReviewOutcome.choices),
        required=False,
    )
    pcc_outcome_notes = forms.CharField(
        label="What the PCC said",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Any recommendations made to the partnership",
    )
    pcc_outcome_on = date_field("Date of the PCC's outcome", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class ActionForm(OnceOnlyForm):
    text = forms.CharField(label="Action", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    owner_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label="Agency responsible", empty_label="Choose an agency"
    )
    owner_officer = OfficerChoiceField(
        queryset=Officer.objects.none(),
        label="Officer responsible (optional)",
        required=False,
        empty_label="No named officer",
        help_text="An officer of the agency responsible. Without one, the point of contact follows the action up",
    )
    due_on = date_field("Due by")

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = [case.lead_agency_id, *case.agency_links.values_list("agency_id", flat=True)]
        cast(forms.ModelChoiceField, self.fields["owner_agency"]).queryset = Agency.objects.filter(
            pk__in=agencies
        ).order_by("name")
        cast(forms.ModelChoiceField, self.fields["owner_officer"]).queryset = point_of_contact_choices(case)
        self.fields["text"].error_messages["required"] = "Enter the action"
        self.fields["owner_agency"].error_messages["required"] = "Choose the agency responsible"
        self.helper = gds_helper(self)


class ActionDoneForm(VersionedForm):
    done_on = date_field("Date the action was done")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class ExplanationForm(OnceOnlyForm):
    victim = forms.ModelChoiceField(
        queryset=Person.objects.none(), label="Victim it was explained to", empty_label="Choose the victim"
    )
    explained_on = date_field("Date it was explained")
    how = forms.ChoiceField(label="How it was explained", choices=ExplainedHow.choices, widget=forms.RadioSelect)
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, whether they want to apply",
    )
    incident = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, victims, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["victim"]).queryset = victims
        self.fields["victim"].error_messages["required"] = "Choose the victim it was explained to"
        self.fields["how"].error_messages["required"] = "Choose how the ASB Case Review was explained"
        self.helper = gds_helper(self)

    def clean_explained_on(self):
        return _not_in_future(self.cleaned_data.get("explained_on"), "The date it was explained must be in the past")


class FiguresForm(forms.Form):
    year = forms.TypedChoiceField(label="Year", coerce=int, choices=[])

    def __init__(self, *args, years: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["year"]).choices = years
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
