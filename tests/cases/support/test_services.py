"""Support referrals and IOM referrals: consent or the lawful basis, steps in order and dated in order, stale steps
refused, every step on the chronology and in the audit trail, one IOM referral awaiting the panel per person."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from agencies.models import AuditEvent
from cases.models import CasePolicy, ChronologyEntry, IomDecision, IomReferral, ReferralStatus, SupportReferral
from cases.support import services
from cases.support.services import IomReferralChangedError, ReferralChangedError
from core import clock
from core.dates import long_date, short_date

from .conftest import days_ago, service

pytestmark = pytest.mark.django_db


def entries(case) -> list[str]:
    return list(ChronologyEntry.objects.filter(case=case).order_by("id").values_list("text", flat=True))


def errors_of(raised) -> dict:
    return raised.value.message_dict


def test_referral_with_consent_is_on_the_chronology_and_audited(refer, case, victim):
    referral = refer()

    assert (referral.status, referral.service_name, referral.consent_method) == ("made", "Victim First", "phone")
    assert referral.follow_up_on == clock.today() + datetime.timedelta(days=CasePolicy.current().support_follow_up_days)
    assert entries(case)[-1].startswith(
        f"Vera Victim referred to Victim First on {short_date(days_ago(10))}, with consent given by phone"
    )
    assert AuditEvent.objects.filter(case_reference=case.reference, description="Referred Vera Victim to Victim First")


def test_referral_without_consent_needs_the_lawful_basis_and_why(refer):
    with pytest.raises(ValidationError) as raised:
        refer(consent_given=False)
    assert errors_of(raised) == {
        "lawful_basis": ["Choose the lawful basis for referring without consent"],
        "lawful_basis_explanation": ["Explain why the referral is made without consent"],
    }

    referral = refer(
        consent_given=False,
        lawful_basis="safeguarding_child",
        lawful_basis_explanation="Asking the mother first would put the children at risk.",
        service=service("Safeguarding children"),
    )
    assert (referral.consent_given, referral.consent_on, referral.lawful_basis) == (False, None, "safeguarding_child")


def test_referral_with_consent_needs_its_date_and_how(refer):
    with pytest.raises(ValidationError) as raised:
        refer(consent_on=None, consent_method="")
    assert errors_of(raised) == {
        "consent_on": ["Enter the date consent was given"],
        "consent_method": ["Choose how consent was given"],
    }
    assert SupportReferral.objects.count() == 0


def test_victims_service_refuses_a_perpetrator(refer, perpetrator):
    with pytest.raises(ValidationError) as raised:
        refer(person=perpetrator)
    assert errors_of(raised) == {"service": ["Victim First takes referrals of victims only"]}


def test_a_person_not_on_the_case_cannot_be_referred(refer, lead_officer):
    from tests.factories import PersonFactory

    stranger = PersonFactory(created_by=lead_officer)
    with pytest.raises(ValidationError) as raised:
        refer(person=stranger, service=service("GP"))
    assert list(errors_of(raised)) == ["person"]


def test_steps_in_order_accepted_engaged_closed(refer, lead_officer, case):
    referral = refer()
    referral = services.referral_respond(
        referral=referral, officer=lead_officer, expected_version=1, accepted=True, responded_on=days_ago(8)
    )
    referral = services.referral_record_engaged(
        referral=referral, officer=lead_officer, expected_version=2, engaged_on=days_ago(5)
    )
    referral = services.referral_close(
        referral=referral, officer=lead_officer, expected_version=3, outcome="completed", closed_on=days_ago(1)
    )

    assert (referral.status, referral.follow_up_on, referral.version) == (ReferralStatus.CLOSED, None, 4)
    assert [text.split(" on ")[0].split(" from ")[0] for text in entries(case)[-3:]] == [
        "Victim First accepted the referral of Vera Victim",
        "Vera Victim engaged with Victim First",
        "Referral of Vera Victim to Victim First closed",
    ]
    assert list(
        AuditEvent.objects.filter(case_reference=case.reference, description__contains="Victim First")
        .order_by("id")
        .values_list("description", flat=True)
    ) == [
        "Referred Vera Victim to Victim First",
        "Recorded the referral to Victim First accepted",
        "Recorded engagement with Victim First",
        "Closed the referral to Victim First",
    ]


def test_outcome_before_acceptance_is_refused(refer, lead_officer):
    referral = refer()
    with pytest.raises(ValidationError) as raised:
        services.referral_close(
            referral=referral, officer=lead_officer, expected_version=1, outcome="completed", closed_on=days_ago(1)
        )
    assert errors_of(raised) == {"outcome": ["Record the service's acceptance of the referral before its outcome"]}
    referral.refresh_from_db()
    assert (referral.status, referral.version) == (ReferralStatus.MADE, 1)


def test_outcome_dated_before_the_referral_is_refused(refer, lead_officer):
    referral = refer()
    services.referral_respond(
        referral=referral, officer=lead_officer, expected_version=1, accepted=True, responded_on=days_ago(9)
    )
    with pytest.raises(ValidationError) as raised:
        services.referral_close(
            referral=referral, officer=lead_officer, expected_version=2, outcome="completed", closed_on=days_ago(20)
        )
    assert errors_of(raised) == {
        "closed_on": [f"The date of the outcome must be on or after the referral, {long_date(days_ago(10))}"]
    }


def test_response_dated_before_the_referral_or_ahead_is_refused(refer, lead_officer):
    referral = refer()
    for day, message in [
        (days_ago(11), f"The date of the response must be on or after the referral, {long_date(days_ago(10))}"),
        (clock.today() + datetime.timedelta(days=1), "The date of the response must be today or in the past"),
    ]:
        with pytest.raises(ValidationError) as raised:
            services.referral_respond(
                referral=referral, officer=lead_officer, expected_version=1, accepted=True, responded_on=day
            )
        assert errors_of(raised) == {"responded_on": [message]}


def test_engaged_before_acceptance_is_refused(refer, lead_officer):
    referral = refer()
    with pytest.raises(ValidationError) as raised:
        services.referral_record_engaged(
            referral=referral, officer=lead_officer, expected_version=1, engaged_on=days_ago(1)
        )
    assert list(errors_of(raised)) == ["engaged_on"]


def test_decline_needs_a_reason_and_finishes_the_referral(refer, lead_officer):
    referral = refer()
    with pytest.raises(ValidationError) as raised:
        services.referral_respond(
            referral=referral, officer=lead_officer, expected_version=1, accepted=False, responded_on=days_ago(2)
        )
    assert errors_of(raised) == {"decline_reason": ["Enter the reason the service gave for declining"]}

    referral = services.referral_respond(
        referral=referral,
        officer=lead_officer,
        expected_version=1,
        accepted=False,
        responded_on=days_ago(2),
        decline_reason="Outside the service's area.",
    )
    assert (referral.status, referral.follow_up_on, referral.is_open) == (ReferralStatus.DECLINED, None, False)
    with pytest.raises(ValidationError):
        services.referral_close(
            referral=referral, officer=lead_officer, expected_version=2, outcome="completed", closed_on=days_ago(1)
        )


def test_stale_step_is_refused(refer, lead_officer, partner_officer):
    referral = refer()
    services.referral_respond(
        referral=referral, officer=partner_officer, expected_version=1, accepted=True, responded_on=days_ago(3)
    )
    with pytest.raises(ReferralChangedError) as raised:
        services.referral_respond(
            referral=referral,
            officer=lead_officer,
            expected_version=1,
            accepted=False,
            responded_on=days_ago(3),
            decline_reason="Full.",
        )
    assert raised.value.current.status == ReferralStatus.ACCEPTED


def test_follow_up_date_moves_and_not_before_the_referral(refer, lead_officer):
    referral = refer()
    with pytest.raises(ValidationError):
        services.referral_set_follow_up(
            referral=referral, officer=lead_officer, expected_version=1, follow_up_on=days_ago(11)
        )
    referral = services.referral_set_follow_up(
        referral=referral, officer=lead_officer, expected_version=1, follow_up_on=days_ago(1)
    )
    assert (referral.follow_up_on, referral.version) == (days_ago(1), 2)


def test_database_refuses_a_closed_referral_without_outcome(refer):
    referral = refer()
    with pytest.raises(IntegrityError):
        SupportReferral.objects.filter(pk=referral.pk).update(status="closed", follow_up_on=None)


# IOM referrals ---------------------------------------------------------------------------------------------------


def test_iom_referral_then_adopted_with_its_lead(case, perpetrator, lead_officer, partner_agency, partner_officer):
    referral = services.iom_refer(
        case=case,
        officer=lead_officer,
        person=perpetrator,
        reasons="Prolific acquisitive crime.",
        referred_on=days_ago(7),
    )
    with pytest.raises(ValidationError) as raised:
        services.iom_decide(
            referral=referral, officer=lead_officer, expected_version=1, decision="adopted", decided_on=days_ago(1)
        )
    assert errors_of(raised) == {
        "lead_name": ["Enter the name of the IOM lead"],
        "lead_agency": ["Choose the IOM lead's agency"],
    }

    referral = services.iom_decide(
        referral=referral,
        officer=lead_officer,
        expected_version=1,
        decision="adopted",
        decided_on=days_ago(1),
        lead_officer=partner_officer,
    )
    assert (referral.decision, referral.lead_name, referral.lead_agency) == (
        IomDecision.ADOPTED,
        partner_officer.display_name,
        partner_agency,
    )
    assert entries(case)[-1] == (
        f"IOM panel decision on Darren Whitmore ({short_date(days_ago(1))}): Adopted onto IOM. "
        f"IOM lead: {partner_officer.display_name}, {partner_agency}."
    )
    with pytest.raises(IomReferralChangedError):
        services.iom_decide(
            referral=referral, officer=lead_officer, expected_version=1, decision="not_adopted", decided_on=days_ago(1)
        )


def test_iom_referral_only_for_a_perpetrator(case, victim, lead_officer):
    with pytest.raises(ValidationError) as raised:
        services.iom_refer(case=case, officer=lead_officer, person=victim, reasons="x", referred_on=days_ago(1))
    assert errors_of(raised) == {"person": ["Vera Victim is not a perpetrator on this case"]}


def test_one_iom_referral_awaiting_the_panel_per_person(case, perpetrator, lead_officer):
    services.iom_refer(
        case=case, officer=lead_officer, person=perpetrator, reasons="Repeat offending.", referred_on=days_ago(3)
    )
    with pytest.raises(ValidationError) as raised:
        services.iom_refer(
            case=case, officer=lead_officer, person=perpetrator, reasons="Again.", referred_on=days_ago(2)
        )
    assert errors_of(raised) == {
        "person": ["Darren Whitmore is already referred to the IOM panel and awaits its decision"]
    }
    with pytest.raises(IntegrityError):
        IomReferral.objects.create(
            case=case,
            person=perpetrator,
            reasons="Bypassing the service.",
            referred_on=days_ago(1),
            referred_by=lead_officer,
        )


def test_a_new_iom_referral_once_the_panel_decided(case, perpetrator, lead_officer):
    first = services.iom_refer(
        case=case, officer=lead_officer, person=perpetrator, reasons="Repeat offending.", referred_on=days_ago(30)
    )
    services.iom_decide(
        referral=first, officer=lead_officer, expected_version=1, decision="not_adopted", decided_on=days_ago(20)
    )
    second = services.iom_refer(
        case=case, officer=lead_officer, person=perpetrator, reasons="Offending escalated.", referred_on=days_ago(1)
    )
    assert second.decision == IomDecision.PENDING
