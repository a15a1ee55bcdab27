"""Appendix A, the Case Management Process Form, as it stood in one plan version."""

from __future__ import annotations

from cases.models import PlanVersion
from cases.support.selectors import appendix_a_iom_referrals, appendix_a_referrals
from core import clock
from core.pdf import render_pdf


def render_appendix_a_pdf(plan_version: PlanVersion) -> bytes:
    """The Case Management Process Form (Appendix A), sections 1 to 7, as it stood in the given version."""
    plan = PlanVersion.objects.select_related(
        "case__lead_agency", "case__lead_officer", "case__jag", "case__category", "completed_by__agency"
    ).get(pk=plan_version.pk)
    versions = PlanVersion.objects.filter(case_id=plan.case_id).count()
    return render_pdf(
        "pdf/cessation/appendix_a.html",
        {
            "plan": plan,
            "case": plan.case,
            "versions": versions,
            "produced_at": clock.localtime(),
            # Section 4: the referrals made for the case's people by the time this version was saved.
            "support_referrals": appendix_a_referrals(plan.case, plan.created_at),
            "iom_referrals": appendix_a_iom_referrals(plan.case, plan.created_at),
        },
    )
