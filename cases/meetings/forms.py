"""Forms for JAG meetings, laid out with the GOV.UK Design System (crispy-forms-gds). Saving is the services'."""

import re
from typing import Any, cast

from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size
from django import forms
from django.forms.utils import ErrorDict
from django.http import QueryDict

from agencies.models import Agency, Officer
from core.forms import OnceOnlyForm, TimeField, combine, date_field, gds_helper
from jag.models import Jag

from .services import ACTION_NOTE_MAX_LENGTH, MAX_ACTIONS_PER_DECISION, ActionInput, AttendanceInput


class MeetingScheduleForm(OnceOnlyForm):
    jag = forms.ModelChoiceField(queryset=Jag.objects.none(), label="JAG", empty_label="Choose a JAG")
    meeting_on = date_field("Date of the meeting")
    meeting_time = TimeField(label="Start time", help_text="24-hour clock, for example 14:00")
    location = forms.CharField(max_length=200, help_text="For example, Town Hall committee room 2, or online")

    # The service names the date and time together.
    service_field_names = {"starts_at": "meeting_on"}

    def __init__(self, *args, jags, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["jag"]).queryset = jags
        self.fields["jag"].error_messages["required"] = "Choose the JAG that is meeting"
        self.fields["meeting_time"].error_messages["required"] = "Enter the start time"
        self.fields["location"].error_messages["required"] = "Enter where the meeting takes place"
        self.helper = gds_helper(self)

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "jag": data["jag"],
            "starts_at": combine(data["meeting_on"], data["meeting_time"]),
            "location": data["location"],
        }


class AgendaAddForm(OnceOnlyForm):
    reference = forms.CharField(
        label="Case reference",
        max_length=20,
        help_text="For example, ASB-2026-000123. The case must be managed by this JAG",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].error_messages["required"] = "Enter the case reference"
        self.helper = gds_helper(self)


class AttendanceForm(OnceOnlyForm):
    """One question per member agency: was it present, and who attended."""

    # The meeting's version when the form was opened: a save over attendance recorded since is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, agencies: list[Agency], recorded: dict[int, tuple[bool, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        fieldsets = []
        for agency in agencies:
            present, attendees = recorded.get(agency.pk, (None, ""))
            self.fields[f"present_{agency.pk}"] = forms.TypedChoiceField(
                label=f"Was {agency} present?",
                choices=[("yes", "Present"), ("no", "Not present")],
                widget=forms.RadioSelect,
                coerce=lambda v: v == "yes",
                empty_value=None,
                initial=None if present is None else ("yes" if present else "no"),
                error_messages={"required": f"Say whether {agency} was present"},
            )
            self.fields[f"attendees_{agency.pk}"] = forms.CharField(
                label="Who attended",
                max_length=300,
                required=False,
                initial=attendees,
                help_text="Names and roles, for example Sgt A Patel (neighbourhood policing)",
            )
            fieldsets.append(
                Fieldset(
                    Field.radios(f"present_{agency.pk}", legend_size=Size.SMALL, inline=True),
                    Field.text(f"attendees_{agency.pk}"),
                    legend=str(agency),
                    legend_size=Size.MEDIUM,
                )
            )
        self.helper = gds_helper(self)
        self.helper.layout = Layout("submission_token", "version", *fieldsets)

    def rows(self) -> list[AttendanceInput]:
        data = self.cleaned_data
        return [
            AttendanceInput(
                agency=agency, present=bool(data[f"present_{agency.pk}"]), attendees=data[f"attendees_{agency.pk}"]
            )
            for agency in self.agencies
        ]


