"""The cessation queue: what awaits the chair, the lead officer, the peer reviewer and the further report reviewer."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from agencies.roles import Role, held_roles
from core.http import AuthenticatedHttpRequest

from .. import selectors


@login_required
def queue(request: AuthenticatedHttpRequest):
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
