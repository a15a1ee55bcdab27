"""The catalogue in time: each entry's rules move into versions, and the Crime and Policing Act 2026's changes and
the Home Office ASB Action Plan's entries are added as versions (docs/domain.md, "The catalogue in time").

Every existing entry gets one version with the rules it had, in force from the 2014 Act's commencement, and every
intervention already recorded is linked to it, so nothing recorded changes. The 2026 entries start on
29 June 2026 (the first commencement regulations); the Respect order only in the shipped pilot area, Charnwood.
"""

import datetime
from decimal import Decimal

from django.db import migrations, models

import django.db.models.deletion

POLICE, COUNCIL, LANDLORD, YOUTH = "police", "local_authority", "social_landlord", "youth_justice"
ACT_2014 = datetime.date(2014, 10, 20)
ACT_2026 = datetime.date(2026, 6, 29)
BEFORE_2026 = ACT_2026 - datetime.timedelta(days=1)
PILOT = ["Charnwood"]
ACT_2014_SOURCE = "Anti-social Behaviour, Crime and Policing Act 2014 (commenced 20 October 2014)"
ACT_2026_SOURCE = (
    "Crime and Policing Act 2026 (Royal Assent 29 April 2026); first commencement regulations in force "
    "29 June 2026; Home Office circular 004/2026"
)
RULES = (
    "issuing_agency_kinds",
    "minimum_age",
    "default_live_months",
    "max_live_months",
    "adult_min_live_months",
    "under_18_min_live_months",
    "under_18_max_live_months",
    "appeal_days",
)
# The sources of the default catalogue's entries (docs/domain.md, "The default catalogue").
SOURCES = {
    "words_of_advice": "Local partnership practice (LLR Incremental Approach); not a statutory power",
    "first_warning": "Local partnership practice (LLR Incremental Approach); not a statutory power",
    "final_warning": "Local partnership practice (LLR Incremental Approach); not a statutory power",
    "abc": "Home Office statutory guidance on the 2014 Act's powers: voluntary agreements; not a statutory power",
    "possession": "Housing Act 1985, s.84A and Housing Act 1988, Schedule 2, Ground 7A (inserted by the 2014 Act, "
    "Part 5)",
}
PENALTIES = {
    "cpn": "Failing to comply is an offence (s.48): a fine, or a fixed penalty (s.52)",
    "civil_injunction": "Breach is contempt of court (adults) or may lead to a supervision or detention order (under 18s)",
    "cbo": "Breach is an offence: up to 5 years' imprisonment or a fine",
    "closure": "Breach of a closure order is an offence: up to 3 months' (6 for a business) imprisonment or a fine",
}

# The new entries: code, name, short name, tier, court stage, continues (code), sort order.
NEW_KINDS = [
    ("dispersal", "Dispersal direction", "Dispersal", 1, False, None, 15),
    ("community_resolution", "Community Resolution", "Community Resolution", 1, False, None, 16),
    ("restorative", "Restorative justice or mediation", "Restorative justice", 1, False, None, 17),
    ("immediate_justice", "Immediate Justice (reparative work)", "Immediate Justice", 2, False, None, 35),
    ("fixed_penalty", "Fixed penalty for breach of a CPN or PSPO", "FPN", 2, False, None, 36),
    ("vehicle_warning", "Warning about a vehicle used anti-socially (section 59)", "S59 warning", 2, False, None, 37),
    ("vehicle_seizure", "Seizure of a vehicle used anti-socially (section 59)", "Vehicle seizure", 2, False, None, 38),
    ("respect_order", "Respect order", "Respect order", 4, True, "civil_injunction", 71),
    ("youth_injunction", "Youth injunction", "Youth injunction", 4, True, "civil_injunction", 72),
    ("housing_injunction", "Housing injunction", "Housing injunction", 4, True, "civil_injunction", 73),
]

