"""The cessation workflow's forms: what was typed, validated and laid out the GOV.UK way. The workflow's rules are
the services' (their errors come back next to the fields through core.forms.apply_service_errors)."""

from __future__ import annotations

import datetime
from typing import Any, cast

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.db.models import QuerySet

from agencies.forms import OfficerChoiceField
from agencies.models import Agency, Officer
from cases.models import Person, PersonRole
from cases.selectors import case_people_in_role
from core import clock
from core.forms import OnceOnlyForm, date_field, gds_helper, yes_no
from jag.models import Jag

from .models import (
    FURTHER_LETTER_KINDS,
    Assessment,
    LetterKind,
    Outcome,
    Position,
    Recommendation,
    ReviewerKind,
    ReviewOutcome,
    VisitStatus,
)

# How long a peer reviewer may read the case unless the chair says otherwise.
REVIEW_ACCESS_DAYS = 28


def _text(label: str, required_message: str, *, max_length: int, rows: int = 5, help_text: str = "", required=True):
    field = forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )
    field.error_messages["required"] = required_message
    return field


def _radios(label: str, choices, required_message: str, *, required=True) -> forms.ChoiceField:
    field = forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, required=required)
    field.error_messages["required"] = required_message
    field.error_messages["invalid_choice"] = required_message
    return field


class ProposeForm(OnceOnlyForm):
    reasoning = _text(
        "The lead agency's reasoning for cessation",
        "Enter the lead agency's reasoning for cessation",
        max_length=10000,
        rows=10,
        help_text="Why all reasonable options are exhausted: what was tried, what the complainant expects and why "
        "agencies cannot resolve it (up to 10,000 characters). The JAG reads it with the collated summary above",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
        self.helper.label_size = Size.MEDIUM


class WithdrawForm(OnceOnlyForm):
    reason = _text(
        "Why the proposal is withdrawn",
        "Enter why the proposal is withdrawn",
        max_length=2000,
        rows=4,
        help_text="It is recorded on the case chronology (up to 2,000 characters)",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class PositionsForm(OnceOnlyForm):
    """A position and comment for each agency present at the meeting; an agency left blank keeps what was recorded
    for it (or stays without a position). Recording again replaces an agency's earlier position until the JAG
    decides."""

    # The proposal's version when the form was opened: positions recorded since refuse the save.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, agencies: list[Agency], recorded: dict[int, tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        fieldsets = []
        for agency in agencies:
            position, comment = recorded.get(agency.pk, ("", ""))
            self.fields[f"position_{agency.pk}"] = _radios(
                f"Where does {agency} stand?", Position.choices, f"Choose the position of {agency}", required=False
            )
            self.fields[f"position_{agency.pk}"].initial = position or None
            self.fields[f"comment_{agency.pk}"] = _text(
                "Comment",
                "",
                max_length=2000,
                rows=3,
                required=False,
                help_text="Optional: what the agency said (up to 2,000 characters)",
            )
            self.fields[f"comment_{agency.pk}"].initial = comment
            fieldsets.append(
                Fieldset(
                    Field.radios(f"position_{agency.pk}", legend_size=Size.SMALL),
                    f"comment_{agency.pk}",
                    legend=str(agency),
                    legend_size=Size.MEDIUM,
                )
            )
        self.helper = gds_helper(self)
        self.helper.layout = Layout("submission_token", "version", *fieldsets)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.agencies and not self.errors and not any(data.get(f"position_{a.pk}") for a in self.agencies):
            self.add_error(f"position_{self.agencies[0].pk}", "Choose the position of at least one agency present")
        return data

    def rows(self) -> list[tuple[Agency, str, str]]:
        data = self.cleaned_data
        return [
            (agency, data[f"position_{agency.pk}"], data[f"comment_{agency.pk}"])
            for agency in self.agencies
            if data.get(f"position_{agency.pk}")
        ]


class DecisionForm(OnceOnlyForm):
    outcome = _radios(
        "What did the JAG decide?",
        [(Outcome.CONTINUE.value, Outcome.CONTINUE.label), (Outcome.CLOSE.value, Outcome.CLOSE.label)],
        "Choose the JAG's decision",
    )
    rationale = _text(
        "Rationale",
        "Enter the rationale for the decision",
        max_length=10000,
        help_text="Why the JAG decided this; for a decision to continue, how the case will be resolved through "
        "existing processes (up to 10,000 characters)",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["outcome"]).choices = [
            Choice(Outcome.CONTINUE.value, Outcome.CONTINUE.label, hint="The case carries on, with the reasons"),
            Choice(
                Outcome.CLOSE.value,
                Outcome.CLOSE.label,
                hint="Only when every agency present supports closure, or after a peer review",
            ),
        ]
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            "submission_token", Field.radios("outcome", legend_size=Size.SMALL), Field.textarea("rationale")
        )


class WrittenDecisionForm(OnceOnlyForm):
    """The chair's written decision after a peer review, outside a meeting."""

    # The proposal's version when the form was opened: a step taken since refuses the save.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    outcome = _radios(
        "What do you decide?",
        [(Outcome.CONTINUE.value, Outcome.CONTINUE.label), (Outcome.CLOSE.value, Outcome.CLOSE.label)],
        "Choose your decision",
    )
    rationale = _text(
        "Rationale",
        "Enter the rationale for the decision",
        max_length=10000,
        help_text="Why you decide this with the peer review in front of you; for a decision to continue, how the case "
        "will be resolved through existing processes (up to 10,000 characters)",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["outcome"]).choices = [
            Choice(Outcome.CONTINUE.value, Outcome.CONTINUE.label, hint="The case carries on, with the reasons"),
            Choice(Outcome.CLOSE.value, Outcome.CLOSE.label, hint="The closure report then awaits your signature"),
        ]
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            "submission_token",
            "version",
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.textarea("rationale"),
        )


