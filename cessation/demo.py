"""Demo cessation for the demo database (after `manage.py seed_demo` and `seed_demo_interventions`).

Soarbank's noise case at 8 Wessex Row is long standing: words of advice, two warning letters and a refused
Acceptable Behaviour Contract later, the complainant still reports music most weekends and declines mediation.
Hannah Brookes (login `housing`) proposes cessation; the proposal goes onto the next Leicester City JAG meeting,
where the chair (login `chair`) records the agencies' positions and the decision.
"""

from django.db import transaction

from agencies.models import Officer
from cases.models import Case

from .models import CessationProposal
from .services import cessation_propose

CASE_ADDRESS = "8 Wessex Row"
PROPOSED_BY = "housing"
REASONING = (
    "Soarbank has used every proportionate option in the Appendix A plan over the last year: words of advice, a "
    "first and a final warning letter, and an Acceptable Behaviour Contract, which Mr Broadley refused to sign. "
    "Environmental health's noise monitoring recorded music above the nuisance level on two nights only, too few "
    "for a noise abatement notice, and the police have attended eleven times without finding an offence. Mrs Shah "
    "has declined mediation twice and expects an eviction that the evidence will not support. Soarbank asks the "
    "JAG to agree that nothing further can reasonably be offered and to close the case as unresolved."
)


class DemoNotLoaded(Exception):
    pass


@transaction.atomic
def seed_demo_cessation() -> CessationProposal | None:
    """The demo proposal, made through the service as the officer would; None when it is already there."""
    case = Case.objects.filter(address=CASE_ADDRESS).select_related("jag").first()
    officer = Officer.objects.filter(username=PROPOSED_BY).first()
    if case is None or officer is None:
        raise DemoNotLoaded(f"no case at {CASE_ADDRESS} or no officer {PROPOSED_BY}")
    if CessationProposal.objects.filter(case=case).exists():
        return None
    return cessation_propose(case=case, officer=officer, reasoning=REASONING)
