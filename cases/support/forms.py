"""Forms for support referrals and IOM referrals (validation and GOV.UK layout only; the services decide the rules
that hold whatever the path, such as the order of the steps)."""

from typing import cast

from crispy_forms_gds.layout import Fieldset, Layout, Size
from django import forms

from agencies.forms import OfficerChoiceField
from agencies.models import Agency, Officer
from core.forms import OnceOnlyForm, date_field, gds_helper, yes_no

from ..models import ConsentMethod, IomDecision, LawfulBasis, Person, ReferralOutcome, SupportService

ACCEPTED_CHOICES = [("yes", "Accepted"), ("no", "Declined")]
DECISION_CHOICES = [(c.value, c.label) for c in IomDecision if c != IomDecision.PENDING]


class VersionedForm(OnceOnlyForm):
    """A step on an existing referral: carries the version the officer saw, to refuse a stale save."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class ReferralForm(OnceOnlyForm):
    person = PersonChoiceField(queryset=Person.objects.none(), label="Person referred", empty_label="Choose a person")
    service = forms.ModelChoiceField(
        queryset=SupportService.objects.none(), label="Service referred to", empty_label="Choose a service"
    )
    reason = forms.CharField(
        label="What support is needed and why",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the person needs, and what the service has been told",
    )
    referred_on = date_field("Date of the referral")
    consent_given = yes_no("Has the person consented to the referral?")
    consent_on = date_field("Date consent was given", required=False)
    consent_method = forms.ChoiceField(
        label="How consent was given",
        choices=[("", "Choose how"), *ConsentMethod.choices],
        required=False,
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for referring without consent",
        choices=[("", "Choose the lawful basis"), *LawfulBasis.choices],
        required=False,
    )
    lawful_basis_explanation = forms.CharField(
        label="Why consent was not sought",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the risk to a child in the household if the parent were asked first",
    )
    follow_up_on = date_field("Follow the referral up by", help_text="Suggested: two weeks from today")

    def __init__(self, *args, people, services, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people
        cast(forms.ModelChoiceField, self.fields["service"]).queryset = services
        self.fields["person"].error_messages["required"] = "Choose the person referred"
        self.fields["service"].error_messages["required"] = "Choose the service referred to"
        self.fields["consent_given"].error_messages["required"] = "Say whether the person has consented"
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            "person",
            "service",
            "reason",
            "referred_on",
            "consent_given",
            Fieldset("consent_on", "consent_method", legend="If the person consented", legend_size=Size.SMALL),
            Fieldset(
                "lawful_basis",
                "lawful_basis_explanation",
                legend="If consent was not sought",
                legend_size=Size.SMALL,
            ),
            "follow_up_on",
            "submission_token",
        )


class ResponseForm(VersionedForm):
    accepted = forms.TypedChoiceField(
        label="The service's response",
        choices=ACCEPTED_CHOICES,
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
        empty_value=None,
    )
    responded_on = date_field("Date of the response")
    decline_reason = forms.CharField(
        label="Reason for declining",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when the service declined the referral",
    )
    follow_up_on = date_field(
        "Follow the referral up by", required=False, help_text="When accepted. Suggested: two weeks from today"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accepted"].error_messages["required"] = "Choose whether the service accepted or declined"
        self.helper = gds_helper(self)


class EngagedForm(VersionedForm):
    engaged_on = date_field("Date the person engaged with the service")
    follow_up_on = date_field("Follow the referral up by", help_text="Suggested: two weeks from today")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class OutcomeForm(VersionedForm):
    outcome = forms.ChoiceField(label="Outcome", choices=ReferralOutcome.choices, widget=forms.RadioSelect)
    closed_on = date_field("Date of the outcome")
    outcome_notes = forms.CharField(
        label="Notes on the outcome",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when the outcome is other",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].error_messages["required"] = "Choose the outcome of the referral"
        self.helper = gds_helper(self)


class FollowUpForm(VersionedForm):
    follow_up_on = date_field("Follow the referral up by")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class IomReferralForm(OnceOnlyForm):
    person = PersonChoiceField(queryset=Person.objects.none(), label="Perpetrator referred", empty_label="Choose")
    reasons = forms.CharField(
        label="Reasons for the referral",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The offending and behaviour the panel should consider",
    )
    referred_on = date_field("Date of the referral")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people
        self.fields["person"].error_messages["required"] = "Choose the perpetrator referred"
        self.helper = gds_helper(self)


class IomDecisionForm(VersionedForm):
    decision = forms.ChoiceField(label="The panel's decision", choices=DECISION_CHOICES, widget=forms.RadioSelect)
    decided_on = date_field("Date of the decision")
    lead_name = forms.CharField(
        label="IOM lead", required=False, max_length=200, help_text="When adopted: the offender manager's name"
    )
    lead_agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(is_active=True),
        label="IOM lead's agency",
        required=False,
        empty_label="Choose an agency",
    )
    lead_officer = OfficerChoiceField(
        queryset=Officer.objects.filter(is_active=True, agency__isnull=False)
        .select_related("agency")
        .order_by("last_name", "first_name"),
        label="The IOM lead's account on this system (optional)",
        required=False,
        empty_label="Not a user of this system",
    )
    decision_notes = forms.CharField(
        label="Notes", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].error_messages["required"] = "Choose the panel's decision"
        self.helper = gds_helper(self)
