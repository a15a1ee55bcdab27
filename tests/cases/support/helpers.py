"""Support and IOM referrals in each state, for the URL tables (tests/test_access_matrix.py, test_edit_versions.py
and test_bad_inputs.py)."""

import datetime
import pkgutil
from importlib import import_module

from django.apps import apps

import cases.migrations
from cases.models import PersonRole, SupportService
from cases.services import case_add_person, person_create
from cases.support import services
from core import clock


def seed_catalogue() -> None:
    """The support catalogue as its migration seeds it, again if a transactional test before this one flushed it."""
    if SupportService.objects.exists():
        return
    (module,) = [m.name for m in pkgutil.iter_modules(cases.migrations.__path__) if m.name.endswith("_support")]
    import_module(f"cases.migrations.{module}").seed_services(apps, None)


def support_objects(case, officer, victim, perpetrator) -> dict:
    """One referral per step URL in the state that step needs, and an IOM referral awaiting the panel (of a second
    perpetrator, so that the first may still be referred)."""
    seed_catalogue()
    week_ago = clock.today() - datetime.timedelta(days=7)

    def refer():
        return services.referral_make(
            case=case,
            officer=officer,
            person=victim,
            service=SupportService.objects.get(name="Victim First"),
            reason="Feels unsafe at home.",
            referred_on=week_ago,
            consent_given=True,
            consent_on=week_ago,
            consent_method="phone",
        )

    def accept(referral):
        return services.referral_respond(
            referral=referral, officer=officer, expected_version=referral.version, accepted=True, responded_on=week_ago
        )

    made = refer()
    accepted = accept(refer())
    engaged = services.referral_record_engaged(
        referral=accept(refer()), officer=officer, expected_version=2, engaged_on=week_ago
    )
    second = person_create(officer=officer, first_name="Kyle", last_name="Offender")
    case_add_person(case=case, officer=officer, person=second, role=PersonRole.PERPETRATOR)
    iom = services.iom_refer(
        case=case, officer=officer, person=second, reasons="Prolific offending.", referred_on=week_ago
    )
    return {
        "referral": made,
        "referral_made": made,
        "referral_open": refer(),
        "referral_accepted": accepted,
        "referral_engaged": engaged,
        "iom_referral": iom,
    }


def support_posts(case_file) -> dict[str, dict]:
    """A valid submission for each writing support URL (see support_objects)."""
    today = clock.today()
    date = lambda name, day: {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}  # noqa: E731
    return {
        "support:create": {
            "person": case_file["person"].pk,
            "service": SupportService.objects.get(name="GP").pk,
            "reason": "Low mood since the trouble began.",
            **date("referred_on", today),
            "consent_given": "yes",
            **date("consent_on", today),
            "consent_method": "in_person",
            **date("follow_up_on", today + datetime.timedelta(days=14)),
        },
        "support:response": {
            "accepted": "yes",
            **date("responded_on", today),
            **date("follow_up_on", today + datetime.timedelta(days=14)),
            "version": case_file["referral_made"].version,
        },
        "support:engaged": {
            **date("engaged_on", today),
            **date("follow_up_on", today + datetime.timedelta(days=14)),
            "version": case_file["referral_accepted"].version,
        },
        "support:outcome": {
            "outcome": "completed",
            **date("closed_on", today),
            "outcome_notes": "Feels safer and sleeps again.",
            "version": case_file["referral_engaged"].version,
        },
        "support:follow_up": {
            **date("follow_up_on", today + datetime.timedelta(days=3)),
            "version": case_file["referral_open"].version,
        },
        "support:iom_create": {
            "person": case_file["perpetrator"].pk,
            "reasons": "Repeat offending.",
            **date("referred_on", today),
        },
        "support:iom_decision": {
            "decision": "not_adopted",
            **date("decided_on", today),
            "decision_notes": "Not enough recent offending.",
            "version": case_file["iom_referral"].version,
        },
    }