class DecisionForm(OnceOnlyForm):
    """The JAG's decision on one case, and any number of actions for agencies (rows left blank are ignored).

    The chair adds and removes action rows with buttons that post the form back (ADD_ROW, REMOVE_ROW), so it works
    without JavaScript: such a post only redraws the form with what was typed, one row more or less."""

    ADD_ROW = "add_action"
    REMOVE_ROW = "remove_action"

    decision = forms.CharField(
        label="Decision",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        help_text=(
            "What the JAG discussed and decided about this case, or why it deferred it. It is recorded on the case's "
            "chronology"
        ),
    )
    deferred = forms.BooleanField(label="Defer this case to a later meeting", required=False)
    action_rows = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *args, agencies, officers=None, **kwargs):
        self.rows, self.redrawn = 1, False
        if data is not None:
            data, self.rows, self.redrawn = _rows_changed(data)
        super().__init__(data, *args, **kwargs)
        self.fields["decision"].error_messages["required"] = "Enter the JAG's decision"
        self.initial["action_rows"] = self.rows
        fieldsets = []
        for number in range(1, self.rows + 1):
            self.fields[f"action_{number}_agency"] = forms.ModelChoiceField(
                queryset=agencies, required=False, label="Agency", empty_label="Choose an agency"
            )
            self.fields[f"action_{number}_officer"] = OfficerChoiceField(
                queryset=officers if officers is not None else Officer.objects.none(),
                required=False,
                label="Officer (optional)",
                empty_label="No one named",
                help_text="The officer of that agency who is to do it",
            )
            self.fields[f"action_{number}_description"] = forms.CharField(
                label="What the agency is to do",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="For example, visit the complainant and agree a diary sheet",
            )
            self.fields[f"action_{number}_due_on"] = date_field("Due by", required=False)
            remove = (
                HTML(
                    f'<button type="submit" name="{self.REMOVE_ROW}" value="{number}" '
                    'class="govuk-button govuk-button--secondary moj-add-another__remove-button" data-module="govuk-button">'
                    f'Remove<span class="govuk-visually-hidden"> action {number}</span></button>'
                )
                if self.rows > 1
                else HTML("")
            )
            fieldsets.append(
                Fieldset(
                    f"action_{number}_agency",
                    f"action_{number}_officer",
                    f"action_{number}_description",
                    f"action_{number}_due_on",
                    remove,
                    legend=f"Action {number}" + (" (optional)" if self.rows == 1 else ""),
                    legend_size=Size.MEDIUM,
                    css_class="moj-add-another__item app-action-row",
                )
            )
        add = HTML(
            f'<button type="submit" name="{self.ADD_ROW}" value="1" class="govuk-button govuk-button--secondary moj-add-another__add-button" '
            'data-module="govuk-button">Add another action</button>'
        )
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            "submission_token", "action_rows", "decision", Field.checkbox("deferred"), *fieldsets, add
        )
        if self.redrawn:
            # Only redrawn with a row more or less: nothing is judged yet.
            self._errors = ErrorDict()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for number in range(1, self.rows + 1):
            names = {part: f"action_{number}_{part}" for part in ("agency", "officer", "description", "due_on")}
            given = {part: data.get(name) for part, name in names.items()}
            if not any(given.values()) and not any(names[p] in self.errors for p in names):
                continue
            if not given["agency"] and names["agency"] not in self.errors:
                self.add_error(names["agency"], f"Choose the agency for action {number}")
            if not (given["description"] or "").strip() and names["description"] not in self.errors:
                self.add_error(names["description"], f"Describe action {number}")
            if not given["due_on"] and names["due_on"] not in self.errors:
                self.add_error(names["due_on"], f"Enter the date action {number} is due by")
        return data

    def actions(self) -> list[ActionInput]:
        data = self.cleaned_data
        return [
            ActionInput(
                agency=data[f"action_{n}_agency"],
                description=data[f"action_{n}_description"],
                due_on=data[f"action_{n}_due_on"],
                officer=data.get(f"action_{n}_officer"),
            )
            for n in range(1, self.rows + 1)
            if data.get(f"action_{n}_agency")
        ]


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name} ({obj.agency.short_name})" if obj.agency_id else obj.display_name


ACTION_FIELD = re.compile(r"^action_([0-9]+)_(.+)$")


def _rows_changed(data) -> tuple[QueryDict | dict, int, bool]:
    """The posted data, the number of action rows to draw and whether the post only asked for a row more or less
    (then a removed row's answers are gone and the rows after it move up)."""
    try:
        rows = int(data.get("action_rows") or 1)
    except (TypeError, ValueError):
        rows = 1
    rows = min(max(rows, 1), MAX_ACTIONS_PER_DECISION)
    if data.get(DecisionForm.ADD_ROW):
        return _with_rows(data, min(rows + 1, MAX_ACTIONS_PER_DECISION)), min(rows + 1, MAX_ACTIONS_PER_DECISION), True
    removed = data.get(DecisionForm.REMOVE_ROW)
    if not removed:
        return data, rows, False
    try:
        gone = int(removed)
    except (TypeError, ValueError):
        return data, rows, True
    kept = QueryDict(mutable=True)
    for key in data:
        values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
        match = ACTION_FIELD.match(key)
        if match is None:
            kept.setlist(key, values)
            continue
        number = int(match.group(1))
        if number < gone:
            kept.setlist(key, values)
        elif number > gone:
            kept.setlist(f"action_{number - 1}_{match.group(2)}", values)
    return _with_rows(kept, max(rows - 1, 1)), max(rows - 1, 1), True


def _with_rows(data, rows: int):
    changed = data.copy()
    changed["action_rows"] = str(rows)
    return changed


class ActionDoneForm(OnceOnlyForm):
    """Mark a JAG action done: when, and a short note of what was done for the case's chronology."""

    completed_on = date_field("Date done")
    note = forms.CharField(
        label="What was done",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=ACTION_NOTE_MAX_LENGTH,
        help_text="A short note for the case's chronology, for example: CPW served in person on the occupier",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].error_messages["required"] = "Enter the date the action was done"
        self.fields["note"].error_messages["required"] = "Enter what was done"
        self.helper = gds_helper(self)
