"""intervention_letter_generate: the PDF kept on the case as a document, the letter of record, the chronology."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError

from agencies.models import AuditAction, AuditEvent
from cases.models import ChronologyEntry, Document, EntryKind
from incremental.letters import intervention_letter_generate
from incremental.models import Intervention

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def test_generate_keeps_the_letter_on_the_case(make_intervention, case, partner_officer):
    intervention = make_intervention("first_warning", live_until=datetime.date(2025, 6, 14))

    document = intervention_letter_generate(intervention=intervention, officer=partner_officer)

    document.refresh_from_db()
    content = document.file.read()
    assert (document.case, document.title, document.original_name, document.content_type, document.uploaded_by) == (
        case,
        "First warning letter to Darren Whitmore (14 March 2025)",
        f"{case.reference}-first-warning-darren-whitmore-2025-03-14.pdf",
        "application/pdf",
        partner_officer,
    )
    assert (document.size, document.sha256) == (len(content), hashlib.sha256(content).hexdigest())
    assert content.startswith(b"%PDF-")
    assert "First warning: anti-social behaviour" in pdf_text(content)
    assert Intervention.objects.get(pk=intervention.pk).letter == document
    assert intervention.letter == document


def test_generate_writes_the_chronology_entry_and_audit(make_intervention, case, partner_officer):
    intervention = make_intervention("abc", live_until=datetime.date(2025, 9, 14))

    document = intervention_letter_generate(intervention=intervention, officer=partner_officer)

    entry = ChronologyEntry.objects.filter(case=case, kind=EntryKind.INTERVENTION).get()
    assert (entry.text, entry.officer, entry.agency) == (
        "Letter generated: Acceptable Behaviour Contract for signature by Darren Whitmore (14 March 2025).",
        partner_officer,
        partner_officer.agency,
    )
    audit = AuditEvent.objects.filter(action=AuditAction.CHANGE, object_id=str(intervention.pk)).get()
    assert (audit.officer, audit.case_reference) == (partner_officer, case.reference)
    assert document.title in audit.description


def test_generating_again_keeps_the_earlier_letter(make_intervention, case, lead_officer):
    intervention = make_intervention("final_warning", live_until=datetime.date(2025, 9, 14))

    first = intervention_letter_generate(intervention=intervention, officer=lead_officer)
    second = intervention_letter_generate(intervention=intervention, officer=lead_officer)

    assert first.pk != second.pk
    assert list(Document.objects.filter(case=case).order_by("pk")) == [first, second]
    assert Intervention.objects.get(pk=intervention.pk).letter == second
    assert ChronologyEntry.objects.filter(case=case, kind=EntryKind.INTERVENTION).count() == 2


def test_generate_for_a_kind_without_a_letter_writes_nothing(make_intervention, case, lead_officer):
    intervention = make_intervention("words_of_advice")
    entries = ChronologyEntry.objects.count()

    with pytest.raises(ValidationError) as error:
        intervention_letter_generate(intervention=intervention, officer=lead_officer)

    assert error.value.messages == ["Words of advice (verbal or written) has no letter to generate"]
    assert (Document.objects.filter(case=case).count(), ChronologyEntry.objects.count()) == (0, entries)
    assert Intervention.objects.get(pk=intervention.pk).letter is None
