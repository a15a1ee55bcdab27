"""What the ladder's tests share with the browser journey."""

import datetime
import importlib
from types import SimpleNamespace

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError

from agencies.models import Agency, AgencyKind
from cases.models import PersonRole
from cases.services import case_add_person
from incremental import services
from incremental.models import InterventionKind, KindVersion
from jag.models import Jag
from orders.services import record_risk_assessment
from tests.factories import AgencyFactory, CaseFactory, JagFactory, OfficerFactory, PersonFactory

_default = importlib.import_module("incremental.migrations.0002_default_catalogue")
_versions = importlib.import_module("incremental.migrations.0007_catalogue_versions")
_limits = importlib.import_module("incremental.migrations.0013_catalogue_hours_and_without_notice")
_closure = importlib.import_module("incremental.migrations.0014_closure_notice_and_landlord_conditions")


def ensure_catalogue() -> None:
    """Seed the catalogue again as the migrations leave it (the default entries, their first versions, and 2026's)
    when a test that really commits (a browser journey, a Celery worker) has flushed the database, and with it what
    the migrations seeded."""
    if InterventionKind.objects.exists():
        return
    kinds = {}
    for order, row in enumerate(_default.CATALOGUE):
        code, name, short, tier, court, basis, notes, agencies, age, live, appeal, letter, refusable, extra = row
        kinds[code] = InterventionKind.objects.create(
            code=code,
            name=name,
            short_name=short,
            tier=tier,
            court_stage=court,
            notes=notes,
            letter=letter,
            can_be_refused=refusable,
            sort_order=(order + 1) * 10,
        )
        rules = {name: None for name in _versions.RULES} | {
            "issuing_agency_kinds": agencies,
            "minimum_age": age,
            "default_live_months": live,
            "appeal_days": appeal,
            **extra,
        }
        entry = SimpleNamespace(name=name, short_name=short, legal_basis=basis, notes=notes, **rules)
        version = _versions.first_version(KindVersion, kinds[code], entry)
        if code == "cpn":
            version.requires_prior.set([kinds["cpw"]])
    _versions.add_2026(InterventionKind, KindVersion)
    _limits.set_limits(django_apps, None)
    _closure.set_rules(django_apps, None)


def issuer(*, issued_on: datetime.date, born: datetime.date):
    """issue(code, locality=..., agency=..., born=..., issued_on=..., **more): an intervention of the catalogue entry
    `code` on a new case in a JAG of `locality`, issued by an officer of a new agency of that kind (one per kind), or
    the errors by field. A Respect order gets its risk assessment first; a closure notice its authorisation."""
    agencies: dict[str, Agency] = {}
    default_issued_on, default_born = issued_on, born

    def issue(
        code, *, locality="Melton", agency=AgencyKind.POLICE, born=default_born, issued_on=default_issued_on, **more
    ):
        jag = Jag.objects.filter(locality=locality).first() or JagFactory(locality=locality)
        if agency not in agencies:
            agencies[agency] = AgencyFactory(kind=agency)
        officer = OfficerFactory(agency=agencies[agency])
        case = CaseFactory(lead_officer=officer, lead_agency=agencies[agency], jag=jag)
        person = PersonFactory(first_name="Kyle", last_name="Pegg", date_of_birth=born, created_by=officer)
        case_add_person(case=case, officer=officer, person=person, role=PersonRole.PERPETRATOR)
        kind = InterventionKind.objects.get(code=code)
        fields: dict = {"court": "Leicester County Court", "first_hearing_on": issued_on} if kind.court_stage else {}
        if code == "closure":
            fields |= {"notice_hours": 24, "authorised_by": "Inspector Sarah Kaur", "landlord_confirmed": True}
        if code == "respect_order":
            # The register's rule (orders): a Respect order is applied for only after the risk assessment.
            record_risk_assessment(
                officer=officer,
                case=case,
                person=person,
                assessed_on=issued_on,
                harassment_risk="Threats to neighbours at night.",
                vulnerabilities="None known.",
                alternatives="CPW and ABC breached.",
                other_matters="None.",
            )
        try:
            return services.intervention_issue(
                officer=officer,
                case=case,
                person=person,
                kind=kind,
                issuing_agency=agencies[agency],
                issuing_officer=officer,
                issued_on=issued_on,
                justification="Serious harm to neighbours",
                **fields | more,
            )
        except ValidationError as refused:
            return refused.message_dict

    return issue
