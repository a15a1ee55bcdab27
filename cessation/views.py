"""The cessation pages on a case: the queue, proposing, the proposal and the JAG at its meetings, signing the
closure report and writing to the complainant. Thin: fetch through the permission helpers, bind the form, call
one service, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from agencies.models import AuditAction
from agencies.roles import Role, held_roles
from agencies.web import audit, once_only, save_form, submit_once
from cases.models import AgendaItem, AgendaReason, Case, CaseStatus
from cases.permissions import CHANGE, VIEW, get_case_for
from core.dates import long_date
from core.forms import apply_service_errors
from core.refusals import NotAllowed
from jag.models import Meeting, MeetingAttendance

from . import rules, selectors, services
from .base_views import CHAIR_ONLY, LEAD_ONLY, RUNNERS_ONLY, explains_refusals, on_case
from .forms import (
    DecisionForm,
    LetterForm,
    NewVersionForm,
    PositionsForm,
    ProposeForm,
    SignForm,
    VisitForm,
    WithdrawForm,
    complainants_of,
    only_complainant,
)
from .models import ACTIVE_STATUSES, AgencyPosition, CessationProposal, ComplainantLetter, LetterKind
from .permissions import get_proposal_for, may_chair, may_propose, may_run
from .rules import Step
from .summary import collated_summary

# The decision form shares the meeting page with the positions form: its own ids keep every id on the page unique.
DECISION_IDS = "decision_%s"
CASE_RELATED = ("jag", "jag__chair", "lead_agency", "lead_officer", "category")


def _case(request, reference: str, need: str = VIEW) -> Case:
    return get_case_for(request.user, reference, need, queryset=Case.objects.select_related(*CASE_RELATED))


def proposal_url(proposal: CessationProposal, anchor: str = "") -> str:
    url = reverse("cessation:proposal", kwargs={"reference": proposal.case.reference, "number": proposal.number})
    return url + (f"#{anchor}" if anchor else "")


def meeting_url(proposal: CessationProposal, meeting: Meeting, anchor: str = "") -> str:
    url = reverse(
        "cessation:meeting",
        kwargs={"reference": proposal.case.reference, "number": proposal.number, "meeting_pk": meeting.pk},
    )
    return url + (f"#{anchor}" if anchor else "")


def _refused_step(request, proposal: CessationProposal, step: Step):
    """Back to the proposal, saying why the step cannot be taken now."""
    try:
        rules.require(proposal, step)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(proposal_url(proposal))


def _meeting_of(proposal: CessationProposal, meeting_pk: int) -> Meeting:
    """A meeting of the JAG that manages the case (anything else is "not found")."""
    return get_object_or_404(
        Meeting.objects.select_related("jag", "jag__chair"), pk=meeting_pk, jag_id=proposal.case.jag_id
    )


# --- The queue ---------------------------------------------------------------------------------------------------


@login_required
def queue(request):
    user = request.user
    roles = held_roles(user)
    chair = selectors.chair_queue(user)
    lead = selectors.lead_officer_queue(user)
    reviews = selectors.reviewer_queue(user)
    further = selectors.further_report_queue(user)
    return render(
        request,
        "cessation/queue.html",
        {
            **chair,
            **lead,
            "reviews": reviews,
            "further_reports": further,
            "show_chair": Role.JAG_CHAIR in roles or any(chair.values()),
            "show_reviews": bool(reviews) or bool(roles & {Role.JAG_CHAIR, Role.COUNTY_COMMUNITY_SAFETY_TEAM}),
            "show_further": bool(further) or bool(roles & {Role.LPU_COMMANDER, Role.LA_COMMUNITY_SAFETY_MANAGER}),
        },
    )


# --- Proposing ---------------------------------------------------------------------------------------------------


@login_required
def summary(request, reference):
    case = _case(request, reference)
    audit(
        request,
        AuditAction.VIEW,
        f"Viewed the collated summary of {case.reference}",
        obj=case,
        case_reference=case.reference,
    )
    return render(request, "cessation/summary.html", {"case": case, "summary": collated_summary(case)})


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def propose(request, reference):
    case = _case(request, reference, CHANGE)
    if not may_propose(request.user, case):
        raise NotAllowed(LEAD_ONLY)
    missing = rules.proposal_missing(case)
    if request.method == "POST":
        form = ProposeForm(request.POST)

        def write() -> str:
            proposal = services.cessation_propose(
                case=case, officer=request.user, reasoning=form.cleaned_data["reasoning"]
            )
            return proposal_url(proposal)

        saved = save_form(request, form, write, "Cessation proposed: it goes onto the JAG's next agenda")
        if saved:
            return saved
    else:
        form = ProposeForm()
    audit(
        request,
        AuditAction.VIEW,
        f"Viewed the collated summary of {case.reference}",
        obj=case,
        case_reference=case.reference,
    )
    return render(
        request,
        "cessation/propose.html",
        {
            "case": case,
            "met": _preconditions_met(case),
            "missing": missing,
            "summary": collated_summary(case),
            "form": form,
        },
    )


def _preconditions_met(case: Case) -> list[str]:
    """The preconditions the case meets, in words, to show beside those rules.proposal_missing finds missing."""
    met = []
    if case.status == CaseStatus.OPEN:
        met.append("The case is open")
    if case.long_standing_since is not None:
        met.append(f"The case is long standing (since {long_date(case.long_standing_since)})")
    plan = case.plan_versions.order_by("-number").first()
    if plan is not None:
        met.append(f"There is a problem-solving plan (Appendix A): version {plan.number}")
    if not CessationProposal.objects.filter(case=case, status__in=ACTIVE_STATUSES).exists():
        met.append("No other cessation proposal is in progress")
    return met


# --- The proposal ------------------------------------------------------------------------------------------------


def _proposal_meetings(proposal: CessationProposal, positions, decisions) -> list[dict]:
    """The meetings that had the proposal on their agenda, or at which positions or decisions were recorded on it,
    oldest first, each with what was recorded there."""
    case = proposal.case
    items = AgendaItem.objects.filter(
        case=case,
        reasons__contains=AgendaReason.CESSATION_PROPOSAL,
        meeting__starts_at__date__gte=timezone.localdate(proposal.proposed_at),
    ).select_related("meeting__jag")
    if proposal.ended_at is not None:
        items = items.filter(meeting__starts_at__date__lte=timezone.localdate(proposal.ended_at))
    meetings = {item.meeting_id: item.meeting for item in items}
    for record in [*positions, *decisions]:
        meetings.setdefault(record.meeting_id, record.meeting)
    rows = []
    for meeting in sorted(meetings.values(), key=lambda m: (m.starts_at, m.pk)):
        rows.append(
            {
                "meeting": meeting,
                "url": meeting_url(proposal, meeting),
                "positions": [p for p in positions if p.meeting_id == meeting.pk],
                "decisions": [d for d in decisions if d.meeting_id == meeting.pk],
            }
        )
    return rows


@login_required
def proposal_detail(request, reference, number):
    proposal = get_proposal_for(request.user, reference, number)
    case = proposal.case
    user = request.user
    audit(request, AuditAction.VIEW, f"Viewed {proposal}", obj=proposal, case_reference=case.reference)
    positions = list(
        AgencyPosition.objects.filter(proposal=proposal).select_related("agency", "meeting__jag", "recorded_by")
    )
    decisions = list(
        proposal.decisions.select_related("meeting__jag", "decided_by", "after_peer_review").order_by("decided_at")
    )
    lead = may_propose(user, case)
    chair = may_chair(user, proposal)
    return render(
        request,
        "cessation/proposal.html",
        {
            "case": case,
            "proposal": proposal,
            "document": on_case([proposal], case)[0].document if proposal.document_id else None,
            "meetings": _proposal_meetings(proposal, positions, decisions),
            "decisions": decisions,
            "reviews": list(
                proposal.peer_reviews.select_related("reviewer__agency", "reviewer_jag", "requested_by").order_by(
                    "requested_at"
                )
            ),
            "closure_reports": on_case(proposal.closure_reports.select_related("document", "signed_by"), case),
            "letters": on_case(proposal.letters.select_related("complainant", "document", "visit_recorded_by"), case),
            "is_chair": chair,
            "is_lead": lead,
            "may_withdraw": lead and rules.allows(proposal, Step.WITHDRAW),
            "may_sign": chair and rules.allows(proposal, Step.SIGN),
            "may_new_version": chair and rules.allows(proposal, Step.NEW_REPORT_VERSION),
            "may_write_letter": lead and rules.allows(proposal, Step.WRITE_LETTER),
            "draft_available": rules.allows(proposal, Step.SIGN),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def withdraw(request, reference, number):
    proposal = get_proposal_for(request.user, reference, number, CHANGE)
    if not may_propose(request.user, proposal.case):
        raise NotAllowed(LEAD_ONLY)
    if not rules.allows(proposal, Step.WITHDRAW):
        return _refused_step(request, proposal, Step.WITHDRAW)
    if request.method == "POST":
        form = WithdrawForm(request.POST)

        def write() -> str:
            services.cessation_withdraw(proposal=proposal, officer=request.user, reason=form.cleaned_data["reason"])
            return proposal_url(proposal)

        saved = save_form(request, form, write, "Cessation proposal withdrawn")
        if saved:
            return saved
    else:
        form = WithdrawForm()
    return render(request, "cessation/withdraw.html", {"case": proposal.case, "proposal": proposal, "form": form})


# --- The JAG at a meeting ----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def meeting(request, reference, number, meeting_pk):
    """The positions of the agencies present and the chair's decision on the proposal at one meeting."""
    proposal = get_proposal_for(request.user, reference, number)
    case = proposal.case
    held = _meeting_of(proposal, meeting_pk)
    user = request.user
    attendance = list(MeetingAttendance.objects.filter(meeting=held).select_related("agency"))
    present = [row.agency for row in attendance if row.present]
    present_ids = [agency.pk for agency in present]
    recorded = {
        p.agency_id: p
        for p in AgencyPosition.objects.filter(proposal=proposal, meeting=held).select_related("recorded_by")
    }
    positions = {agency_id: p.position for agency_id, p in recorded.items()}
    on_agenda = AgendaItem.objects.filter(meeting=held, case=case).exists()
    runner, chair = may_run(user, proposal), may_chair(user, proposal)
    may_record = runner and on_agenda and bool(present) and rules.allows(proposal, Step.RECORD_POSITIONS)
    may_decide = chair and on_agenda and rules.allows(proposal, Step.DECIDE)
    missing = rules.positions_missing(present_ids, positions)
    split = rules.positions_split(positions)
    may_request_review = (
        chair
        and on_agenda
        and bool(present)
        and not missing
        and split
        and rules.allows(proposal, Step.REQUEST_PEER_REVIEW)
    )
    recorded_values = {agency_id: (p.position, p.comment) for agency_id, p in recorded.items()}
    positions_form = PositionsForm(agencies=present, recorded=recorded_values) if may_record else None
    decision_form = DecisionForm(auto_id=DECISION_IDS) if may_decide else None

    if request.method == "POST":
        step = request.POST.get("step")
        if step == "decision":
            if not chair:
                raise NotAllowed(CHAIR_ONLY)
            decision_form = DecisionForm(request.POST, auto_id=DECISION_IDS)

            def decide() -> str:
                data = decision_form.cleaned_data
                services.cessation_decide(
                    proposal=proposal,
                    meeting=held,
                    officer=user,
                    outcome=data["outcome"],
                    rationale=data["rationale"],
                )
                return proposal_url(proposal, "decisions")

            saved = save_form(request, decision_form, decide, "The JAG's decision is recorded")
            if saved:
                return saved
        else:
            if not runner:
                raise NotAllowed(RUNNERS_ONLY)
            positions_form = PositionsForm(request.POST, agencies=present, recorded=recorded_values)

            def record() -> str:
                services.positions_record(
                    proposal=proposal,
                    meeting=held,
                    officer=user,
                    rows=[
                        services.PositionInput(agency, position, comment)
                        for agency, position, comment in positions_form.rows()
                    ],
                )
                return meeting_url(proposal, held, "positions")

            saved = save_form(request, positions_form, record, "Positions recorded")
            if saved:
                return saved

    audit(request, AuditAction.VIEW, f"Viewed {proposal} at {held}", obj=proposal, case_reference=case.reference)
    return render(
        request,
        "cessation/meeting.html",
        {
            "case": case,
            "proposal": proposal,
            "meeting": held,
            "attendance_recorded": bool(attendance),
            "present": [(agency, recorded.get(agency.pk)) for agency in present],
            "absent": [row.agency for row in attendance if not row.present],
            "on_agenda": on_agenda,
            "unanimous": rules.unanimous_for_closure(present_ids, positions),
            "missing": bool(missing),
            "split": split,
            "decisions": list(proposal.decisions.filter(meeting=held).select_related("decided_by")),
            "review": proposal.peer_reviews.filter(answered_at__isnull=False)
            .select_related("reviewer", "reviewer_jag")
            .first(),
            "is_runner": runner,
            "is_chair": chair,
            "may_record": may_record,
            "may_decide": may_decide,
            "may_request_review": may_request_review,
            "positions_form": positions_form,
            "decision_form": decision_form,
        },
    )


