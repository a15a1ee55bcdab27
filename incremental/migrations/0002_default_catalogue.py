"""The default intervention catalogue (docs/domain.md, "The default catalogue"). Administrators edit it afterwards in the admin."""

from django.db import migrations

POLICE, COUNCIL, LANDLORD, CPS = "police", "local_authority", "social_landlord", "cps"

# code, name, short name, tier, court stage, legal basis, notes, issuing agency kinds, minimum age,
# default live months, appeal days, letter, can be refused, extra fields
CATALOGUE = [
    ("words_of_advice", "Words of advice (verbal or written)", "Words of advice", 1, False, "",
     "Any partner.", [], None, None, None, "", False, {}),
    ("first_warning", "First warning letter", "First warning", 1, False, "",
     "Live for 3 months.", [], None, 3, None, "first_warning", False, {}),
    ("final_warning", "Final warning letter and home visit", "Final warning", 2, False, "",
     "Live for 6 months.", [], None, 6, None, "final_warning", False, {}),
    ("cpw", "Community Protection Warning", "CPW", 2, False,
     "Anti-social Behaviour, Crime and Policing Act 2014, s.43(5)",
     "Police, PCSO, council or designated social landlord; aged 16 or over; must precede a CPN.",
     [POLICE, COUNCIL, LANDLORD], 16, None, None, "", False, {}),
    ("abc", "Acceptable Behaviour Contract or Agreement", "ABC", 3, False, "",
     "Live for 6 months. Refusing to sign is evidence for court stages.", [], None, 6, None, "abc_agreement", True, {}),
    ("cpn", "Community Protection Notice", "CPN", 4, True,
     "Anti-social Behaviour, Crime and Policing Act 2014, s.43",
     "Needs an earlier CPW to the same person; appeal within 21 days; breach is an offence (fine, or a fixed penalty).",
     [POLICE, COUNCIL, LANDLORD], 16, None, 21, "", False, {}),
    ("civil_injunction", "Civil injunction (section 1)", "Injunction", 4, True,
     "Anti-social Behaviour, Crime and Policing Act 2014, s.1",
     "Council, police, social landlord and others; aged 10 or over; under 18s at most 12 months.",
     [POLICE, COUNCIL, LANDLORD, "environment_agency"], 10, None, None, "", False,
     {"under_18_max_live_months": 12}),
    ("cbo", "Criminal Behaviour Order", "CBO", 4, True,
     "Anti-social Behaviour, Crime and Policing Act 2014, s.22",
     "On conviction, applied for by the CPS; adults at least 2 years, under 18s 1 to 3 years.",
     [CPS, POLICE, COUNCIL], None, 24, None, "", False,
     {"adult_min_live_months": 24, "under_18_min_live_months": 12, "under_18_max_live_months": 36}),
    ("closure", "Closure notice then closure order (premises)", "Closure", 4, True,
     "Anti-social Behaviour, Crime and Policing Act 2014, ss.76 and 80",
     "Notice 24 hours (48 with senior sign-off); court within 48 hours; order up to 3 months, 6 in total.",
     [POLICE, COUNCIL], None, 3, None, "", False, {"max_live_months": 6}),
    ("possession", "Possession proceedings (absolute ground)", "Possession", 4, True,
     "Housing Act 1985, s.84A / Housing Act 1988, Schedule 2, Ground 7A",
     "Social landlord.", [LANDLORD], None, None, None, "", False, {}),
]


def seed(apps, schema_editor):
    InterventionKind = apps.get_model("incremental", "InterventionKind")
    kinds = {}
    for order, row in enumerate(CATALOGUE):
        code, name, short, tier, court, basis, notes, agencies, age, live, appeal, letter, refusable, extra = row
        kinds[code] = InterventionKind.objects.create(
            code=code,
            name=name,
            short_name=short,
            tier=tier,
            court_stage=court,
            legal_basis=basis,
            notes=notes,
            issuing_agency_kinds=agencies,
            minimum_age=age,
            default_live_months=live,
            appeal_days=appeal,
            letter=letter,
            can_be_refused=refusable,
            sort_order=(order + 1) * 10,
            **extra,
        )
    kinds["cpn"].requires_prior.add(kinds["cpw"])


def unseed(apps, schema_editor):
    apps.get_model("incremental", "InterventionKind").objects.filter(code__in=[row[0] for row in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("incremental", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
