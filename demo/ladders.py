"""The demo's Incremental Approach ladders on its perpetrators, and the cessation proposal that follows them.

The demo's chronologies tell of warnings, contracts and orders in officers' words; the ladders here record those
same steps as interventions, on the day of the chronology entry that tells of each (the scenario step named by
`told_by`, which the loader puts on that day; or the JAG action named by `told_by_action`, done that morning when
the JAG gave it before), plus a few steps the story leads to:

- Tyler Hodgson and Reece Maddox, the youths at Heathley Parade: words of advice, first warning letters, then
  Acceptable Behaviour Contracts they signed.
- Shane Broadley, noise at 8 Wessex Row: words of advice from the police, first and final warning letters from
  Soarbank, then an Acceptable Behaviour Contract he refused to sign; Soarbank then proposes cessation, which goes
  onto the next Leicester City JAG meeting's agenda.
- Wayne Ruddock's dogs at 33 Glenmore Road: a Community Protection Warning (a stage skipped, justified), a second
  one, its breach evidenced by an incident, then a Community Protection Notice whose appeal window is closing.
- Kyle Dempsey (a perpetrator on three cases): a premises closure at the alleyway off Brindley Walk (entered at
  the court stage, justified), the order extended by the court.
- Connor Pike, racist abuse at 88 Melbourne Walk: a civil injunction (justified), an interim injunction made at
  the first hearing and the return hearing listed for the coming days.

Every step has a key; a step names the steps it follows by key (`of`, `after`; an intervention also follows the
one before it on the same person's ladder), and the loader places it on a later day than each of them. `ago` is
the day the story wants, in days before the day the demo is loaded as of; the reminders due that day (an appeal
window closing, a hearing coming up) follow from it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    """An intervention issued on the case at `address` to the person `person` (a key of demo.data.PEOPLE), by the
    officer `issued_by` (a username; the issuing agency is theirs), keyed in by `recorded_by` if someone else did."""

    key: str
    ago: int
    address: str
    person: str
    kind: str
    issued_by: str
    conditions: str = ""
    told_by: str = ""
    told_by_action: str = ""  # the key of a JAG action (demo.data.JAG_DECISIONS) that leads to it, if given in time
    after: tuple[str, ...] = ()
    recorded_by: str = ""
    justification: str = ""
    refused_to_sign: bool = False
    court: str = ""
    first_hearing_in: int | None = None  # days after it was issued (a weekend moves to the Monday after)
    order_made: str = ""
    # A closure notice: how long it lasts and who authorised it.
    notice_hours: int | None = None
    authorised_by: str = ""


@dataclass(frozen=True)
class Breach:
    """A breach of the intervention `of` the evening before its day, reported and recorded that day with an incident
    as its evidence."""

    key: str
    of: str
    ago: int
    officer: str
    incident: str
    details: str
    incident_time: datetime.time = datetime.time(22, 40)


@dataclass(frozen=True)
class HearingListed:
    """At the first hearing of the intervention `of` the court listed the next one `next_in` days after the day the
    demo is loaded as of (a weekend moves to the Monday after)."""

    key: str
    of: str
    officer: str
    next_in: int
    details: str


@dataclass(frozen=True)
class Varied:
    """The intervention `of` was varied to run `months` months from its issue."""

    key: str
    of: str
    ago: int
    officer: str
    months: int
    details: str


Step = Issue | Breach | HearingListed | Varied

HEATHLEY = "Shops at Heathley Parade, Kinross Avenue"
WESSEX = "8 Wessex Row"
GLENMORE = "33 Glenmore Road"
BRINDLEY = "Alleyway off Brindley Walk"
MELBOURNE = "88 Melbourne Walk"

YOUTH_TERMS = (
    "Do not gather outside the shops at Heathley Parade after 7pm.\n"
    "Do not enter 3 Heathley Parade unless you are with an adult.\n"
    "Do not ride a bicycle on the pavement of the parade."
)
YOUTH_ABC = (
    "1. I will not shout at, threaten or abuse staff or customers at the Heathley Parade shops.\n"
    "2. I will not block the doorway of 3 Heathley Parade or ride a bike on the pavement of the parade.\n"
    "3. I will take part in the detached youth work sessions on Tuesday evenings."
)
YOUTH_ABC_WHY = (
    "Agreed at the Leicester City JAG: the behaviour carried on after the first warning letters, and a contract "
    "signed with a parent and the youth justice worker, with support attached, suits young people better than a "
    "final warning or a Community Protection Warning."
)
DOG_TERMS = "Keep the dogs under control, repair the rear fence within 14 days and muzzle the dogs in public."

# In story order: a step comes after every step it names.
STEPS: list[Step] = [
    Issue(
        "tyler_advice",
        254,
        HEATHLEY,
        "tyler",
        "words_of_advice",
        "police",
        "Words of advice at home with a parent present about the behaviour at the shops: shouting at customers, "
        "blocking the shop doorway and riding bikes on the pavement.",
        told_by="words_of_advice_at_home",
    ),
    Issue(
        "reece_advice",
        254,
        HEATHLEY,
        "reece",
        "words_of_advice",
        "police",
        "Words of advice at home with a parent present about the behaviour at the shops.",
        told_by="words_of_advice_at_home",
    ),
    Issue(
        "wayne_cpw",
        192,
        GLENMORE,
        "wayne",
        "cpw",
        "aisha.begum",
        DOG_TERMS,
        told_by="dog_warning",
        justification="Two large dogs loose and aggressive in the street, a neighbour's child chased: a statutory "
        "warning with conditions is the proportionate first step; words of advice would not get the fence "
        "repaired.",
    ),
    Issue(
        "shane_advice",
        193,
        WESSEX,
        "shane",
        "words_of_advice",
        "police",
        "Police attended a late-night call about noise; words of advice given at the door.",
        told_by="police_noise_call",
    ),
    Issue(
        "shane_first",
        188,
        WESSEX,
        "shane",
        "first_warning",
        "housing",
        "Keep noise from your flat to a reasonable level, especially between 11pm and 7am.\n"
        "Do not slam doors or play music loud enough to be heard in the neighbouring flats.",
        told_by="first_warning_letter",
    ),
    Issue(
        "tyler_first", 184, HEATHLEY, "tyler", "first_warning", "officer", YOUTH_TERMS, told_by="first_warning_letters"
    ),
    Issue(
        "reece_first", 184, HEATHLEY, "reece", "first_warning", "officer", YOUTH_TERMS, told_by="first_warning_letters"
    ),
    Issue(
        "tyler_abc",
        160,
        HEATHLEY,
        "tyler",
        "abc",
        "officer",
        YOUTH_ABC,
        told_by="contracts_signed",
        justification=YOUTH_ABC_WHY,
    ),
    Issue(
        "reece_abc",
        160,
        HEATHLEY,
        "reece",
        "abc",
        "officer",
        YOUTH_ABC,
        told_by="contracts_signed",
        justification=YOUTH_ABC_WHY,
    ),
    Issue(
        "kyle_closure",
        156,
        BRINDLEY,
        "kyle",
        "closure",
        "police",
        "Closure notice for 48 hours, authorised by a superintendent: nobody but the tenant and those who live "
        "there may enter the premises.",
        told_by="closure_notice",
        justification="Class A drugs supplied from the premises, a vulnerable tenant exploited and residents "
        "threatened: the harm is serious and immediate, so the premises are closed without going through the "
        "earlier stages.",
        court="Leicester Magistrates' Court",
        order_made="Closure order made at the hearing 48 hours after the notice, for three months: no entry to the "
        "premises except by the tenant with the agreement of the police.",
        notice_hours=48,
        authorised_by="Superintendent Amrit Dhaliwal, Leicestershire Police",
    ),
    Issue(
        "shane_final",
        135,
        WESSEX,
        "shane",
        "final_warning",
        "housing",
        "No loud music or parties after 11pm.\nNo shouting or swearing in the communal stairwell.\n"
        "A further breach of your tenancy will lead to an Acceptable Behaviour Contract or court action.",
        told_by="tenancy_warning_visit",
    ),
    Varied(
        "kyle_closure_extended",
        "kyle_closure",
        68,
        "police",
        6,
        "The magistrates' court extended the closure order by three months (six months in all): visitors were "
        "still trying to get into the premises.",
    ),
    Issue(
        "wayne_cpw_again",
        41,
        GLENMORE,
        "wayne",
        "cpw",
        "aisha.begum",
        DOG_TERMS + " Keep the dogs on a lead.",
        told_by_action="serve_cpw",
    ),
    Issue(
        "shane_abc",
        38,
        WESSEX,
        "shane",
        "abc",
        "housing",
        "1. I will not play amplified music after 11pm.\n2. I will not hold gatherings in my flat after midnight.\n"
        "3. I will not shout or swear at my neighbours or at Soarbank staff.",
        refused_to_sign=True,
    ),
    Issue(
        "connor_injunction",
        27,
        MELBOURNE,
        "connor",
        "civil_injunction",
        "police",
        "Not to use racist or abusive language or gestures towards the residents of 88 Melbourne Walk.\n"
        "Not to enter Melbourne Walk between Kensington Street and Berners Street (the exclusion zone).\n"
        "Not to encourage anyone else to do so.",
        told_by_action="injunction_application",
        justification="Repeated racist abuse of a family with three children who live above the shop, by a "
        "neighbour two streets away: the risk is high, so the police apply for an injunction with an exclusion "
        "zone without going through warnings first.",
        court="Leicester County Court",
        first_hearing_in=8,
    ),
    Breach(
        "wayne_breach",
        "wayne_cpw_again",
        25,
        "aisha.begum",
        "Both dogs loose in Glenmore Road at 17:20; one ran at a child on a scooter. The fence has still not been "
        "repaired.",
        "The dogs were out of the garden and off the lead, contrary to the warning's conditions.",
        datetime.time(17, 20),
    ),
    HearingListed(
        "connor_return_hearing",
        "connor_injunction",
        "police",
        9,
        "Interim injunction granted without notice, with a power of arrest, on the terms applied for. "
        "The return hearing is listed.",
    ),
    Issue(
        "wayne_cpn",
        16,
        GLENMORE,
        "wayne",
        "cpn",
        "officer",
        "1. Repair the rear fence of 33 Glenmore Road within 7 days so that the dogs cannot get out.\n"
        "2. Keep the dogs on a lead and muzzled in any public place.\n"
        "3. Do not let the dogs out of the house or garden unattended.",
        after=("wayne_breach",),
        justification="The dogs got out again after two warnings and the fence is still not repaired; an "
        "Acceptable Behaviour Contract cannot make an owner repair a fence, and a notice's requirements can be "
        "enforced.",
        court="Leicester Magistrates' Court (appeals and breach proceedings)",
        order_made="Notice served in person at 33 Glenmore Road.",
    ),
]


@dataclass(frozen=True)
class Proposal:
    """Cessation proposed by the lead officer `proposed_by` on the case at `address`, on the day the demo is loaded
    as of, once the JAG's next agenda is out; after the steps it names."""

    key: str
    address: str
    proposed_by: str
    after: tuple[str, ...]
    reasoning: str


CESSATION = Proposal(
    "shane_cessation",
    WESSEX,
    "housing",
    after=("shane_abc",),
    reasoning="Soarbank has used every proportionate option in the Appendix A plan over the last year: words of "
    "advice, a first and a final warning letter, and an Acceptable Behaviour Contract, which Mr Broadley refused to "
    "sign. Environmental health's noise monitoring recorded music above the nuisance level on two nights only, too "
    "few for a noise abatement notice, and the police have attended eleven times without finding an offence. Mrs "
    "Shah has declined mediation twice and expects an eviction that the evidence will not support. Soarbank asks "
    "the JAG to agree that nothing further can reasonably be offered and to close the case as unresolved.",
)
