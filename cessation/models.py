"""Cessation of irresolvable cases (the 2014 LLR guide): proposals, JAG positions and decisions, peer review,
signed closure reports, complainant letters and further reports after cessation.

A proposal moves through the states below; cessation/rules.py says which step is allowed from which state and
the services lock the proposal row for every step, so two people cannot race a transition.

    awaiting_decision --(JAG: continue)--> continued
            |          --(JAG: close, unanimous)--> close_decided --(chair signs)--> ceased
            |          --(JAG: no unanimity)--> peer_review --(reviewer answers)--> reviewed
            |                                                   reviewed --(JAG: continue)--> continued
            |                                                   reviewed --(JAG: close)--> close_decided
            |      (after the review, the JAG decides at a meeting begun since the answer, or its chair in writing)
            +--(lead agency withdraws, before a decision to close)--> withdrawn
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency
from cases.models import Case, Document, Person, PlanVersion
from core import clock
from core.dates import long_date
from jag.models import Jag, Meeting


class ProposalStatus(models.TextChoices):
    AWAITING_DECISION = "awaiting_decision", "Awaiting the JAG's decision"
    PEER_REVIEW = "peer_review", "Peer review requested"
    REVIEWED = "reviewed", "Peer review answered: awaiting the JAG's decision"
    CLOSE_DECIDED = "close_decided", "Closure decided: report awaiting the chair's signature"
    CEASED = "ceased", "Ceased: case closed as unresolved"
    CONTINUED = "continued", "Resolve through existing processes: the case continues"
    WITHDRAWN = "withdrawn", "Withdrawn by the lead agency"


# A case has at most one proposal in these states (a database constraint says so too).
ACTIVE_STATUSES = (
    ProposalStatus.AWAITING_DECISION,
    ProposalStatus.PEER_REVIEW,
    ProposalStatus.REVIEWED,
    ProposalStatus.CLOSE_DECIDED,
)


class CessationProposal(models.Model):
    """The lead agency's proposal to cease a long-standing case, with its reasoning and the plan it rests on."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="cessation_proposals")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.AWAITING_DECISION)
    plan_version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    reasoning = models.TextField("The lead agency's reasoning for cessation", max_length=10000)
    # The proposal as the JAG received it: reasoning and collated summary, rendered when it was submitted.
    document = models.OneToOneField(Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=clock.now)
    withdrawn_reason = models.TextField(max_length=2000, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="cessation_proposal_number_per_case"),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=[s.value for s in ACTIVE_STATUSES]),
                name="cessation_one_active_proposal_per_case",
            ),
        ]
        indexes = [models.Index(fields=["status", "proposed_at"], name="cessation_proposal_status")]

    def __str__(self) -> str:
        return f"Cessation proposal {self.number} on {self.case.reference}"

    def get_absolute_url(self) -> str:
        return reverse("cessation:proposal", kwargs={"reference": self.case.reference, "number": self.number})

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class Position(models.TextChoices):
    CLOSE = "close", "Supports closure: nothing further can reasonably be offered"
    CONTINUE = "continue", "Opposes closure: resolve through existing processes"


class AgencyPosition(models.Model):
    """Where one agency present at a JAG meeting stands on the proposal."""

    proposal = models.ForeignKey(CessationProposal, on_delete=models.PROTECT, related_name="positions")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    position = models.CharField(max_length=10, choices=Position.choices)
    comment = models.TextField(max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "meeting", "agency"], name="cessation_position_once_per_meeting"
            )
        ]


class Outcome(models.TextChoices):
    CONTINUE = "continue", "Resolve through existing processes: the case continues"
    CLOSE = "close", "Close: nothing further can reasonably be offered"
    PEER_REVIEW = "peer_review", "No unanimous decision: request a peer review"


class JagDecision(models.Model):
    """The JAG's decision on a proposal, recorded by its chair, with the rationale: taken at a meeting, or, after a
    peer review has been answered, as the chair's written decision outside a meeting (no meeting), dated when it was
    recorded. A decision after a review is never on a meeting that began before the review was answered."""

    proposal = models.ForeignKey(CessationProposal, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    rationale = models.TextField(max_length=10000)
    # Whether every agency present supported closure when the decision was made.
    unanimous = models.BooleanField()
    after_peer_review = models.ForeignKey(
        "PeerReview", on_delete=models.PROTECT, null=True, blank=True, related_name="decisions_after"
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=False)
                | Q(after_peer_review__isnull=False, outcome__in=["continue", "close"]),
                name="jag_decision_at_a_meeting_or_written_after_review",
            )
        ]

    @property
    def in_writing(self) -> bool:
        """The chair's written decision, outside a meeting."""
        return self.meeting_id is None

    @property
    def decided_on(self) -> datetime.date:
        """The day the decision was taken: its meeting's, or the day the chair recorded the written decision."""
        return timezone.localtime(self.meeting.starts_at if self.meeting else self.decided_at).date()

    def taken(self) -> str:
        """Where and when it was taken, in words: "Leicester City JAG meeting of 3 December 2026", or "written decision
        of the chair of Leicester City JAG, 5 December 2026"."""
        if self.meeting is not None:
            return f"{self.meeting.jag} meeting of {long_date(self.decided_on)}"
        return f"written decision of the chair of {self.proposal.case.jag}, {long_date(self.decided_on)}"