class ReviewerField(OfficerChoiceField):
    def label_from_instance(self, obj: Officer) -> str:
        label = super().label_from_instance(obj)
        return f"{label}, {obj.job_title}" if obj.job_title else label


# The reviewers' group of the County Community Safety Team (the others are named after their JAG).
COUNTY_GROUP = "County Community Safety Team"


def reviewer_choices(groups: list[tuple[str, list[Officer]]]) -> list:
    """The reviewers grouped by the JAG they would review for (and the County Community Safety Team), so that
    choosing the JAG narrows the list (static/js/reviewer-filter.js); an officer on two JAGs is in both groups."""
    field = ReviewerField(queryset=Officer.objects.none())
    return [
        ("", "Choose the reviewer"),
        *(
            (label, [(str(o.pk), field.label_from_instance(o)) for o in officers])
            for label, officers in groups
            if officers
        ),
    ]


class PeerReviewRequestForm(OnceOnlyForm):
    reviewer_kind = _radios("Who reviews", ReviewerKind.choices, "Choose who reviews")
    reviewer_jag = forms.ModelChoiceField(
        queryset=Jag.objects.none(),
        label="The reviewing JAG",
        required=False,
        empty_label="Choose the JAG",
        help_text="Another locality's JAG, never this case's own. Leave blank for the County Community Safety Team",
    )
    # Validated against every active officer so that the service, not the form, says why someone may not review.
    reviewer = ReviewerField(
        queryset=Officer.objects.none(),
        label="The reviewer",
        empty_label="Choose the reviewer",
        help_text="The chair or a member of the reviewing JAG, or an officer of the County Community Safety Team, "
        "listed under their JAG or team. They may read this case only, through the review's pages, until the date below",
    )
    access_until = date_field(
        "Access until", help_text=f"The last day the reviewer may read the case. Usually {REVIEW_ACCESS_DAYS} days"
    )
    questions = _text(
        "What the JAG asks the reviewer to consider",
        "",
        max_length=5000,
        rows=4,
        required=False,
        help_text="Optional (up to 5,000 characters)",
    )
    rationale = _text(
        "Rationale",
        "Enter why the JAG asks for a peer review",
        max_length=10000,
        rows=4,
        help_text="Why the JAG could not decide unanimously and asks for a review (up to 10,000 characters)",
    )

    def __init__(self, *args, jags: QuerySet[Jag], reviewers: list[tuple[str, list[Officer]]], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["reviewer_jag"]).queryset = jags
        cast(forms.ModelChoiceField, self.fields["reviewer"]).queryset = Officer.objects.filter(
            is_active=True
        ).select_related("agency")
        self.fields["reviewer"].widget.choices = reviewer_choices(reviewers)
        self.fields["reviewer"].error_messages["required"] = "Choose the reviewer"
        self.fields["reviewer"].error_messages["invalid_choice"] = "Choose one of the reviewers listed"
        self.fields["reviewer_jag"].error_messages["invalid_choice"] = "Choose one of the JAGs listed"
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            "submission_token",
            Field.radios("reviewer_kind", legend_size=Size.MEDIUM),
            "reviewer_jag",
            "reviewer",
            "access_until",
            "questions",
            "rationale",
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("reviewer_kind")
        if kind == ReviewerKind.JAG and not data.get("reviewer_jag") and "reviewer_jag" not in self.errors:
            self.add_error("reviewer_jag", "Choose the JAG that reviews")
        if kind == ReviewerKind.COUNTY:
            data["reviewer_jag"] = None
        return data

    def service_fields(self) -> dict:
        names = ("reviewer_kind", "reviewer_jag", "reviewer", "access_until", "questions", "rationale")
        return {name: self.cleaned_data[name] for name in names}


