"""A fixed penalty is a notice on the person's ladder: each FixedPenalty gets `notice`, an intervention of the
catalogue's `fixed_penalty` kind. Penalties recorded before are given theirs here, issued as the service issues one
(the version in force on the date issued in the case's area, by the officer who recorded it); `notice` stays empty
only where the catalogue has no `fixed_penalty` entry (docs/decisions/0009-one-fixed-penalty.md)."""

import django.db.models.deletion
from django.db import migrations, models

TOP_TIER = 4


def _version(versions, day, locality):
    """As incremental.rules.version_in_force: an area's own version wins over the national one; None if withdrawn."""
    covering = [v for v in versions if v.in_force_from <= day and (v.in_force_until is None or day <= v.in_force_until)]
    local = [v for v in covering if v.localities and locality in v.localities]
    pool = local or [v for v in covering if not v.localities]
    return pool[0] if pool and not pool[0].withdrawn else None


def give_each_penalty_its_notice(apps, schema_editor):
    FixedPenalty = apps.get_model("incremental", "FixedPenalty")
    Intervention = apps.get_model("incremental", "Intervention")
    InterventionKind = apps.get_model("incremental", "InterventionKind")
    KindVersion = apps.get_model("incremental", "KindVersion")
    kind = InterventionKind.objects.filter(code="fixed_penalty").first()
    if kind is None:
        return
    versions = list(KindVersion.objects.filter(kind=kind).order_by("in_force_from", "id"))
    penalties = FixedPenalty.objects.filter(notice__isnull=True).select_related(
        "intervention__case__jag", "intervention__person", "recorded_by"
    )
    for penalty in penalties.order_by("issued_on", "id"):
        breached = penalty.intervention
        case = breached.case
        locality = case.jag.locality if case.jag_id else None
        version = _version(versions, penalty.issued_on, locality)
        described = version or (versions[0] if versions else None)
        officer = penalty.recorded_by
        tiers = Intervention.objects.filter(person_id=breached.person_id, issued_on__lte=penalty.issued_on).exclude(
            status="quashed"
        )
        current = max(tiers.values_list("tier", flat=True), default=None)
        suggested = 1 if current is None else min(current + 1, TOP_TIER)
        skipped = kind.tier > suggested
        notice = Intervention.objects.create(
            person_id=breached.person_id,
            case_id=case.pk,
            kind=kind,
            kind_version=version,
            kind_name=described.name if described else kind.name,
            tier=kind.tier,
            court_stage=kind.court_stage,
            legal_basis=described.legal_basis if described else "",
            issuing_agency_id=officer.agency_id or case.lead_agency_id,
            issuing_officer_id=officer.pk,
            issued_on=penalty.issued_on,
            suggested_tier=suggested,
            skipped_stage=skipped,
            justification="Fixed penalty for breaching the CPN or PSPO, recorded before fixed penalties were on the "
            "ladder"
            if skipped
            else "",
            status="live",
            recorded_by_id=officer.pk,
            recorded_at=penalty.recorded_at,
        )
        penalty.notice = notice
        penalty.save(update_fields=["notice"])


class Migration(migrations.Migration):
    dependencies = [
        ("incremental", "0011_register_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="fixedpenalty",
            name="notice",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="fixed_penalty_details",
                to="incremental.intervention",
            ),
        ),
        # Backwards the notices stay on the ladder: they were issued, and events may point at them.
        migrations.RunPython(give_each_penalty_its_notice, migrations.RunPython.noop),
    ]
