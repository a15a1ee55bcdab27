"""Support and IOM referrals on the pages of the case file (registered in cases.apps): each person's referrals in
the case's People section, a victim's on their page, the IOM referrals beside the perpetrators' ladders, and every
referral on cases the viewer may see on the person page. Each card reads a fixed number of queries."""

from core import clock

from ..back import back_query
from ..models import CasePerson, IomDecision, PersonRole
from ..permissions import can_contribute
from .selectors import iom_by_person, person_case_referrals, person_iom_referrals, person_referrals, referrals_by_person

CASE_TEMPLATE = "cases/support/card_case.html"
VICTIM_TEMPLATE = "cases/support/card_victim.html"
PERSON_TEMPLATE = "cases/support/card_person.html"
IOM_TEMPLATE = "cases/support/card_iom.html"
IOM_STANDING = (IomDecision.PENDING, IomDecision.ADOPTED, IomDecision.ALREADY_KNOWN)


def _back(context) -> str:
    """The query string that brings an officer back to the page the card is on (cases.back)."""
    request = context.get("request")
    return back_query(request) if request is not None else ""


def may_refer_to_iom(referrals) -> bool:
    """Whether to offer a referral to the IOM panel: not while one awaits the panel's decision, nor once the panel
    has adopted the person or found them already known to IOM."""
    return not any(referral.decision in IOM_STANDING for referral in referrals)


def case_people(context, case) -> dict:
    """Each person on the case once (in the order the page lists them), with their referrals on it."""
    referrals = referrals_by_person(case)
    iom = iom_by_person(case)
    rows: dict[int, dict] = {}
    for link in context.get("people", []):
        row = rows.setdefault(
            link.person_id, {"person": link.person, "roles": [], "referrals": referrals.get(link.person_id, [])}
        )
        row["roles"].append(link.get_role_display())
        if link.role == PersonRole.PERPETRATOR:
            row["perpetrator"] = True
            row["iom"] = iom.get(link.person_id, [])
            row["may_refer_iom"] = may_refer_to_iom(row["iom"])
    return {
        "case": case,
        "rows": list(rows.values()),
        "can_contribute": can_contribute(case),
        "today": clock.today(),
        "back": _back(context),
    }


def victim(context, case_person: CasePerson) -> dict:
    """A victim's referrals on their case (the victim's page; its subject is the victim's CasePerson)."""
    # The page's own case carries what the viewer may do on it.
    case = context.get("case") or case_person.case
    return {
        "case": case,
        "person": case_person.person,
        "referrals": person_case_referrals(case_person),
        "can_contribute": can_contribute(case),
        "today": clock.today(),
        "back": _back(context),
    }


def person(context, person) -> dict:
    """The person's referrals on the cases of theirs the viewer may see."""
    case_ids: set[int] = getattr(person, "visible_case_ids", set())
    return {
        "person": person,
        "referrals": person_referrals(person, case_ids),
        "iom": person_iom_referrals(person, case_ids),
        "today": clock.today(),
        "back": _back(context),
    }


def perpetrators_iom(context, case) -> dict:
    """Each perpetrator's IOM referrals on the case, beside their ladders (the Interventions section)."""
    iom = iom_by_person(case)
    seen: set[int] = set()
    rows = []
    for link in context.get("people", []):
        if link.role != PersonRole.PERPETRATOR or link.person_id in seen:
            continue
        seen.add(link.person_id)
        referrals = iom.get(link.person_id, [])
        rows.append({"person": link.person, "iom": referrals, "may_refer_iom": may_refer_to_iom(referrals)})
    return {"case": case, "rows": rows, "can_contribute": can_contribute(case)}
