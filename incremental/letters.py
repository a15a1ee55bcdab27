"""The out-of-court letters (first warning, final warning, ABC for signature) as PDFs on the issuing agency's
letterhead, rendered by WeasyPrint from templates/pdf/letters/ and kept on the case as documents.

Each letter is addressed as the officer confirmed it (incremental.letter_details): the recipient's address or how
else it is delivered, their title and the salutation. The preview is the same HTML the PDF is laid out from.

Documents never change: filing a letter again keeps the earlier PDF and adds a new one, which becomes the
intervention's letter.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.text import slugify

from agencies.models import AuditAction, Officer
from cases.models import Document, EntryKind
from cases.record import audit_case, write_entry
from cases.services import document_store
from core import clock
from core.dates import long_date
from core.pdf import html_to_pdf

from .letter_details import LetterDetails, default_details
from .models import Intervention, LetterTemplate

LETTER_TEMPLATES = {
    LetterTemplate.FIRST_WARNING: "pdf/letters/first_warning.html",
    LetterTemplate.FINAL_WARNING: "pdf/letters/final_warning.html",
    LetterTemplate.ABC_AGREEMENT: "pdf/letters/abc_agreement.html",
}

# "1.", "2)", "a.", "-", "*", "•" at the start of a line: officers number their terms themselves, the letter numbers
# them again.
_LIST_MARKER = re.compile(r"^\s*(?:\(?\d{1,3}[.)]|\(?[a-z][.)]|[-*•–])\s+", re.IGNORECASE)


def letter_title(intervention: Intervention) -> str:
    """What the document is called on the case: 'First warning letter to Darren Smith (14 March 2025)'."""
    what = {
        LetterTemplate.FIRST_WARNING: "First warning letter to",
        LetterTemplate.FINAL_WARNING: "Final warning letter to",
        LetterTemplate.ABC_AGREEMENT: "Acceptable Behaviour Contract for signature by",
    }[LetterTemplate(intervention.kind.letter)]
    return f"{what} {intervention.person.full_name} ({long_date(intervention.issued_on)})"


def letter_filename(intervention: Intervention) -> str:
    letter = intervention.kind.letter.replace("_", "-")
    person = slugify(intervention.person.full_name) or "person"
    return f"{intervention.case.reference}-{letter}-{person}-{intervention.issued_on:%Y-%m-%d}.pdf"


def split_terms(text: str) -> list[str]:
    """The conditions as separate terms, one a line, without the officer's own numbering or bullets."""
    terms = (_LIST_MARKER.sub("", line).strip() for line in text.splitlines())
    return [term for term in terms if term]


def whole_months(start: datetime.date, end: datetime.date | None) -> int | None:
    """The period in months when it is a whole number of them (6 for 1 March to 1 September), else None."""
    if end is None or end <= start:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month
    return months if end.day == start.day else None


def letter_context(intervention: Intervention, details: LetterDetails) -> dict:
    person = intervention.person
    case = intervention.case
    agency = intervention.issuing_agency
    officer = intervention.issuing_officer
    age = person.age_on(intervention.issued_on)
    # Those who sign the ABC for the agencies: the issuing officer, and the case's lead officer when another.
    signatories = [{"officer": officer, "agency": agency}]
    if case.lead_officer_id != officer.pk:
        signatories.append({"officer": case.lead_officer, "agency": case.lead_officer.agency or case.lead_agency})
    return letterhead_context(
        case=case, agency=agency, officer=officer, person=person, letter_date=intervention.issued_on, details=details
    ) | {
        "intervention": intervention,
        "signatories": signatories,
        "signatory_agencies": list(dict.fromkeys(str(s["agency"]) for s in signatories)),
        "terms": split_terms(intervention.conditions),
        "months": whole_months(intervention.issued_on, intervention.live_until),
        "age": age,
        "under_18": age is not None and age < 18,
    }


def letterhead_context(*, case, agency, officer, person, letter_date: datetime.date, details: LetterDetails) -> dict:
    """What every letter on an agency's letterhead (templates/pdf/letters/base.html) needs: the agency, the
    officer to contact, the recipient's address block and salutation and the neighbourhood the letter is about."""
    return {
        "case": case,
        "agency": agency,
        "officer": officer,
        "person": person,
        "letter_date": letter_date,
        "agency_address_lines": [line.strip() for line in agency.address.splitlines() if line.strip()],
        "details": details,
        "recipient_lines": details.recipient_lines(),
        "delivery_marking": details.delivery_marking,
        "salutation": details.salutation,
        "contact_telephone": officer.telephone or agency.telephone,
        "contact_email": officer.email or agency.email,
        "category": case.category.name,
        # Where, as a neighbourhood only: the case's address is often the complainant's home, and the case summary
        # names who reported what. A letter carries neither.
        "area": case.ward or case.postcode.split(" ")[0],
        "produced_at": clock.localtime(),
    }


def letter_html(intervention: Intervention, details: LetterDetails | None = None) -> str:
    """The intervention's letter as the HTML it is laid out from, addressed as `details` say (else as the person's
    record says). ValidationError when its kind of intervention has no letter."""
    letter = intervention.kind.letter
    if not letter:
        raise ValidationError(f"{intervention.kind_name} has no letter to generate")
    details = details or default_details(intervention.person, intervention.case)
    return render_to_string(LETTER_TEMPLATES[LetterTemplate(letter)], letter_context(intervention, details))


def render_letter_pdf(intervention: Intervention, details: LetterDetails | None = None) -> bytes:
    return html_to_pdf(letter_html(intervention, details))


def intervention_for_letter(intervention: Intervention, *, lock: bool = False) -> Intervention:
    """The intervention with all its letter shows, locked for the filing."""
    rows = Intervention.objects.select_related(
        "kind",
        "person",
        "case__category",
        "case__lead_officer__agency",
        "case__lead_agency",
        "issuing_agency",
        "issuing_officer",
    )
    if lock:
        rows = rows.select_for_update(of=("self",))
    return rows.get(pk=intervention.pk)


@transaction.atomic
def intervention_letter_generate(*, intervention: Intervention, officer: Officer, details: LetterDetails) -> Document:
    """Render the intervention's letter as the officer confirmed it, keep it on the case as a new document and make
    it the letter of record; the recipient, address and delivery are kept with it."""
    locked = intervention_for_letter(intervention, lock=True)
    if not locked.kind.letter:
        raise ValidationError(f"{locked.kind_name} has no letter to generate")
    title = letter_title(locked)
    how = details.delivery_text
    document = document_store(
        case=locked.case,
        officer=officer,
        content=render_letter_pdf(locked, details),
        filename=letter_filename(locked),
        content_type="application/pdf",
        title=title,
        description=f"{locked.kind_name} issued by {locked.issuing_officer.display_name}, {locked.issuing_agency}; "
        f"sent {how}.",
    )
    details.record(document=document, person=locked.person, officer=officer)
    Intervention.objects.filter(pk=locked.pk).update(letter=document)
    intervention.letter = document
    write_entry(
        case=locked.case, officer=officer, text=f"Letter filed: {title}, sent {how}.", kind=EntryKind.INTERVENTION
    )
    audit_case(officer, AuditAction.CHANGE, f"Filed the letter for {locked}: {title}, sent {how}", locked.case, locked)
    return document