# --- The closure report ------------------------------------------------------------------------------------------


def _audit_wrong_password(request, form, proposal: CessationProposal) -> None:
    """A signature refused for a wrong password is kept in the audit trail, like a failed sign-in."""
    if "password" in form.errors and form.data.get("password"):
        audit(
            request,
            AuditAction.SIGN_IN_FAILED,
            "Wrong password when signing the closure report",
            obj=proposal,
            case_reference=proposal.case.reference,
        )


def _signing(request, reference, number) -> CessationProposal:
    proposal = get_proposal_for(request.user, reference, number)
    if not may_chair(request.user, proposal):
        raise NotAllowed(CHAIR_ONLY)
    return proposal


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def sign(request, reference, number):
    return _signature_page(
        request,
        reference,
        number,
        step=Step.SIGN,
        form_class=SignForm,
        sign=lambda proposal, data: services.closure_report_sign(
            proposal=proposal, officer=request.user, password=data["password"]
        ),
        done="Closure report signed: the case is closed as unresolved (ceased)",
        template="cessation/sign.html",
        context=lambda proposal: {"decision": proposal.decisions.last()},
    )


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def new_version(request, reference, number):
    return _signature_page(
        request,
        reference,
        number,
        step=Step.NEW_REPORT_VERSION,
        form_class=NewVersionForm,
        sign=lambda proposal, data: services.closure_report_new_version(
            proposal=proposal, officer=request.user, password=data["password"], reason=data["reason"]
        ),
        done="New version of the closure report signed",
        template="cessation/new_version.html",
        context=lambda proposal: {
            "reports": on_case(proposal.closure_reports.select_related("document", "signed_by"), proposal.case)
        },
    )


