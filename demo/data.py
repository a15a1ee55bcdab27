"""The demo data that `manage.py seed_demo` loads: partner agencies, officers, JAGs, people and case stories.

Everything here is fictional. Street names, house numbers and people are invented; telephone numbers come from
Ofcom's ranges kept for drama (0116 496 0xxx, 0115 496 0xxx, 01632 960xxx, 07700 900xxx) and e-mail addresses
use example domains, so none of it reaches a real person.
"""

from typing import Literal, NotRequired, TypedDict

DEMO_PASSWORD = "demo-password-2026"
# The demo administrator's authenticator app key (administrators give a second factor after their password), as an
# authenticator app takes it typed in. Published in the README like the password; `manage.py demo_code` prints the
# code it gives now.
DEMO_ADMIN_TOTP_KEY = "LLRASBDEMOADMINSECRETKEYFORTOTPX"


class AgencyData(TypedDict):
    name: str
    short_name: str
    kind: str
    address: str
    telephone: str
    domain: str
    departments: list[str]


class LoginData(TypedDict):
    username: str
    first: str
    last: str
    agency: str
    dept: str
    title: str
    role: str
    pool: str | None


class LocalityData(TypedDict):
    council: str
    lpu: str
    housing: str
    youth: str | None
    chair: str
    members: list[str]


# (kind, actor, text) or (kind, actor, text, key)
ScenarioStep = tuple[str, str, str] | tuple[str, str, str, str]


class ScenarioData(TypedDict):
    police_optional: NotRequired[bool]
    category: str
    summary: str
    children: bool
    hate: NotRequired[bool]
    incidents: list[tuple[str, str]]  # (actor, text)
    steps: list[ScenarioStep]
    plan: dict[str, str]


class CaseOptions(TypedDict, total=False):
    housing: str | None
    motive: str
    closed: str
    specialist: str
    override: str
    perp: str
    children: bool


# locality, address, postcode, ward, scenario, lead agency, lead officer, risk bands, review overdue, people, options
CaseData = tuple[str, str, str, str, str, str, str | None, list[str], bool, list[tuple[str, str]], CaseOptions]


class CaseReviewSteps(TypedDict):
    officer: str
    applied: int
    decided: int
    meeting: int
    outcome: int


class JagManagementData(TypedDict):
    age: int
    periods: list[tuple[int, int | Literal["closed"] | None]]  # (referred, taken off) in days before today
    transfer: NotRequired[tuple[int, str]]
    case_review: NotRequired[CaseReviewSteps]


class JagMeetingsData(TypedDict):
    locality: str
    weekday: int
    starts_at: tuple[int, int]
    held: list[tuple[int, str]]
    next_in: int
    next_location: str
    agenda_by: str
    added_by_hand: dict[int, str]
    attendance: dict[str, str]
    absent: dict[int, tuple[str, ...]]


# (who, what, due days after the meeting, what was done) or with the key of the intervention that follows it
JagAction = tuple[str, str, int, str] | tuple[str, str, int, str, str]


class JagDecisionData(TypedDict):
    decision: str
    actions: list[JagAction]


class CaseReviewData(TypedDict):
    threshold_reason: str
    outcome: str
    recommendations: str


# ---------------------------------------------------------------------------------------------------------------
# Agencies. key -> name, short name, kind, letterhead address, telephone, e-mail domain, departments.
# ---------------------------------------------------------------------------------------------------------------
AGENCIES: dict[str, AgencyData] = {
    "lcc": dict(
        name="Leicester City Council",
        short_name="City Council",
        kind="local_authority",
        address="Community Safety Team\nCivic Offices, 14 Greyfriars Walk\nLeicester\nLE1 5PQ",
        telephone="0116 496 0100",
        domain="leicester.example.gov.uk",
        departments=["Community Safety", "Housing", "Environmental Health"],
    ),
    "county": dict(
        name="Leicestershire County Council",
        short_name="County Council",
        kind="local_authority",
        address="County Community Safety Team\nCounty Offices, Glenfield Park Road\nGlenfield, Leicester\nLE3 8RB",
        telephone="0116 496 0200",
        domain="leicestershire.example.gov.uk",
        departments=["Community Safety Team"],
    ),
    "blaby": dict(
        name="Blaby District Council",
        short_name="Blaby DC",
        kind="local_authority",
        address="District Offices, 3 Mill Lane\nNarborough\nLeicester\nLE19 2FD",
        telephone="0116 496 0300",
        domain="blaby.example.gov.uk",
        departments=["Community Safety", "Housing", "Environmental Health"],
    ),
    "charnwood": dict(
        name="Charnwood Borough Council",
        short_name="Charnwood BC",
        kind="local_authority",
        address="Charnwood House, 22 Sparrow Hill Walk\nLoughborough\nLE11 1BQ",
        telephone="0116 496 0310",
        domain="charnwood.example.gov.uk",
        departments=["Community Safety", "Housing", "Environmental Health"],
    ),
    "harborough": dict(
        name="Harborough District Council",
        short_name="Harborough DC",
        kind="local_authority",
        address="District Offices, 5 Abbey Walk\nMarket Harborough\nLE16 7AG",
        telephone="0116 496 0320",
        domain="harborough.example.gov.uk",
        departments=["Community Safety", "Environmental Health"],
    ),
    "hinckley": dict(
        name="Hinckley and Bosworth Borough Council",
        short_name="Hinckley & Bosworth BC",
        kind="local_authority",
        address="Borough Offices, 9 Hollycroft Walk\nHinckley\nLE10 0FR",
        telephone="0116 496 0330",
        domain="hinckley-bosworth.example.gov.uk",
        departments=["Community Safety", "Housing", "Environmental Health"],
    ),
    "melton": dict(
        name="Melton Borough Council",
        short_name="Melton BC",
        kind="local_authority",
        address="Parkside Offices, 2 Burton Walk\nMelton Mowbray\nLE13 1GH",
        telephone="0116 496 0340",
        domain="melton.example.gov.uk",
        departments=["Community Safety", "Housing", "Environmental Health"],
    ),
    "nwl": dict(
        name="North West Leicestershire District Council",
        short_name="North West Leics DC",
        kind="local_authority",
        address="Council Offices, 11 Marlborough Walk\nCoalville\nLE67 3FJ",
        telephone="0116 496 0350",
        domain="nwleics.example.gov.uk",
        departments=["Community Safety", "Housing", "Environmental Health"],
    ),
    "oadby": dict(
        name="Oadby and Wigston Borough Council",
        short_name="Oadby & Wigston BC",
        kind="local_authority",
        address="Borough Offices, 6 Bell Walk\nWigston\nLE18 1PB",
        telephone="0116 496 0360",
        domain="oadby-wigston.example.gov.uk",
        departments=["Community Safety", "Environmental Health"],
    ),
    "rutland": dict(
        name="Rutland County Council",
        short_name="Rutland CC",
        kind="local_authority",
        address="County Offices, 4 Northgate Walk\nOakham\nRutland\nLE15 6QR",
        telephone="01632 960370",
        domain="rutland.example.gov.uk",
        departments=["Community Safety", "Environmental Health"],
    ),
    "police": dict(
        name="Leicestershire Police",
        short_name="Leics Police",
        kind="police",
        address="Police Headquarters, 1 Fosse Walk\nEnderby, Leicester\nLE19 4AT",
        telephone="0116 496 0500",
        domain="leics.example.police.uk",
        departments=[
            "Leicester City LPU",
            "Charnwood LPU",
            "South Leicestershire LPU",
            "Hinckley & Bosworth LPU",
            "North West Leicestershire LPU",
            "Melton & Rutland LPU",
        ],
    ),
    "cypjs": dict(
        name="Leicester City Children and Young People's Justice Service",
        short_name="City CYPJS",
        kind="youth_justice",
        address="Youth Justice Centre, 8 Welford Walk\nLeicester\nLE2 7AN",
        telephone="0116 496 0600",
        domain="cypjs.leicester.example.gov.uk",
        departments=[],
    ),
    "cfws": dict(
        name="Leicestershire County Children and Family Wellbeing Service",
        short_name="County CFWS",
        kind="youth_justice",
        address="Children and Family Wellbeing Service\nCounty Offices, Glenfield Park Road\nGlenfield, Leicester\nLE3 8RB",
        telephone="0116 496 0650",
        domain="cfws.leicestershire.example.gov.uk",
        departments=[],
    ),
    "cps": dict(
        name="Crown Prosecution Service",
        short_name="CPS",
        kind="cps",
        address="CPS East Midlands, 2 Carrington Walk\nNottingham\nNG1 2AS",
        telephone="0115 496 0700",
        domain="cps.example.gov.uk",
        departments=[],
    ),
    "probation": dict(
        name="Probation Service (Leicester, Leicestershire and Rutland)",
        short_name="Probation",
        kind="probation",
        address="Probation Office, 15 Upper King Walk\nLeicester\nLE1 6XE",
        telephone="0116 496 0800",
        domain="probation.justice.example.gov.uk",
        departments=[],
    ),
    "soarbank": dict(
        name="Soarbank Housing Association",
        short_name="Soarbank HA",
        kind="social_landlord",
        address="Soarbank House, 40 Riverside Way\nLeicester\nLE3 5FH",
        telephone="0116 496 0900",
        domain="soarbank.example.org.uk",
        departments=["Neighbourhood Services", "Tenancy Enforcement"],
    ),
    "wreake": dict(
        name="Wreake Valley Homes",
        short_name="Wreake Valley Homes",
        kind="social_landlord",
        address="Wreake House, 6 Brookside Walk\nSyston, Leicester\nLE7 1GD",
        telephone="0116 496 0950",
        domain="wreakevalley.example.org.uk",
        departments=["Neighbourhood Services", "Tenancy Enforcement"],
    ),
    "icb": dict(
        name="NHS Leicester, Leicestershire and Rutland Integrated Care Board",
        short_name="LLR ICB",
        kind="health",
        address="Safeguarding Team, Bradgate Wing\n3 Gwendolen Walk\nLeicester\nLE5 4QF",
        telephone="0116 496 0990",
        domain="llricb.example.nhs.uk",
        departments=["Safeguarding"],
    ),
    "ea": dict(
        name="Environment Agency",
        short_name="Environment Agency",
        kind="environment_agency",
        address="East Midlands Area Office, 12 Trent Walk\nNottingham\nNG2 5FA",
        telephone="0115 496 0750",
        domain="environment-agency.example.gov.uk",
        departments=["Waste Crime"],
    ),
}

# Where the agencies' shared inbox lives: <mailbox>@<domain>.
AGENCY_MAILBOX = {
    "police": "asb.unit",
    "cypjs": "referrals",
    "cfws": "referrals",
    "cps": "eastmidlands",
    "probation": "llr.enquiries",
    "soarbank": "asb",
    "wreake": "neighbourhoods",
    "icb": "safeguarding",
    "ea": "enquiries",
}

# ---------------------------------------------------------------------------------------------------------------
# Officers. The demo logins come first (in the order the logins table is printed); everyone else has no usable
# password. pool: which cases the officer works ("cs" community safety / neighbourhood work, "eh" environmental
# health, "housing" council housing); None for managers and chairs, who are never picked as lead officers.
# ---------------------------------------------------------------------------------------------------------------
DEMO_LOGINS: list[LoginData] = [
    dict(
        username="officer",
        first="Sarah",
        last="Whitfield",
        agency="lcc",
        dept="Community Safety",
        title="Community Safety Officer",
        role="officer",
        pool="cs",
    ),
    dict(
        username="police",
        first="Daniel",
        last="Okafor",
        agency="police",
        dept="Leicester City LPU",
        title="Police Constable, Neighbourhood Policing Team",
        role="officer",
        pool="cs",
    ),
    dict(
        username="housing",
        first="Hannah",
        last="Brookes",
        agency="soarbank",
        dept="Tenancy Enforcement",
        title="Tenancy Enforcement Officer",
        role="officer",
        pool="cs",
    ),
    dict(
        username="manager",
        first="Rajesh",
        last="Chauhan",
        agency="lcc",
        dept="Community Safety",
        title="Community Safety Team Leader",
        role="manager",
        pool=None,
    ),
    dict(
        username="chair",
        first="Claire",
        last="Donnelly",
        agency="police",
        dept="Leicester City LPU",
        title="Inspector, Neighbourhood Policing (Chair, Leicester City JAG)",
        role="jag_chair",
        pool=None,
    ),
    dict(
        username="lpu",
        first="Mark",
        last="Denby",
        agency="police",
        dept="Leicester City LPU",
        title="Chief Inspector, LPU Commander",
        role="lpu_commander",
        pool=None,
    ),
    dict(
        username="csm",
        first="Nadia",
        last="Sheikh",
        agency="lcc",
        dept="Community Safety",
        title="Community Safety Manager",
        role="la_community_safety_manager",
        pool=None,
    ),
    dict(
        username="county",
        first="Gareth",
        last="Lloyd",
        agency="county",
        dept="Community Safety Team",
        title="Senior Community Safety Officer",
        role="county_community_safety_team",
        pool=None,
    ),
    dict(
        username="admin",
        first="Tom",
        last="Ridgway",
        agency="lcc",
        dept="",
        title="Case Management System Administrator",
        role="administrator",
        pool=None,
    ),
]

