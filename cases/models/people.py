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

    # Blank only for a person not yet identified (an unknown perpetrator), whom the description tells apart.
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True, validators=[validate_postcode])
    telephone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    notes = models.TextField(max_length=2000, blank=True)
    # Database defaults too: bulk loads (the benchmark's INSERT ... SELECT) write people without naming these columns.
    unknown = models.BooleanField("Not yet identified", default=False, db_default=False)
    description = models.TextField(
        max_length=2000,
        blank=True,
        db_default="",
        help_text="How they look, what they wear or ride: unknown male, about 20, red moped",
    )
    # A duplicate record merged into the one kept: kept (its history with it), never deleted, so a merge can be undone.
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1, db_default=1)
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
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unknown=True) | (~models.Q(first_name="") & ~models.Q(last_name="")),
                name="person_named_unless_unknown",
            ),
            models.CheckConstraint(
                condition=models.Q(unknown=False) | ~models.Q(description=""), name="unknown_person_described"
            ),
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
        if self.unknown:
            description = self.description if len(self.description) <= 60 else self.description[:57] + "..."
            return f"Unknown person ({description})"
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


def alias_phonetic(function: str) -> models.Func:
    return models.Func(models.F("last_name"), function=function, output_field=models.CharField())


class PersonAlias(models.Model):
    """A name the person is also known by: possible matches find them by it as by their own name."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="aliases")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    added_at = models.DateTimeField(default=clock.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name_plural = "person aliases"
        # The same indexes as the people's own names (cases.selectors.person_matches reads both alike); the trigram
        # index is made by the migration.
        indexes = [
            models.Index(fields=["person"], name="personalias_person"),
            models.Index(alias_phonetic("dmetaphone"), name="alias_last_name_metaphone"),
            models.Index(alias_phonetic("dmetaphone_alt"), name="alias_last_name_metaphone2"),
            models.Index(alias_phonetic("soundex"), name="alias_last_name_soundex"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class PersonChange(models.Model):
    """One change to a person's record, kept as their history: an edit (each field's old and new value), an alias
    added, a merge or its undoing. Each person keeps their own; a merge moves none of it."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="history")
    changed_at = models.DateTimeField(default=clock.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.CharField(max_length=300)
    # [{"field": ..., "label": ..., "old": ..., "new": ...}] for an edit; empty otherwise.
    changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["person", "-changed_at"], name="personchange_person")]


class PersonMerge(models.Model):
    """A duplicate record merged into the one kept (or an unknown person identified as a real one), with exactly
    which rows moved, so that an administrator's undo puts back those rows and no others."""

    duplicate = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_out")
    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_in")
    identification = models.BooleanField(default=False, help_text="An unknown person identified as the one kept")
    merged_at = models.DateTimeField(default=clock.now)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # [{"model": "app.model", "field": name, "pks": [...]}]: the rows whose `field` went from duplicate to kept.
    moved = models.JSONField(default=list)
    # Rows of the duplicate's that the kept person already had (the same role on the same case), deleted rather
    # than doubled, serialised whole so that the undo writes them back as they were.
    removed = models.JSONField(default=list)
    case_ids = models.JSONField(default=list)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-merged_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(duplicate=models.F("kept")), name="merge_two_people"),
            # One merge in force per duplicate: merged once, until undone.
            models.UniqueConstraint(
                fields=["duplicate"], condition=models.Q(undone_at__isnull=True), name="merge_once_until_undone"
            ),
        ]

    @property
    def moved_count(self) -> int:
        return sum(len(group["pks"]) for group in self.moved) + len(self.removed)
