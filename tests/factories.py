"""Factories for the test suite. Cases are opened through the service, so access and chronology come with them."""

import datetime

import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from agencies.models import Agency, AgencyKind, Department, Officer
from agencies.roles import role_group_name
from cases.models import Category, Person
from cases.services import case_open
from core import clock
from jag.models import Jag

PASSWORD = "correct-horse-battery"


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Partner Agency {n}")
    short_name = factory.Sequence(lambda n: f"PA{n}")
    kind = AgencyKind.LOCAL_AUTHORITY


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Department {n}")


class OfficerFactory(DjangoModelFactory):
    """An officer of an agency, in the officer role unless `roles` says otherwise; password PASSWORD."""

    class Meta:
        model = Officer
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"officer{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    agency = factory.SubFactory(AgencyFactory)
    job_title = "ASB officer"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if not create:
            return
        # get_or_create: the role groups come from a migration, which a flushed (transactional) test database lacks.
        for role in ["officer"] if extracted is None else extracted:
            obj.groups.add(Group.objects.get_or_create(name=role_group_name(role))[0])


class JagFactory(DjangoModelFactory):
    class Meta:
        model = Jag
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Locality {n} JAG")
    locality = factory.Sequence(lambda n: f"Locality {n}")
    chair = None

    @factory.post_generation
    def member_agencies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.member_agencies.add(*extracted)


class CategoryFactory(DjangoModelFactory):
    """One of the categories the migration seeds (created again if a flushed database lacks it)."""

    class Meta:
        model = Category
        django_get_or_create = ("name",)

    name = "Noise nuisance"


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = datetime.date(1985, 3, 14)
    address = "12 Example Street, Leicester"
    postcode = "LE1 6ZG"
    created_by = factory.SubFactory(OfficerFactory)


class CaseFactory(factory.Factory):
    """Opens a case with `cases.services.case_open`, by the lead officer unless `officer` is given."""

    class Meta:
        model = dict  # the service builds the Case; this factory only gathers its arguments

    lead_officer = factory.SubFactory(OfficerFactory)
    lead_agency = factory.LazyAttribute(lambda o: o.lead_officer.agency)
    officer = factory.LazyAttribute(lambda o: o.lead_officer)
    jag = factory.SubFactory(JagFactory)
    category = factory.SubFactory(CategoryFactory)
    hate_incident = False
    address = factory.Sequence(lambda n: f"{n} Narborough Road, Leicester")
    postcode = "LE3 0BQ"
    ward = "Westcotes"
    summary = "Loud music late at night, most nights of the week."

    @classmethod
    def _create(cls, model_class, **kwargs):
        return case_open(**kwargs)

    @classmethod
    def _build(cls, model_class, **kwargs):
        raise NotImplementedError("A case exists only once opened: use CaseFactory() or CaseFactory.create()")


class InterventionFactory(DjangoModelFactory):
    """An intervention written straight to the table, with the catalogue snapshot filled in from `kind`.

    For tests of what reads interventions (letters, reminders, reports); the rules are tested through
    `incremental.services.intervention_issue`. Give `case` and `person`; the issuer defaults to the lead officer.
    """

    class Meta:
        model = "incremental.Intervention"

    kind = factory.LazyFunction(lambda: _catalogue("words_of_advice"))
    kind_version = factory.LazyAttribute(lambda o: _version(o.kind, o.issued_on))
    kind_name = factory.LazyAttribute(lambda o: o.kind_version.name)
    tier = factory.LazyAttribute(lambda o: o.kind.tier)
    court_stage = factory.LazyAttribute(lambda o: o.kind.court_stage)
    legal_basis = factory.LazyAttribute(lambda o: o.kind_version.legal_basis)
    issuing_officer = factory.LazyAttribute(lambda o: o.case.lead_officer)
    issuing_agency = factory.LazyAttribute(lambda o: o.issuing_officer.agency)
    recorded_by = factory.LazyAttribute(lambda o: o.issuing_officer)
    issued_on = factory.LazyFunction(lambda: clock.today() - datetime.timedelta(days=7))
    suggested_tier = factory.LazyAttribute(lambda o: o.tier)
    skipped_stage = False


def _version(kind, day: datetime.date):
    """The kind's version in force everywhere on the day, else one in force somewhere (a pilot's), else its first."""
    versions = list(kind.versions.order_by("in_force_from", "id"))
    national = [v for v in versions if not v.localities]
    for pool in (national, versions):
        on_day = [v for v in pool if v.in_force_from <= day and (v.in_force_until is None or day <= v.in_force_until)]
        if on_day:
            return on_day[0]
    return (national or versions or [None])[0]


def _catalogue(code: str):
    from incremental.models import InterventionKind

    return InterventionKind.objects.get(code=code)