OTHER_OFFICERS: list[tuple[str, str, str, str, str, str, str | None]] = [
    # Leicester City Council
    ("Aisha", "Begum", "lcc", "Community Safety", "Community Safety Officer", "officer", "cs"),
    ("Liam", "Hart", "lcc", "Community Safety", "Anti-social Behaviour Officer", "officer", "cs"),
    ("Kuldeep", "Sandhu", "lcc", "Environmental Health", "Environmental Health Officer (Noise)", "officer", "eh"),
    ("Joseph", "Mensah", "lcc", "Environmental Health", "Environmental Enforcement Officer", "officer", "eh"),
    ("Rebecca", "Stone", "lcc", "Housing", "Tenancy Management Officer", "officer", "housing"),
    # Leicestershire Police
    ("Emma", "Walsh", "police", "Leicester City LPU", "Police Community Support Officer", "officer", "cs"),
    (
        "Harpreet",
        "Gill",
        "police",
        "Leicester City LPU",
        "Police Constable, Neighbourhood Policing Team",
        "officer",
        "cs",
    ),
    ("Stuart", "Reid", "police", "Leicester City LPU", "Sergeant, Neighbourhood Policing Team", "officer", "cs"),
    ("Andrew", "Pearce", "police", "Charnwood LPU", "Inspector (Chair, Charnwood JAG)", "jag_chair", None),
    ("Chloe", "Marsh", "police", "Charnwood LPU", "Police Constable, Neighbourhood Policing Team", "officer", "cs"),
    (
        "Ravi",
        "Solanki",
        "police",
        "South Leicestershire LPU",
        "Police Constable, Neighbourhood Policing Team",
        "officer",
        "cs",
    ),
    ("Jennifer", "Cole", "police", "South Leicestershire LPU", "Police Community Support Officer", "officer", "cs"),
    (
        "Martin",
        "Howe",
        "police",
        "Hinckley & Bosworth LPU",
        "Inspector (Chair, Hinckley & Bosworth JAG)",
        "jag_chair",
        None,
    ),
    (
        "Leanne",
        "Foster",
        "police",
        "Hinckley & Bosworth LPU",
        "Police Constable, Neighbourhood Policing Team",
        "officer",
        "cs",
    ),
    (
        "Simon",
        "Tait",
        "police",
        "North West Leicestershire LPU",
        "Inspector (Chair, North West Leicestershire JAG)",
        "jag_chair",
        None,
    ),
    ("Kirsty", "Lamb", "police", "North West Leicestershire LPU", "Police Community Support Officer", "officer", "cs"),
    (
        "Peter",
        "Nowak",
        "police",
        "Melton & Rutland LPU",
        "Police Constable, Neighbourhood Policing Team",
        "officer",
        "cs",
    ),
    ("Sian", "Hughes", "police", "Melton & Rutland LPU", "Police Community Support Officer", "officer", "cs"),
    # Leicestershire County Council
    (
        "Fiona",
        "Grant",
        "county",
        "Community Safety Team",
        "Community Safety Co-ordinator",
        "county_community_safety_team",
        None,
    ),
    # District and borough councils, Rutland
    ("Helen", "Price", "blaby", "Community Safety", "Community Safety Manager (Chair, Blaby JAG)", "jag_chair", None),
    ("Ben", "Atkins", "blaby", "Community Safety", "Community Safety Officer", "officer", "cs"),
    ("Priya", "Lad", "blaby", "Environmental Health", "Environmental Health Officer", "officer", "eh"),
    ("Imran", "Mirza", "charnwood", "Community Safety", "Anti-social Behaviour Officer", "officer", "cs"),
    ("Louise", "Taylor", "charnwood", "Environmental Health", "Environmental Health Officer", "officer", "eh"),
    (
        "Julia",
        "Fenwick",
        "harborough",
        "Community Safety",
        "Community Safety Manager (Chair, Harborough JAG)",
        "jag_chair",
        None,
    ),
    ("Owen", "Pritchard", "harborough", "Community Safety", "Community Safety Officer", "officer", "cs"),
    ("Dominic", "Reeve", "harborough", "Environmental Health", "Environmental Health Officer", "officer", "eh"),
    ("Natalie", "Vaughan", "hinckley", "Community Safety", "Community Safety Officer", "officer", "cs"),
    ("Rupinder", "Sahota", "hinckley", "Environmental Health", "Environmental Health Officer", "officer", "eh"),
    ("Karen", "Doyle", "melton", "Community Safety", "Community Safety Manager (Chair, Melton JAG)", "jag_chair", None),
    ("Sam", "Whitby", "melton", "Community Safety", "Anti-social Behaviour Officer", "officer", "cs"),
    ("Heather", "Bowler", "melton", "Environmental Health", "Environmental Health Officer", "officer", "eh"),
    ("Paul", "Jordan", "nwl", "Community Safety", "Community Safety Officer", "officer", "cs"),
    ("Zara", "Ahmed", "nwl", "Housing", "Tenancy Officer", "officer", "housing"),
    ("Gavin", "Moss", "nwl", "Environmental Health", "Environmental Health Officer", "officer", "eh"),
    (
        "Richard",
        "Bell",
        "oadby",
        "Community Safety",
        "Community Safety Manager (Chair, Oadby & Wigston JAG)",
        "jag_chair",
        None,
    ),
    ("Mei", "Chen", "oadby", "Community Safety", "Community Safety Officer", "officer", "cs"),
    ("Yasmin", "Patel", "oadby", "Environmental Health", "Environmental Health Officer", "officer", "eh"),
    (
        "Alison",
        "Hayes",
        "rutland",
        "Community Safety",
        "Community Safety Manager (Chair, Rutland JAG)",
        "jag_chair",
        None,
    ),
    ("Callum", "Fraser", "rutland", "Community Safety", "Community Safety Officer", "officer", "cs"),
    ("Edward", "Lowther", "rutland", "Environmental Health", "Environmental Health Officer", "officer", "eh"),
    # Youth justice, probation, CPS, housing providers, health, Environment Agency
    ("Marcus", "Thompson", "cypjs", "", "Youth Justice Practitioner", "officer", "cs"),
    ("Shabana", "Ali", "cypjs", "", "Youth Justice Team Manager", "officer", "cs"),
    ("Gemma", "Holt", "cfws", "", "Family Wellbeing Worker", "officer", "cs"),
    ("Lewis", "Carter", "cfws", "", "Youth Worker, Targeted Youth Support", "officer", "cs"),
    ("Victoria", "Lane", "cps", "", "Senior Crown Prosecutor", "officer", "cs"),
    ("Anthony", "Moore", "probation", "", "Probation Officer", "officer", "cs"),
    ("Sunita", "Kaur", "probation", "", "Probation Services Officer", "officer", "cs"),
    ("Jade", "Wilkinson", "soarbank", "Neighbourhood Services", "Neighbourhood Officer", "officer", "cs"),
    ("Michael", "Osei", "soarbank", "Tenancy Enforcement", "Tenancy Enforcement Officer", "officer", "cs"),
    ("Rachel", "Dunn", "wreake", "Neighbourhood Services", "Neighbourhood Housing Officer", "officer", "cs"),
    ("Craig", "Bennett", "wreake", "Tenancy Enforcement", "Tenancy Enforcement Officer", "officer", "cs"),
    ("Elaine", "Woodward", "icb", "Safeguarding", "Designated Nurse, Safeguarding Adults", "officer", "cs"),
    ("Philip", "Barker", "ea", "Waste Crime", "Environment Officer, Waste Crime", "officer", "cs"),
]

# ---------------------------------------------------------------------------------------------------------------
# Localities: one JAG each. council: the district/borough/unitary council; lpu: the police department;
# housing: the main registered provider; youth: the youth justice / family wellbeing service; chair: username.
# ---------------------------------------------------------------------------------------------------------------
LOCALITIES: dict[str, LocalityData] = {
    "Leicester City": dict(
        council="lcc",
        lpu="Leicester City LPU",
        housing="soarbank",
        youth="cypjs",
        chair="chair",
        members=["police", "lcc", "soarbank", "cypjs", "probation", "icb"],
    ),
    "Blaby": dict(
        council="blaby",
        lpu="South Leicestershire LPU",
        housing="soarbank",
        youth="cfws",
        chair="helen.price",
        members=["police", "blaby", "county", "soarbank", "cfws", "probation", "icb"],
    ),
    "Charnwood": dict(
        council="charnwood",
        lpu="Charnwood LPU",
        housing="wreake",
        youth="cfws",
        chair="andrew.pearce",
        members=["police", "charnwood", "county", "wreake", "cfws", "probation", "icb"],
    ),
    "Harborough": dict(
        council="harborough",
        lpu="South Leicestershire LPU",
        housing="wreake",
        youth="cfws",
        chair="julia.fenwick",
        members=["police", "harborough", "county", "wreake", "cfws", "probation"],
    ),
    "Hinckley & Bosworth": dict(
        council="hinckley",
        lpu="Hinckley & Bosworth LPU",
        housing="soarbank",
        youth="cfws",
        chair="martin.howe",
        members=["police", "hinckley", "county", "soarbank", "cfws", "probation", "icb"],
    ),
    "Melton": dict(
        council="melton",
        lpu="Melton & Rutland LPU",
        housing="wreake",
        youth="cfws",
        chair="karen.doyle",
        members=["police", "melton", "county", "wreake", "cfws", "probation"],
    ),
    "North West Leicestershire": dict(
        council="nwl",
        lpu="North West Leicestershire LPU",
        housing="wreake",
        youth="cfws",
        chair="simon.tait",
        members=["police", "nwl", "county", "wreake", "cfws", "probation", "icb"],
    ),
    "Oadby & Wigston": dict(
        council="oadby",
        lpu="South Leicestershire LPU",
        housing="soarbank",
        youth="cfws",
        chair="richard.bell",
        members=["police", "oadby", "county", "soarbank", "cfws", "probation"],
    ),
    "Rutland": dict(
        council="rutland",
        lpu="Melton & Rutland LPU",
        housing="wreake",
        youth=None,
        chair="alison.hayes",
        members=["police", "rutland", "wreake", "probation", "icb"],
    ),
}

