"""The register's forms: they validate what was typed; the services decide what the law allows."""

from __future__ import annotations

from typing import cast

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from agencies.models import Agency
from cases.models import Case, Document
from core.forms import OnceOnlyForm, date_field, gds_helper
from incremental.models import InterventionKind
from jag.models import Jag

from .models import Compliance, ExclusionGround, ServedHow, TermKind
from .rules import RegisterStatus, kind_on_register_q


def _case_documents(case: Case):
    return Document.objects.filter(case=case).order_by("-uploaded_at")


class DocumentField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Document) -> str:
        return obj.title


class ServiceForm(OnceOnlyForm):
    served_on = date_field("Date served")
    served_how = forms.ChoiceField(label="How it was served", choices=ServedHow.choices, widget=forms.RadioSelect)
    served_by = forms.CharField(label="Who served it", max_length=200, help_text="Name and agency")
    proof = DocumentField(
        queryset=Document.objects.none(),
        required=False,
        label="Proof of service",
        empty_label="None attached yet",
        help_text="A document on the case: upload the statement of service to the case's documents first",
    )
    notes = forms.CharField(label="Notes", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["proof"]).queryset = _case_documents(case)
        self.fields["served_how"].error_messages["required"] = "Choose how it was served"
        self.fields["served_by"].error_messages["required"] = "Enter who served it"
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            "submission_token", "served_on", Field.radios("served_how"), "served_by", "proof", "notes"
        )


class TermForm(OnceOnlyForm):
    kind = forms.ChoiceField(label="Kind of term", choices=TermKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label="Term", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), help_text="As the order words it"
    )
    supervisor = forms.CharField(
        label="Supervising person or organisation",
        max_length=200,
        required=False,
        help_text="Needed for a positive requirement, for example: Turning Point, Leicester",
    )
    update_every_days = forms.IntegerField(
        label="Supervisor reports every (days)",
        required=False,
        min_value=1,
        max_value=365,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
    )
    excludes_from_home = forms.BooleanField(label="Excludes the respondent from their home", required=False)
    exclusion_ground = forms.ChoiceField(
        label="Ground for exclusion from the home",
        choices=ExclusionGround.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = "Choose whether it is a prohibition or a positive requirement"
        self.fields["text"].error_messages["required"] = "Enter the term as the order words it"
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            "submission_token",
            Field.radios("kind", legend_size=Size.MEDIUM),
            "text",
            Fieldset("supervisor", "update_every_days", legend="Positive requirements", legend_size=Size.MEDIUM),
            Fieldset(
                Field.checkbox("excludes_from_home"),
                Field.radios("exclusion_ground"),
                legend="Exclusion from the home",
                legend_size=Size.MEDIUM,
            ),
        )


