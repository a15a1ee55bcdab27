"""Forms for closing a case with its victims (validation and GOV.UK layout only; the rules are the services')."""

from django import forms

from core.forms import OnceOnlyForm, date_field, gds_helper

from ..models import NotToldReason, ToldHow, VictimOutcome

NOT_TOLD = "not_told"
NOT_GIVEN = "not_given"
TOLD_CHOICES = [*ToldHow.choices, (NOT_TOLD, "They were not told")]
SATISFACTION_CHOICES = [
    ("5", "5: very satisfied"),
    ("4", "4"),
    ("3", "3"),
    ("2", "2"),
    ("1", "1: very dissatisfied"),
    (NOT_GIVEN, "Not given"),
]


class VictimClosureForm(OnceOnlyForm):
    told_how = forms.ChoiceField(
        label="How were they told the case is closing and why?",
        choices=TOLD_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how they were told, or that they were not told",
            "invalid_choice": "Choose how they were told, or that they were not told",
        },
    )
    told_on = date_field("Date they were told", required=False)
    told_what = forms.CharField(
        label="What they were told",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why the case is closing, as it was explained to them",
    )
    not_told_reason = forms.ChoiceField(
        label="If they were not told, why not?",
        required=False,
        choices=NotToldReason.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose why they were not told"},
    )
    not_told_explanation = forms.CharField(
        label="Explanation",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The attempts made to contact them, or the other reason",
    )
    outcome = forms.ChoiceField(
        label="Outcome for the victim",
        choices=VictimOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the outcome for the victim",
            "invalid_choice": "Choose the outcome for the victim",
        },
    )
    satisfaction = forms.ChoiceField(
        label="Their satisfaction with how the partnership handled it",
        choices=SATISFACTION_CHOICES,
        widget=forms.RadioSelect,
        help_text="As the victim gave it, from 1 (very dissatisfied) to 5 (very satisfied)",
        error_messages={
            "required": "Choose their satisfaction, or not given",
            "invalid_choice": "Choose their satisfaction, or not given",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)

    def service_data(self) -> dict:
        data = self.cleaned_data
        told = data["told_how"] != NOT_TOLD
        satisfaction = data["satisfaction"]
        return {
            "told_how": data["told_how"] if told else "",
            "told_on": data["told_on"] if told else None,
            "told_what": data["told_what"] if told else "",
            "not_told_reason": "" if told else data["not_told_reason"] or "",
            "not_told_explanation": "" if told else data["not_told_explanation"],
            "outcome": data["outcome"],
            "satisfaction": None if satisfaction == NOT_GIVEN else int(satisfaction),
        }

    def clean(self):
        data = super().clean() or {}
        if data.get("told_how") == NOT_TOLD and not data.get("not_told_reason"):
            self.add_error("not_told_reason", "Choose why they were not told")
        return data

    @staticmethod
    def initial_from(record) -> dict:
        if record is None:
            return {"version": 0}
        return {
            "told_how": record.told_how or NOT_TOLD,
            "told_on": record.told_on,
            "told_what": record.told_what,
            "not_told_reason": record.not_told_reason,
            "not_told_explanation": record.not_told_explanation,
            "outcome": record.outcome,
            "satisfaction": str(record.satisfaction) if record.satisfaction else (NOT_GIVEN if record.outcome else ""),
            "version": record.version,
        }


class CloseCaseForm(OnceOnlyForm):
    """Closing as resolved: the reason, and the place by the victims' list where the service names the victims not
    yet told (the case pages' own form for reopening has the reason alone)."""

    victims = forms.CharField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="This is recorded on the chronology",
        error_messages={"required": "Give the reason"},
    )
    # The case's version when the form was opened: closing follows what the officer was shown.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class ClosingLetterForm(OnceOnlyForm):
    address = forms.CharField(
        label="Name and address",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="As it appears on the envelope, one line each",
        error_messages={"required": "Enter the address the letter goes to"},
    )
    salutation = forms.CharField(
        label="How the letter begins",
        max_length=120,
        error_messages={"required": "Enter how the letter begins, like Dear Ms Smith"},
    )
    why = forms.CharField(
        label="Why the case is closing",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="In words the victim will understand: this is the heart of the letter",
        error_messages={"required": "Enter why the case is closing"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)