# ---------------------------------------------------------------------------------------------------------------
# People: key -> first name, last name, date of birth, address, postcode, telephone, notes.
# ---------------------------------------------------------------------------------------------------------------
PEOPLE = {
    # Leicester City
    "doreen": (
        "Doreen",
        "Fletcher",
        "1951-04-09",
        "Flat 5, Hollyhock House, Marwood Walk, Leicester",
        "LE4 0QD",
        "07700 900101",
        "Lives alone. Hard of hearing: face her and speak clearly; prefers visits to calls.",
    ),
    "kyle": (
        "Kyle",
        "Dempsey",
        "2004-02-17",
        "12 Larchfield Road, Leicester",
        "LE4 9NS",
        "",
        "Known to police for supply offences. Subject to probation supervision until March 2027.",
    ),
    "gary": (
        "Gary",
        "Whitlock",
        "1968-11-30",
        "Flat 6, Hollyhock House, Marwood Walk, Leicester",
        "LE4 0QD",
        "07700 900102",
        "Tenant of flat 6. Alcohol dependency; has an adult social care worker. Concern that "
        "others are using his flat (possible cuckooing).",
    ),
    "mahesh": (
        "Mahesh",
        "Parmar",
        "1972-08-21",
        "3 Heathley Parade, Leicester",
        "LE4 0FL",
        "07700 900103",
        "Owner of the convenience store at 3 Heathley Parade. Best contacted at the shop before 11am.",
    ),
    "tyler": (
        "Tyler",
        "Hodgson",
        "2010-03-14",
        "44 Kinross Avenue, Leicester",
        "LE4 0FN",
        "",
        "Aged 16. Lives with his mother. Open to the Children and Young People's Justice Service.",
    ),
    "reece": (
        "Reece",
        "Maddox",
        "2011-06-02",
        "7 Dunmore Close, Leicester",
        "LE4 0GB",
        "",
        "Aged 15. The school's designated safeguarding lead is aware of the case.",
    ),
    "amina": (
        "Amina",
        "Yusuf",
        "1988-01-25",
        "29 Linwood Close, Leicester",
        "LE5 4JR",
        "07700 900104",
        "Works night shifts three nights a week. Two children, aged 6 and 9.",
    ),
    "dean": ("Dean", "Carver", "1990-07-03", "27 Linwood Close, Leicester", "LE5 4JR", "", "Owner-occupier."),
    "farhan": (
        "Farhan",
        "Qureshi",
        "1979-12-05",
        "Flat above 88 Melbourne Walk, Leicester",
        "LE2 0GT",
        "07700 900105",
        "Runs the family convenience store at 88 Melbourne Walk and lives above it with his wife and three children.",
    ),
    "connor": ("Connor", "Pike", "2006-10-19", "15 Granby Close, Leicester", "LE2 0HS", "", ""),
    "linda": (
        "Linda",
        "Greaves",
        "1963-05-12",
        "21 Ashdown Road, Leicester",
        "LE3 1PX",
        "07700 900106",
        "City Council tenant. Has COPD and uses oxygen at home.",
    ),
    "terry": (
        "Terry",
        "Greaves",
        "1961-02-27",
        "21 Ashdown Road, Leicester",
        "LE3 1PX",
        "07700 900107",
        "Husband of Linda Greaves.",
    ),
    "sharon": ("Sharon", "Tilley", "1975-09-08", "19 Ashdown Road, Leicester", "LE3 1PX", "", "City Council tenant."),
    "graham": (
        "Graham",
        "Tolley",
        "1958-06-16",
        "3 Regent Mews, Leicester",
        "LE2 7BD",
        "07700 900108",
        "Chair of the Castle and Westcotes residents' association.",
    ),
    "mick": (
        "Michael",
        "Dowling",
        "1970-03-03",
        "No fixed abode",
        "",
        "",
        "Street drinker, usually in the city centre. Engages on and off with the outreach team.",
    ),
    "pauline": ("Pauline", "Archer", "1955-11-11", "12 Oakfield Crescent, Leicester", "LE3 6RD", "07700 900109", ""),
    "vinod": (
        "Vinod",
        "Lakhani",
        "1966-04-30",
        "Unit 4, Hamilton Park Way, Leicester",
        "LE5 1TY",
        "07700 900110",
        "Manager of a retail unit on the park.",
    ),
    "jordan": (
        "Jordan",
        "Wilde",
        "2007-09-12",
        "58 Fernhurst Road, Leicester",
        "LE4 1AP",
        "",
        "Aged 19. Owns a modified hatchback and an off-road motorcycle.",
    ),
    "margaret": (
        "Margaret",
        "Ellwood",
        "1944-09-18",
        "Flat 4, Thornbury Court, Thornbury Close, Leicester",
        "LE2 6TN",
        "07700 900111",
        "Aged 82, lives alone and uses a walking frame. Her daughter is the main contact, with Mrs Ellwood's consent.",
    ),
    "neil": (
        "Neil",
        "Ashworth",
        "1980-05-05",
        "Flat 6, Thornbury Court, Thornbury Close, Leicester",
        "LE2 6TN",
        "07700 900112",
        "Neighbour; has doorbell camera footage.",
    ),
    "vince": (
        "Vincent",
        "Oduya",
        "1977-03-09",
        "Flat 2, Thornbury Court, Thornbury Close, Leicester",
        "LE2 6TN",
        "",
        "City Council tenant.",
    ),
    "bethany": (
        "Bethany",
        "Rowe",
        "1995-12-01",
        "Flat 11, Saxby Court, Tudor Walk, Leicester",
        "LE3 5HG",
        "07700 900113",
        "Soarbank tenant; lives with her son, aged 3.",
    ),
    "ryan": (
        "Ryan",
        "Kavanagh",
        "1999-01-14",
        "Flat 12, Saxby Court, Tudor Walk, Leicester",
        "LE3 5HG",
        "",
        "Soarbank tenant. Previous conviction for possession with intent to supply. Care leaver; "
        "concern that an older group is exploiting him.",
    ),
    "priti": (
        "Priti",
        "Shah",
        "1983-07-22",
        "10 Wessex Row, Leicester",
        "LE4 7SB",
        "07700 900114",
        "Works from home. Speaks Gujarati and English.",
    ),
    "shane": ("Shane", "Broadley", "1987-10-10", "8 Wessex Row, Leicester", "LE4 7SB", "", "Soarbank tenant."),
    "david": (
        "David",
        "Hollis",
        "1986-03-19",
        "22 Rowan Walk, Leicester",
        "LE4 2HU",
        "07700 900115",
        "Has a learning disability; a support worker visits on weekday mornings. Prefers easy-read letters.",
    ),
    "ellie": ("Ellie", "Barnes", "2011-01-19", "31 Gorse Hill Road, Leicester", "LE4 2JD", "", "Aged 15."),
    "abdul": (
        "Abdul",
        "Karim",
        "1969-02-08",
        "5 Hartopp Walk, Leicester",
        "LE2 1WB",
        "07700 900116",
        "Runs the takeaway that backs onto the lane; has CCTV covering the rear yard.",
    ),
    "carl": (
        "Carl",
        "Mayhew",
        "1981-06-27",
        "17 Coal Yard Lane, Leicester",
        "LE4 5GS",
        "",
        "Advertises house clearances online; not registered as a waste carrier.",
    ),
    "helen": ("Helen", "Tranter", "1977-08-14", "29 Glenmore Road, Leicester", "LE3 0NF", "07700 900117", ""),
    "wayne": (
        "Wayne",
        "Ruddock",
        "1978-12-22",
        "33 Glenmore Road, Leicester",
        "LE3 0NF",
        "",
        "Keeps two large dogs at the property.",
    ),
    "kiran": (
        "Kiran",
        "Modha",
        "1990-10-03",
        "14 Checkland Walk, Leicester",
        "LE4 5RE",
        "07700 900118",
        "Volunteer with the recreation ground friends group.",
    ),
    "stephen": ("Stephen", "Cowley", "1969-01-31", "56 Marsden Avenue, Leicester", "LE5 6NG", "07700 900119", ""),
    "gail": ("Gail", "Newbold", "1972-04-19", "58 Marsden Avenue, Leicester", "LE5 6NG", "", ""),
    "zainab": (
        "Zainab",
        "Hassan",
        "1985-09-27",
        "12 Brindley Walk, Leicester",
        "LE2 0LT",
        "07700 900120",
        "Parent governor at the nearby primary school.",
    ),
    "john": ("John", "Mabbott", "1962-07-09", "43 Clarendon Walk, Leicester", "LE2 1FQ", "07700 900121", ""),
    "oliver": (
        "Oliver",
        "Fenton",
        "2004-11-02",
        "41 Clarendon Walk, Leicester",
        "LE2 1FQ",
        "07700 900122",
        "Student; one of five tenants of a licensed house in multiple occupation.",
    ),
    "fatima": (
        "Fatima",
        "Rahman",
        "1991-03-15",
        "Flat 2, Goodwood Court, Evington Walk, Leicester",
        "LE5 6DX",
        "07700 900123",
        "Soarbank tenant; lives with two children. Anxiety, supported by her GP.",
    ),
    "darren": (
        "Darren",
        "Wragg",
        "1983-08-08",
        "Flat 4, Goodwood Court, Evington Walk, Leicester",
        "LE5 6DX",
        "",
        "Soarbank tenant.",
    ),
    "sophie": (
        "Sophie",
        "Langford",
        "1989-05-21",
        "Café, 9 Gallowtree Walk, Leicester",
        "LE1 5AD",
        "07700 900124",
        "Manages a café; member of the city centre business crime partnership.",
    ),
    "chris": ("Christopher", "Dale", "1984-02-11", "9 Kingfisher Close, Leicester", "LE2 8QA", "07700 900125", ""),
    "matthew": ("Matthew", "Okoro", "1986-06-30", "9 Kingfisher Close, Leicester", "LE2 8QA", "07700 900126", ""),
    "tracey": ("Tracey", "Gilbert", "1979-10-17", "18 Saffron Walk, Leicester", "LE2 9BN", "07700 900127", ""),
    "ken": (
        "Kenneth",
        "Orme",
        "1952-12-03",
        "27 Ambassador Walk, Leicester",
        "LE4 1EZ",
        "07700 900128",
        "Retired; walks his dog on the land most mornings.",
    ),
    # Blaby
    "gurpreet": (
        "Gurpreet",
        "Bains",
        "1980-04-04",
        "15 Lubbesthorpe Walk, Braunstone Town",
        "LE3 3DP",
        "07700 900129",
        "",
    ),
    "lee": ("Lee", "Saddington", "1985-11-26", "17 Lubbesthorpe Walk, Braunstone Town", "LE3 3DP", "", ""),
    "jean": (
        "Jean",
        "Hubbard",
        "1949-07-07",
        "2 Station Walk, Narborough",
        "LE19 2HT",
        "07700 900130",
        "Lives above the precinct shops.",
    ),
    "harvey": (
        "Harvey",
        "Lunt",
        "2010-08-30",
        "40 Coventry Walk, Narborough",
        "LE19 3EB",
        "",
        "Aged 16. Known to the Children and Family Wellbeing Service.",
    ),
    "anne": (
        "Anne",
        "Pettifer",
        "1958-01-22",
        "Flat 3, Mill Court, Enderby",
        "LE19 4NW",
        "07700 900131",
        "Soarbank tenant.",
    ),
    # Charnwood
    "peter": ("Peter", "Bramley", "1957-03-28", "21 Storer Walk, Loughborough", "LE11 5EQ", "07700 900132", ""),
    "josh": (
        "Joshua",
        "Kemp",
        "2005-05-17",
        "23 Storer Walk, Loughborough",
        "LE11 5EQ",
        "07700 900133",
        "Student tenant.",
    ),
    "pamela": ("Pamela", "Iliffe", "1960-08-19", "3 Melton Walk, Thurmaston", "LE4 8EA", "07700 900158", ""),
    "ruth": ("Ruth", "Oakley", "1966-09-09", "4 Shelthorpe Walk, Loughborough", "LE11 2PA", "07700 900134", ""),
    "callum": ("Callum", "Yates", "2009-05-23", "19 Beacon Walk, Loughborough", "LE11 2QR", "", "Aged 17."),
    "yusuf": (
        "Yusuf",
        "Ismail",
        "1974-12-12",
        "12 Oxford Walk, Loughborough",
        "LE11 5DS",
        "07700 900135",
        "Lives with his wife and four children.",
    ),
    "barry": ("Barry", "Stead", "1965-08-01", "14 Oxford Walk, Loughborough", "LE11 5DS", "", ""),
    "lynn": (
        "Lynn",
        "Goddard",
        "1962-02-14",
        "Flat 2, Charnwood Walk, Shepshed",
        "LE12 9QB",
        "07700 900136",
        "Wreake Valley Homes tenant.",
    ),
    "alan": (
        "Alan",
        "Frisby",
        "1968-10-30",
        "No fixed abode",
        "",
        "",
        "Often in Syston town centre; engages with the local outreach worker.",
    ),
    "derek": (
        "Derek",
        "Hames",
        "1950-06-06",
        "6 Fosse Walk, Syston",
        "LE7 1NB",
        "07700 900137",
        "Volunteer who looks after the memorial gardens.",
    ),
    # Harborough
    "irene": ("Irene", "Walton", "1946-11-19", "6 Welland Walk, Market Harborough", "LE16 7DW", "07700 900138", ""),
    "colin": ("Colin", "Pattinson", "1959-04-25", "8 Welland Walk, Market Harborough", "LE16 7DW", "", ""),
    "nigel": ("Nigel", "Hewitt", "1964-03-03", "1 Bitteswell Walk, Lutterworth", "LE17 4EX", "07700 900139", ""),
    "kai": (
        "Kai",
        "Rowley",
        "2008-07-01",
        "22 Coventry Road Walk, Lutterworth",
        "LE17 4RB",
        "",
        "Aged 18. Regularly attends car meets across the county.",
    ),
    "robert": (
        "Robert",
        "Hallam",
        "1961-09-14",
        "Manor Farm, Smeeton Lane, Kibworth",
        "LE8 0RQ",
        "07700 900140",
        "Farms the land either side of the lane.",
    ),
    # Hinckley & Bosworth
    "sandra": (
        "Sandra",
        "Briggs",
        "1970-01-08",
        "Flat 1, 3 Regent Walk, Hinckley",
        "LE10 0AZ",
        "07700 900141",
        "Lives above her hairdressing salon.",
    ),
    "mason": ("Mason", "Tully", "2011-04-11", "9 Trinity Walk, Hinckley", "LE10 0BX", "", "Aged 15."),
    "kerry": (
        "Kerry",
        "Blunt",
        "1992-06-18",
        "13 Dovecote Walk, Barwell",
        "LE9 8HF",
        "07700 900142",
        "Soarbank tenant; works early shifts.",
    ),
    "kelly": ("Kelly", "Stanton", "1996-02-02", "11 Dovecote Walk, Barwell", "LE9 8HF", "", "Soarbank tenant."),
    "william": (
        "William",
        "Dakin",
        "1948-05-30",
        "43 Sketchley Walk, Burbage",
        "LE10 2DS",
        "07700 900143",
        "Known as Bill.",
    ),
    "tanya": ("Tanya", "Royce", "1981-12-09", "45 Sketchley Walk, Burbage", "LE10 2DS", "", ""),
    "olive": (
        "Olive",
        "Pegg",
        "1945-02-14",
        "3 Keats Walk, Earl Shilton",
        "LE9 7DJ",
        "07700 900144",
        "Aged 81, lives alone. Early-stage dementia; her son holds lasting power of attorney.",
    ),
    "dale": ("Dale", "Hickling", "1988-09-21", "5 Keats Walk, Earl Shilton", "LE9 7DJ", "", ""),
    # Melton
    "patricia": ("Patricia", "Lowe", "1956-08-12", "2 Play Close Walk, Melton Mowbray", "LE13 0AE", "07700 900145", ""),
    "finley": ("Finley", "Grice", "2012-02-07", "16 Egerton Walk, Melton Mowbray", "LE13 0EN", "", "Aged 14."),
    "gloria": (
        "Gloria",
        "Adeyemi",
        "1976-04-29",
        "Flat 8, Sysonby Walk, Melton Mowbray",
        "LE13 0HQ",
        "07700 900146",
        "Wreake Valley Homes tenant.",
    ),
    "jay": (
        "Jay",
        "Cullen",
        "2001-11-05",
        "No fixed address (believed to stay in Leicester)",
        "",
        "",
        "Believed to be involved in supplying drugs into market towns from Leicester.",
    ),
    "tariq": (
        "Tariq",
        "Mahmood",
        "1967-07-17",
        "Community Centre, 4 Egerton Walk, Melton Mowbray",
        "LE13 0EP",
        "07700 900147",
        "Trustee of the community centre.",
    ),
    "aneela": ("Aneela", "Farooq", "1993-03-23", "20 Egerton Walk, Melton Mowbray", "LE13 0EP", "07700 900148", ""),
    # North West Leicestershire
    "denise": (
        "Denise",
        "Hammond",
        "1973-10-01",
        "26 Ravenstone Walk, Coalville",
        "LE67 3NP",
        "07700 900149",
        "District council tenant.",
    ),
    "troy": (
        "Troy",
        "Sewell",
        "1994-05-13",
        "28 Ravenstone Walk, Coalville",
        "LE67 3NP",
        "",
        "District council tenant.",
    ),
    "graham_a": (
        "Graham",
        "Ault",
        "1955-02-26",
        "11 Bath Walk, Ashby-de-la-Zouch",
        "LE65 2FH",
        "07700 900150",
        "Secretary of the cricket club.",
    ),
    "brandon": ("Brandon", "Weir", "2009-12-20", "30 Tamworth Walk, Ashby-de-la-Zouch", "LE65 2PX", "", "Aged 16."),
    "mandy": (
        "Mandy",
        "Orton",
        "1971-07-30",
        "Flat 4, Greenhill Walk, Coalville",
        "LE67 4UY",
        "07700 900151",
        "Wreake Valley Homes tenant.",
    ),
    "steven": (
        "Steven",
        "Chell",
        "1979-09-04",
        "Flat 3, Greenhill Walk, Coalville",
        "LE67 4UY",
        "",
        "Wreake Valley Homes tenant. Mental health needs; open to the community mental health team.",
    ),
    "maureen": ("Maureen", "Platts", "1952-11-15", "7 Bondgate Walk, Castle Donington", "DE74 2NR", "07700 900152", ""),
    # Oadby & Wigston
    "harjit": ("Harjit", "Dhillon", "1982-08-25", "13 Canal Walk, South Wigston", "LE18 4PQ", "07700 900153", ""),
    "stacey": ("Stacey", "Horne", "1993-01-07", "15 Canal Walk, South Wigston", "LE18 4PQ", "", ""),
    "anil": (
        "Anil",
        "Kotecha",
        "1965-05-09",
        "6 The Parade Walk, Oadby",
        "LE2 5BF",
        "07700 900154",
        "Pharmacist; runs the pharmacy on the parade.",
    ),
    "teresa": (
        "Teresa",
        "Quinn",
        "1960-12-28",
        "Flat 7, Meadowcourt Walk, Wigston",
        "LE18 3RL",
        "07700 900155",
        "Soarbank tenant. Uses a wheelchair.",
    ),
    "wesley": ("Wesley", "Hunt", "1990-03-31", "Flat 9, Meadowcourt Walk, Wigston", "LE18 3RL", "", "Soarbank tenant."),
    # Rutland
    "hugh": (
        "Hugh",
        "Barrington",
        "1953-04-16",
        "5 Braunston Walk, Oakham",
        "LE15 6LA",
        "07700 900156",
        "Parish and town council liaison for the recreation ground.",
    ),
    "alfie": ("Alfie", "Marsden", "2011-09-09", "12 Brooke Walk, Oakham", "LE15 6HE", "", "Aged 15."),
    "rosemary": ("Rosemary", "Wade", "1950-10-10", "2 Stamford Walk, Ketton", "PE9 3RA", "07700 900157", ""),
    "gordon": ("Gordon", "Tebbutt", "1958-06-02", "4 Stamford Walk, Ketton", "PE9 3RA", "", ""),
}

