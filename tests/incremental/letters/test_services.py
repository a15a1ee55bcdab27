"""intervention_letter_generate: the PDF kept on the case as a document, the letter of record, the chronology, and
to whom, where and how it was sent."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError

from agencies.models import AuditAction, AuditEvent
from cases.models import ChronologyEntry, Document, EntryKind
from incremental.letter_details import LetterDetails
from incremental.letters import intervention_letter_generate
from incremental.models import Delivery, Intervention, LetterRecipient

from .conftest import pdf_text

pytestmark = pytest.mark.django_db

POSTED = LetterDetails(
    name="Darren Whitmore",
    title="Mr",
    salutation="Dear Mr Whitmore",
    address_line_1="Flat 3",
    address_line_2="41 Tudor Road",
    town="Leicester",
    postcode="LE3 5JF",
)


def test_generate_keeps_the_letter_on_the_case(make_intervention, case, partner_officer):
    intervention = make_intervention("first_warning", live_until=datetime.date(2025, 6, 14))

    document = intervention_letter_generate(intervention=intervention, officer=partner_officer, details=POSTED)

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
    text = pdf_text(content)
    assert "First warning: anti-social behaviour" in text
    assert "PRIVATE AND CONFIDENTIAL Mr Darren Whitmore Flat 3 41 Tudor Road Leicester LE3 5JF" in text
    assert "Dear Mr Whitmore" in text
    assert Intervention.objects.get(pk=intervention.pk).letter == document
    assert intervention.letter == document
    recipient = LetterRecipient.objects.get(document=document)
    assert (recipient.person, recipient.title, recipient.postcode, recipient.delivery, recipient.filed_by) == (
        intervention.person,
        "Mr",
        "LE3 5JF",
        Delivery.POST,
        partner_officer,
    )


def test_generate_writes_the_chronology_entry_and_audit(make_intervention, case, partner_officer):
    intervention = make_intervention("abc", live_until=datetime.date(2025, 9, 14))

    document = intervention_letter_generate(intervention=intervention, officer=partner_officer, details=POSTED)

    entry = ChronologyEntry.objects.filter(case=case, kind=EntryKind.INTERVENTION).get()
    assert (entry.text, entry.officer, entry.agency) == (
        "Letter filed: Acceptable Behaviour Contract for signature by Darren Whitmore (14 March 2025), sent by post "
        "to Flat 3, 41 Tudor Road, Leicester, LE3 5JF.",
        partner_officer,
        partner_officer.agency,
    )
    audit = AuditEvent.objects.filter(action=AuditAction.CHANGE, object_id=str(intervention.pk)).get()
    assert (audit.officer, audit.case_reference) == (partner_officer, case.reference)
    assert document.title in audit.description


def test_generating_again_keeps_the_earlier_letter(make_intervention, case, lead_officer):
    intervention = make_intervention("final_warning", live_until=datetime.date(2025, 9, 14))

    first = intervention_letter_generate(intervention=intervention, officer=lead_officer, details=POSTED)
    second = intervention_letter_generate(intervention=intervention, officer=lead_officer, details=POSTED)

    assert first.pk != second.pk
    assert list(Document.objects.filter(case=case).order_by("pk")) == [first, second]
    assert Intervention.objects.get(pk=intervention.pk).letter == second
    assert ChronologyEntry.objects.filter(case=case, kind=EntryKind.INTERVENTION).count() == 2


def test_generate_for_a_kind_without_a_letter_writes_nothing(make_intervention, case, lead_officer):
    intervention = make_intervention("words_of_advice")
    entries = ChronologyEntry.objects.count()

    with pytest.raises(ValidationError) as error:
        intervention_letter_generate(intervention=intervention, officer=lead_officer, details=POSTED)

    assert error.value.messages == ["Words of advice (verbal or written) has no letter to generate"]
    assert (Document.objects.filter(case=case).count(), ChronologyEntry.objects.count()) == (0, entries)
    assert not LetterRecipient.objects.exists()
    assert Intervention.objects.get(pk=intervention.pk).letter is None


def test_a_letter_handed_over_says_so_on_the_letter_and_the_record(make_intervention, case, lead_officer):
    intervention = make_intervention("first_warning", live_until=datetime.date(2025, 6, 14))
    by_hand = LetterDetails(name="Darren Whitmore", salutation="Dear Darren Whitmore", delivery=Delivery.HAND)

    document = intervention_letter_generate(intervention=intervention, officer=lead_officer, details=by_hand)

    text = pdf_text(document.file.read())
    assert "PRIVATE AND CONFIDENTIAL BY HAND Darren Whitmore Date" in text
    entry = ChronologyEntry.objects.filter(case=case, kind=EntryKind.INTERVENTION).get()
    assert entry.text.endswith("(14 March 2025), sent by hand.")
    assert document.description.endswith("sent by hand.")
