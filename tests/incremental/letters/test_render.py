"""The letters' text read back from the PDF: letterhead, recipient, dates, what it is about, terms, consequences."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from incremental.letters import render_letter_pdf, split_terms, whole_months

from .conftest import pdf_pages, pdf_text

pytestmark = pytest.mark.django_db

FIRST_WARNING_TERMS = "1. Do not play amplified music after 11pm.\n2. Do not shout in the street outside number 45."
ABC_TERMS = (
    "1. I will not play loud music or make excessive noise at my home between 11pm and 7am.\n"
    "2. I will not use abusive or threatening language towards my neighbours.\n"
    "3. I will not enter the grounds of Tudor Road flats other than my own block."
)


def letterhead_lines(agency) -> list[str]:
    return [agency.name, "City Hall, 115 Charles Street", "LE1 1FZ", "0116 454 1000", "community.safety@example.gov.uk"]


def test_first_warning_has_letterhead_recipient_reference_and_officer(
    make_intervention, letterhead, case, lead_officer
):
    intervention = make_intervention(
        "first_warning", live_until=datetime.date(2025, 6, 14), conditions=FIRST_WARNING_TERMS
    )

    content = render_letter_pdf(intervention)

    text = pdf_text(content)
    for expected in [
        *letterhead_lines(letterhead),
        "PRIVATE AND CONFIDENTIAL",
        "Darren Whitmore Flat 3 41 Tudor Road Leicester LE3 5JF",
        "Date 14 March 2025",
        f"Our reference {case.reference}",
        "Please ask for Lena Lead",
        "0116 454 2345",
        "Dear Darren Whitmore",
        "First warning: anti-social behaviour",
        "Yours sincerely Lena Lead Anti-social Behaviour Officer Leicester City Council",
    ]:
        assert expected in text, f"{expected!r} not in the letter"
    assert pdf_pages(content) == 2


def test_first_warning_says_what_it_is_about_its_dates_and_the_next_steps(make_intervention, case):
    intervention = make_intervention(
        "first_warning", live_until=datetime.date(2025, 6, 14), conditions=FIRST_WARNING_TERMS
    )

    text = pdf_text(render_letter_pdf(intervention))

    for expected in [
        f"anti-social behaviour in the {case.ward} area",
        "The reports concern noise nuisance",
        "Do not play amplified music after 11pm.",
        "Do not shout in the street outside number 45.",
        "This is a first warning. It was issued on 14 March 2025 and remains live until 14 June 2025 (3 months).",
        "a final warning, a Community Protection Warning, or being asked to sign an Acceptable Behaviour Contract",
        "civil injunction under the Anti-social Behaviour, Crime and Policing Act 2014",
    ]:
        assert expected in text, f"{expected!r} not in the letter"
    # Nothing that could point at who complained: the case's address (often their home) and its summary.
    assert (case.address in text, case.summary[:40] in text) == (False, False)
    # The officer's own numbering is replaced by the letter's bullets, not doubled.
    assert "1. Do not play" not in text
    assert "under 18" not in text


def test_warning_without_terms_asks_for_the_behaviour_to_stop(make_intervention):
    text = pdf_text(render_letter_pdf(make_intervention("first_warning", live_until=None, conditions="")))

    assert "You must stop the behaviour described above straight away." in text
    assert "It was issued on 14 March 2025 and will be taken into account if we receive further reports." in text


def test_final_warning_names_formal_action_and_the_home_visit(make_intervention, letterhead):
    intervention = make_intervention(
        "final_warning", live_until=datetime.date(2025, 9, 14), conditions="Keep noise down after 11pm."
    )

    text = pdf_text(render_letter_pdf(intervention))

    for expected in [
        *letterhead_lines(letterhead),
        "Final warning: anti-social behaviour",
        "Keep noise down after 11pm.",
        "This is a final warning. It was issued on 14 March 2025 and remains live until 14 September 2025 (6 months).",
        "formal action without any further warning",
        "being asked to sign an Acceptable Behaviour Contract",
        "Community Protection Notice is a criminal offence",
        "an application to court for a civil injunction",
        "action against your tenancy",
        "Home visit",
        "may be used as evidence in court",
    ]:
        assert expected in text, f"{expected!r} not in the letter"


def test_warning_to_under_18_is_copied_to_the_parent(make_intervention, young_perpetrator):
    intervention = make_intervention("first_warning", person=young_perpetrator, live_until=datetime.date(2025, 6, 14))

    text = pdf_text(render_letter_pdf(intervention))

    assert "Dear Kyle Brennan" in text
    assert "Because you are under 18, we are also sending a copy of this letter to your parent or guardian." in text


def test_abc_numbers_the_terms_and_gives_the_period(make_intervention, case, letterhead):
    intervention = make_intervention("abc", live_until=datetime.date(2025, 9, 14), conditions=ABC_TERMS)

    text = pdf_text(render_letter_pdf(intervention))

    for expected in [
        *letterhead_lines(letterhead),
        "Acceptable Behaviour Contract",
        "An agreement between Darren Whitmore and Leicester City Council",
        "Date of birth 2 June 1990",
        "Contract starts 14 March 2025",
        "Contract ends 14 September 2025 (6 months)",
        f"Case reference {case.reference}",
        "I, Darren Whitmore, agree to keep to these conditions from 14 March 2025 until 14 September 2025:",
        "1. I will not play loud music or make excessive noise at my home between 11pm and 7am.",
        "2. I will not use abusive or threatening language towards my neighbours.",
        "3. I will not enter the grounds of Tudor Road flats other than my own block.",
        "(noise nuisance)",
        "civil injunction under section 1 of the Anti-social Behaviour, Crime and Policing Act 2014",
        "If you choose not to sign it, your refusal will be recorded and may also be used as evidence in court.",
    ]:
        assert expected in text, f"{expected!r} not in the contract"


def test_abc_has_signature_blocks_for_the_person_and_each_agency_officer(
    make_intervention, case, partner_officer, partner_agency
):
    partner_officer.job_title = "Police Constable"
    partner_officer.save()
    # Issued by the police partner: the case's lead officer signs for the lead agency too.
    intervention = make_intervention(
        "abc",
        live_until=datetime.date(2025, 9, 14),
        conditions=ABC_TERMS,
        issuing_officer=partner_officer,
        issuing_agency=partner_agency,
    )

    text = pdf_text(render_letter_pdf(intervention))

    for expected in [
        "Signatures Darren Whitmore I have read this contract, or had it read to me.",
        "agree to keep to its conditions. Signature Date",
        "For Leicestershire Police Signature Name Priya Partner Job title Police Constable Date",
        "For Leicester City Council Signature Name Lena Lead Job title Anti-social Behaviour Officer Date",
        "An agreement between Darren Whitmore and Leicestershire Police and Leicester City Council",
    ]:
        assert expected in text, f"{expected!r} not in the contract"
    assert "Parent or guardian" not in text
    assert "Refused to sign" not in text


def test_abc_for_under_18_has_a_parent_or_guardian_block(make_intervention, young_perpetrator):
    intervention = make_intervention(
        "abc", person=young_perpetrator, live_until=datetime.date(2025, 9, 14), conditions=ABC_TERMS
    )

    text = pdf_text(render_letter_pdf(intervention))

    for expected in [
        "Date of birth 30 September 2009 (aged 15)",
        "Parent or guardian Kyle is under 18. I have read this contract, I understand it and I will support Kyle",
        "Signature Name Relationship to Kyle Date",
    ]:
        assert expected in text, f"{expected!r} not in the contract"


def test_abc_for_someone_turning_18_later_has_no_parent_block(make_intervention, perpetrator):
    perpetrator.date_of_birth = datetime.date(2007, 3, 14)  # 18 on the day the contract is issued
    perpetrator.save()

    text = pdf_text(render_letter_pdf(make_intervention("abc", live_until=datetime.date(2025, 9, 14))))

    assert "Parent or guardian" not in text


def test_abc_refused_to_sign_says_so_where_the_signature_would_be(make_intervention):
    intervention = make_intervention(
        "abc", live_until=datetime.date(2025, 9, 14), conditions=ABC_TERMS, refused_to_sign=True
    )

    text = pdf_text(render_letter_pdf(intervention))

    assert (
        "Refused to sign On 14 March 2025 Darren Whitmore was offered this Acceptable Behaviour Contract and "
        "refused to sign it." in text
    )
    assert "may be used as evidence in any application to court" in text
    assert "Signature Refused to sign on 14 March 2025" in text


def test_a_kind_without_a_letter_cannot_be_rendered(make_intervention):
    intervention = make_intervention("words_of_advice")

    with pytest.raises(ValidationError) as error:
        render_letter_pdf(intervention)

    assert error.value.messages == ["Words of advice (verbal or written) has no letter to generate"]


def test_split_terms_drops_blank_lines_and_the_officers_numbering():
    text = "1. First term\n\n2) Second term\n- Third term\n•  Fourth term\n(a) Fifth\nSixth, unnumbered\n  \n"

    assert split_terms(text) == ["First term", "Second term", "Third term", "Fourth term", "Fifth", "Sixth, unnumbered"]


def test_split_terms_keeps_numbers_that_are_part_of_the_term():
    assert split_terms("11pm is the latest\n3 visitors at most") == ["11pm is the latest", "3 visitors at most"]


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (datetime.date(2025, 3, 14), datetime.date(2025, 6, 14), 3),
        (datetime.date(2025, 3, 14), datetime.date(2025, 9, 14), 6),
        (datetime.date(2025, 11, 1), datetime.date(2026, 5, 1), 6),
        (datetime.date(2025, 3, 14), datetime.date(2025, 6, 13), None),
        (datetime.date(2025, 3, 14), None, None),
        (datetime.date(2025, 3, 14), datetime.date(2025, 3, 14), None),
    ],
)
def test_whole_months(start, end, months):
    assert whole_months(start, end) == months


def test_the_address_block_and_salutation_read_back_with_pdftotext(make_intervention, perpetrator, tmp_path):
    """What a window envelope shows and how the letter begins, read by poppler as a reader would, in a tagged PDF."""
    import shutil
    import subprocess

    from incremental.letter_details import LetterDetails

    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils is not installed")
    perpetrator.first_name, perpetrator.last_name = "Wayne", "Ruddock"
    intervention = make_intervention("final_warning", person=perpetrator, live_until=datetime.date(2025, 9, 14))
    details = LetterDetails(
        name="Wayne Ruddock",
        title="Mr",
        salutation="Dear Mr Ruddock",
        address_line_1="12 Fosse Road North",
        address_line_2="Newfoundpool",
        town="Leicester",
        postcode="LE3 5EA",
    )
    path = tmp_path / "letter.pdf"
    path.write_bytes(render_letter_pdf(intervention, details))

    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    block = [line.split("   ")[0] for line in lines[lines.index(next(x for x in lines if "PRIVATE AND" in x)) :][:6]]
    assert block == [
        "PRIVATE AND CONFIDENTIAL",
        "Mr Wayne Ruddock",
        "12 Fosse Road North",
        "Newfoundpool",
        "Leicester",
        "LE3 5EA",
    ]
    assert "Dear Mr Ruddock" in lines
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