# ---------------------------------------------------------------------------------------------------------------
# Case stories. Placeholders: {victim}, {perp}, {address}, {locality}, {jag}, {motive}.
# Steps are (kind, actor, text) or (kind, actor, text, key); actors: lead, police, council, eh (council
# environmental health), housing, youth, probation, health, ea, cps, county (County Community Safety Team), chair
# (the JAG chair), lead_if_children. A step whose actor has no agency in the case's locality is left out. Steps are
# in story order: a younger case has reached an earlier point. A key names a step that an intervention of the
# ladders (demo.ladders) is told by: on a case with that intervention the step is always there, on its day.
# police_optional: some of these cases are worked without the police.
# ---------------------------------------------------------------------------------------------------------------
SCENARIOS: dict[str, ScenarioData] = {
    "noise": dict(
        police_optional=True,
        category="Noise nuisance",
        summary="Persistent loud music, shouting and banging from {address}, reported by the neighbour {victim}. "
        "The noise is worst between 11pm and 3am at weekends and has gone on for several months; the "
        "complainant's household is losing sleep.",
        children=False,
        incidents=[
            (
                "council",
                "Amplified music with heavy bass from about 23:30 until 03:00. The complainant knocked on "
                "the door to ask for it to be turned down and was sworn at.",
            ),
            (
                "police",
                "Gathering of around fifteen people; music and shouting in the back garden until 02:30. "
                "Bottles thrown over the fence into the complainant's garden.",
            ),
            (
                "council",
                "Music at high volume on a weekday night until 01:45, recorded by the complainant on the "
                "council's noise app.",
            ),
            (
                "council",
                "Banging on the shared wall and shouting, the evening after the complainant raised the "
                "noise in person.",
            ),
            (
                "council",
                "Loud music from 22:00 until after midnight despite the warning letter; recorded on the noise app.",
            ),
        ],
        steps=[
            (
                "call",
                "lead",
                "Telephone call with {victim} to take details of the complaint. Explained the process, "
                "diary sheets and the noise app; agreed to keep a record for four weeks.",
            ),
            (
                "visit",
                "lead",
                "Home visit to {victim}. Complainant tired and anxious about going to work on little "
                "sleep. Risk screening questions completed; diary sheets left.",
            ),
            (
                "letter",
                "lead",
                "Letter to {perp} at {address} setting out the complaint (without identifying the "
                "complainant) and asking for co-operation.",
            ),
            ("referral", "lead", "Referral to Environmental Health for assessment of statutory noise nuisance."),
            (
                "note",
                "eh",
                "Noise app recordings reviewed: five recordings between 23:40 and 02:50 show amplified "
                "music clearly audible in the complainant's bedroom.",
            ),
            ("visit", "eh", "Noise monitoring equipment installed at the complainant's home for fourteen days."),
            (
                "call",
                "police",
                "Police attended a late-night call about noise and shouting at {address}; music "
                "turned down on arrival. Words of advice given to {perp}.",
                "police_noise_call",
            ),
            (
                "intervention",
                "lead",
                "First warning letter hand-delivered to {perp}. Explained that further noise "
                "may lead to a Community Protection Warning and a noise abatement notice.",
                "first_warning_letter",
            ),
            (
                "decision",
                "eh",
                "Monitoring results reviewed: statutory nuisance witnessed on two nights. Decision "
                "to serve an abatement notice under section 80 of the Environmental Protection Act 1990.",
            ),
            (
                "intervention",
                "eh",
                "Noise abatement notice served on {perp} in person; the notice and the right of appeal explained.",
            ),
            (
                "visit",
                "housing",
                "Joint visit to {perp} with the tenancy officer; the nuisance clause of the "
                "tenancy agreement discussed and a tenancy warning given.",
                "tenancy_warning_visit",
            ),
            (
                "meeting",
                "chair",
                "Case discussed at {jag}. Actions: Environmental Health to continue monitoring; "
                "police to attend calls promptly and share incident logs; lead officer to update the complainant "
                "weekly.",
            ),
            (
                "call",
                "lead",
                "Update call to {victim}: noise reduced over the last fortnight, occasional music at "
                "weekends but not after midnight.",
            ),
            (
                "email",
                "police",
                "E-mail to the lead officer: no further calls about {address} on police systems in "
                "the last four weeks.",
            ),
        ],
        plan=dict(
            partner_reports="The complainant's diary and noise app recordings show late-night music on most "
            "weekends. Police have attended twice. Environmental Health monitoring confirmed statutory nuisance.",
            who_is_at_risk="{victim} and their household.",
            risk_from="Late-night noise from {address}; the occupier's hostile response when approached.",
            likely_outcome="Continued sleep loss and a risk of confrontation between neighbours if the noise "
            "continues.",
            safeguarding_notes="",
            support_options="Victim support referral offered. Mediation offered to both households.",
            powers_available="Noise abatement notice (EPA 1990), Community Protection Warning and Notice, tenancy "
            "enforcement where the occupier is a social tenant.",
            actions="Warning letter issued; Environmental Health monitoring; abatement notice if nuisance is "
            "witnessed; police to share call logs; weekly contact with the complainant.",
            rationale="Proportionate, staged response: the occupier has not previously been warned.",
            review_outcome="Abatement notice served; one further breach recorded, since then the noise has reduced.",
            risk_alleviated="Partly: the complainant reports better sleep, though weekend noise continues "
            "occasionally.",
            new_information="None affecting risk.",
            further_actions="If the notice is breached again, consider seizure of noise-making equipment and "
            "prosecution.",
        ),
    ),
    "neighbour": dict(
        police_optional=True,
        category="Neighbour dispute",
        summary="Long-running dispute between neighbours at {address} over parking, the shared boundary and "
        "rubbish, which has escalated to verbal abuse and threats. {victim} reports feeling intimidated in "
        "their own home.",
        children=False,
        incidents=[
            (
                "council",
                "Neighbour blocked the complainant's driveway with a van for most of the day and refused "
                "to move it; heated argument in the street.",
            ),
            (
                "police",
                "Verbal abuse shouted over the fence; the complainant says she was threatened that her "
                "car would be damaged.",
            ),
            (
                "council",
                "Bags of rubbish left against the complainant's front wall; the neighbour was seen doing "
                "it on the complainant's doorbell camera.",
            ),
            ("police", "Argument about the boundary fence; the complainant's husband was pushed. No injury."),
        ],
        steps=[
            (
                "call",
                "lead",
                "Initial call with {victim}. Background: dispute began about two years ago over "
                "parking and has worsened since the fence was replaced.",
            ),
            (
                "visit",
                "lead",
                "Visit to {victim}. Doorbell camera footage viewed. Explained what the agencies can "
                "and cannot do in a boundary dispute (civil matter) and the ASB elements we will act on.",
            ),
            (
                "visit",
                "lead",
                "Visit to {perp} to hear their account. They say the complainant's visitors park "
                "across their drive; they agreed to consider mediation.",
            ),
            ("referral", "lead", "Referral of both households to the community mediation service."),
            (
                "call",
                "police",
                "Police attended a report of an argument at the boundary. Both parties spoken to; "
                "words of advice given to {perp} about threatening language.",
            ),
            (
                "note",
                "lead",
                "Mediation service confirmed {perp} declined a joint meeting; shuttle mediation offered instead.",
            ),
            (
                "intervention",
                "lead",
                "First warning letter to {perp} about abusive behaviour towards {victim}; "
                "explained that civil matters such as the boundary must be resolved separately.",
            ),
            (
                "visit",
                "housing",
                "Tenancy officer visited both households; reminded both of their tenancy "
                "conditions on behaviour towards neighbours.",
            ),
            (
                "meeting",
                "chair",
                "Case discussed at {jag}. Agreed to continue mediation and to consider an "
                "Acceptable Behaviour Agreement if the abuse continues.",
            ),
            (
                "call",
                "lead",
                "Update call to {victim}: things quieter since the warning letter; still tense when "
                "the two households meet in the street.",
            ),
            (
                "intervention",
                "lead",
                "Acceptable Behaviour Agreement signed by {perp} for six months: not to "
                "verbally abuse or threaten neighbours, not to obstruct their driveway.",
            ),
            (
                "decision",
                "lead",
                "Reviewed with the team leader: keep the case open until the mediation outcome "
                "and one month without incidents.",
            ),
        ],
        plan=dict(
            partner_reports="Both households have called police several times. The complainant has camera footage "
            "of rubbish being left and of verbal abuse.",
            who_is_at_risk="{victim}, who has health conditions worsened by stress.",
            risk_from="The neighbour, {perp}; escalation of the dispute.",
            likely_outcome="Further verbal abuse; risk of a physical confrontation.",
            safeguarding_notes="",
            support_options="Community mediation; GP support for stress; victim support.",
            powers_available="Warning letters, Acceptable Behaviour Agreement, Community Protection Warning, "
            "tenancy enforcement.",
            actions="Mediation referral for both households; first warning letter; police to attend promptly "
            "and record any threats.",
            rationale="Both parties report grievances; mediation is the most likely lasting resolution, with "
            "enforcement for the abusive behaviour.",
            review_outcome="Mediation declined as a joint meeting but shuttle mediation under way. ABA signed.",
            risk_alleviated="Yes, partly: no threats reported since the ABA was signed.",
            new_information="The complainant's health has deteriorated; GP letter provided.",
            further_actions="Community Protection Warning if the ABA is breached.",
        ),
    ),
    "youths": dict(
        category="Harassment or intimidation",
        summary="Groups of young people gathering at {address} in the evenings, intimidating shop staff and "
        "customers, shouting abuse and throwing items. {victim} reports staff are frightened to close up.",
        children=True,
        incidents=[
            (
                "police",
                "Group of six to eight young people outside the shops from 19:00; eggs thrown at the shop "
                "window and staff sworn at when asked to leave.",
            ),
            (
                "police",
                "Young people entered the shop in a group, took items without paying and threatened the "
                "shop assistant when challenged.",
            ),
            (
                "council",
                "Fireworks set off towards customers leaving the shop; an older resident was frightened "
                "and fell, no serious injury.",
            ),
            ("police", "Group kicking the shop door and shouting abuse at closing time; CCTV footage kept."),
            ("council", "Residents report the group sitting on car bonnets and playing loud music until 22:30."),
        ],
        steps=[
            (
                "visit",
                "lead",
                "Visit to {victim} at the shop. CCTV stills viewed; several young people recognised "
                "by staff. Risk screening completed.",
            ),
            (
                "call",
                "police",
                "Neighbourhood team confirmed additional patrols at the location on Friday and Saturday evenings.",
            ),
            (
                "note",
                "police",
                "Young people identified from CCTV include {perp}. Information shared with the lead "
                "officer under the information sharing agreement.",
            ),
            (
                "visit",
                "police",
                "Home visit with a parent present: words of advice given to {perp} about the behaviour at the shops.",
                "words_of_advice_at_home",
            ),
            (
                "referral",
                "lead",
                "Referral to the youth service for diversionary activities and to the youth "
                "justice service for an out-of-court assessment.",
            ),
            (
                "meeting",
                "youth",
                "Youth justice practitioner met the young person and parent; engagement with a "
                "six-week programme agreed.",
            ),
            (
                "letter",
                "lead",
                "First warning letters sent to the parents of the young people identified, "
                "explaining the behaviour reported and the support on offer.",
                "first_warning_letters",
            ),
            (
                "email",
                "county",
                "County Community Safety Team offered funding for detached youth work sessions "
                "near the shops on Friday evenings.",
            ),
            (
                "meeting",
                "chair",
                "Case discussed at {jag}. Actions: police to continue patrols; youth service to "
                "start detached sessions; lead officer to prepare Acceptable Behaviour Contracts.",
            ),
            (
                "intervention",
                "lead",
                "Acceptable Behaviour Contract signed by {perp} with a parent and the youth "
                "justice worker present. Review in three months.",
                "contracts_signed",
            ),
            (
                "decision",
                "police",
                "Dispersal authorisation under section 34 of the ASB, Crime and Policing Act "
                "2014 granted for 48 hours covering the parade.",
            ),
            (
                "call",
                "lead",
                "Update call with {victim}: the group has been smaller and staff feel safer; one "
                "incident of verbal abuse last week.",
            ),
            (
                "email",
                "youth",
                "Youth justice update: the young person has attended four of six sessions and is engaging well.",
            ),
        ],
        plan=dict(
            partner_reports="Shop staff, residents and police patrols report the same group most evenings. Two "
            "of the young people are known to the youth justice service.",
            who_is_at_risk="Shop staff and customers, especially older residents; the young people themselves "
            "(risk of exploitation and criminalisation).",
            risk_from="The group of young people gathering at the location.",
            likely_outcome="Continued intimidation, damage and possible injury; escalation into criminal offences.",
            safeguarding_notes="Safeguarding considered for each young person; school and youth justice informed. "
            "No current indication of criminal exploitation but to be kept under review.",
            support_options="Youth service diversionary activities, youth justice programme, family support.",
            powers_available="Dispersal powers, Acceptable Behaviour Contracts, Community Protection Warnings "
            "(16+), civil injunction as a last resort.",
            actions="Police patrols; identification from CCTV; parental letters; ABCs; youth service sessions.",
            rationale="Early intervention with the young people and their families is the least criminalising "
            "option and addresses the causes.",
            review_outcome="ABCs signed; patrols and detached youth work in place; reports reduced.",
            risk_alleviated="Yes: incidents down from several a week to one a fortnight.",
            new_information="One young person has moved school; the new school has been informed.",
            further_actions="Consider a Community Protection Warning for any young person aged 16 or over who "
            "breaches the ABC.",
        ),
    ),
    "drugs": dict(
        category="Drug or substance misuse and dealing",
        summary="Suspected drug dealing from {address}: frequent short visits at all hours, people loitering in "
        "the communal areas and drug paraphernalia left on the stairs. Concern that a vulnerable tenant is "
        "being exploited (cuckooing).",
        children=False,
        incidents=[
            (
                "police",
                "Complainant saw several people visit the flat for a few minutes each between 22:00 and "
                "01:00; exchanges seen through the car window in the car park.",
            ),
            (
                "housing",
                "Used needles and foil found on the communal stairwell; the door entry system has been "
                "damaged so the door no longer locks.",
            ),
            (
                "police",
                "Argument in the corridor; a man threatened the complainant when she asked him to leave the building.",
            ),
            ("police", "Strong smell of cannabis in the communal hallway; visitors continued through the night."),
            ("housing", 'Complainant reports being followed to the lift and told not to "talk to anyone".'),
        ],
        steps=[
            (
                "call",
                "lead",
                "Call with {victim}: frightened to report in person. Agreed to use a mobile number "
                "and unmarked letters; no visits in uniform.",
            ),
            (
                "note",
                "police",
                "Intelligence submitted about visitors to {address}; vehicle registrations noted by "
                "residents passed to the intelligence unit.",
            ),
            (
                "visit",
                "housing",
                "Housing officer inspected the block: door entry repair ordered, drug litter "
                "removed, CCTV request made.",
            ),
            (
                "visit",
                "lead",
                "Welfare visit to the tenant of the flat with the police; concerns that others are "
                "staying there and controlling access. Tenant accepted a referral to adult social care.",
            ),
            (
                "referral",
                "health",
                "Referral to the drug and alcohol service and the GP practice for the tenant; "
                "safeguarding adults concern raised.",
            ),
            (
                "meeting",
                "chair",
                "Case discussed at {jag}. Cuckooing concerns recorded; actions assigned to police "
                "(warrant application), housing (tenancy support) and health (treatment pathway).",
            ),
            (
                "intervention",
                "police",
                "Search warrant executed under the Misuse of Drugs Act 1971. Class A drugs "
                "and cash recovered; {perp} arrested.",
            ),
            (
                "note",
                "probation",
                "Probation confirmed {perp} is under supervision; licence conditions reviewed "
                "and the offender manager informed.",
            ),
            (
                "decision",
                "lead",
                "Decision to apply for a premises closure notice to protect residents and the "
                "tenant while support is arranged.",
            ),
            (
                "intervention",
                "police",
                "Closure notice served at {address} for 48 hours, authorised by a "
                "superintendent; application to the magistrates' court prepared.",
                "closure_notice",
            ),
            ("email", "cps", "CPS reviewed the file; charge of possession with intent to supply authorised."),
            (
                "visit",
                "housing",
                "Tenancy sustainment visit: tenant supported to move to a temporary placement "
                "while the closure order is in force.",
            ),
            (
                "call",
                "lead",
                "Update call to {victim}: far fewer visitors since the closure; still anxious about "
                "reprisals. Victim support referral accepted.",
            ),
            (
                "email",
                "police",
                "Police update: no further intelligence of dealing from the address in the last "
                "month; patrols to continue.",
            ),
        ],
        plan=dict(
            partner_reports="Residents, housing staff and police intelligence describe frequent short visits, "
            "damage to the door entry system and drug litter. The tenant appears to have lost control of the flat.",
            who_is_at_risk="The tenant of the flat (exploitation, cuckooing); neighbours, including {victim}; "
            "visitors who use drugs.",
            risk_from="People dealing from the address, including {perp}.",
            likely_outcome="Continued dealing, violence or threats to residents, and harm to the tenant.",
            safeguarding_notes="Adult safeguarding concern raised for the tenant. No children live at the "
            "address; neighbours' children use the stairwell, so drug litter is removed daily.",
            support_options="Adult social care, drug and alcohol service, GP, tenancy sustainment, victim support.",
            powers_available="Search warrant, premises closure notice and order, criminal prosecution, civil "
            "injunction, tenancy enforcement.",
            actions="Intelligence development; door entry repair; welfare visit; warrant; closure notice and "
            "order; support for the tenant.",
            rationale="The tenant's vulnerability and the risk to residents justify closure while enforcement "
            "against the dealers proceeds.",
            review_outcome="Warrant executed and arrest made; closure order granted for three months.",
            risk_alleviated="Yes: visitors have stopped; the tenant is in a supported placement.",
            new_information="Intelligence suggests the same group is trying to use another address nearby.",
            further_actions="Civil injunction with exclusion zone against {perp} on release; share intelligence "
            "with neighbouring JAGs.",
        ),
    ),
    "damage": dict(
        category="Criminal damage or vandalism",
        summary="Repeated criminal damage at {address}: fences kicked down, car windows smashed and graffiti. "
        "{victim} reports damage every few weeks and believes local young people are responsible.",
        children=True,
        incidents=[
            ("police", "Rear fence panels kicked through overnight; footprints in the garden."),
            ("police", "Car windscreen smashed with a brick while parked outside the property."),
            ("council", "Graffiti sprayed on the garage doors and the side wall."),
            (
                "police",
                "Stones thrown at the front window in the evening; glass cracked. A group of young people "
                "seen running off.",
            ),
        ],
        steps=[
            (
                "visit",
                "police",
                "Police attended and recorded the damage; crime reference issued; house-to-house "
                "enquiries made with neighbours.",
            ),
            (
                "call",
                "lead",
                "Call with {victim} to explain the ASB case and what will happen next; risk screening completed.",
            ),
            (
                "referral",
                "lead",
                "Graffiti removal requested from the council's cleansing team; target-hardening "
                "referral (fence repair and lighting) made.",
            ),
            (
                "note",
                "police",
                "Doorbell camera footage from a neighbour shows young people at the scene; {perp} identified.",
            ),
            (
                "visit",
                "police",
                "Home visit with parents: words of advice given; parents agreed to pay towards the repair.",
            ),
            (
                "referral",
                "lead",
                "Referral to the youth service for restorative justice: the young people to meet "
                "{victim} if they agree.",
            ),
            ("meeting", "youth", "Youth worker met the young person; restorative conference agreed in principle."),
            ("intervention", "lead", "First warning letter to the parents of {perp}."),
            (
                "meeting",
                "chair",
                "Case discussed at {jag}. Agreed the police will continue patrols at dusk and the "
                "council will install additional street lighting.",
            ),
            ("call", "lead", "Update call with {victim}: no further damage in the last three weeks."),
        ],
        plan=dict(
            partner_reports="Police have several crime reports for damage at the address; neighbours report "
            "young people gathering nearby in the evenings.",
            who_is_at_risk="{victim} and their household.",
            risk_from="A small group of local young people including {perp}.",
            likely_outcome="Further damage and increasing fear; possible injury from thrown objects.",
            safeguarding_notes="Young people's schools and the youth service informed; safeguarding considered "
            "for each young person.",
            support_options="Target hardening, victim support, restorative justice, youth service.",
            powers_available="Words of advice, warning letters, ABC, Community Protection Warning (16+), "
            "prosecution for criminal damage.",
            actions="Identification, parental visits, restorative justice offer, lighting and repairs.",
            rationale="Young first-time offenders: restorative and diversionary approaches are proportionate.",
            review_outcome="Damage stopped after the parental visits.",
            risk_alleviated="Yes.",
            new_information="None.",
            further_actions="Close the case if no further damage within six weeks.",
        ),
    ),
    "street_drinking": dict(
        category="Street drinking",
        summary="Street drinking and associated begging, urination and litter at {address}. {victim} reports "
        "customers and residents being approached and verbally abused, mostly in the afternoons.",
        children=False,
        incidents=[
            (
                "council",
                "Group of four drinking on the benches from 11:00; a customer was verbally abused when "
                "she refused to give money.",
            ),
            ("police", "Person urinating in a shop doorway; empty cans and bottles left across the area."),
            ("council", "Argument between two street drinkers; bottle smashed near the children's play area."),
            ("police", "Drinkers blocking a shop entrance and shouting at passers-by in the early evening."),
        ],
        steps=[
            ("call", "lead", "Call with {victim} to take details; agreed to keep a log of dates and times."),
            (
                "visit",
                "lead",
                "Joint patrol with the neighbourhood wardens; five people drinking identified, "
                "including {perp}. Alcohol surrendered under the Public Spaces Protection Order.",
            ),
            ("referral", "health", "Referral of {perp} to the alcohol outreach team and the street health service."),
            (
                "note",
                "health",
                "Outreach worker reports {perp} accepted an appointment but did not attend; will keep trying.",
            ),
            (
                "intervention",
                "lead",
                "Fixed penalty notice considered; instead words of advice and a written "
                "warning given under the PSPO, given {perp}'s vulnerability.",
            ),
            ("call", "police", "Police attended; two people moved on and alcohol confiscated."),
            (
                "meeting",
                "chair",
                "Case discussed at {jag}. Agreed an enforcement-with-support approach: outreach "
                "first, Community Protection Warning for persistent behaviour.",
            ),
            ("email", "county", "County Community Safety Team shared the outreach service contacts for the district."),
            (
                "intervention",
                "police",
                "Community Protection Warning issued to {perp}: not to drink alcohol or be drunk in the area covered.",
            ),
            (
                "call",
                "lead",
                "Update from {victim}: fewer drinkers in the last month, the benches are used by families again.",
            ),
        ],
        plan=dict(
            partner_reports="Businesses, residents and police all report regular street drinking; outreach know "
            "the individuals involved.",
            who_is_at_risk="The street drinkers themselves (health, exploitation); the public and businesses.",
            risk_from="Alcohol-related behaviour of a small group including {perp}.",
            likely_outcome="Continued intimidation and litter; serious health harm to the drinkers.",
            safeguarding_notes="Adult safeguarding considered for {perp}; self-neglect concerns shared with the "
            "outreach team.",
            support_options="Alcohol outreach, street health service, housing options.",
            powers_available="Public Spaces Protection Order, Community Protection Warning and Notice, dispersal.",
            actions="Joint patrols, outreach referrals, PSPO enforcement with discretion, CPW for persistent "
            "individuals.",
            rationale="Enforcement alone moves the problem; support offers a lasting change.",
            review_outcome="Outreach engagement improving; numbers drinking reduced.",
            risk_alleviated="Partly.",
            new_information="A new person has joined the group; outreach to approach.",
            further_actions="Community Protection Notice for {perp} if the CPW is breached.",
        ),
    ),
    "vehicles": dict(
        category="Vehicle nuisance",
        summary="Vehicle nuisance at {address}: cars racing and performing stunts in the evenings, and off-road "
        "motorcycles ridden across the land. {victim} reports noise, danger to pedestrians and damage to "
        "the grass.",
        children=False,
        incidents=[
            (
                "police",
                "Around twenty cars gathered from 21:00; wheel spins and racing around the car park until midnight.",
            ),
            (
                "police",
                "Two off-road motorcycles ridden at speed across the field where children play; no number plates.",
            ),
            ("council", "Tyre marks and oil across the car park; a bollard knocked over."),
            ("police", "Car meet again; a pedestrian had to step back to avoid a car doing doughnuts."),
        ],
        steps=[
            ("call", "lead", "Call with {victim} to take details and explain the process."),
            (
                "note",
                "police",
                "Registration numbers from the complainant's photographs checked; several vehicles "
                "belong to {perp} and associates.",
            ),
            (
                "intervention",
                "police",
                "Section 59 warning (Police Reform Act 2002) issued to {perp} for driving in an anti-social manner.",
            ),
            (
                "visit",
                "council",
                "Site visit with the landowner about height barriers and boulders at the field entrances.",
            ),
            (
                "meeting",
                "chair",
                "Case discussed at {jag}. Agreed: police operation on the next two Friday "
                "nights; council to install barriers; landowner to lock the car park after 20:00.",
            ),
            (
                "intervention",
                "police",
                "Vehicle seized under section 59 after a second incident; {perp} informed in writing.",
            ),
            ("letter", "lead", "Letter to residents explaining the action taken and how to report."),
            ("call", "lead", "Update call with {victim}: no car meet in the last three weeks."),
        ],
        plan=dict(
            partner_reports="Police and residents report regular car meets and off-road bikes; one near-miss "
            "with a pedestrian.",
            who_is_at_risk="Pedestrians, children using the field, the drivers and riders.",
            risk_from="Anti-social driving by {perp} and others.",
            likely_outcome="Serious injury collision if it continues.",
            safeguarding_notes="",
            support_options="Not applicable beyond diversion for younger riders.",
            powers_available="Section 59 warnings and seizure, PSPO on car cruising, physical barriers.",
            actions="Police operation, section 59 warnings, barriers, landowner action.",
            rationale="Physical design and targeted enforcement together address the location and the people.",
            review_outcome="Seizure and barriers in place; meets have moved away.",
            risk_alleviated="Yes at this location.",
            new_information="Meets reported at another car park in the county; shared with that JAG.",
            further_actions="Consider a PSPO on car cruising if meets return.",
        ),
    ),
    "fly_tipping": dict(
        police_optional=True,
        category="Fly-tipping or littering",
        summary="Repeated fly-tipping at {address}: household waste, builders' rubble and white goods dumped "
        "several times a month. {victim} reports rats and that the access is blocked.",
        children=False,
        incidents=[
            ("council", "Around a van-load of household waste and a mattress dumped overnight."),
            ("council", "Builders' rubble and plasterboard left in bags; a van seen on CCTV at 05:40."),
            ("council", "Two fridges and a sofa dumped, blocking the access."),
            ("council", "Burnt waste found, suspected attempt to dispose of evidence."),
        ],
        steps=[
            (
                "visit",
                "lead",
                "Site visit: waste photographed and searched for evidence; addressed envelopes found and retained.",
            ),
            ("note", "lead", "CCTV from {victim} shows a white van; registration linked to {perp}."),
            ("letter", "lead", "Letter to {perp} requiring an interview under caution about the waste found."),
            (
                "referral",
                "ea",
                "Environment Agency consulted about the scale and the suspected unregistered waste carrier activity.",
            ),
            (
                "note",
                "ea",
                "Environment Agency confirmed {perp} holds no waste carrier registration; joint investigation agreed.",
            ),
            ("intervention", "lead", "Fixed penalty notice of £400 issued to {perp} for fly-tipping."),
            (
                "call",
                "lead",
                "Call with {victim}: clearance arranged and signs put up; covert camera to be "
                "installed for eight weeks.",
            ),
            (
                "meeting",
                "chair",
                "Case discussed at {jag}. Agreed the council will lead on prosecution if the "
                "fixed penalty is not paid; police to stop the van if seen.",
            ),
            (
                "intervention",
                "police",
                "Van stopped on a road check; waste transfer documents requested and not "
                "produced. Details passed to the lead officer.",
            ),
        ],
        plan=dict(
            partner_reports="The council has cleared the site repeatedly; residents and businesses report a van "
            "seen at dawn.",
            who_is_at_risk="Residents and businesses nearby (rats, fire risk).",
            risk_from="Illegal waste disposal by {perp}.",
            likely_outcome="Continued dumping and costs; fire from burnt waste.",
            safeguarding_notes="",
            support_options="Not applicable.",
            powers_available="Fixed penalty notice, prosecution under the Environmental Protection Act 1990, "
            "vehicle seizure, Environment Agency enforcement.",
            actions="Evidence gathering, interview under caution, fixed penalty, covert camera, joint work with "
            "the Environment Agency.",
            rationale="Clear evidence links the waste to one carrier.",
            review_outcome="Fixed penalty paid; no new dumping since the camera went up.",
            risk_alleviated="Yes.",
            new_information="None.",
            further_actions="Remove camera after eight weeks; close if no recurrence.",
        ),
    ),
    "hate_abuse": dict(
        category="Hate incident",
        summary="{victim} reports being repeatedly targeted with {motive} abuse at {address}, including shouting "
        "in the street and items thrown at the property. The household feels unsafe and targeted because of "
        "who they are.",
        children=True,
        hate=True,
        incidents=[
            (
                "police",
                "Man shouted {motive} abuse at the complainant outside the property and spat on the "
                "ground in front of him.",
            ),
            ("police", "Eggs thrown at the front window and door in the evening while the household were at home."),
            ("council", "Offensive note pushed through the letterbox overnight."),
            (
                "police",
                "Complainant followed along the street and subjected to {motive} comments; a witness intervened.",
            ),
        ],
        steps=[
            (
                "visit",
                "police",
                "Police attended, statement taken; recorded as a hate incident. Crime reference "
                "issued; the family given the hate crime victim leaflet.",
            ),
            (
                "call",
                "lead",
                "Call with {victim}: explained the ASB case, the support available and the ASB Case "
                "Review. Risk screening completed.",
            ),
            ("referral", "lead", "Referral to the hate crime victim support service; consent given."),
            (
                "visit",
                "lead",
                "Home visit with the police: security survey completed; CCTV camera and letterbox guard arranged.",
            ),
            ("note", "police", "Suspect identified from a witness description and doorbell footage: {perp}."),
            (
                "intervention",
                "police",
                "{perp} arrested on suspicion of a public order offence, recorded as hate "
                "motivated; released on bail with conditions not to contact the household or enter the street.",
            ),
            (
                "meeting",
                "chair",
                "Case discussed at {jag}. Priority case: police to carry out reassurance patrols; "
                "lead officer to contact the family weekly.",
            ),
            (
                "email",
                "cps",
                "CPS charging decision: public order offence charged; the hostility will be put "
                "to the court for an uplift in sentence. First hearing listed.",
            ),
            (
                "call",
                "lead",
                "Weekly call with {victim}: no further incidents since the arrest; still anxious "
                "about going out alone.",
            ),
            (
                "referral",
                "lead_if_children",
                "Referral to the early help service for support for the children, "
                "with the parents' consent; school informed.",
            ),
            (
                "decision",
                "lead",
                "Agreed with the police to keep the case open until the court outcome and to review risk fortnightly.",
            ),
        ],
        plan=dict(
            partner_reports="Police hold several reports; neighbours witnessed two incidents. The household "
            "report feeling targeted because of who they are.",
            who_is_at_risk="{victim} and their household.",
            risk_from="{perp}; others who may copy the behaviour.",
            likely_outcome="Escalation to violence if not addressed; the family may feel forced to move.",
            safeguarding_notes="Wellbeing of everyone in the household considered; the school informed with consent "
            "where children are involved; no safeguarding referral needed at present.",
            support_options="Hate crime victim support, security measures, school support, GP for anxiety.",
            powers_available="Arrest and prosecution (aggravated offences), bail conditions, civil injunction, "
            "Criminal Behaviour Order on conviction, tenancy enforcement.",
            actions="Reassurance patrols, security measures, arrest and charge, weekly victim contact.",
            rationale="Hate incidents are high priority; the victim's safety and confidence come first.",
            review_outcome="Suspect charged; bail conditions in place; no further incidents.",
            risk_alleviated="Partly: risk reduced while bail conditions apply.",
            new_information="Trial date set.",
            further_actions="Apply for a Criminal Behaviour Order on conviction.",
        ),
    ),
    "hate_graffiti": dict(
        category="Hate incident",
        summary="{Motive} graffiti and damage at {address}, reported by {victim}. Those affected feel targeted "
        "and unsafe; the perpetrators are not yet identified.",
        children=False,
        hate=True,
        incidents=[
            ("police", "Offensive {motive} graffiti sprayed on the front door and car overnight."),
            ("police", "Vehicle tyres slashed; a note with {motive} language left under the wiper."),
            ("council", "Further graffiti on the side fence; neighbours saw two people in hoods at about 02:00."),
        ],
        steps=[
            (
                "visit",
                "police",
                "Police attended; recorded as a hate crime. Forensic examination of the car; house to house enquiries.",
            ),
            ("call", "lead", "Call with {victim}: explained support and the case; risk screening completed."),
            ("referral", "lead", "Urgent graffiti removal requested (offensive graffiti removed within 24 hours)."),
            ("referral", "lead", "Referral to the hate crime victim support service and {specialist}."),
            ("visit", "lead", "Security survey with the police: CCTV and a motion-sensor light installed."),
            (
                "meeting",
                "chair",
                "Case discussed at {jag}. Police to carry out reassurance patrols at night; "
                "partners to report any information.",
            ),
            (
                "note",
                "police",
                "CCTV footage from a nearby business reviewed; two suspects seen but not "
                "identifiable. Appeal for information planned with the complainants' consent.",
            ),
            (
                "call",
                "lead",
                "Update call with {victim}: no further incidents; those affected feel reassured by the camera.",
            ),
        ],
        plan=dict(
            partner_reports="Three incidents in a month with offensive graffiti and damage.",
            who_is_at_risk="{victim}.",
            risk_from="Unknown persons motivated by hostility.",
            likely_outcome="Further targeted damage; risk of violence.",
            safeguarding_notes="",
            support_options="Hate crime victim support, {specialist}, security measures.",
            powers_available="Criminal investigation and prosecution; civil injunction if identified.",
            actions="Reassurance patrols, CCTV, graffiti removal within 24 hours, appeal for information.",
            rationale="Hate incidents are high priority; visible action supports community confidence.",
            review_outcome="No further incidents since the CCTV was installed.",
            risk_alleviated="Partly.",
            new_information="None.",
            further_actions="Keep patrols for another month; review.",
        ),
    ),
    "animal": dict(
        police_optional=True,
        category="Animal-related problems",
        summary="Two large dogs kept at {address} are often loose, have attacked a neighbour's dog and bark for "
        "long periods. {victim} is frightened to use the street with their own dog.",
        children=False,
        incidents=[
            (
                "police",
                "The neighbour's two dogs got out of the garden and attacked the complainant's small dog; "
                "vet treatment needed.",
            ),
            ("council", "Dogs barking continuously for over an hour, several times a day, while the owner is out."),
            ("council", "Dogs loose in the street again; a child on a bike was chased."),
        ],
        steps=[
            ("visit", "lead", "Visit to {victim}; vet's bill and photographs seen. Risk screening completed."),
            (
                "visit",
                "police",
                "Dog legislation officer visited {perp}; the dogs are not a banned type; advice "
                "given on securing the garden.",
            ),
            (
                "intervention",
                "lead",
                "Community Protection Warning issued to {perp}: keep the dogs under control, "
                "repair the fence within 14 days, muzzle the dogs in public.",
                "dog_warning",
            ),
            ("visit", "eh", "Barking assessed during a visit; diary sheets issued to the complainant."),
            ("note", "lead", "Follow-up visit: fence repaired and a lock fitted to the side gate."),
            (
                "meeting",
                "chair",
                "Case discussed at {jag}. Agreed to monitor for three months; CPN if the dogs are loose again.",
            ),
            ("call", "lead", "Update call with {victim}: dogs not seen loose since the fence was repaired."),
        ],
        plan=dict(
            partner_reports="Police and council have reports of the dogs loose and one attack.",
            who_is_at_risk="{victim}, children and other dog walkers in the street.",
            risk_from="Dogs kept by {perp} not under control.",
            likely_outcome="A further attack on a person or animal.",
            safeguarding_notes="",
            support_options="Responsible dog ownership advice.",
            powers_available="Community Protection Warning and Notice, Dangerous Dogs Act 1991, Control Order.",
            actions="CPW with requirements; fence repair; monitoring.",
            rationale="The CPW sets clear, enforceable requirements.",
            review_outcome="Requirements met.",
            risk_alleviated="Yes.",
            new_information="None.",
            further_actions="CPN if the dogs are loose again.",
        ),
    ),
    "harassment": dict(
        category="Harassment or intimidation",
        summary="{victim}, a vulnerable resident at {address}, is being harassed by a neighbour: banging on the "
        "door late at night, abuse in the communal areas and threats. {victim} is afraid to leave home.",
        children=False,
        incidents=[
            ("police", 'Neighbour banged on the complainant\'s door at 01:00 shouting that she "would be sorry".'),
            (
                "housing",
                "Abusive comments in the communal hallway; complainant's mobility scooter was moved and left outside.",
            ),
            ("police", "Threats made on the doorstep; the complainant's carer witnessed it."),
            (
                "housing",
                "Items pushed through the letterbox; complainant too frightened to answer the door to her carer.",
            ),
            ("police", "Neighbour played loud music and shouted abuse through the wall for most of the evening."),
        ],
        steps=[
            ("call", "lead", "Call from the carer on behalf of {victim}; urgent visit arranged."),
            (
                "visit",
                "lead",
                "Visit to {victim} with the carer present: very distressed; not sleeping. Risk "
                "screening completed: high risk.",
            ),
            ("referral", "lead", "Adult safeguarding concern raised with adult social care."),
            ("visit", "police", "Police visited {perp}: harassment warning given and recorded."),
            (
                "referral",
                "health",
                "GP practice asked to review {victim}'s support; community mental health "
                "team informed of the impact of the harassment.",
            ),
            (
                "meeting",
                "chair",
                "Case discussed at {jag}. Agreed: police to prioritise calls from the address; "
                "housing to pursue tenancy enforcement; lead officer to contact the victim twice a week.",
            ),
            (
                "intervention",
                "housing",
                "Notice of seeking possession considered; final warning given instead and "
                "a civil injunction application prepared.",
            ),
            ("note", "probation", "Probation confirmed {perp} is not currently under supervision."),
            (
                "intervention",
                "lead",
                "Civil injunction granted at the county court: not to contact {victim}, "
                "not to enter the landing outside her flat; power of arrest attached.",
            ),
            (
                "call",
                "lead",
                "Twice-weekly call: {victim} feels safer since the injunction; still nervous in the communal areas.",
            ),
            (
                "decision",
                "lead",
                "Agreed with the housing provider to offer {victim} a management move if she "
                "wishes; she prefers to stay for now.",
            ),
        ],
        plan=dict(
            partner_reports="Police, housing and the carer describe repeated harassment by the neighbour.",
            who_is_at_risk="{victim}, who is elderly/vulnerable and lives alone.",
            risk_from="The neighbour, {perp}.",
            likely_outcome="Deterioration in the victim's health; possible assault.",
            safeguarding_notes="Adult safeguarding concern raised; social worker allocated.",
            support_options="Adult social care, GP review, victim support, security measures, management move.",
            powers_available="Harassment warning, civil injunction with power of arrest, possession proceedings, "
            "prosecution under the Protection from Harassment Act 1997.",
            actions="Safeguarding referral, harassment warning, injunction application, twice-weekly contact.",
            rationale="The victim's vulnerability means swift protective action is needed.",
            review_outcome="Injunction granted; no breaches reported.",
            risk_alleviated="Partly: the victim feels safer but remains anxious.",
            new_information="The victim's care package has been increased.",
            further_actions="Possession proceedings if the injunction is breached.",
        ),
    ),
    "rowdy": dict(
        police_optional=True,
        category="Rowdy or inconsiderate behaviour",
        summary="Young people gathering at {address} in the evenings: shouting, swearing, climbing on roofs and "
        "leaving litter. {victim} reports it most evenings in school holidays.",
        children=True,
        incidents=[
            (
                "council",
                "Group of about ten young people shouting and swearing until 22:00; litter and broken glass left.",
            ),
            ("police", "Young people climbing onto the roof of the changing rooms; one fell, minor injury."),
            ("council", "Small fire lit in a bin; fire service attended."),
        ],
        steps=[
            ("call", "lead", "Call with {victim} to take details; agreed to report each incident."),
            ("visit", "police", "PCSO patrols at the location; group spoken to, names taken including {perp}."),
            ("letter", "lead", "Letters to parents of the young people identified."),
            ("referral", "youth", "Referral to targeted youth support for diversionary activities."),
            (
                "meeting",
                "chair",
                "Case discussed at {jag}. Youth service to run outreach sessions in the evenings "
                "during the school holidays.",
            ),
            ("call", "lead", "Update call with {victim}: gatherings smaller; less litter."),
        ],
        plan=dict(
            partner_reports="Residents and patrols report regular gatherings.",
            who_is_at_risk="Residents; the young people (injury risk from climbing, fires).",
            risk_from="A group of young people including {perp}.",
            likely_outcome="Injury and damage.",
            safeguarding_notes="Safeguarding considered; schools informed.",
            support_options="Youth outreach, diversionary activities.",
            powers_available="Words of advice, parental letters, ABCs, dispersal.",
            actions="Patrols, parental letters, youth outreach.",
            rationale="Early intervention.",
            review_outcome="Gatherings reduced.",
            risk_alleviated="Yes.",
            new_information="None.",
            further_actions="ABCs for any young person who continues.",
        ),
    ),
}

