"""A ceased case with two complainants: the lead officer chooses whom the cessation letter is to, one with no address
of their own (the case's is offered), previews and files it, then writes to the other; both letters are filed, each
to its own complainant.

Chromium against the live server; every page passes the axe-core check and is measured for sideways scrolling at
320 and 1280 px (check_page)."""

import pytest
from playwright.sync_api import expect

from cases.models import PersonRole
from cases.services import case_add_person
from cessation.models import ComplainantLetter, Position
from tests.cessation import helpers
from tests.factories import PersonFactory

pytestmark = pytest.mark.browser


def test_the_officer_chooses_which_complainant_a_cessation_letter_is_to(
    transactional_db, sign_in, check_page, case, jag, chair, lead_officer, lead_agency, partner_agency
):
    jag.member_agencies.add(lead_agency, partner_agency)
    margaret = PersonFactory(
        first_name="Margaret", last_name="Ellison", address="14 Narborough Road, Leicester", postcode="LE3 0BQ"
    )
    ade = PersonFactory(first_name="Ade", last_name="Okonjo", address="", postcode="", created_by=lead_officer)
    for person in (margaret, ade):
        case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.COMPLAINANT)
    helpers.make_ceasable(case, lead_officer)
    meeting = helpers.meeting_today(jag, chair, [lead_agency, partner_agency])
    proposal = helpers.propose(case, lead_officer)
    helpers.record_positions(proposal, meeting, chair, {lead_agency: Position.CLOSE, partner_agency: Position.CLOSE})
    helpers.decide(proposal, meeting, chair)
    helpers.sign(proposal, chair)

    page = sign_in(lead_officer)
    proposal_page = f"/cases/{case.reference}/cessation/{proposal.number}/"
    page.goto(proposal_page)
    page.get_by_role("button", name="Write to the complainant").first.click()
    # Two complainants: the letter's recipient is chosen first, and nothing is asked of the address yet.
    expect(page.get_by_label("Margaret Ellison")).to_be_visible()
    expect(page.get_by_label("Address line 1")).to_have_count(0)
    check_page(page, "choose the complainant")
    page.get_by_label("Ade Okonjo").check()
    page.get_by_role("button", name="Continue").click()

    # Ade has no address of his own: the case's is offered, to keep or change.
    expect(page.get_by_role("heading", name="Who the letter is to")).to_be_visible()
    expect(page.get_by_label("Address line 1")).to_have_value(case.address.split(",")[0])
    page.get_by_label("Mr", exact=True).check()
    check_page(page, "letter to Ade: his details")
    page.get_by_role("button", name="Preview the letter").click()
    expect(page.locator(".app-letter-preview__page")).to_contain_text("Dear Mr Okonjo")
    check_page(page, "letter to Ade previewed")
    page.get_by_role("button", name="File the letter").click()
    page.wait_for_load_state()

    # Then to Margaret, from her own address.
    page.goto(proposal_page)
    page.get_by_role("button", name="Write to the complainant").first.click()
    page.get_by_label("Margaret Ellison").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Address line 1")).to_have_value("14 Narborough Road")
    page.get_by_label("Mrs", exact=True).check()
    page.get_by_role("button", name="Preview the letter").click()
    expect(page.locator(".app-letter-preview__page")).to_contain_text("Dear Mrs Ellison")
    page.get_by_role("button", name="File the letter").click()
    page.wait_for_load_state()
    page.goto(proposal_page)
    for name in ("Ade Okonjo", "Margaret Ellison"):
        expect(page.get_by_role("link", name=f"Cessation letter to {name}").first).to_be_visible()
    check_page(page, "both letters filed")

    letters = ComplainantLetter.objects.filter(proposal=proposal).select_related("complainant")
    assert sorted(letter.complainant.last_name for letter in letters) == ["Ellison", "Okonjo"]
