"""A victim with a contact plan on the access matrix's case (tests/test_access_matrix.py), and a valid submission for
each of the victim's forms."""

from cases.models import CasePerson, PersonRole, VictimContactPlan
from cases.victims import services
from core import clock


def victim_objects(case, officer, person) -> dict:
    """The complainant's role on the case (the victim's page names it), with a contact plan to edit."""
    link = CasePerson.objects.get(case=case, person=person, role=PersonRole.COMPLAINANT)
    services.contact_plan_save(
        case=case,
        victim=person,
        officer=officer,
        expected_version=0,
        spoc=officer,
        frequency_days=None,
        methods=["phone"],
    )
    return {"victim": link}


class _PlanVersion:
    """The plan's version when the form is posted (an earlier post of the same test may have saved it)."""

    def __init__(self, link):
        self.link = link

    def __str__(self) -> str:
        return str(VictimContactPlan.objects.get(case_id=self.link.case_id, victim_id=self.link.person_id).version)


def victim_posts(case_file) -> dict[str, dict]:
    link = case_file["victim"]
    today = clock.today()
    return {
        "victims:contact_plan": {
            "spoc": case_file["case"].lead_officer_id,
            "frequency_days": "14",
            "methods": ["phone", "letter"],
            "safe_times": "Evenings.",
            "interpreter_needed": "no",
            "version": _PlanVersion(link),
        },
        "victims:contact_add": {
            "contacted_on_0": today.day,
            "contacted_on_1": today.month,
            "contacted_on_2": today.year,
            "method": "phone",
            "summary": "Told of the warning given.",
        },
        "victims:assess": {
            "repeat_victim": "no",
            "targeted": "no",
            "household_vulnerable": "no",
            "health_impact": "no",
            "children_in_household": "no",
            "unsafe_at_home": "no",
            "shown_band": "standard",
        },
    }