# Corrections written a little after the entry they correct, by the kind of entry corrected.
CORRECTIONS = {
    "visit": "Correction: the visit took place at about 14:30, not in the morning as recorded. The rest of the "
    "entry is accurate.",
    "letter": "Correction: the letter was hand-delivered, not posted. The rest of the entry is accurate.",
    "call": "Correction: the call was with the complainant's daughter, speaking on her behalf with consent, not "
    "with the complainant directly.",
    "intervention": "Correction: this was served in person at the address, not by post. Dates and conditions are "
    "as recorded.",
    "other": "Correction: this entry gives the wrong house number; it refers to the neighbouring property. No "
    "other change.",
}

# ---------------------------------------------------------------------------------------------------------------
# Cases: locality, address, postcode, ward, scenario, lead agency ("council"/"housing" mean the locality's),
# lead officer username (None: any case worker of the lead agency), risk bands over time, review overdue,
# people [(key, role)], extra options (housing provider, motive, closed: the reason a resolved case was closed).
# ---------------------------------------------------------------------------------------------------------------
C, P, W = "complainant", "perpetrator", "witness"

CASES: list[CaseData] = [
    # Leicester City
    (
        "Leicester City",
        "Flat 6, Hollyhock House, Marwood Walk",
        "LE4 0QD",
        "Beaumont Leys",
        "drugs",
        "police",
        "police",
        ["medium", "high"],
        False,
        [("doreen", C), ("kyle", P), ("gary", "other")],
        {},
    ),
    (
        "Leicester City",
        "Shops at Heathley Parade, Kinross Avenue",
        "LE4 0FL",
        "Beaumont Leys",
        "youths",
        "council",
        "officer",
        ["medium"],
        False,
        [("mahesh", C), ("tyler", P), ("reece", P)],
        {},
    ),
    (
        "Leicester City",
        "27 Linwood Close",
        "LE5 4JR",
        "Evington",
        "noise",
        "council",
        "officer",
        ["standard"],
        False,
        [("amina", C), ("dean", P)],
        {"housing": None},
    ),
    (
        "Leicester City",
        "88 Melbourne Walk",
        "LE2 0GT",
        "Spinney Hills",
        "hate_abuse",
        "police",
        "police",
        ["high"],
        False,
        [("farhan", C), ("connor", P)],
        {
            "motive": "racist",
            "override": "The family lives above the shop with three children and the abuse is "
            "repeated; the suspect lives two streets away. Treated as high risk.",
        },
    ),
    (
        "Leicester City",
        "19 Ashdown Road",
        "LE3 1PX",
        "Braunstone Park & Rowley Fields",
        "neighbour",
        "council",
        "rebecca.stone",
        ["standard", "medium"],
        False,
        [("linda", C), ("sharon", P), ("terry", W)],
        {"housing": "lcc"},
    ),
    (
        "Leicester City",
        "Peacock Gardens, off Welford Walk",
        "LE2 7AP",
        "Castle",
        "street_drinking",
        "council",
        "liam.hart",
        ["standard"],
        False,
        [("graham", C), ("mick", P)],
        {
            "closed": "No street drinking reported at the gardens for eight weeks; outreach engagement continues. "
            "The complainant and the residents' association agree the case can close."
        },
    ),
    (
        "Leicester City",
        "Garages behind 2 to 20 Oakfield Crescent",
        "LE3 6RD",
        "Western",
        "damage",
        "council",
        "officer",
        ["standard"],
        True,
        [("pauline", C), ("tyler", P)],
        {},
    ),
    (
        "Leicester City",
        "Car park, Hamilton Park Way retail units",
        "LE5 1TY",
        "Humberstone & Hamilton",
        "vehicles",
        "police",
        "harpreet.gill",
        ["medium"],
        False,
        [("vinod", C), ("jordan", P)],
        {},
    ),
    (
        "Leicester City",
        "Flat 4, Thornbury Court, Thornbury Close",
        "LE2 6TN",
        "Eyres Monsell",
        "harassment",
        "council",
        "officer",
        ["high"],
        True,
        [("margaret", C), ("vince", P), ("neil", W)],
        {"housing": "lcc"},
    ),
    (
        "Leicester City",
        "Thornbury Court (parking area), Thornbury Close",
        "LE2 6TN",
        "Eyres Monsell",
        "damage",
        "police",
        "police",
        ["standard"],
        False,
        [("margaret", C), ("neil", W)],
        {"perp": "the young people responsible"},
    ),
    (
        "Leicester City",
        "Flat 12, Saxby Court, Tudor Walk",
        "LE3 5HG",
        "Fosse",
        "drugs",
        "housing",
        "housing",
        ["high"],
        False,
        [("bethany", C), ("ryan", P)],
        {},
    ),
    (
        "Leicester City",
        "8 Wessex Row",
        "LE4 7SB",
        "Rushey Mead",
        "noise",
        "housing",
        "housing",
        ["standard", "medium"],
        False,
        [("priti", C), ("shane", P)],
        {},
    ),
    (
        "Leicester City",
        "22 Rowan Walk",
        "LE4 2HU",
        "Abbey",
        "hate_abuse",
        "council",
        "officer",
        ["high"],
        True,
        [("david", C), ("ellie", P), ("reece", P)],
        {"motive": "disablist", "children": False},
    ),
    (
        "Leicester City",
        "Back lane between Hartopp Walk and Cedar Row",
        "LE2 1WB",
        "Stoneygate",
        "fly_tipping",
        "council",
        "joseph.mensah",
        ["standard"],
        False,
        [("abdul", C), ("carl", P)],
        {},
    ),
    (
        "Leicester City",
        "33 Glenmore Road",
        "LE3 0NF",
        "Westcotes",
        "animal",
        "council",
        "aisha.begum",
        ["medium"],
        False,
        [("helen", C), ("wayne", P)],
        {"housing": None},
    ),
    (
        "Leicester City",
        "Recreation ground, Checkland Walk",
        "LE4 5RE",
        "Belgrave",
        "vehicles",
        "police",
        "emma.walsh",
        ["standard"],
        False,
        [("kiran", C), ("jordan", P)],
        {
            "closed": "No car meets or off-road bikes reported since the vehicle seizure and the new barriers; "
            "the complainant is satisfied. Closure agreed at the JAG."
        },
    ),
    (
        "Leicester City",
        "58 Marsden Avenue",
        "LE5 6NG",
        "Thurncourt",
        "neighbour",
        "council",
        "liam.hart",
        ["standard"],
        True,
        [("stephen", C), ("gail", P)],
        {"housing": "lcc"},
    ),
    (
        "Leicester City",
        "Alleyway off Brindley Walk",
        "LE2 0LT",
        "Spinney Hills",
        "drugs",
        "police",
        "police",
        ["medium"],
        True,
        [("zainab", C), ("kyle", P)],
        {},
    ),
    (
        "Leicester City",
        "41 Clarendon Walk",
        "LE2 1FQ",
        "Castle",
        "noise",
        "council",
        "kuldeep.sandhu",
        ["standard"],
        False,
        [("john", C), ("oliver", P)],
        {"housing": None},
    ),
    (
        "Leicester City",
        "Flat 2, Goodwood Court, Evington Walk",
        "LE5 6DX",
        "Evington",
        "harassment",
        "housing",
        "jade.wilkinson",
        ["medium", "high"],
        False,
        [("fatima", C), ("darren", P)],
        {},
    ),
    (
        "Leicester City",
        "Shop doorways, Gallowtree Walk",
        "LE1 5AD",
        "Castle",
        "street_drinking",
        "police",
        "police",
        ["standard"],
        False,
        [("sophie", C), ("mick", P)],
        {},
    ),
    (
        "Leicester City",
        "9 Kingfisher Close",
        "LE2 8QA",
        "Aylestone",
        "hate_graffiti",
        "police",
        "police",
        ["high", "medium"],
        False,
        [("chris", C), ("matthew", C)],
        {"motive": "homophobic", "specialist": "the LGBT+ support line"},
    ),
    (
        "Leicester City",
        "Play area, Saffron Walk estate",
        "LE2 9BN",
        "Saffron",
        "rowdy",
        "council",
        "officer",
        ["standard"],
        False,
        [("tracey", C), ("ellie", P)],
        {},
    ),
    (
        "Leicester City",
        "Land off Ambassador Walk",
        "LE4 1EZ",
        "Beaumont Leys",
        "vehicles",
        "police",
        "stuart.reid",
        ["medium"],
        False,
        [("ken", C), ("jordan", P)],
        {},
    ),
    # Blaby
    (
        "Blaby",
        "17 Lubbesthorpe Walk, Braunstone Town",
        "LE3 3DP",
        "Braunstone Town Millfield",
        "noise",
        "council",
        None,
        ["standard"],
        False,
        [("gurpreet", C), ("lee", P)],
        {"housing": None},
    ),
    (
        "Blaby",
        "Station Walk precinct, Narborough",
        "LE19 2HT",
        "Narborough and Littlethorpe",
        "youths",
        "police",
        None,
        ["medium"],
        False,
        [("jean", C), ("harvey", P)],
        {},
    ),
    (
        "Blaby",
        "Flat 4, Mill Court, Enderby",
        "LE19 4NW",
        "Enderby and St John's",
        "drugs",
        "housing",
        "michael.osei",
        ["high"],
        True,
        [("anne", C), ("kyle", P)],
        {},
    ),
    # Charnwood
    (
        "Charnwood",
        "23 Storer Walk, Loughborough",
        "LE11 5EQ",
        "Loughborough Storer",
        "noise",
        "council",
        "louise.taylor",
        ["standard"],
        False,
        [("peter", C), ("josh", P)],
        {"housing": None},
    ),
    (
        "Charnwood",
        "Bus shelter and shops, Shelthorpe Walk, Loughborough",
        "LE11 2PA",
        "Loughborough Shelthorpe",
        "damage",
        "police",
        None,
        ["standard"],
        False,
        [("ruth", C), ("callum", P)],
        {},
    ),
    (
        "Charnwood",
        "12 Oxford Walk, Loughborough",
        "LE11 5DS",
        "Loughborough Lemyngton",
        "hate_abuse",
        "council",
        None,
        ["high"],
        False,
        [("yusuf", C), ("barry", P)],
        {"motive": "racist"},
    ),
    (
        "Charnwood",
        "Flat 1, Charnwood Walk, Shepshed",
        "LE12 9QB",
        "Shepshed East",
        "drugs",
        "housing",
        None,
        ["medium"],
        False,
        [("lynn", C), ("ryan", P)],
        {},
    ),
    (
        "Charnwood",
        "Memorial gardens, Fosse Walk, Syston",
        "LE7 1NB",
        "Syston West",
        "street_drinking",
        "council",
        None,
        ["standard"],
        False,
        [("derek", C), ("alan", P)],
        {},
    ),
    (
        "Charnwood",
        "Loughborough Road car park, Thurmaston",
        "LE4 8DF",
        "Thurmaston",
        "vehicles",
        "police",
        None,
        ["standard"],
        False,
        [("pamela", C), ("kai", P)],
        {},
    ),
    # Harborough
    (
        "Harborough",
        "8 Welland Walk, Market Harborough",
        "LE16 7DW",
        "Market Harborough Logan",
        "neighbour",
        "council",
        None,
        ["standard"],
        False,
        [("irene", C), ("colin", P)],
        {
            "housing": None,
            "closed": "Both households reached a mediation agreement on parking and the boundary; no incidents "
            "for two months. Both told of the closure and how to report any further problems.",
        },
    ),
    (
        "Harborough",
        "Car park, Bitteswell Walk, Lutterworth",
        "LE17 4EX",
        "Lutterworth East",
        "vehicles",
        "police",
        None,
        ["medium"],
        True,
        [("nigel", C), ("kai", P)],
        {},
    ),
    (
        "Harborough",
        "Field gateway, Smeeton Lane, Kibworth",
        "LE8 0RQ",
        "Kibworth",
        "fly_tipping",
        "council",
        None,
        ["standard"],
        False,
        [("robert", C), ("carl", P)],
        {},
    ),
    # Hinckley & Bosworth
    (
        "Hinckley & Bosworth",
        "Regent Walk precinct, Hinckley",
        "LE10 0AZ",
        "Hinckley Castle",
        "youths",
        "police",
        None,
        ["medium"],
        False,
        [("sandra", C), ("mason", P)],
        {},
    ),
    (
        "Hinckley & Bosworth",
        "11 Dovecote Walk, Barwell",
        "LE9 8HF",
        "Barwell",
        "noise",
        "housing",
        "jade.wilkinson",
        ["medium"],
        False,
        [("kerry", C), ("kelly", P)],
        {},
    ),
    (
        "Hinckley & Bosworth",
        "45 Sketchley Walk, Burbage",
        "LE10 2DS",
        "Burbage Sketchley and Stretton",
        "animal",
        "council",
        None,
        ["standard"],
        False,
        [("william", C), ("tanya", P)],
        {"housing": None},
    ),
    (
        "Hinckley & Bosworth",
        "3 Keats Walk, Earl Shilton",
        "LE9 7DJ",
        "Earl Shilton",
        "harassment",
        "council",
        None,
        ["high"],
        True,
        [("olive", C), ("dale", P)],
        {},
    ),
    # Melton
    (
        "Melton",
        "Play Close recreation ground, Melton Mowbray",
        "LE13 0AE",
        "Melton Egerton",
        "rowdy",
        "council",
        None,
        ["standard"],
        False,
        [("patricia", C), ("finley", P)],
        {},
    ),
    (
        "Melton",
        "Flat 10, Sysonby Walk, Melton Mowbray",
        "LE13 0HQ",
        "Melton Sysonby",
        "drugs",
        "housing",
        None,
        ["high"],
        False,
        [("gloria", C), ("jay", P)],
        {},
    ),
    (
        "Melton",
        "Community centre, 4 Egerton Walk, Melton Mowbray",
        "LE13 0EP",
        "Melton Egerton",
        "hate_graffiti",
        "police",
        None,
        ["medium"],
        False,
        [("tariq", C), ("aneela", W)],
        {"motive": "anti-Muslim", "specialist": "a specialist anti-Muslim hatred support service"},
    ),
    # North West Leicestershire
    (
        "North West Leicestershire",
        "28 Ravenstone Walk, Coalville",
        "LE67 3NP",
        "Coalville West",
        "noise",
        "council",
        "zara.ahmed",
        ["medium"],
        False,
        [("denise", C), ("troy", P)],
        {"housing": "nwl"},
    ),
    (
        "North West Leicestershire",
        "Bath Walk cricket pavilion, Ashby-de-la-Zouch",
        "LE65 2FH",
        "Ashby Castle",
        "damage",
        "police",
        None,
        ["standard"],
        False,
        [("graham_a", C), ("brandon", P)],
        {},
    ),
    (
        "North West Leicestershire",
        "Flat 3, Greenhill Walk, Coalville",
        "LE67 4UY",
        "Greenhill",
        "drugs",
        "housing",
        None,
        ["medium", "high"],
        False,
        [("mandy", C), ("jay", P), ("steven", "other")],
        {},
    ),
    (
        "North West Leicestershire",
        "Access road, Bondgate industrial estate, Castle Donington",
        "DE74 2NR",
        "Castle Donington Central",
        "vehicles",
        "police",
        None,
        ["standard"],
        False,
        [("maureen", C), ("kai", P)],
        {
            "closed": "The estate management company now gates the access road at night; no further reports. "
            "Closed with the complainant's agreement."
        },
    ),
    # Oadby & Wigston
    (
        "Oadby & Wigston",
        "15 Canal Walk, South Wigston",
        "LE18 4PQ",
        "South Wigston",
        "noise",
        "council",
        None,
        ["standard"],
        False,
        [("harjit", C), ("stacey", P)],
        {"housing": None},
    ),
    (
        "Oadby & Wigston",
        "The Parade Walk shops, Oadby",
        "LE2 5BF",
        "Oadby Uplands",
        "youths",
        "police",
        None,
        ["medium"],
        False,
        [("anil", C), ("harvey", P)],
        {},
    ),
    (
        "Oadby & Wigston",
        "Flat 7, Meadowcourt Walk, Wigston",
        "LE18 3RL",
        "Wigston Meadowcourt",
        "harassment",
        "housing",
        "michael.osei",
        ["high"],
        False,
        [("teresa", C), ("wesley", P)],
        {},
    ),
    # Rutland
    (
        "Rutland",
        "Recreation ground, Braunston Walk, Oakham",
        "LE15 6LA",
        "Oakham North West",
        "rowdy",
        "council",
        None,
        ["standard"],
        False,
        [("hugh", C), ("alfie", P)],
        {},
    ),
    (
        "Rutland",
        "4 Stamford Walk, Ketton",
        "PE9 3RA",
        "Ketton",
        "neighbour",
        "council",
        None,
        ["medium"],
        False,
        [("rosemary", C), ("gordon", P)],
        {"housing": None},
    ),
]