class ReviewerKind(models.TextChoices):
    JAG = "jag", "Another locality's JAG"
    COUNTY = "county", "County Council Community Safety Team"


class Recommendation(models.TextChoices):
    CLOSE = "close", "Close the case: nothing further can reasonably be offered"
    CONTINUE = "continue", "Continue: resolve through existing processes"


class PeerReview(models.Model):
    """A peer review the chair asks for when the JAG is not unanimous. The named reviewer may read the case
    (through the review's own pages, nothing else) until `access_until`, and answers once."""

    proposal = models.ForeignKey(CessationProposal, on_delete=models.PROTECT, related_name="peer_reviews")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=clock.now)
    reviewer_kind = models.CharField(max_length=10, choices=ReviewerKind.choices)
    reviewer_jag = models.ForeignKey(Jag, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="peer_reviews")
    questions = models.TextField("What the JAG asks the reviewer to consider", max_length=5000, blank=True)
    access_until = models.DateTimeField()
    reasonable = models.BooleanField("Were the interventions reasonable?", null=True, blank=True)
    proportionate = models.BooleanField("Were they proportionate?", null=True, blank=True)
    appropriate = models.BooleanField("Were they appropriate?", null=True, blank=True)
    findings = models.TextField("Findings", max_length=10000, blank=True)
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["reviewer", "answered_at"], name="peer_review_reviewer")]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True)
                | Q(
                    reasonable__isnull=False,
                    proportionate__isnull=False,
                    appropriate__isnull=False,
                    recommendation__in=["close", "continue"],
                ),
                name="peer_review_answer_complete",
            ),
            models.CheckConstraint(
                condition=Q(reviewer_kind="county", reviewer_jag__isnull=True)
                | Q(reviewer_kind="jag", reviewer_jag__isnull=False),
                name="peer_review_jag_named_for_jag_review",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("cessation:review", kwargs={"pk": self.pk})

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def access_open(self, now=None) -> bool:
        return (now or clock.now()) < self.access_until


class ClosureReport(models.Model):
    """A signed closure report. Never changed after signing (a PostgreSQL trigger refuses it): a corrected
    report is a new version, a new document, and the earlier one stays as it was signed."""

    proposal = models.ForeignKey(CessationProposal, on_delete=models.PROTECT, related_name="closure_reports")
    number = models.PositiveSmallIntegerField()
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()
    signer_name = models.CharField(max_length=200)
    signer_role = models.CharField(max_length=200)
    new_version_reason = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["proposal", "number"]
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="closure_report_version_once")]

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError("A signed closure report cannot be changed: sign a new version instead")
        super().save(*args, **kwargs)


class LetterKind(models.TextChoices):
    CESSATION = "cessation", "Cessation letter"
    FURTHER_REFUSED = "further_refused", "Further report: help previously offered and refused"
    FURTHER_UNRESOLVED = "further_unresolved", "Further report: investigated and could not be resolved"


FURTHER_LETTER_KINDS = (LetterKind.FURTHER_REFUSED, LetterKind.FURTHER_UNRESOLVED)


class VisitStatus(models.TextChoices):
    MADE = "made", "Made: the letter was hand-delivered and explained"
    PLANNED = "planned", "Planned"
    NOT_APPROPRIATE = "not_appropriate", "Judged not appropriate"


