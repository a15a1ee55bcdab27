"""Who may see and do what in the cessation workflow: the one place these questions are answered.

- A proposal is part of its case: those who may view the case see it (cases.permissions.get_case_for first).
- The lead agency's officers propose and withdraw, and write to the complainant.
- The chair of the case's JAG records the decisions, requests peer reviews and signs the closure report; the
  chair and the JAG's members record the agencies' positions at a meeting (cases.meetings.permissions.may_run_jag,
  as for the rest of the JAG's meetings).
- A peer reviewer reads the case through their review's own pages, and only while the review's access lasts;
  they get no permission on the case itself, so it never appears in their lists or searches.
- A further report on the same circumstances goes to the LPU commanders and LA community safety managers of the
  agencies that are members of the case's JAG; they read it and the case's record through the report's pages.
- The case review pack is asked for through any of these doors (the case, a peer review, a further report); the
  officer who asked follows it and downloads it through the same door, and nobody else sees their request.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from agencies.models import Officer
from agencies.roles import Role, held_roles, holds_any, role_group_name
from cases.models import Case
from cases.permissions import CHANGE, VIEW, case_permissions, get_case_for
from core import clock
from jag.models import Jag

from .models import Assessment, CessationProposal, FurtherReport, PackJob, PeerReview

QUEUE_ROLES = (Role.JAG_CHAIR, Role.LPU_COMMANDER, Role.LA_COMMUNITY_SAFETY_MANAGER, Role.COUNTY_COMMUNITY_SAFETY_TEAM)

FURTHER_REPORT_REVIEWER_ROLES = {
    Role.LPU_COMMANDER: "LPU commander",
    Role.LA_COMMUNITY_SAFETY_MANAGER: "LA community safety manager",
}


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


def may_see_queue(user, roles: frozenset[str] | None = None) -> bool:
    """The Cessation queue in the service navigation: JAG chairs, LPU commanders, LA community safety managers and the
    County Community Safety Team (anyone may open the queue; it lists only what is theirs)."""
    return holds_any(user, QUEUE_ROLES, roles)


def may_propose(user, case: Case) -> bool:
    """An officer of the lead agency (who may change the case)."""
    return _active(user) and user.agency_id == case.lead_agency_id and CHANGE in case_permissions(user, case)


def may_chair(user, proposal: CessationProposal) -> bool:
    """The chair of the JAG that manages the case."""
    return _active(user) and proposal.case.jag.chair_id == user.pk


def get_proposal_for(user, reference: str, number: int, need: str = VIEW) -> CessationProposal:
    case = get_case_for(user, reference, need, Case.objects.select_related("jag", "lead_agency", "lead_officer"))
    proposal = CessationProposal.objects.filter(case=case, number=number).first()
    if proposal is None:
        raise Http404("No such cessation proposal")
    proposal.case = case
    return proposal


def review_access_open(user, review: PeerReview) -> bool:
    """The named reviewer, while the review's access lasts."""
    return _active(user) and review.reviewer_id == user.pk and review.access_open(clock.now())


def get_review_for(user, pk: int) -> PeerReview:
    """The peer review, for its reviewer while access lasts or for anyone who may view the case; else 404."""
    review = (
        PeerReview.objects.select_related(
            "proposal__case__jag", "proposal__case__lead_agency", "reviewer__agency", "reviewer_jag", "requested_by"
        )
        .filter(pk=pk)
        .first()
    )
    if review is None or not (review_access_open(user, review) or VIEW in case_permissions(user, review.proposal.case)):
        raise Http404("No such peer review")
    return review


def get_pack_job_for(user, pk: int) -> PackJob:
    """A case review pack job, for the officer who asked for it while they may still have the pack through the door
    they asked at: their peer review while its access lasts, the further report, or the case; else 404."""
    job = (
        PackJob.objects.select_related("case", "document").filter(pk=pk, requested_by_id=user.pk).first()
        if _active(user)
        else None
    )
    if job is None:
        raise Http404("No such case review pack")
    if job.review_id is not None:
        job.review = get_review_for(user, job.review_id)
    elif job.further_report_id is not None:
        job.further_report = get_further_report_for(user, job.further_report_id)
    else:
        job.case = get_case_for(user, job.case.reference)
    return job