class ReviewAnswerForm(OnceOnlyForm):
    reasonable = yes_no("Were the interventions reasonable?")
    proportionate = yes_no("Were they proportionate?")
    appropriate = yes_no("Were they appropriate?")
    findings = _text(
        "Findings",
        "Enter your findings",
        max_length=10000,
        rows=8,
        help_text="What you found in the record, and why you answer as you do (up to 10,000 characters)",
    )
    recommendation = _radios("Your recommendation to the JAG", Recommendation.choices, "Choose your recommendation")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            "submission_token",
            Field.radios("reasonable", inline=True, legend_size=Size.SMALL),
            Field.radios("proportionate", inline=True, legend_size=Size.SMALL),
            Field.radios("appropriate", inline=True, legend_size=Size.SMALL),
            "findings",
            Field.radios("recommendation", legend_size=Size.MEDIUM),
        )


class PasswordField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label="Your password",
            max_length=200,
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            help_text="Re-enter the password you sign in with: it confirms that you, the chair, sign the report",
            **kwargs,
        )
        self.error_messages["required"] = "Enter your password to sign"


class SignForm(OnceOnlyForm):
    password = PasswordField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
        self.helper.layout = Layout("submission_token", Field.text("password", field_width=20))


class NewVersionForm(OnceOnlyForm):
    reason = _text(
        "Why a new version is needed",
        "Enter why a new version of the closure report is needed",
        max_length=2000,
        rows=4,
        help_text="The signed versions stay on the case as they were signed (up to 2,000 characters)",
    )
    password = PasswordField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
        self.helper.layout = Layout("submission_token", "reason", Field.text("password", field_width=20))


def complainants_of(case) -> QuerySet[Person]:
    """The case's complainants, by name: whom a letter or a further report can be about."""
    return case_people_in_role(case, PersonRole.COMPLAINANT).order_by("last_name", "first_name")


def only_complainant(complainants: QuerySet[Person]) -> dict:
    """The initial choice when the case has exactly one complainant."""
    first_two = list(complainants[:2])
    return {"complainant": first_two[0].pk} if len(first_two) == 1 else {}


class ComplainantField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        address = ", ".join(part for part in (obj.address, obj.postcode) if part)
        return f"{obj.full_name}, {address}" if address else obj.full_name


class LetterForm(forms.Form):
    """Whom to write to: chosen first (a GET form), then the letter's own details (incremental.letter_details)."""

    complainant = ComplainantField(queryset=Person.objects.none(), label="Complainant", widget=forms.RadioSelect)

    def __init__(self, *args, complainants: QuerySet[Person], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["complainant"]).queryset = complainants
        cast(forms.ModelChoiceField, self.fields["complainant"]).empty_label = None
        self.fields["complainant"].error_messages["required"] = "Choose the complainant to write to"
        self.fields["complainant"].error_messages["invalid_choice"] = "Choose one of the complainants listed"
        self.helper = gds_helper(self)
        self.helper.layout = Layout(Field.radios("complainant", legend_size=Size.MEDIUM))


