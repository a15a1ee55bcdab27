"""The intervention forms: validation of what was typed and the GOV.UK layout. The rules are the services' (their
errors come back next to the fields through core.forms.apply_service_errors)."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size
from django import forms

from agencies.forms import OfficerChoiceField
from agencies.models import Agency, Officer
from cases.forms import case_agencies
from cases.models import Case, ChronologyEntry, EntryKind, Incident, Person
from core import clock
from core.dates import short_datetime
from core.forms import OnceOnlyForm, date_field, gds_helper

from . import penalties, rules
from .catalogue import rule_of
from .models import ACT_2014_COMMENCEMENT, FIXED_PENALTY_CODE, EventType, InterventionKind


def kind_hint(kind: InterventionKind, suggested: int) -> str:
    """What an officer needs to know when choosing: the stage, who may use it, age limits, what it needs first, and
    when it came or comes into force where it is not simply the 2014 Act's commencement."""
    version = kind.current_version
    stage = f"Tier {kind.tier}" + (" (the suggested next stage)" if kind.tier == suggested else "")
    parts = [stage]
    if version.issuing_agency_kinds:
        parts.append(f"issued by: {rules.agency_kinds_text(version.issuing_agency_kinds)}")
    if version.minimum_age is not None or version.maximum_age is not None:
        parts.append(rules.age_range_text(kind_rule_of(kind)))
    prior = [p.short_name or p.name for p in version.requires_prior.all()]
    if prior:
        parts.append(f"needs an earlier {' or '.join(prior)}")
    if version.default_live_months:
        parts.append(f"live {version.default_live_months} months unless you say otherwise")
    if version.max_live_hours:
        parts.append(f"up to {version.max_live_hours} hours")
    if kind.court_stage:
        parts.append("court stage")
    if version.without_notice:
        parts.append("may be made without notice")
    if version.in_force_from > ACT_2014_COMMENCEMENT or version.in_force_until or version.localities:
        parts.append(f"in force {version.period_text}")
    return "; ".join(parts)


def kind_label(kind: InterventionKind) -> str:
    version = kind.current_version
    short = version.short_name if version.short_name and version.short_name.isupper() else ""
    return f"{version.name} ({short})" if short else version.name


def kind_rule_of(kind: InterventionKind) -> rules.KindRule:
    return rule_of(kind, kind.current_version)


def kind_fields(kind: InterventionKind) -> set[str]:
    """The details a kind of intervention needs on the form, read from its catalogue entry: a live period for any
    power that has one or terms to keep, the refusal for an agreement, the court's details for a court stage."""
    rule = kind_rule_of(kind)
    has_terms = bool(rule.legal_basis or kind.can_be_refused or kind.court_stage)
    has_live_period = has_terms or any(
        months is not None
        for months in (
            rule.default_live_months,
            rule.max_live_months,
            rule.max_live_hours,
            rule.adult_min_live_months,
            rule.under_18_min_live_months,
            rule.under_18_max_live_months,
        )
    )
    fields = {"issuing_officer", "issued_on", "conditions"}
    if has_live_period:
        fields.add("live_until")
    if kind.can_be_refused:
        fields.add("refused_to_sign")
    if kind.court_stage:
        fields |= set(COURT_FIELDS)
        if rule.without_notice:
            fields |= set(WITHOUT_NOTICE_FIELDS)
    if rule.notice_hours:
        fields |= set(NOTICE_FIELDS)
    if rule.landlord_condition:
        fields.add("landlord_confirmed")
    if rule.age_dependent:
        fields.add("date_of_birth")
    return fields


COURT_FIELDS = ("court", "first_hearing_on", "order_made", "order_ends_on")
# Asked of a notice whose length is authorised (a closure notice).
NOTICE_FIELDS = ("notice_hours", "authorised_by")
# Asked of a court stage whose version says it may be made without notice.
WITHOUT_NOTICE_FIELDS = ("made_without_notice", "return_hearing_on")
# Every detail the issue form may ask for, in the order it asks.
DETAIL_FIELDS = (
    "date_of_birth",
    "issuing_officer",
    "issued_on",
    *NOTICE_FIELDS,
    "landlord_confirmed",
    "live_until",
    "conditions",
    "refused_to_sign",
    *COURT_FIELDS,
    *WITHOUT_NOTICE_FIELDS,
    "justification",
)