def may_answer_review(user, review: PeerReview) -> bool:
    return review_access_open(user, review) and review.answered_at is None


def further_report_reviewer_role(user) -> str:
    """The role under which the user reviews further reports ("" when they hold neither)."""
    roles = held_roles(user) if _active(user) else frozenset()
    return next((label for role, label in FURTHER_REPORT_REVIEWER_ROLES.items() if role in roles), "")


def may_review_further_report(user, report: FurtherReport) -> bool:
    """An LPU commander or LA community safety manager of an agency that is a member of the case's JAG, for a report
    assessed as the same circumstances (one assessed as unrelated is a new case's business, never theirs)."""
    if report.assessment != Assessment.SAME or not further_report_reviewer_role(user) or user.agency_id is None:
        return False
    return report.case.jag.member_agencies.filter(pk=user.agency_id).exists()


def get_further_report_for(user, pk: int) -> FurtherReport:
    report = (
        FurtherReport.objects.select_related("case__jag", "case__lead_agency", "complainant", "recorded_by", "new_case")
        .filter(pk=pk)
        .first()
    )
    if report is None or not (VIEW in case_permissions(user, report.case) or may_review_further_report(user, report)):
        raise Http404("No such further report")
    return report


def jags_reviewed_by(user) -> QuerySet[Jag]:
    """The JAGs of which the user is an LPU commander or LA community safety manager (their agency is a member)."""
    if not further_report_reviewer_role(user) or user.agency_id is None:
        return Jag.objects.none()
    return Jag.objects.filter(
        Exists(Jag.member_agencies.through.objects.filter(jag_id=OuterRef("pk"), agency_id=user.agency_id))
    )


def own_jag_officer_ids(case: Case) -> set[int]:
    """The chair and members of the case's own JAG: never its peer reviewers."""
    jag = case.jag
    ids = set(jag.members.values_list("pk", flat=True))
    if jag.chair_id:
        ids.add(jag.chair_id)
    return ids


def eligible_reviewers(case: Case, jag: Jag | None = None) -> QuerySet[Officer]:
    """Officers who may peer-review a proposal on the case: the chair and members of another active JAG (`jag`,
    or any other), or officers of the County Community Safety Team (jag None and `county`); never the chair or a
    member of the case's own JAG."""
    other_jags = Jag.objects.filter(is_active=True).exclude(pk=case.jag_id)
    if jag is not None:
        other_jags = other_jags.filter(pk=jag.pk)
    by_jag = Q(pk__in=other_jags.exclude(chair=None).values("chair_id")) | Q(
        pk__in=Jag.members.through.objects.filter(jag__in=other_jags).values("officer_id")
    )
    return Officer.objects.filter(by_jag, is_active=True).exclude(pk__in=own_jag_officer_ids(case))


def reviewers_by_jag(case: Case) -> list[tuple[Jag, list[Officer]]]:
    """Each other active JAG with those of its chair and members who may review (eligible_reviewers(case, jag)),
    by name: in three queries, however many JAGs there are."""
    own = own_jag_officer_ids(case)
    jags = list(
        Jag.objects.filter(is_active=True).exclude(pk=case.jag_id).select_related("chair__agency").order_by("name")
    )
    officers: dict[int, dict[int, Officer]] = {jag.pk: {} for jag in jags}
    for jag in jags:
        if jag.chair is not None and jag.chair.is_active:
            officers[jag.pk][jag.chair.pk] = jag.chair
    memberships = Jag.members.through.objects.filter(jag__in=jags, officer__is_active=True).select_related(
        "officer__agency"
    )
    for membership in memberships:
        officers[membership.jag_id][membership.officer_id] = membership.officer
    return [
        (
            jag,
            sorted(
                (o for pk, o in officers[jag.pk].items() if pk not in own),
                key=lambda o: (o.last_name, o.first_name, o.pk),
            ),
        )
        for jag in jags
    ]


def county_reviewers(case: Case) -> QuerySet[Officer]:
    return Officer.objects.filter(
        groups__name=role_group_name(Role.COUNTY_COMMUNITY_SAFETY_TEAM), is_active=True
    ).exclude(pk__in=own_jag_officer_ids(case))