class TermVaryForm(OnceOnlyForm):
    """The court's variation of one term: the new wording in full, with a requirement's supervisor; the kind of
    term stays as the order made it."""

    varied_on = date_field("Date varied")
    varied_by = forms.CharField(
        label="Court or hearing that varied it",
        max_length=200,
        help_text="For example: Leicester County Court, review hearing",
    )
    text = forms.CharField(
        label="Term as varied",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="As the varied order words it",
    )
    supervisor = forms.CharField(label="Supervising person or organisation", max_length=200, required=False)
    update_every_days = forms.IntegerField(
        label="Supervisor reports every (days)",
        required=False,
        min_value=1,
        max_value=365,
        help_text="A new interval runs from the date varied",
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
    )
    excludes_from_home = forms.BooleanField(label="Excludes the respondent from their home", required=False)
    exclusion_ground = forms.ChoiceField(
        label="Ground for exclusion from the home",
        choices=ExclusionGround.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["varied_by"].error_messages["required"] = "Enter the court or hearing that varied the term"
        self.fields["text"].error_messages["required"] = "Enter the term as the order words it"
        self.helper = gds_helper(self)
        parts: list = ["submission_token", "version", "varied_on", "varied_by", "text"]
        if kind == TermKind.REQUIREMENT:
            parts.append(Fieldset("supervisor", "update_every_days", legend="Supervision", legend_size=Size.MEDIUM))
        else:
            del self.fields["supervisor"], self.fields["update_every_days"]
        parts.append(
            Fieldset(
                Field.checkbox("excludes_from_home"),
                Field.radios("exclusion_ground"),
                legend="Exclusion from the home",
                legend_size=Size.MEDIUM,
            )
        )
        self.helper.layout = Layout(*parts)


class TermDischargeForm(OnceOnlyForm):
    discharged_on = date_field("Date discharged")
    discharged_by = forms.CharField(
        label="Court or hearing that discharged it",
        max_length=200,
        help_text="For example: Leicester County Court, review hearing",
    )
    reason = forms.CharField(
        label="Why the court discharged it", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discharged_by"].error_messages["required"] = "Enter the court or hearing that discharged the term"
        self.fields["reason"].error_messages["required"] = "Enter why the court discharged the term"
        self.helper = gds_helper(self)


class SupervisorUpdateForm(OnceOnlyForm):
    reported_on = date_field("Date of the update")
    compliance = forms.ChoiceField(
        label="Is the respondent complying?", choices=Compliance.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label="What the supervisor reports", max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    next_due_on = date_field(
        "Next update due", required=False, help_text="Leave blank to use the term's reporting interval"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compliance"].error_messages["required"] = "Choose whether the respondent is complying"
        self.fields["text"].error_messages["required"] = "Enter what the supervisor reports"
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            "submission_token", "reported_on", Field.radios("compliance"), "text", "next_due_on"
        )


class BreachActionForm(OnceOnlyForm):
    reported_to_police_on = date_field("Reported to police on", required=False)
    police_reference = forms.CharField(label="Police reference", max_length=40, required=False)
    referred_to_cps_on = date_field("Referred to the CPS on", required=False)
    prosecuted_on = date_field("Prosecution started on", required=False)
    outcome = forms.CharField(
        label="Outcome",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: charged, convicted and fined, no further action",
    )
    evidence_document = DocumentField(
        queryset=Document.objects.none(), required=False, label="Evidence document", empty_label="None"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["evidence_document"]).queryset = _case_documents(case)
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            "submission_token",
            "version",
            Fieldset("reported_to_police_on", "police_reference", legend="Police", legend_size=Size.MEDIUM),
            Fieldset("referred_to_cps_on", "prosecuted_on", "outcome", legend="Prosecution", legend_size=Size.MEDIUM),
            "evidence_document",
        )


class RiskAssessmentForm(OnceOnlyForm):
    assessed_on = date_field("Date of the assessment")
    harassment_risk = forms.CharField(
        label="Risk of harassment, alarm or distress to others",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    vulnerabilities = forms.CharField(
        label="The respondent's vulnerabilities",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Including mental health, learning needs, substance misuse, exploitation; or say none are known",
    )
    alternatives = forms.CharField(
        label="Other ways of stopping the behaviour",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was tried or considered, and why it is not enough",
    )
    other_matters = forms.CharField(
        label="Any other material matter",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Or say there is none",
    )

    MESSAGES = {
        "harassment_risk": "Enter the risk of harassment, alarm or distress to others",
        "vulnerabilities": "Enter the respondent's vulnerabilities, or say there are none known",
        "alternatives": "Enter the other ways of stopping the behaviour that were considered",
        "other_matters": "Enter any other material matter, or say there is none",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.MESSAGES.items():
            self.fields[name].error_messages["required"] = message
        self.helper = gds_helper(self)


class RegisterFilterForm(forms.Form):
    jag = forms.ModelChoiceField(
        queryset=Jag.objects.order_by("name"), required=False, label="JAG", empty_label="All JAGs"
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("name"), required=False, label="Issuing agency", empty_label="All agencies"
    )
    kind = forms.ModelChoiceField(
        queryset=InterventionKind.objects.filter(kind_on_register_q()).order_by("tier", "sort_order", "name"),
        required=False,
        label="Type",
        empty_label="All types",
    )
    status = forms.ChoiceField(
        required=False,
        label="Status",
        choices=[("", "In force or pending"), *RegisterStatus.CHOICES, ("all", "All")],
    )
    expiry = forms.ChoiceField(
        required=False,
        label="Expiry",
        choices=[
            ("", "Any"),
            ("30", "Within 30 days"),
            ("90", "Within 90 days"),
            ("expired", "Past its end"),
            ("none", "No end date"),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"
