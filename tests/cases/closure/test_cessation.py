"""A ceased case is a closure too: the cessation letter to a complainant records them as told the case is closing and
why, and their outcome and satisfaction are recorded afterwards."""

import pytest

from cases.closure.selectors import closing_victims
from cases.closure.services import victim_closure_record
from cases.models import CaseStatus, ChronologyEntry, VictimClosure
from cessation import services
from cessation.models import Position
from core import clock
from tests.cessation.helpers import decide, propose, record_positions, sign

pytestmark = pytest.mark.django_db


def test_cessation_letter_tells_the_victim_and_outcome_follows(
    ceasable_case, meeting, chair, lead_officer, lead_agency, partner_agency, complainant
):
    proposal = propose(ceasable_case, lead_officer)
    record_positions(proposal, meeting, chair, {lead_agency: Position.CLOSE, partner_agency: Position.CLOSE})
    decide(proposal, meeting, chair)
    sign(proposal, chair)
    ceasable_case.refresh_from_db()
    assert ceasable_case.status == CaseStatus.CEASED
    letter = services.cessation_letter_generate(proposal=proposal, officer=lead_officer, complainant=complainant)
    record = VictimClosure.objects.get(case=ceasable_case, victim=complainant, superseded_at__isnull=True)
    assert (record.told_how, record.told_on, record.letter_id, record.outcome) == (
        "letter",
        clock.today(),
        letter.document_id,
        "",
    )
    assert ChronologyEntry.objects.filter(case=ceasable_case, text__startswith="Closing the case: Margaret").exists()
    victim_closure_record(
        case=ceasable_case,
        victim=complainant,
        officer=lead_officer,
        expected_version=record.version,
        told_how="letter",
        told_on=record.told_on,
        told_what=record.told_what,
        not_told_reason="",
        not_told_explanation="",
        outcome="no_change",
        satisfaction=2,
    )
    [row] = closing_victims(ceasable_case)
    assert (row.record.outcome, row.record.satisfaction, row.record.version) == ("no_change", 2, 2)
