"""The intervention forms: validation of what was typed and the GOV.UK layout. The rules are the services' (their
errors come back next to the fields through core.forms.apply_service_errors)."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from agencies.forms import OfficerChoiceField
from agencies.models import Agency, Officer
from cases.models import Case, ChronologyEntry, EntryKind, Incident, Person
from core import clock
from core.dates import short_datetime
from core.forms import OnceOnlyForm, date_field, gds_helper

from . import rules
from .models import EventType, InterventionKind


def kind_hint(kind: InterventionKind, suggested: int) -> str:
    """What an officer needs to know when choosing: the stage, who may use it, age limits, what it needs first."""
    stage = f"Tier {kind.tier}" + (" (the suggested next stage)" if kind.tier == suggested else "")
    parts = [stage]
    if kind.issuing_agency_kinds:
        parts.append(f"issued by: {rules.agency_kinds_text(kind.issuing_agency_kinds)}")
    if kind.minimum_age:
        parts.append(f"aged {kind.minimum_age} or over")
    prior = [p.short_name or p.name for p in kind.requires_prior.all()]
    if prior:
        parts.append(f"needs an earlier {' or '.join(prior)}")
    if kind.default_live_months:
        parts.append(f"live {kind.default_live_months} months unless you say otherwise")
    if kind.court_stage:
        parts.append("court stage")
    return "; ".join(parts)


def kind_label(kind: InterventionKind) -> str:
    short = kind.short_name if kind.short_name and kind.short_name.isupper() else ""
    return f"{kind.name} ({short})" if short else kind.name


class InterventionIssueForm(OnceOnlyForm):
    kind = forms.ChoiceField(label="Intervention", widget=forms.RadioSelect)
    issuing_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label="Issuing agency", empty_label="Choose the agency"
    )
    issuing_officer = OfficerChoiceField(
        queryset=Officer.objects.none(),
        label="Issuing officer",
        empty_label="Choose the officer",
        help_text="An officer of the issuing agency",
    )
    issued_on = date_field("Date issued")
    live_until = date_field(
        "Live until",
        required=False,
        help_text="Leave blank to use the catalogue's live period (for example, 3 months for a first warning)",
    )
    conditions = forms.CharField(
        label="Conditions or terms",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="ABC terms, CPN requirements or injunction terms, one to a line (up to 10,000 characters)",
    )
    refused_to_sign = forms.BooleanField(
        label="The person refused to sign",
        required=False,
        help_text="Only for an agreement (ABC). Refusing to sign is evidence for court stages",
    )
    court = forms.CharField(max_length=200, required=False, help_text="For example, Leicester Magistrates' Court")
    first_hearing_on = date_field("First hearing", required=False)
    order_made = forms.CharField(
        label="Order made",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the court ordered (up to 5,000 characters)",
    )
    order_ends_on = date_field("Order ends", required=False)
    justification = forms.CharField(
        label="Severity justification",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, case: Case, person: Person, kinds: list[InterventionKind], suggested: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.kinds = {str(k.pk): k for k in kinds}
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            Choice(str(k.pk), kind_label(k), hint=kind_hint(k, suggested)) for k in kinds
        ]
        self.fields["kind"].error_messages["required"] = "Choose the intervention"
        self.fields["kind"].error_messages["invalid_choice"] = "Choose one of the interventions listed"
        agency_ids = [case.lead_agency_id, *case.agency_links.values_list("agency_id", flat=True)]
        # The lead agency and the agencies brought into the case.
        self.issuing_agencies = Agency.objects.filter(pk__in=agency_ids).order_by("name")
        cast(forms.ModelChoiceField, self.fields["issuing_agency"]).queryset = self.issuing_agencies
        self.fields["issuing_agency"].error_messages["required"] = "Choose the issuing agency"
        self.fields["issuing_agency"].help_text = "The lead agency or an agency brought into the case"
        cast(forms.ModelChoiceField, self.fields["issuing_officer"]).queryset = (
            Officer.objects.filter(is_active=True, agency_id__in=agency_ids)
            .select_related("agency")
            .order_by("agency__name", "last_name", "first_name")
        )
        self.fields["issuing_officer"].error_messages["required"] = "Choose the issuing officer"
        self.fields["justification"].help_text = (
            f"Required when you choose a stage above the suggested one (tier {suggested}): say why the behaviour "
            "is severe enough to enter at that stage"
        )
        court_fields = ["court", "first_hearing_on", "order_made", "order_ends_on"]
        layout = [
            "submission_token",
            Field.radios("kind", legend_size=Size.MEDIUM),
            "issuing_agency",
            "issuing_officer",
            "issued_on",
            "live_until",
            "conditions",
            "refused_to_sign",
            Fieldset(
                *court_fields,
                legend="Court stages",
                legend_size=Size.MEDIUM,
            ),
            "justification",
        ]
        if person.date_of_birth is None:
            self.fields["date_of_birth"] = date_field(
                f"{person.full_name}'s date of birth",
                required=False,
                help_text="Not recorded yet. Needed for powers with age limits (CPW, CPN, civil injunction, CBO). "
                "For example, 31 3 2005",
            )
            layout.insert(1, "date_of_birth")
        self.helper = gds_helper(self)
        self.helper.layout = Layout(*layout)

    def clean_kind(self) -> InterventionKind:
        return self.kinds[self.cleaned_data["kind"]]

    def clean_issued_on(self):
        value = self.cleaned_data.get("issued_on")
        if value and value > clock.today():
            raise forms.ValidationError("The date issued must be today or in the past")
        return value

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        issued_on, live_until, ends = data.get("issued_on"), data.get("live_until"), data.get("order_ends_on")
        if issued_on and live_until and live_until < issued_on:
            self.add_error("live_until", "The date it is live until must be the same as or after the date issued")
        if issued_on and ends and ends < issued_on:
            self.add_error("order_ends_on", "The date the order ends must be the same as or after the date issued")
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "kind",
                "issuing_agency",
                "issuing_officer",
                "issued_on",
                "live_until",
                "conditions",
                "refused_to_sign",
                "court",
                "first_hearing_on",
                "order_made",
                "order_ends_on",
                "justification",
            )
        }
        fields["date_of_birth"] = data.get("date_of_birth")
        return fields


class EvidenceEntryField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ChronologyEntry) -> str:
        text = " ".join(obj.text.split())
        text = text if len(text) <= 70 else text[:69] + "…"
        return f"{short_datetime(obj.occurred_at)}, {obj.get_kind_display()}: {text}"


class EvidenceIncidentField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Incident) -> str:
        text = " ".join(obj.description.split())
        text = text if len(text) <= 70 else text[:69] + "…"
        log = f" (police log {obj.police_log_number})" if obj.police_log_number else ""
        return f"{short_datetime(obj.occurred_at)}{log}: {text}"


# Evidence of a breach is something an officer logged, not what the system wrote.
EVIDENCE_KINDS_EXCLUDED = (EntryKind.SYSTEM, EntryKind.INTERVENTION, EntryKind.CORRECTION)


EVENT_HINTS: dict[str, str] = {
    EventType.BREACH: "Choose the chronology entry or incident that evidences it, below",
    EventType.APPEAL_LODGED: "Only within the appeal window",
    EventType.APPEAL_ALLOWED: "The intervention is quashed: it no longer counts on the ladder",
    EventType.HEARING_LISTED: "Give the hearing date, below",
    EventType.VARIED: "Give the new live-until date or the new conditions, below",
    EventType.DISCHARGED: "It ends on the date you give",
    EventType.EXPIRED: "Its live period ended on the date you give",
}


class InterventionEventForm(OnceOnlyForm):
    event_type = forms.ChoiceField(label="What happened", widget=forms.RadioSelect)
    occurred_on = date_field("Date")
    details = forms.CharField(
        label="Details",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What happened, who was involved and any outcome (up to 5,000 characters)",
    )
    evidence_entry = EvidenceEntryField(
        queryset=ChronologyEntry.objects.none(),
        required=False,
        label="Chronology entry that evidences it",
        empty_label="None",
    )
    evidence_incident = EvidenceIncidentField(
        queryset=Incident.objects.none(), required=False, label="Incident that evidences it", empty_label="None"
    )
    hearing_on = date_field("Hearing date", required=False)
    new_live_until = date_field("New live until", required=False)
    new_conditions = forms.CharField(
        label="New conditions or terms",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The conditions as varied, in full. Leave blank to keep them as they are",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case: Case, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["event_type"]).choices = [
            Choice(value, EventType(value).label, hint=EVENT_HINTS.get(value, "")) for value in allowed
        ]
        self.fields["event_type"].error_messages["required"] = "Choose what happened"
        self.fields["event_type"].error_messages["invalid_choice"] = "Choose one of the events listed"
        self.fields["details"].error_messages["required"] = "Enter what happened"
        cast(forms.ModelChoiceField, self.fields["evidence_entry"]).queryset = (
            ChronologyEntry.objects.filter(case=case)
            .exclude(kind__in=EVIDENCE_KINDS_EXCLUDED)
            .order_by("-occurred_at", "-id")
        )
        cast(forms.ModelChoiceField, self.fields["evidence_incident"]).queryset = Incident.objects.filter(
            case=case
        ).order_by("-occurred_at")
        self.helper = gds_helper(self)
        self.helper.layout = Layout(
            "submission_token",
            "version",
            Field.radios("event_type", legend_size=Size.MEDIUM),
            "occurred_on",
            "details",
            Fieldset(
                "evidence_entry",
                "evidence_incident",
                legend="Breaches: the evidence",
                legend_size=Size.MEDIUM,
            ),
            Fieldset("hearing_on", legend="Hearing listed", legend_size=Size.MEDIUM),
            Fieldset("new_live_until", "new_conditions", legend="Variation", legend_size=Size.MEDIUM),
        )

    def service_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in (
                "event_type",
                "occurred_on",
                "details",
                "evidence_entry",
                "evidence_incident",
                "hearing_on",
                "new_live_until",
                "new_conditions",
            )
        }
