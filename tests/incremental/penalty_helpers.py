"""For the access matrix's case file: a CPN with a fixed penalty (its notice on the ladder), and two Immediate Justice interventions (one to
refer, one referred and waiting to start); and a valid submission for each of their pages."""

import datetime

from core import clock
from incremental import penalties
from incremental.models import FixedPenalty, ImmediateJustice, InterventionKind
from tests.factories import InterventionFactory


def penalty_objects(case, officer, perpetrator) -> dict:
    cpn = InterventionFactory(case=case, person=perpetrator, kind=InterventionKind.objects.get(code="cpn"))
    fixed_penalty = penalties.fixed_penalty_issue(
        officer=officer,
        intervention=cpn,
        issued_on=cpn.issued_on,
        amount_pence=100_00,
        due_on=cpn.issued_on + datetime.timedelta(days=14),
    )
    # The catalogue entry is matched by its code; made here in case the catalogue does not carry it.
    kind, _ = InterventionKind.objects.get_or_create(
        code="immediate_justice", defaults={"name": "Immediate Justice", "tier": 1}
    )
    ij_new = InterventionFactory(case=case, person=perpetrator, kind=kind)
    ij_referred = InterventionFactory(case=case, person=perpetrator, kind=kind)
    penalties.immediate_justice_refer(
        officer=officer, intervention=ij_referred, referred_at=clock.now() - datetime.timedelta(hours=3)
    )
    return {"cpn": cpn, "fixed_penalty": fixed_penalty, "ij_new": ij_new, "ij_referred": ij_referred}


def penalty_posts(case_file, opened_now) -> dict[str, dict]:
    today = clock.localtime()
    date = lambda name, day: {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}  # noqa: E731
    penalty, referred = case_file["fixed_penalty"], case_file["ij_referred"]
    return {
        "incremental:fixed_penalty_issue": {
            "issuing_officer": penalty.recorded_by_id,
            **date("issued_on", today.date()),
            "amount": "80",
            **date("due_on", today.date() + datetime.timedelta(days=14)),
        },
        "incremental:fixed_penalty_outcome": {
            **date("escalated_on", today.date()),
            "escalation_outcome": "Convicted and fined.",
            "version": opened_now(lambda: FixedPenalty.objects.get(pk=penalty.pk).version),
        },
        "incremental:immediate_justice_refer": {
            **date("referred_on", today.date()),
            "referred_time": "00:00",
            "work": "Litter picking.",
        },
        "incremental:immediate_justice_start": {
            **date("started_on", today.date()),
            "started_time": f"{today:%H:%M}",
            "version": opened_now(lambda: ImmediateJustice.objects.get(intervention=referred).version),
        },
    }