class VisitForm(OnceOnlyForm):
    visit_status = _radios("Joint-agency visit", VisitStatus.choices, "Choose whether a visit was made or planned")
    visit_on = date_field("Date of the visit", required=False, help_text="Needed when the visit was made or is planned")
    visit_agencies = forms.CharField(
        label="Agencies on the visit",
        max_length=300,
        required=False,
        help_text="For example, Leicester City Council and Leicestershire Police",
    )
    visit_reason = _text(
        "Why",
        "Enter why",
        max_length=2000,
        rows=4,
        help_text="Why a visit was made, is planned or was judged not appropriate (up to 2,000 characters)",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            "submission_token",
            "version",
            Field.radios("visit_status", legend_size=Size.MEDIUM),
            "visit_on",
            "visit_agencies",
            "visit_reason",
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        status = data.get("visit_status")
        if status in (VisitStatus.MADE, VisitStatus.PLANNED) and not data.get("visit_on"):
            if "visit_on" not in self.errors:
                self.add_error("visit_on", "Enter the date of the visit")
        if status == VisitStatus.MADE and data.get("visit_on") and data["visit_on"] > clock.today():
            self.add_error("visit_on", "A visit that was made must be dated today or in the past")
        if status == VisitStatus.NOT_APPROPRIATE:
            data["visit_on"] = None
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("visit_status", "visit_on", "visit_agencies", "visit_reason")}


class FurtherReportForm(OnceOnlyForm):
    complainant = ComplainantField(queryset=Person.objects.none(), label="Complainant", empty_label="Choose")
    received_on = date_field("Date received")
    description = _text(
        "What was reported", "Enter what was reported", max_length=5000, help_text="Up to 5,000 characters"
    )
    assessment = _radios("Assessment", Assessment.choices, "Choose your assessment of the report")
    assessment_reason = _text(
        "Why", "Enter why you assess it so", max_length=5000, rows=4, help_text="Up to 5,000 characters"
    )

    def __init__(self, *args, complainants: QuerySet[Person], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["complainant"]).queryset = complainants
        cast(forms.ModelChoiceField, self.fields["complainant"]).empty_label = "Choose the complainant"
        self.fields["complainant"].error_messages["required"] = "Choose the complainant who reported it"
        self.fields["complainant"].error_messages["invalid_choice"] = "Choose one of the complainants listed"
        cast(forms.ChoiceField, self.fields["assessment"]).choices = [
            Choice(
                Assessment.UNRELATED.value,
                Assessment.UNRELATED.label,
                hint="Treated as a first-time report: a new case is opened, linked to this one for context",
            ),
            Choice(
                Assessment.SAME.value,
                Assessment.SAME.label,
                hint="They review it and may close it with no further action",
            ),
        ]
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            "submission_token",
            "complainant",
            "received_on",
            "description",
            Field.radios("assessment", legend_size=Size.MEDIUM),
            "assessment_reason",
        )

    def clean_received_on(self) -> datetime.date | None:
        value = self.cleaned_data.get("received_on")
        if value and value > clock.today():
            raise forms.ValidationError("The date received must be today or in the past")
        return value

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("complainant", "received_on", "description", "assessment", "assessment_reason")
        }


FURTHER_LETTER_HINTS = {
    LetterKind.FURTHER_REFUSED: "The complainant was offered help before and refused it",
    LetterKind.FURTHER_UNRESOLVED: "Agencies investigated and could not resolve it",
}


class FurtherReviewForm(OnceOnlyForm):
    outcome = _radios("Outcome", ReviewOutcome.choices, "Choose the outcome of your review")
    notes = _text(
        "Review notes",
        "Enter your review notes",
        max_length=5000,
        help_text="Recorded on the case (up to 5,000 characters)",
    )
    letter_kind = _radios(
        "Letter to the complainant",
        [(kind.value, kind.label) for kind in FURTHER_LETTER_KINDS],
        "Choose which letter the complainant gets",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["letter_kind"]).choices = [
            Choice(kind.value, kind.label, hint=FURTHER_LETTER_HINTS[kind]) for kind in FURTHER_LETTER_KINDS
        ]
        self.fields["letter_kind"].help_text = "Needed when you close it with no further action"
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            "submission_token",
            Field.radios("outcome", legend_size=Size.MEDIUM),
            "notes",
            Field.radios("letter_kind", legend_size=Size.MEDIUM),
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("outcome") == ReviewOutcome.NO_FURTHER_ACTION and not data.get("letter_kind"):
            if "letter_kind" not in self.errors:
                self.add_error("letter_kind", "Choose which letter the complainant gets")
        if data.get("outcome") == ReviewOutcome.NEW_CASE:
            data["letter_kind"] = ""
        return data
