"""Reads of the time-aware catalogue: which version of an entry is in force on a day in an area, and its rules.

The area of an intervention is its case's JAG's locality. Every read here loads the versions of the whole catalogue
in one query (it is small), so choosing among them costs no query per kind; the choice itself is the pure
`rules.version_in_force`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cases.models import Case

from . import rules
from .models import InterventionKind, KindVersion


def locality_of(case: Case) -> str | None:
    return case.jag.locality if case.jag_id else None


def rung_of(kind: InterventionKind, by_id: dict[int, InterventionKind]) -> int:
    """The rung a kind belongs to: the first kind in the chain of powers it continues."""
    seen = {kind.pk}
    while kind.continues_id is not None and kind.continues_id not in seen and kind.continues_id in by_id:
        kind = by_id[kind.continues_id]
        seen.add(kind.pk)
    return kind.pk


@dataclass
class Catalogue:
    """Every version of every kind, read once."""

    versions: dict[int, KindVersion]
    spans: list[rules.VersionSpan]

    @classmethod
    def load(cls) -> Catalogue:
        versions = {
            v.pk: v
            for v in KindVersion.objects.select_related("kind")
            .prefetch_related("requires_prior")
            .order_by("in_force_from", "id")
        }
        return cls(versions=versions, spans=[rules.VersionSpan.of(v) for v in versions.values()])

    def version(self, kind: InterventionKind, day: datetime.date, locality: str | None) -> KindVersion | None:
        span = rules.version_in_force(self.spans, kind.pk, day, locality)
        return self.versions[span.id] if span else None

    def latest(self, kind: InterventionKind, day: datetime.date, locality: str | None) -> KindVersion | None:
        """The version in force on `day`, else the last one that came into force before it there, else the first
        to come: what the forms describe before the date issued is known."""
        current = self.version(kind, day, locality)
        if current is not None:
            return current
        # The versions that are (or were, or will be) the one applied there on their first day: not one displaced
        # there by a version of the area's own, nor one saying the power is not available.
        usable = [
            v
            for v in self.versions.values()
            if v.kind_id == kind.pk
            and rules.version_in_force(self.spans, kind.pk, v.in_force_from, locality) == (rules.VersionSpan.of(v))
        ]
        before = [v for v in usable if v.in_force_from <= day]
        if before:
            return before[-1]
        return usable[0] if usable else None

    def available(self, kind: InterventionKind, up_to: datetime.date, locality: str | None) -> bool:
        """Whether the kind has been in force in the area on some day up to `up_to` (the forms offer those; the
        date issued then decides)."""
        return any(
            v.kind_id == kind.pk
            and v.in_force_from <= up_to
            and rules.version_in_force(self.spans, kind.pk, v.in_force_from, locality) == rules.VersionSpan.of(v)
            for v in self.versions.values()
        )

    def not_in_force(self, rule_label: str, kind: InterventionKind, day: datetime.date, locality: str | None) -> str:
        return rules.not_in_force_message(rule_label, self.spans, kind.pk, day, locality)

    def alternatives(
        self, kind: InterventionKind, kinds: list[InterventionKind], day: datetime.date, locality: str | None
    ) -> list[rules.KindRule]:
        """The other active kinds of the same rung in force then and there, as rules."""
        by_id = {k.pk: k for k in kinds}
        rung = rung_of(kind, by_id)
        found = []
        for other in kinds:
            if other.pk == kind.pk or not other.is_active or rung_of(other, by_id) != rung:
                continue
            version = self.version(other, day, locality)
            if version is not None:
                found.append(rule_of(other, version))
        return found


def rule_of(kind: InterventionKind, version: KindVersion) -> rules.KindRule:
    """The catalogue entry as the rules read it under one version, with the kinds it requires before it (from the
    version's prefetched `requires_prior`)."""
    return rules.KindRule.of(kind, version, {p.pk: p.name for p in version.requires_prior.all()})