# The versions added: (kind code, fields). Versions of kinds that already exist end the day before they change.
NEW_VERSIONS: list[tuple[str, dict]] = [
    ("dispersal", dict(
        name="Dispersal direction", short_name="Dispersal",
        legal_basis="Anti-social Behaviour, Crime and Policing Act 2014, ss.34 and 35",
        legal_source=ACT_2014_SOURCE + ", ss.34 to 42: a police officer in uniform (or a PCSO) may direct a person "
        "to leave an area authorised by an inspector, for up to 48 hours",
        in_force_from=ACT_2014, issuing_agency_kinds=[POLICE], minimum_age=10,
        penalty="Failing to comply is an offence (s.39)",
        conditions_text="Up to 48 hours; the area and period authorised by an officer of at least inspector rank",
    )),
    ("community_resolution", dict(
        name="Community Resolution", short_name="Community Resolution",
        legal_basis="Police out-of-court resolution (non-statutory)",
        legal_source="Home Office, Anti-social Behaviour Action Plan (March 2023); National Police Chiefs' Council "
        "guidance on community resolutions",
        in_force_from=ACT_2014, issuing_agency_kinds=[POLICE],
    )),
    ("restorative", dict(
        name="Restorative justice or mediation", short_name="Restorative justice",
        legal_source="Home Office, Anti-social Behaviour Action Plan (March 2023); local mediation services "
        "(non-statutory)",
        in_force_from=ACT_2014,
    )),
    ("immediate_justice", dict(
        name="Immediate Justice (reparative work)", short_name="Immediate Justice",
        legal_basis="Home Office Immediate Justice programme (non-statutory)",
        legal_source="Home Office, Anti-social Behaviour Action Plan (27 March 2023): reparative work starting "
        "within 48 hours of referral",
        in_force_from=datetime.date(2023, 3, 27), issuing_agency_kinds=[POLICE, COUNCIL, YOUTH],
        conditions_text="The work starts within 48 hours of the referral",
    )),
    ("fixed_penalty", dict(
        name="Fixed penalty for breach of a CPN or PSPO", short_name="FPN",
        legal_basis="Anti-social Behaviour, Crime and Policing Act 2014, ss.52 and 68",
        legal_source=ACT_2014_SOURCE + ", ss.52 and 68: a fixed penalty of up to £100 instead of prosecution",
        in_force_from=ACT_2014, in_force_until=BEFORE_2026, issuing_agency_kinds=[POLICE, COUNCIL, LANDLORD],
        max_fixed_penalty=Decimal("100.00"), penalty="Not paid: prosecution for the breach",
    )),
    ("fixed_penalty", dict(
        name="Fixed penalty for breach of a CPN or PSPO", short_name="FPN",
        legal_basis="Anti-social Behaviour, Crime and Policing Act 2014, ss.52 and 68 (as amended by the Crime "
        "and Policing Act 2026)",
        legal_source=ACT_2026_SOURCE + ": the maximum fixed penalty for breaching a CPN or a PSPO rises to £500",
        in_force_from=ACT_2026, issuing_agency_kinds=[POLICE, COUNCIL, LANDLORD],
        max_fixed_penalty=Decimal("500.00"), penalty="Not paid: prosecution for the breach",
    )),
    ("vehicle_warning", dict(
        name="Warning about a vehicle used anti-socially (section 59)", short_name="S59 warning",
        legal_basis="Police Reform Act 2002, s.59",
        legal_source="Police Reform Act 2002, s.59: a constable in uniform may warn the driver that the vehicle "
        "will be seized if the use continues; the warning lasts 12 months",
        in_force_from=ACT_2014, issuing_agency_kinds=[POLICE], default_live_months=12, max_live_months=12,
    )),
    ("vehicle_seizure", dict(
        name="Seizure of a vehicle used anti-socially (section 59)", short_name="Vehicle seizure",
        legal_basis="Police Reform Act 2002, s.59",
        legal_source="Police Reform Act 2002, s.59: seizure after a warning given in the previous 12 months",
        in_force_from=ACT_2014, in_force_until=BEFORE_2026, issuing_agency_kinds=[POLICE],
        requires_prior=["vehicle_warning"],
    )),
    ("vehicle_seizure", dict(
        name="Seizure of a vehicle used anti-socially (section 59)", short_name="Vehicle seizure",
        legal_basis="Police Reform Act 2002, s.59 (as amended by the Crime and Policing Act 2026)",
        legal_source=ACT_2026_SOURCE + ": the police may seize without a prior warning",
        in_force_from=ACT_2026, issuing_agency_kinds=[POLICE],
    )),
    ("closure", dict(
        name="Closure notice then closure order (premises)", short_name="Closure",
        legal_basis="Anti-social Behaviour, Crime and Policing Act 2014, ss.76 and 80 (as amended by the Crime "
        "and Policing Act 2026)",
        legal_source=ACT_2026_SOURCE + ": registered social landlords may also issue closure notices for premises "
        "they own or manage (48 hours with a senior manager's authorisation)",
        in_force_from=ACT_2026, issuing_agency_kinds=[POLICE, COUNCIL, LANDLORD], default_live_months=3,
        max_live_months=6, penalty=PENALTIES["closure"],
        conditions_text="Notice 24 hours (48 with senior sign-off); court within 48 hours; order up to 3 months, "
        "6 in total",
    )),
    ("civil_injunction", dict(
        name="Civil injunction (section 1)", short_name="Injunction",
        legal_basis="Anti-social Behaviour, Crime and Policing Act 2014, s.1",
        legal_source=ACT_2026_SOURCE + ": respondents under 18 now get a youth injunction; adults keep the civil "
        "injunction until the Respect order is in force in their area",
        in_force_from=ACT_2026, issuing_agency_kinds=[POLICE, COUNCIL, LANDLORD, "environment_agency"],
        minimum_age=18, penalty=PENALTIES["civil_injunction"],
    )),
    ("civil_injunction", dict(
        name="Civil injunction (section 1)", short_name="Injunction",
        legal_basis="Anti-social Behaviour, Crime and Policing Act 2014, s.1",
        legal_source=ACT_2026_SOURCE + ": where the Respect order is piloted it replaces the civil injunction "
        "for adults",
        in_force_from=ACT_2026, localities=PILOT, withdrawn=True,
    )),
    ("respect_order", dict(
        name="Respect order", short_name="Respect order",
        legal_basis="Crime and Policing Act 2026, Part 1",
        legal_source=ACT_2026_SOURCE + ": the Respect order replaces the civil injunction for adults; piloted "
        "before national roll-out (shipped pilot area: Charnwood)",
        in_force_from=ACT_2026, localities=PILOT, issuing_agency_kinds=[COUNCIL, LANDLORD, POLICE],
        minimum_age=18, without_notice=True,
        penalty="Breach is a criminal offence: up to two years' imprisonment or an unlimited fine",
        conditions_text="Made by the county court or the High Court; applied for by a local authority, a housing "
        "provider (behaviour affecting its housing management functions), a chief officer of police or the British "
        "Transport Police; prohibitions and positive requirements, each requirement with a named supervisor; "
        "exclusion from the home only for violence, threatened violence or a significant risk of harm; a recorded "
        "risk assessment before applying",
    )),
    ("youth_injunction", dict(
        name="Youth injunction", short_name="Youth injunction",
        legal_basis="Crime and Policing Act 2026, Part 1",
        legal_source=ACT_2026_SOURCE + ": an injunction for respondents aged 10 to 17, the youth justice service "
        "consulted, for at most 12 months",
        in_force_from=ACT_2026, issuing_agency_kinds=[POLICE, COUNCIL, LANDLORD], minimum_age=10, maximum_age=17,
        max_live_months=12,
        penalty="Breach may lead to a supervision order or, for those 14 or over, a detention order",
        conditions_text="The youth justice service must be consulted before applying",
    )),
    ("housing_injunction", dict(
        name="Housing injunction", short_name="Housing injunction",
        legal_basis="Crime and Policing Act 2026, Part 1",
        legal_source=ACT_2026_SOURCE + ": an injunction for conduct causing nuisance or annoyance relating to "
        "housing",
        in_force_from=ACT_2026, issuing_agency_kinds=[LANDLORD, COUNCIL, POLICE], minimum_age=10,
        penalty=PENALTIES["civil_injunction"],
    )),
]
# Existing versions that end the day before a 2026 version of the same kind starts everywhere.
ENDED_BY_2026 = ["civil_injunction", "closure"]