class InterventionKindForm(forms.Form):
    """The first step: which intervention, issued by which agency. Sent by GET, so it works without JavaScript and
    the second step's address says what was chosen."""

    kind = forms.ChoiceField(label="Intervention", widget=forms.RadioSelect)
    issuing_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label="Issuing agency", empty_label="Choose the agency"
    )

    def __init__(
        self,
        *args,
        case: Case,
        person: Person,
        kinds: list[InterventionKind],
        suggested: int,
        check_agency: bool = True,
        **kwargs,
    ):
        """check_agency: refuse an agency that may not use the power here (the second step's save leaves that to
        the service, whose error is shown beside the choice with what was typed kept)."""
        super().__init__(*args, **kwargs)
        self.person, self.check_agency = person, check_agency
        # A fixed penalty is recorded from the CPN or PSPO breached, which issues the notice with its amount: this
        # form says so instead of offering it (docs/decisions/0009-one-fixed-penalty.md).
        self.fixed_penalty_elsewhere = any(k.code == FIXED_PENALTY_CODE for k in kinds)
        self.penalty_notices = penalties.notices_breached(case, person) if self.fixed_penalty_elsewhere else []
        kinds = [k for k in kinds if k.code != FIXED_PENALTY_CODE]
        self.kinds = {str(k.pk): k for k in kinds}
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            Choice(str(k.pk), kind_label(k), hint=kind_hint(k, suggested)) for k in kinds
        ]
        self.fields["kind"].error_messages["required"] = "Choose the intervention"
        self.fields["kind"].error_messages["invalid_choice"] = "Choose one of the interventions listed"
        self.issuing_agencies = case_agencies(case)
        agency = cast(forms.ModelChoiceField, self.fields["issuing_agency"])
        agency.queryset = self.issuing_agencies
        agency.error_messages["required"] = "Choose the issuing agency"
        agency.error_messages["invalid_choice"] = "Choose one of the agencies listed"
        agency.help_text = "The lead agency or an agency brought into the case"
        self.helper = gds_helper(self)
        self.helper.layout = Layout(Field.radios("kind", legend_size=Size.MEDIUM), "issuing_agency")
        if self.fixed_penalty_elsewhere:
            self.helper.layout.insert(1, HTML('{% include "incremental/penalties/fixed_penalty_inset.html" %}'))

    def clean_kind(self) -> InterventionKind:
        return self.kinds[self.cleaned_data["kind"]]

    def clean(self) -> dict[str, Any]:
        super().clean()
        kind, agency = self.cleaned_data.get("kind"), self.cleaned_data.get("issuing_agency")
        if kind and agency and self.check_agency:
            # Only whether this agency may use the power: the rest depends on the date issued, asked next.
            errors = rules.precondition_errors(kind_rule_of(kind), self.person, agency, clock.today(), [])
            for message in errors.get("issuing_agency", []):
                self.add_error("issuing_agency", message)
        return self.cleaned_data