# ---------------------------------------------------------------------------------------------------------------
# JAG case management (docs/domain.md, "Long-standing cases"): the cases that are or were under their JAG's case
# management, by address. age: days since the case was opened (fixed, so that the story fits on whatever day the
# demo is loaded); periods: (referred, taken off) in days before today, None while still under management, "closed"
# when it ended the day the case closed; transfer: (days before today, locality) moves the case to that locality's
# JAG, still under management; case_review: an ASB Case Review, days before today of each step.
# In Leicester City ten cases are long standing by today (at least 122 days in the last twelve months).
# ---------------------------------------------------------------------------------------------------------------
JAG_MANAGEMENT: dict[str, JagManagementData] = {
    # Leicester City: long standing
    "Shop doorways, Gallowtree Walk": dict(age=410, periods=[(385, 330), (300, None)]),
    "Shops at Heathley Parade, Kinross Avenue": dict(age=300, periods=[(272, None)]),
    "Garages behind 2 to 20 Oakfield Crescent": dict(age=330, periods=[(300, 200), (162, None)]),
    "Car park, Hamilton Park Way retail units": dict(age=225, periods=[(204, None)]),
    "8 Wessex Row": dict(age=262, periods=[(232, 150), (118, None)]),
    "58 Marsden Avenue": dict(age=380, periods=[(355, 268), (228, None)]),
    "Alleyway off Brindley Walk": dict(age=240, periods=[(214, None)]),
    "Play area, Saffron Walk estate": dict(age=370, periods=[(178, None)]),
    "33 Glenmore Road": dict(age=212, periods=[(190, 110), (45, None)]),
    "9 Kingfisher Close": dict(
        age=245,
        periods=[(226, None)],
        case_review=dict(officer="csm", applied=64, decided=60, meeting=52, outcome=49),
    ),
    # Leicester City: under management, not (yet) long standing; one taken off; one closed at the JAG
    "Flat 6, Hollyhock House, Marwood Walk": dict(age=40, periods=[(26, None)]),
    "88 Melbourne Walk": dict(age=82, periods=[(76, None)]),
    "Flat 4, Thornbury Court, Thornbury Close": dict(age=90, periods=[(81, None)]),
    "Flat 12, Saxby Court, Tudor Walk": dict(age=60, periods=[(49, None)]),
    "22 Rowan Walk": dict(age=95, periods=[(85, None)]),
    "19 Ashdown Road": dict(age=200, periods=[(170, 118)]),
    "Recreation ground, Checkland Walk": dict(age=290, periods=[(250, "closed")]),
    # Elsewhere: one transferred to the Leicester City JAG, which manages the linked cases about the same man
    "Flat 4, Mill Court, Enderby": dict(age=80, periods=[(70, None)], transfer=(31, "Leicester City")),
    "Station Walk precinct, Narborough": dict(age=170, periods=[(120, 45)]),
    "12 Oxford Walk, Loughborough": dict(age=30, periods=[(20, None)]),
    "Loughborough Road car park, Thurmaston": dict(age=330, periods=[(300, 205)]),
    "3 Keats Walk, Earl Shilton": dict(age=97, periods=[(62, None)]),
    "Regent Walk precinct, Hinckley": dict(age=200, periods=[(168, None)]),
    "Community centre, 4 Egerton Walk, Melton Mowbray": dict(age=250, periods=[(232, 125)]),
    "Flat 7, Meadowcourt Walk, Wigston": dict(age=93, periods=[(72, None)]),
    "4 Stamford Walk, Ketton": dict(age=220, periods=[(188, None)]),
}