def first_version(KindVersion, kind, rules):
    """An entry's version holding the rules it had before versions existed (`rules`: the entry as it was)."""
    return KindVersion.objects.create(
        kind=kind,
        name=rules.name,
        short_name=rules.short_name,
        legal_basis=rules.legal_basis,
        legal_source=SOURCES.get(kind.code) or rules.legal_basis or "Local partnership catalogue",
        in_force_from=ACT_2014,
        penalty=PENALTIES.get(kind.code, ""),
        conditions_text=rules.notes,
        **{name: getattr(rules, name) for name in RULES},
    )


def add_2026(InterventionKind, KindVersion):
    """The entries and versions of 2026 over a catalogue whose entries each have their first version."""
    kinds = {kind.code: kind for kind in InterventionKind.objects.all()}
    for code, name, short, tier, court, continues, order in NEW_KINDS:
        if code in kinds:
            continue
        kinds[code] = InterventionKind.objects.create(
            code=code,
            name=name,
            short_name=short,
            tier=tier,
            court_stage=court,
            continues=kinds.get(continues) if continues else None,
            sort_order=order,
        )
    KindVersion.objects.filter(kind__code__in=ENDED_BY_2026, in_force_from=ACT_2014, localities=[]).update(
        in_force_until=BEFORE_2026
    )
    for code, fields in NEW_VERSIONS:
        if code not in kinds:
            continue
        fields = dict(fields)
        prior = fields.pop("requires_prior", [])
        version = KindVersion.objects.create(kind=kinds[code], **fields)
        version.requires_prior.set([kinds[p] for p in prior if p in kinds])


