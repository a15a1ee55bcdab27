"""Reads of support and IOM referrals shared by the cards, the referral pages and Appendix A. Each reads a fixed
number of queries however many referrals and people there are."""

import datetime
from collections import defaultdict

from django.db import models

from ..models import (
    Case,
    CasePerson,
    IomReferral,
    Person,
    PersonRole,
    ServiceFor,
    SupportReferral,
    SupportService,
)

REFERRAL_RELATED = ("person", "referred_by", "referred_by__agency")
IOM_RELATED = ("person", "referred_by", "lead_agency", "lead_officer")


def services_for(roles: set[str]) -> models.QuerySet[SupportService]:
    """The active services that take referrals of someone in these roles on a case."""
    allowed = [ServiceFor.BOTH]
    if PersonRole.COMPLAINANT in roles:
        allowed.append(ServiceFor.VICTIMS)
    if PersonRole.PERPETRATOR in roles:
        allowed.append(ServiceFor.PERPETRATORS)
    return SupportService.objects.filter(is_active=True, for_whom__in=allowed)


def case_people_choices(case: Case, role: str | None = None) -> models.QuerySet[Person]:
    """The people on the case (in `role`, if given), each once."""
    links = CasePerson.objects.filter(case=case)
    if role:
        links = links.filter(role=role)
    return Person.objects.filter(pk__in=links.values("person_id")).order_by("last_name", "first_name", "pk")


def case_referrals(case: Case) -> list[SupportReferral]:
    return list(case.support_referrals.select_related(*REFERRAL_RELATED))


def case_iom_referrals(case: Case) -> list[IomReferral]:
    return list(case.iom_referrals.select_related(*IOM_RELATED))


def referrals_by_person(case: Case) -> dict[int, list[SupportReferral]]:
    by_person: dict[int, list[SupportReferral]] = defaultdict(list)
    for referral in case_referrals(case):
        by_person[referral.person_id].append(referral)
    return by_person


def iom_by_person(case: Case) -> dict[int, list[IomReferral]]:
    by_person: dict[int, list[IomReferral]] = defaultdict(list)
    for referral in case_iom_referrals(case):
        by_person[referral.person_id].append(referral)
    return by_person


def person_case_referrals(case_person: CasePerson) -> list[SupportReferral]:
    """One person's referrals on one case (a victim's page)."""
    return list(
        SupportReferral.objects.filter(case_id=case_person.case_id, person_id=case_person.person_id).select_related(
            *REFERRAL_RELATED
        )
    )


def person_referrals(person: Person, case_ids) -> list[SupportReferral]:
    """The person's referrals on the given cases (those the viewer may see), most recent first."""
    return list(
        SupportReferral.objects.filter(person=person, case_id__in=case_ids).select_related("case", *REFERRAL_RELATED)
    )


def person_iom_referrals(person: Person, case_ids) -> list[IomReferral]:
    return list(IomReferral.objects.filter(person=person, case_id__in=case_ids).select_related("case", *IOM_RELATED))


def appendix_a_referrals(case: Case, made_by: datetime.datetime | None = None) -> list[SupportReferral]:
    """Appendix A section 4: the support referrals made for the case's people, in the order they were made; for a
    plan version, only those recorded by the time it was saved."""
    referrals = case.support_referrals.select_related("person")
    if made_by is not None:
        referrals = referrals.filter(recorded_at__lte=made_by)
    return list(referrals.order_by("referred_on", "id"))


def appendix_a_iom_referrals(case: Case, made_by: datetime.datetime | None = None) -> list[IomReferral]:
    referrals = case.iom_referrals.select_related("person", "lead_agency")
    if made_by is not None:
        referrals = referrals.filter(recorded_at__lte=made_by)
    return list(referrals.order_by("referred_on", "id"))