# The Leicester City JAG's meetings: held (days before today, on or before the JAG's weekday) and the next one
# (on the first of its weekdays at least `next_in` days ahead). Attendance: who came from each member agency.
JAG_MEETINGS = JagMeetingsData(
    locality="Leicester City",
    weekday=3,  # Thursday
    starts_at=(10, 0),
    held=[
        (67, "City Hall, committee room 2"),
        (39, "Online (video call)"),
        (11, "City Hall, committee room 2"),
    ],
    next_in=7,
    next_location="City Hall, committee room 2",
    agenda_by="manager",
    added_by_hand={2: "Flat 4, Mill Court, Enderby"},
    attendance={
        "police": "Insp Claire Donnelly (chair), PC Daniel Okafor, Sgt Stuart Reid",
        "lcc": "Rajesh Chauhan, Sarah Whitfield (Community Safety); Kuldeep Sandhu (Environmental Health)",
        "soarbank": "Hannah Brookes (Tenancy Enforcement)",
        "cypjs": "Shabana Ali (Youth Justice Team Manager)",
        "probation": "Anthony Moore (Probation Officer)",
        "icb": "Elaine Woodward (Designated Nurse, Safeguarding Adults)",
    },
    absent={0: ("icb",), 1: ("probation",), 2: ("icb",)},
)

# What the JAG's decision says first when a case is on the agenda for one of these reasons (once per case).
JAG_REASON_NOTES = {
    "newly_long_standing": "The case is now long standing (more than four months under JAG case management in the "
    "last twelve). The lead agency to check that every reasonable option in the plan has been tried.",
    "newly_high_risk": "Risk is now assessed as high: fortnightly reviews, and the Appendix A plan to be revised.",
    "case_review_threshold": "The complainant meets the ASB Case Review threshold: partners to keep the chronology "
    "and the action plan up to date.",
}

