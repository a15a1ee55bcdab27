"""People, recorded once and linked to each case in a role."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse

from core import clock

from .case import Case, normalise_postcode, validate_postcode


def phonetic(function: str) -> models.Func:
    """A fuzzystrmatch code of the surname, as the matching indexes store it."""
    return models.Func(models.F("last_name"), function=function, output_field=models.CharField())


class Person(models.Model):
    """One record per real person, reused across cases so repeat victims and perpetrators are recognised."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True, validators=[validate_postcode])
    telephone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    notes = models.TextField(max_length=2000, blank=True)
    # Lower-case "first last", kept in step on save, for matching and search.
    search_name = models.CharField(max_length=201, editable=False, db_index=True)
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    # Carried where a page shows a person to one officer (cases.selectors): the cases of theirs the officer may see,
    # and their roles on those cases.
    visible_case_ids: set[int]
    visible_roles: "list[CasePerson]"
    # Carried by a possible match listed while adding someone to a case (cases.selectors.person_matches, cases.cards):
    # their roles on that case, and what higher apps say about them.
    roles_here: list[str]
    facts: str

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["postcode"], name="person_postcode"),
            # The header search finds a street anywhere in the address, whatever its case: trigrams on
            # lower(address), made by migration 0014.
            # Possible matches by name (cases.selectors.person_matches): a surname spelt alike (trigrams on lower(last_name), made by
            # migration 0012), sounding alike (Double Metaphone, both codes) or with the same Soundex code (a slip
            # of the keyboard: "Wlaker").
            models.Index(phonetic("dmetaphone"), name="person_last_name_metaphone"),
            models.Index(phonetic("dmetaphone_alt"), name="person_last_name_metaphone2"),
            models.Index(phonetic("soundex"), name="person_last_name_soundex"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = f"{self.first_name} {self.last_name}".lower().strip()
        self.postcode = normalise_postcode(self.postcode)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("cases:person", kwargs={"pk": self.pk})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def age_on(self, day: datetime.date) -> int | None:
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class PersonRole(models.TextChoices):
    COMPLAINANT = "complainant", "Complainant / victim"
    PERPETRATOR = "perpetrator", "Perpetrator"
    WITNESS = "witness", "Witness"
    OTHER = "other", "Other"


class CasePerson(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_people")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_roles")
    role = models.CharField(max_length=20, choices=PersonRole.choices)
    added_at = models.DateTimeField(default=clock.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["role", "person__last_name"]
        constraints = [models.UniqueConstraint(fields=["case", "person", "role"], name="case_person_role_once")]
        indexes = [
            models.Index(fields=["person", "case"], name="caseperson_person"),
            # A victim's cases (the ASB Case Review threshold): the complainant roles by person, case from the index.
            models.Index(fields=["role", "person", "case"], name="caseperson_role_person"),
        ]