class InterventionIssueForm(OnceOnlyForm):
    """The second step: the details the chosen kind needs, and only those (`kind_fields`). The kind and the agency
    come back as hidden fields; errors on them are shown beside the choice made in the first step."""

    kind = forms.ChoiceField(widget=forms.HiddenInput)
    issuing_agency = forms.ModelChoiceField(queryset=Agency.objects.none(), widget=forms.HiddenInput)
    issuing_officer = OfficerChoiceField(
        queryset=Officer.objects.none(),
        label="Issuing officer",
        empty_label="Choose the officer",
    )
    issued_on = date_field("Date issued")
    live_until = date_field(
        "Live until (optional)",
        required=False,
        help_text="Leave blank to use the catalogue's live period (for example, 3 months for a first warning)",
    )
    conditions = forms.CharField(
        label="Conditions or terms (optional)",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    refused_to_sign = forms.BooleanField(
        label="The person refused to sign",
        required=False,
        help_text="Refusing to sign is evidence for court stages",
    )
    notice_hours = forms.TypedChoiceField(
        label="How long the notice lasts", coerce=int, empty_value=None, required=False, widget=forms.RadioSelect
    )
    authorised_by = forms.CharField(
        label="Authorised by",
        max_length=200,
        required=False,
        help_text="The name and rank or role of who authorised the notice",
    )
    landlord_confirmed = forms.BooleanField(required=False)
    court = forms.CharField(max_length=200, help_text="For example, Leicester Magistrates' Court")
    first_hearing_on = date_field(
        "First hearing", required=False, help_text="Give this or the order made. For example, 27 3 2026"
    )
    order_made = forms.CharField(
        label="Order made",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the court ordered (up to 5,000 characters)",
    )
    order_ends_on = date_field("Order ends (optional)", required=False)
    made_without_notice = forms.BooleanField(
        label="The order was made without notice to the respondent",
        required=False,
        help_text="Only where the court heard the application without the respondent being told of it",
    )
    return_hearing_on = date_field(
        "Return hearing (on notice)",
        required=False,
        help_text="Only for an order made without notice. For example, 27 3 2026",
    )
    justification = forms.CharField(
        label="Severity justification",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self,
        *args,
        case: Case,
        person: Person,
        kind: InterventionKind,
        agency: Agency,
        suggested: int,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.person, self.chosen_kind, self.chosen_agency = person, kind, agency
        self.fields["kind"].choices = [(str(kind.pk), kind_label(kind))]  # type: ignore[attr-defined]
        self.fields["kind"].error_messages["invalid_choice"] = "Choose one of the interventions listed"
        self.initial.setdefault("kind", str(kind.pk))
        cast(forms.ModelChoiceField, self.fields["issuing_agency"]).queryset = Agency.objects.filter(pk=agency.pk)
        self.initial.setdefault("issuing_agency", agency.pk)
        wanted = kind_fields(kind)
        if person.date_of_birth is not None:
            wanted.discard("date_of_birth")
        # Asked when the kind is above today's suggested stage; kept as a field in any case, since a date issued in
        # the past may make it a skip after all, and then the service's error brings it onto the page.
        self.justification_asked = rules.is_skip(kind.tier, suggested)
        wanted.add("justification")
        if "date_of_birth" in wanted:
            self.fields["date_of_birth"] = date_field(
                f"{person.full_name}'s date of birth",
                required=False,
                help_text=f"Not recorded yet. Needed for {kind_label(kind)}, which has age limits. "
                "For example, 31 3 2005",
            )
        for name in DETAIL_FIELDS:
            if name not in wanted:
                self.fields.pop(name, None)
        officer = cast(forms.ModelChoiceField, self.fields["issuing_officer"])
        officer.queryset = (
            Officer.objects.filter(is_active=True, agency=agency)
            .select_related("agency")
            .order_by("last_name", "first_name")
        )
        officer.help_text = f"An officer of {agency.name}"
        officer.error_messages["required"] = "Choose the issuing officer"
        officer.error_messages["invalid_choice"] = f"The issuing officer must be an officer of {agency.name}"
        if "conditions" in self.fields:
            self.fields["conditions"].label, self.fields["conditions"].help_text = _conditions_wording(kind)
        hours = kind_rule_of(kind).max_live_hours
        if hours and "live_until" in self.fields:
            days = rules.days_for_hours(hours)
            self.fields["live_until"].help_text = (
                f"The last day it binds: up to {hours} hours from when it was given, so at the latest {days} "
                f"day{'s' if days != 1 else ''} after the date issued. Leave blank for the whole {hours} hours"
            )
        if "notice_hours" in self.fields:
            rule = kind_rule_of(kind)
            cast(forms.ChoiceField, self.fields["notice_hours"]).choices = [
                (hours, f"{hours} hours" + (" (with a senior authorisation)" if hours != rule.notice_hours else ""))
                for hours in rules.notice_hours_allowed(rule)
            ]
            if rule.senior_notice_hours:
                self.fields["notice_hours"].help_text = (
                    f"{rule.senior_notice_hours} hours needs the authorisation of a police superintendent, the "
                    "council's chief executive or their designate, or the landlord's senior manager"
                )
        if "landlord_confirmed" in self.fields:
            # Asked of a registered social landlord only, in the words of the version's condition.
            statement = rules.landlord_statement(kind_rule_of(kind), agency)
            if statement:
                self.fields["landlord_confirmed"].label = statement
                self.fields[
                    "landlord_confirmed"
                ].help_text = "A registered social landlord may use this power only then"
            else:
                del self.fields["landlord_confirmed"]
        if "court" in self.fields:
            self.fields["court"].error_messages["required"] = (
                f"Enter the court: {kind_rule_of(kind).label} is a court stage"
            )
        self.fields["justification"].help_text = (
            f"{kind_label(kind)} is tier {kind.tier}, above the suggested next stage (tier {suggested}): say why "
            "the behaviour is severe enough to enter at that stage"
            if self.justification_asked
            else f"{kind_label(kind)} is above the suggested stage on the date issued: say why the behaviour is "
            "severe enough to enter at that stage"
        )

    @property
    def helper(self):
        """The layout: the kind's details, the court's in their own group, the justification when it is asked for
        or the service says it is needed."""
        errors = getattr(self, "_errors", None) or {}
        shown = [
            name
            for name in DETAIL_FIELDS
            if name in self.fields
            and name not in COURT_FIELDS
            and name not in WITHOUT_NOTICE_FIELDS
            and (name != "justification" or self.justification_asked or "justification" in errors)
        ]
        layout: list = ["submission_token", "kind", "issuing_agency", *shown]
        if self.chosen_kind.court_stage:
            at = layout.index("refused_to_sign") if "refused_to_sign" in layout else len(layout)
            if "justification" in layout[:at]:
                at = layout.index("justification")
            court = [name for name in (*COURT_FIELDS, *WITHOUT_NOTICE_FIELDS) if name in self.fields]
            layout.insert(at, Fieldset(*court, legend="At court", legend_size=Size.MEDIUM))
        helper = gds_helper(self)
        helper.layout = Layout(*layout)
        return helper

    def clean_kind(self) -> InterventionKind:
        return self.chosen_kind

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

    @property
    def choice_errors(self) -> dict[str, list[str]]:
        """Errors on what was chosen in the first step, shown beside the choice with a link to change it."""
        return {
            name: [str(message) for message in self.errors[name]]
            for name in ("kind", "issuing_agency")
            if self.is_bound and name in self.errors
        }

    def service_fields(self) -> dict:
        data = self.cleaned_data
        defaults: dict[str, Any] = {
            "conditions": "",
            "refused_to_sign": False,
            "court": "",
            "order_made": "",
            "made_without_notice": False,
            "authorised_by": "",
            "landlord_confirmed": False,
        }
        fields: dict[str, Any] = {"kind": self.chosen_kind, "issuing_agency": self.chosen_agency}
        for name in DETAIL_FIELDS:
            if name in self.fields:
                fields[name] = data.get(name)
            elif name in defaults:
                fields[name] = defaults[name]
        fields.setdefault("justification", "")
        fields["justification"] = fields["justification"] or ""
        return fields


def _conditions_wording(kind: InterventionKind) -> tuple[str, str]:
    if kind.court_stage:
        return (
            "Conditions or requirements (optional)",
            "The notice's requirements or the terms sought or ordered, one to a line (up to 10,000 characters)",
        )
    if kind.can_be_refused:
        return "Terms of the agreement (optional)", "One term to a line (up to 10,000 characters)"
    if kind.current_version.legal_basis:
        return (
            "Conduct to stop and requirements (optional)",
            "What the warning tells the person to stop or do, one to a line (up to 10,000 characters)",
        )
    return "What was said or written (optional)", "Up to 10,000 characters"


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