class ComplainantLetter(models.Model):
    """A letter to a complainant on the lead agency's letterhead, kept on the case as a document; for the
    cessation letter, whether a joint-agency visit to hand-deliver it was made, is planned or was judged not
    appropriate, and why."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="cessation_letters")
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    proposal = models.ForeignKey(
        CessationProposal, on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    further_report = models.ForeignKey(
        "FurtherReport", on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    complainant = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="+")
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField(default=clock.now)
    visit_status = models.CharField("Joint-agency visit", max_length=20, choices=VisitStatus.choices, blank=True)
    visit_on = models.DateField("Date of the visit", null=True, blank=True)
    visit_agencies = models.CharField("Agencies on the visit", max_length=300, blank=True)
    visit_reason = models.TextField("Why", max_length=2000, blank=True)
    visit_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    visit_recorded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-generated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="cessation", proposal__isnull=False, further_report__isnull=True)
                | Q(kind__in=["further_refused", "further_unresolved"], further_report__isnull=False),
                name="complainant_letter_belongs_to_its_step",
            )
        ]


class Assessment(models.TextChoices):
    UNRELATED = "unrelated", "Clearly unrelated: a first-time report (opens a new case)"
    SAME = "same", "The same circumstances: to the LPU commander and LA community safety manager"


class FurtherReportStatus(models.TextChoices):
    NEW_CASE = "new_case", "Opened as a new case"
    AWAITING_REVIEW = "awaiting_review", "With the LPU commander and LA community safety manager"
    CLOSED_NFA = "closed_nfa", "Closed with no further action"


class ReviewOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "Close with no further action"
    NEW_CASE = "new_case", "Action is needed: open a new case"


class FurtherReport(models.Model):
    """A new complaint from a complainant of a ceased case, recorded and assessed."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="further_reports")
    complainant = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField("Date received")
    description = models.TextField("What was reported", max_length=5000)
    assessment = models.CharField(max_length=10, choices=Assessment.choices)
    assessment_reason = models.TextField("Why", max_length=5000)
    status = models.CharField(max_length=20, choices=FurtherReportStatus.choices)
    new_case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="opened_from_further_reports"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)
    review_outcome = models.CharField(max_length=10, choices=ReviewOutcome.choices, blank=True)
    review_notes = models.TextField("Review notes", max_length=5000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewer_role = models.CharField(max_length=100, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Closed with no further action: the further letter the reviewer chose, written and filed in its own steps.
    letter_kind = models.CharField(
        "Letter to the complainant",
        max_length=20,
        choices=[(kind.value, kind.label) for kind in (LetterKind.FURTHER_REFUSED, LetterKind.FURTHER_UNRESOLVED)],
        blank=True,
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["status", "received_on"], name="further_report_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="new_case") | Q(new_case__isnull=False), name="further_report_new_case_named"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed_nfa") | Q(reviewed_by__isnull=False, review_outcome="nfa"),
                name="further_report_nfa_reviewed",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed_nfa") | Q(letter_kind__in=["further_refused", "further_unresolved"]),
                name="further_report_nfa_letter_chosen",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("cessation:further_report", kwargs={"pk": self.pk})


class PackState(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    LAYING_OUT = "laying_out", "Being laid out"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be prepared"


PACK_IN_PROGRESS = (PackState.QUEUED, PackState.LAYING_OUT)
# A pack takes seconds; one still in progress after this has lost its worker (stopped, or the broker down) and is
# taken as failed, so the officer can ask again.
PACK_GIVEN_UP_AFTER = datetime.timedelta(minutes=10)


class PackJob(models.Model):
    """An officer's request for the case review pack, which Celery lays out in parts (see cessation/tasks.py); the
    pack itself is kept on the case as a document when it is ready. It was asked for through the case, a peer review
    or a further report, and is seen again only by the officer who asked, through the same door."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(PeerReview, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    further_report = models.ForeignKey(FurtherReport, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=clock.now)
    state = models.CharField(max_length=12, choices=PackState.choices, default=PackState.QUEUED)
    parts_done = models.PositiveSmallIntegerField(default=0)
    parts_total = models.PositiveSmallIntegerField(default=0)
    document = models.OneToOneField(Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    pages = models.PositiveIntegerField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "case", "-requested_at"], name="pack_job_officer_case")]
        constraints = [
            # A double click, two tabs: one pack in the making per officer and case.
            models.UniqueConstraint(
                fields=["case", "requested_by"],
                condition=Q(state__in=[s.value for s in PACK_IN_PROGRESS]),
                name="pack_job_one_in_progress",
            ),
            models.CheckConstraint(
                condition=~Q(state=PackState.READY) | Q(document__isnull=False, finished_at__isnull=False),
                name="pack_job_ready_has_its_document",
            ),
            models.CheckConstraint(
                condition=Q(review__isnull=True) | Q(further_report__isnull=True), name="pack_job_one_way_in"
            ),
        ]

    def __str__(self) -> str:
        return f"Case review pack of {self.case.reference} for {self.requested_by}"

    def get_absolute_url(self) -> str:
        return reverse("cessation:pack_job", kwargs={"pk": self.pk})

    def shown_state(self, now: datetime.datetime) -> str:
        """The state to show the officer: one given up on shows as failed."""
        if self.state in PACK_IN_PROGRESS and now - self.requested_at > PACK_GIVEN_UP_AFTER:
            return PackState.FAILED
        return self.state


class ChronologySheet(models.Model):
    """A chunk of a case's chronology laid out as PDF pages for the case review pack (cessation/documents/pack.py),
    kept so that a later pack takes it instead of laying it out again. It is a copy of what the chronology says,
    found by the fingerprint of its HTML: a chunk whose entries changed (a correction, an entry dated back, a
    renamed officer) has another fingerprint, and its old sheet is removed once no pack in the making may need it.
    Sheets go with their case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=64)
    first_number = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField()
    # The case's newest chronology entry when the sheet was laid out: cases with a newer one are looked at again.
    seen_entry_id = models.BigIntegerField()
    content = models.BinaryField()
    laid_out_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "fingerprint"], name="chronology_sheet_once")]

    def __str__(self) -> str:
        return f"Chronology of {self.case_id}, entries {self.first_number} to {self.last_number}"
