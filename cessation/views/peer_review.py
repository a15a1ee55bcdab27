"""Peer review: the chair asks for it at a meeting; the reviewer reads the case through the review's own pages
while their access lasts, and answers."""

import datetime
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from agencies.models import AuditAction
from agencies.web import audit, once_only, save_form
from cases.permissions import VIEW, case_permissions
from core import clock
from core.dates import long_date
from core.http import AuthenticatedHttpRequest
from core.refusals import NotAllowed
from jag.models import Jag

from .. import rules, services
from ..forms import COUNTY_GROUP, REVIEW_ACCESS_DAYS, PeerReviewRequestForm, ReviewAnswerForm
from ..permissions import (
    county_reviewers,
    get_proposal_for,
    get_review_for,
    may_answer_review,
    may_chair,
    review_access_open,
    reviewers_by_jag,
)
from ..rules import Step
from ..summary import collated_summary
from .common import CHAIR_ONLY, explains_refusals, meeting_of, meeting_url, proposal_url, refused_step

REVIEWER_ONLY = "Only the officer named as the peer reviewer can answer the review, while their access lasts."


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def request_review(request: AuthenticatedHttpRequest, reference, number, meeting_pk):
    proposal = get_proposal_for(request.user, reference, number)
    held = meeting_of(proposal, meeting_pk)
    if not may_chair(request.user, proposal):
        raise NotAllowed(CHAIR_ONLY)
    if not rules.allows(proposal, Step.REQUEST_PEER_REVIEW):
        return refused_step(request, proposal, Step.REQUEST_PEER_REVIEW)
    case = proposal.case
    form_for = functools.partial(
        PeerReviewRequestForm,
        jags=Jag.objects.filter(is_active=True).exclude(pk=case.jag_id).order_by("name"),
        reviewers=[
            *((str(jag), officers) for jag, officers in reviewers_by_jag(case)),
            (COUNTY_GROUP, list(county_reviewers(case).select_related("agency").order_by("last_name", "first_name"))),
        ],
    )
    if request.method == "POST":
        form = form_for(request.POST)

        def write() -> str:
            services.peer_review_request(proposal=proposal, meeting=held, officer=request.user, **form.service_fields())
            return proposal_url(proposal, "peer-reviews")

        saved = save_form(request, form, write, "Peer review requested: the reviewer has been notified")
        if saved:
            return saved
    else:
        until = clock.today() + datetime.timedelta(days=REVIEW_ACCESS_DAYS)
        form = form_for(initial={"access_until": until})
    return render(
        request,
        "cessation/peer_review_request.html",
        {
            "case": case,
            "proposal": proposal,
            "meeting": held,
            "form": form,
            "back": meeting_url(proposal, held),
            "county_group": COUNTY_GROUP,
        },
    )


@login_required
def review(request: AuthenticatedHttpRequest, pk):
    """The proposal as the reviewer reads it: the reasoning, the collated summary and the documents."""
    peer_review = get_review_for(request.user, pk)
    proposal = peer_review.proposal
    case = proposal.case
    reviewer = review_access_open(request.user, peer_review)
    audit(
        request,
        AuditAction.VIEW,
        f"Viewed the peer review of {proposal}",
        obj=peer_review,
        case_reference=case.reference,
    )
    return render(
        request,
        "cessation/review.html",
        {
            "review": peer_review,
            "proposal": proposal,
            "case": case,
            "summary": collated_summary(case),
            "is_reviewer": reviewer,
            "may_answer": may_answer_review(request.user, peer_review),
            "sees_case": VIEW in case_permissions(request.user, case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@explains_refusals
@once_only
def answer(request: AuthenticatedHttpRequest, pk):
    peer_review = get_review_for(request.user, pk)
    if not review_access_open(request.user, peer_review):
        raise NotAllowed(REVIEWER_ONLY)
    if peer_review.answered_at is not None:
        messages.info(request, f"This peer review was answered on {long_date(peer_review.answered_at)}")
        return redirect(peer_review.get_absolute_url())
    if request.method == "POST":
        form = ReviewAnswerForm(request.POST)

        def write() -> str:
            data = form.cleaned_data
            services.peer_review_answer(
                review=peer_review,
                officer=request.user,
                **{
                    name: data[name]
                    for name in ("reasonable", "proportionate", "appropriate", "findings", "recommendation")
                },
            )
            return peer_review.get_absolute_url()

        saved = save_form(request, form, write, "Peer review answered: the JAG's chair has been notified")
        if saved:
            return saved
    else:
        form = ReviewAnswerForm()
    return render(
        request,
        "cessation/review_answer.html",
        {"review": peer_review, "proposal": peer_review.proposal, "case": peer_review.proposal.case, "form": form},
    )