def seed_versions(apps, schema_editor):
    InterventionKind = apps.get_model("incremental", "InterventionKind")
    KindVersion = apps.get_model("incremental", "KindVersion")
    Intervention = apps.get_model("incremental", "Intervention")
    for kind in InterventionKind.objects.all():
        version = first_version(KindVersion, kind, kind)
        version.requires_prior.set(kind.requires_prior.all())
        Intervention.objects.filter(kind=kind).update(kind_version=version)
    add_2026(InterventionKind, KindVersion)
    # The checks of what was written run now, before the catalogue's old columns are dropped in this transaction.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def unseed_versions(apps, schema_editor):
    """Back to one set of rules per entry: the first version's, read back onto the entry; the 2026 entries go."""
    InterventionKind = apps.get_model("incremental", "InterventionKind")
    KindVersion = apps.get_model("incremental", "KindVersion")
    Intervention = apps.get_model("incremental", "Intervention")
    for kind in InterventionKind.objects.all():
        version = KindVersion.objects.filter(kind=kind).order_by("in_force_from", "id").first()
        if version is None:
            continue
        for name in RULES:
            setattr(kind, name, getattr(version, name))
        kind.legal_basis = version.legal_basis
        kind.save()
        kind.requires_prior.set(version.requires_prior.all())
    new = [row[0] for row in NEW_KINDS]
    Intervention.objects.update(kind_version=None)
    KindVersion.objects.all().delete()
    InterventionKind.objects.filter(code__in=new, interventions__isnull=True).delete()
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")