# The JAG's decisions by scenario, in the order a case gets them over successive meetings: the decision, then its
# actions (who: the lead agency or a partner role, what, due days after the meeting, what was done, and a key when an
# intervention of the ladders follows it: the action is then done that morning). An action for an agency that is not
# in the case is left out.
JAG_DECISIONS: dict[str, list[JagDecisionData]] = {
    "noise": [
        dict(
            decision="Noise continues at weekends despite the first warning. Environmental Health to complete "
            "monitoring; a Community Protection Warning to be considered if the diary shows no change.",
            actions=[
                (
                    "council",
                    "Install noise monitoring at {victim}'s home for fourteen days.",
                    21,
                    "Monitoring installed for fourteen days; two nights of statutory nuisance recorded.",
                ),
                (
                    "lead",
                    "Update {victim} weekly and collect the diary sheets.",
                    28,
                    "Weekly calls made; diary sheets collected and added to the case.",
                ),
            ],
        ),
        dict(
            decision="Statutory nuisance witnessed. The abatement notice stands; the landlord to be asked to "
            "enforce the tenancy. Keep under JAG management until four quiet weeks.",
            actions=[
                (
                    "housing",
                    "Joint visit to {perp} about the nuisance clause of the tenancy.",
                    21,
                    "Joint visit done; tenancy warning given and acknowledged in writing.",
                ),
                (
                    "lead",
                    "Review the Appendix A plan with {victim}.",
                    28,
                    "Plan reviewed with the complainant by telephone; sections 6 and 7 updated.",
                ),
            ],
        ),
        dict(
            decision="Noise much reduced since the notice. Monitor for a further month; breach of the notice to "
            "be reported straight to Environmental Health.",
            actions=[
                (
                    "lead",
                    "Check with {victim} fortnightly and report back to the next meeting.",
                    28,
                    "Two check-in calls: one late-night incident in a month; update given to the JAG.",
                ),
            ],
        ),
    ],
    "neighbour": [
        dict(
            decision="Both households to be offered mediation; any further threats to be reported to the police "
            "as they happen.",
            actions=[
                (
                    "lead",
                    "Refer both households to the mediation service.",
                    21,
                    "Referral made; both households agreed to a first mediation session.",
                ),
                (
                    "police",
                    "Words of advice to {perp} about the threats reported.",
                    14,
                    "PCSO visit; words of advice given and recorded on the case.",
                ),
            ],
        ),
        dict(
            decision="Mediation has stalled and the abuse continues. The lead agency to issue an Acceptable "
            "Behaviour Agreement; the boundary issue to be settled in writing by the landlord.",
            actions=[
                (
                    "lead",
                    "Draw up and meet {perp} to sign an Acceptable Behaviour Agreement.",
                    28,
                    "Acceptable Behaviour Agreement signed for six months; copy on the case.",
                ),
                (
                    "housing",
                    "Confirm the boundary and parking arrangements in writing to both households.",
                    21,
                    "Letters sent to both households with the boundary plan.",
                ),
            ],
        ),
    ],
    "youths": [
        dict(
            decision="Dispersal patrols at the parade on Friday and Saturday evenings; the young people "
            "identified to be offered diversionary activities.",
            actions=[
                (
                    "police",
                    "Evening patrols at {address} on Fridays and Saturdays for four weeks.",
                    28,
                    "Patrols carried out on seven evenings; two groups moved on, no arrests.",
                ),
                (
                    "youth",
                    "Contact the families of the young people named and offer youth work.",
                    21,
                    "Three families contacted; two young people attending the youth club.",
                ),
            ],
        ),
        dict(
            decision="Fewer reports since the patrols, but shop staff still feel unsafe at closing. First warning "
            "letters to the two young people still involved; the shops to be offered a security survey.",
            actions=[
                (
                    "lead",
                    "Deliver first warning letters to the parents or carers of the two young people.",
                    14,
                    "Letters hand-delivered with a youth worker; parents engaged.",
                ),
                (
                    "police",
                    "Security survey for the shops at {address}.",
                    28,
                    "Survey done; the shops are fitting a shutter alarm and a doorbell camera.",
                ),
            ],
        ),
    ],
    "drugs": [
        dict(
            decision="Suspected cuckooing. Safeguarding of the tenant comes first; police to gather intelligence "
            "towards a closure notice; the landlord to check the tenancy.",
            actions=[
                (
                    "lead",
                    "Safeguarding referral and a welfare visit to the tenant.",
                    14,
                    "Welfare visit made with the landlord; adult safeguarding referral accepted.",
                ),
                (
                    "police",
                    "Intelligence gathering and visible patrols at {address}.",
                    28,
                    "Patrols and a stop search; intelligence submitted for the closure application.",
                ),
                (
                    "housing",
                    "Tenancy audit and a check of the door entry records.",
                    21,
                    "Tenancy audit completed; door entry logs shared with the police.",
                ),
            ],
        ),
        dict(
            decision="Activity continues. Partners support an application for a closure order; the tenant to be "
            "offered a move to safe accommodation.",
            actions=[
                (
                    "police",
                    "Prepare the closure notice and the evidence file for the magistrates' court.",
                    21,
                    "Evidence file completed with statements from partners; court date requested.",
                ),
                (
                    "housing",
                    "Offer the tenant a management move and support with the move.",
                    28,
                    "Management move offered; the tenant has accepted and is viewing a property.",
                ),
            ],
        ),
        dict(
            decision="Closure order granted for three months; no visitors seen since. Keep under JAG management "
            "until the order ends.",
            actions=[
                (
                    "lead",
                    "Check on the tenant's wellbeing and the property weekly.",
                    28,
                    "Weekly checks done; the tenant is settled and engaging with support.",
                ),
            ],
        ),
    ],
    "damage": [
        dict(
            decision="Damage continues every few weeks. Police to review CCTV and patrol at night; the council to "
            "repair and improve lighting.",
            actions=[
                (
                    "police",
                    "Review CCTV from the area and patrol at night for three weeks.",
                    21,
                    "CCTV reviewed; two young people identified and spoken to with their parents.",
                ),
                (
                    "council",
                    "Repair the damage and ask for the lighting to be improved.",
                    28,
                    "Repairs done; two lamp columns upgraded to brighter lights.",
                ),
            ],
        ),
        dict(
            decision="Young people identified. First warning letters to their parents and youth work offered; "
            "{victim} to be updated.",
            actions=[
                (
                    "lead",
                    "Warning letters to the parents of the young people identified.",
                    14,
                    "Letters delivered with a youth worker; both families engaged.",
                ),
                (
                    "youth",
                    "Offer the young people a place on the diversion programme.",
                    28,
                    "Both young people referred; one has started the programme.",
                ),
            ],
        ),
        dict(
            decision="No damage reported since the warnings. Review again at the next meeting.",
            actions=[
                (
                    "lead",
                    "Update {victim} and ask for any new damage to be reported the same day.",
                    14,
                    "Complainant updated; no new damage reported.",
                ),
            ],
        ),
    ],
    "street_drinking": [
        dict(
            decision="Outreach first: the people drinking to be offered support with alcohol and housing; the "
            "Public Spaces Protection Order to be enforced where advice is refused.",
            actions=[
                (
                    "council",
                    "Joint outreach with the alcohol service at {address}.",
                    21,
                    "Two outreach sessions; three people engaged, one referred to the alcohol service.",
                ),
                (
                    "police",
                    "Enforce the Public Spaces Protection Order where advice is refused.",
                    28,
                    "Alcohol seized on four occasions; no fixed penalties needed.",
                ),
            ],
        ),
        dict(
            decision="Fewer people drinking; begging continues near the cash machine. Continue outreach; the "
            "businesses to be asked to report directly.",
            actions=[
                (
                    "lead",
                    "Meet the shop managers at {address} and agree how they report.",
                    21,
                    "Meeting held with four shop managers; reporting agreed.",
                ),
            ],
        ),
    ],
    "vehicles": [
        dict(
            decision="Car meets at the weekend. Police to use Section 59 warnings; the council to look at barriers.",
            actions=[
                (
                    "police",
                    "Issue Section 59 warnings to drivers identified at {address}.",
                    28,
                    "Three Section 59 warnings issued; one vehicle seized on a second occasion.",
                ),
                (
                    "council",
                    "Cost barriers or bollards for the access points.",
                    42,
                    "Options costed; barriers approved for installation.",
                ),
            ],
        ),
        dict(
            decision="Reports have fallen since the seizures. Keep patrols at the usual times and consider closure "
            "at the next meeting if no further reports.",
            actions=[
                (
                    "lead",
                    "Ask {victim} and the residents' group for any new reports.",
                    21,
                    "Residents contacted: one report of a motorbike, no car meets.",
                ),
            ],
        ),
    ],
    "fly_tipping": [
        dict(
            decision="Fly-tipping continues. Camera to be deployed and the waste searched for evidence; the land "
            "owner to be asked to secure the lane.",
            actions=[
                (
                    "lead",
                    "Deploy a covert camera at {address} for four weeks.",
                    28,
                    "Camera deployed; one van identified, fixed penalty issued to the driver.",
                ),
            ],
        ),
        dict(
            decision="One offender identified and fined. Gate the lane if the owners agree.",
            actions=[
                (
                    "lead",
                    "Write to the owners about gating the lane.",
                    28,
                    "Owners agreed; gate to be fitted next month.",
                ),
            ],
        ),
    ],
    "hate_abuse": [
        dict(
            decision="{Motive} hate incidents against a household that feels targeted. Reassurance patrols, a "
            "security survey and specialist support; the person responsible to be warned.",
            actions=[
                (
                    "police",
                    "Reassurance patrols and a security survey at {address}.",
                    14,
                    "Security survey done; door camera and window film fitted. Patrols logged nightly.",
                ),
                (
                    "lead",
                    "Refer {victim} to the hate incident support service.",
                    14,
                    "Referral made; a caseworker visited and is in weekly contact.",
                ),
            ],
        ),
        dict(
            decision="The abuse continues. Partners support an application for a civil injunction with an "
            "exclusion zone; statements to be taken from witnesses.",
            actions=[
                (
                    "police",
                    "Take statements from {victim} and the neighbours who saw the abuse.",
                    21,
                    "Four statements taken; evidence file started.",
                ),
                (
                    "lead",
                    "Prepare the injunction application with legal services.",
                    28,
                    "Application drafted with legal services; hearing date requested.",
                    "injunction_application",
                ),
            ],
        ),
        dict(
            decision="Interim injunction granted. Breaches to be reported to the police straight away; keep "
            "{victim} updated weekly.",
            actions=[
                (
                    "lead",
                    "Weekly contact with {victim} and a check on the support in place.",
                    28,
                    "Weekly calls made; no breaches reported; support continues.",
                ),
            ],
        ),
    ],
    "hate_graffiti": [
        dict(
            decision="{Motive} graffiti treated as a hate crime; no one identified yet. The householders feel no "
            "effective action has been taken and may ask for an ASB Case Review. Night patrols and CCTV enquiries "
            "continue; offensive graffiti removed within a day each time.",
            actions=[
                (
                    "police",
                    "Night patrols and enquiries with nearby businesses for CCTV.",
                    21,
                    "Footage from two businesses reviewed; two suspects seen, enquiries continue.",
                ),
                (
                    "lead",
                    "Update {victim} and check the support from {specialist}.",
                    14,
                    "Complainants updated; specialist support in place.",
                ),
            ],
        ),
        dict(
            decision="The ASB Case Review recommendations are accepted. Partners to complete them and report "
            "progress to each meeting.",
            actions=[
                (
                    "police",
                    "Review of the hate crime investigation by a detective sergeant.",
                    28,
                    "Investigation reviewed; two new lines of enquiry followed up.",
                ),
                (
                    "council",
                    "Fit a door camera and a motion-sensor light.",
                    21,
                    "Door camera and light fitted with the householders' agreement.",
                ),
                (
                    "lead",
                    "Name a single point of contact and agree weekly updates with {victim}.",
                    14,
                    "Single point of contact named; weekly updates agreed in writing.",
                ),
            ],
        ),
        dict(
            decision="Case review recommendations in progress: the householders say they now feel kept informed. "
            "No new graffiti for five weeks. Keep under JAG case management.",
            actions=[
                (
                    "lead",
                    "Send {victim} a written update on each recommendation.",
                    21,
                    "Written update sent; the complainants thanked partners for the clarity.",
                ),
            ],
        ),
    ],
    "animal": [
        dict(
            decision="Dogs loose and aggressive. The dog warden to visit; a Community Protection Warning to the "
            "owner if the dogs are not kept under control.",
            actions=[
                (
                    "lead",
                    "Dog warden visit to {perp} about control of the dogs.",
                    14,
                    "Visit made; the owner agreed to repair the gate and walk the dogs on leads.",
                ),
                (
                    "police",
                    "Check whether the dogs are a danger under the Dangerous Dogs Act.",
                    28,
                    "Assessed by the police dog legislation officer: no offence, advice given.",
                ),
            ],
        ),
        dict(
            decision="The dogs got out twice more. Issue the Community Protection Warning with conditions on "
            "fencing and leads.",
            actions=[
                (
                    "lead",
                    "Serve a Community Protection Warning on {perp}.",
                    14,
                    "CPW served in person with conditions on fencing, leads and muzzles.",
                    "serve_cpw",
                ),
            ],
        ),
    ],
    "harassment": [
        dict(
            decision="A vulnerable resident harassed at home. Safeguarding and a home security check first; the "
            "neighbour to be warned in writing.",
            actions=[
                (
                    "lead",
                    "Safeguarding referral and a visit with the support worker.",
                    14,
                    "Visit made; adult safeguarding referral accepted; a support worker visits weekly.",
                ),
                (
                    "police",
                    "Warning letter to {perp} about harassment, delivered in person.",
                    14,
                    "Harassment warning delivered in person and its effect explained.",
                ),
            ],
        ),
        dict(
            decision="Harassment continues after the warning. Partners agree to seek a civil injunction; the "
            "landlord to consider tenancy action.",
            actions=[
                (
                    "police",
                    "Prepare the evidence for a civil injunction with the lead agency.",
                    21,
                    "Evidence file prepared; application lodged with the county court.",
                ),
                (
                    "housing",
                    "Review the tenancy of {perp} and serve a notice if grounds are met.",
                    28,
                    "Notice of seeking possession served on the grounds of nuisance.",
                ),
            ],
        ),
        dict(
            decision="Injunction granted with a power of arrest. {victim} to be told how to report a breach; "
            "review at the next meeting.",
            actions=[
                (
                    "lead",
                    "Visit {victim} to explain the injunction and how to report breaches.",
                    14,
                    "Visit made; the injunction explained and a copy given.",
                ),
            ],
        ),
    ],
    "rowdy": [
        dict(
            decision="Young people gathering in the evenings. Youth outreach and patrols; the play area's "
            "lighting and fencing to be checked.",
            actions=[
                (
                    "council",
                    "Detached youth work at the play area two evenings a week.",
                    28,
                    "Youth workers attended six evenings and engaged about ten young people.",
                ),
                (
                    "police",
                    "Patrols at {address} in the early evening.",
                    21,
                    "Patrols carried out; no offences, groups moved on twice.",
                ),
            ],
        ),
        dict(
            decision="Fewer reports since the youth work started. Continue for the school holidays, then review.",
            actions=[
                (
                    "lead",
                    "Update {victim} and the residents' association.",
                    21,
                    "Update given at the residents' association meeting.",
                ),
            ],
        ),
    ],
}

# The ASB Case Review of one case (demo.JAG_MANAGEMENT says which), from application to outcome.
CASE_REVIEW = CaseReviewData(
    threshold_reason="One {motive} hate incident reported within the last six months; the applicants feel no "
    "effective action has been taken. The threshold is met.",
    outcome="The review found that each report was recorded and investigated, but that the householders were not "
    "kept informed and had to repeat their account to different officers. The response to the hate incidents "
    "was appropriate; communication with the victims was not.",
    recommendations="1. A single point of contact for the householders, with weekly updates. 2. A review of the "
    "hate crime investigation by a detective sergeant. 3. A door camera and lighting at the property. 4. The case "
    "to stay under JAG case management, with progress on these recommendations reported to each meeting.",
)