def _signature_page(request, reference, number, *, step, form_class, sign, done, template, context):
    """The chair's signing page (the first signature, or a new version): the password form, the service call, and
    a wrong password kept in the audit trail."""
    proposal = _signing(request, reference, number)
    if not rules.allows(proposal, step):
        return _refused_step(request, proposal, step)
    if request.method == "POST":
        form = form_class(request.POST)

        def write() -> str:
            sign(proposal, form.cleaned_data)
            return proposal_url(proposal, "closure-reports")

        saved = save_form(request, form, write, done)
        if saved:
            return saved
        _audit_wrong_password(request, form, proposal)
    else:
        form = form_class()
    return render(request, template, {"case": proposal.case, "proposal": proposal, "form": form, **context(proposal)})


# --- Letters -----------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def letter_new(request, reference, number):
    proposal = get_proposal_for(request.user, reference, number, CHANGE)
    case = proposal.case
    if not may_propose(request.user, case):
        raise NotAllowed(LEAD_ONLY)
    if not rules.allows(proposal, Step.WRITE_LETTER):
        return _refused_step(request, proposal, Step.WRITE_LETTER)
    complainants = complainants_of(case)
    if request.method == "POST":
        form = LetterForm(request.POST, complainants=complainants)

        def write() -> str:
            services.cessation_letter_generate(
                proposal=proposal, officer=request.user, complainant=form.cleaned_data["complainant"]
            )
            return proposal_url(proposal, "letters")

        saved = save_form(request, form, write, "Letter generated and kept on the case")
        if saved:
            return saved
    else:
        form = LetterForm(complainants=complainants, initial=only_complainant(complainants))
    return render(
        request,
        "cessation/letter_new.html",
        {"case": case, "proposal": proposal, "form": form, "has_complainants": complainants.exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def visit(request, reference, pk):
    case = _case(request, reference, CHANGE)
    letter = get_object_or_404(
        ComplainantLetter.objects.select_related("complainant", "document", "proposal", "visit_recorded_by"),
        case=case,
        pk=pk,
        kind=LetterKind.CESSATION,
    )
    letter.case = letter.proposal.case = letter.document.case = case
    if request.user.agency_id != case.lead_agency_id:
        raise NotAllowed(LEAD_ONLY)
    back = proposal_url(letter.proposal, "letters")
    conflict = None
    if request.method == "POST":
        form = VisitForm(request.POST)
        if form.is_valid():

            def write() -> str:
                services.letter_visit_record(
                    letter=letter,
                    officer=request.user,
                    expected_version=form.cleaned_data["version"],
                    **form.service_fields(),
                )
                return back

            try:
                url = submit_once(request, write)
            except services.ConcurrentChangeError:
                conflict = ComplainantLetter.objects.select_related("visit_recorded_by").get(pk=letter.pk)
                form.add_error(
                    None,
                    "Someone else recorded the visit while you were filling in the form. Nothing has been saved: "
                    "check what it shows now, then record the visit again if it is still needed.",
                )
                form.data = form.data.copy()
                form.data["version"] = conflict.version
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Joint-agency visit recorded")
                return redirect(url)
    else:
        initial = {
            "version": letter.version,
            "visit_status": letter.visit_status or None,
            "visit_on": letter.visit_on,
            "visit_agencies": letter.visit_agencies,
            "visit_reason": letter.visit_reason,
        }
        form = VisitForm(initial=initial)
    return render(
        request,
        "cessation/visit.html",
        {"case": case, "letter": letter, "form": form, "conflict": conflict, "back": back},
    )