class Migration(migrations.Migration):

    dependencies = [
        ('incremental', '0006_reminder_subject'),
    ]

    operations = [
        migrations.AddField(
            model_name='interventionkind',
            name='continues',
            field=models.ForeignKey(blank=True, help_text='The rung this power replaces or continues under a new name (e.g. the Respect order continues the civil injunction): it must be on the same tier', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='continued_by', to='incremental.interventionkind'),
        ),
        migrations.CreateModel(
            name='KindVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='The name of the power under this version (copied on issue)', max_length=120)),
                ('short_name', models.CharField(blank=True, max_length=40)),
                ('legal_basis', models.CharField(blank=True, help_text='The statute and section, as cited', max_length=300)),
                ('legal_source', models.TextField(help_text="Where this version's rules come from: the Act, regulations, circular or guidance", max_length=5000)),
                ('in_force_from', models.DateField(verbose_name='In force from')),
                ('in_force_until', models.DateField(blank=True, help_text='The last day it is in force; blank: no end', null=True, verbose_name='In force until (optional)')),
                ('localities', models.JSONField(blank=True, default=list, help_text="Only in these JAGs' localities (a pilot); none ticked means everywhere", verbose_name='Areas (JAG localities)')),
                ('withdrawn', models.BooleanField(default=False, help_text='The power may not be used there and then (e.g. replaced by a piloted power)', verbose_name='Not available in these areas')),
                ('issuing_agency_kinds', models.JSONField(blank=True, default=list, help_text='Kinds of agency that may use this power; none ticked means any partner', verbose_name='Agencies that may issue or apply')),
                ('minimum_age', models.PositiveSmallIntegerField(blank=True, help_text='Age in years at the date issued', null=True)),
                ('maximum_age', models.PositiveSmallIntegerField(blank=True, help_text='Age in years at the date issued', null=True)),
                ('default_live_months', models.PositiveSmallIntegerField(blank=True, help_text='Live until defaults to the date issued plus this many months', null=True)),
                ('max_live_months', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('adult_min_live_months', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='Adults: at least (months)')),
                ('under_18_min_live_months', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='Under 18s: at least (months)')),
                ('under_18_max_live_months', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='Under 18s: at most (months)')),
                ('appeal_days', models.PositiveSmallIntegerField(blank=True, help_text='Days from issue within which the person may appeal', null=True)),
                ('without_notice', models.BooleanField(default=False, verbose_name='May be made without notice')),
                ('penalty', models.CharField(blank=True, max_length=300, verbose_name='Penalty on breach')),
                ('max_fixed_penalty', models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name='Maximum fixed penalty (£)')),
                ('conditions_text', models.TextField(blank=True, max_length=2000, verbose_name='Other conditions')),
                ('kind', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='incremental.interventionkind')),
                ('requires_prior', models.ManyToManyField(blank=True, help_text='One of these must have been issued to the same person before', related_name='required_by_versions', to='incremental.interventionkind')),
            ],
            options={
                'ordering': ['kind', 'in_force_from', 'id'],
                'verbose_name': 'catalogue version',
            },
        ),
        migrations.AddField(
            model_name='intervention',
            name='kind_version',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='interventions', to='incremental.kindversion'),
        ),
        migrations.AddIndex(
            model_name='kindversion',
            index=models.Index(fields=['kind', 'in_force_from'], name='kind_version_from'),
        ),
        migrations.AddConstraint(
            model_name='kindversion',
            constraint=models.CheckConstraint(condition=models.Q(('in_force_until__isnull', True), ('in_force_until__gte', models.F('in_force_from')), _connector='OR'), name='kind_version_until_after_from'),
        ),
        migrations.AddConstraint(
            model_name='kindversion',
            constraint=models.CheckConstraint(condition=models.Q(('maximum_age__isnull', True), ('minimum_age__isnull', True), ('maximum_age__gte', models.F('minimum_age')), _connector='OR'), name='kind_version_ages_in_order'),
        ),
        migrations.RunPython(seed_versions, unseed_versions),
        migrations.RemoveField(
            model_name='interventionkind',
            name='adult_min_live_months',
        ),
        migrations.RemoveField(
            model_name='interventionkind',
            name='appeal_days',
        ),
        migrations.RemoveField(
            model_name='interventionkind',
            name='default_live_months',
        ),
        migrations.RemoveField(
            model_name='interventionkind',
            name='issuing_agency_kinds',
        ),
        migrations.RemoveField(
            model_name='interventionkind',
            name='legal_basis',
        ),
        migrations.RemoveField(
            model_name='interventionkind',
            name='max_live_months',
        ),
        migrations.RemoveField(
            model_name='interventionkind',
            name='minimum_age',
        ),
        migrations.RemoveField(
            model_name='interventionkind',
            name='requires_prior',
        ),
        migrations.RemoveField(
            model_name='interventionkind',
            name='under_18_max_live_months',
        ),
        migrations.RemoveField(
            model_name='interventionkind',
            name='under_18_min_live_months',
        ),
    ]
