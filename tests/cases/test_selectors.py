import datetime

import pytest

from cases.models import Case, CaseStatus, EntryKind, PersonRole
from cases.selectors import (
    MyCasesScope,
    case_chronology,
    case_count_aggregates,
    case_list,
    case_search,
    my_cases,
    people_visible_to,
    person_case_roles,
    person_matches,
)
from cases.services import case_add_person, chronology_add, chronology_correct, risk_assess
from core import clock
from tests.factories import CaseFactory, PersonFactory

DOB = datetime.date(1990, 6, 1)


def references(queryset) -> list[str]:
    return sorted(queryset.values_list("reference", flat=True))


@pytest.fixture
def hidden_case(outsider_officer, jag, category):
    """A case led by the outsider agency, which the lead and partner officers may not see."""
    return CaseFactory(lead_officer=outsider_officer, jag=jag, category=category, postcode="LE15 6HP")


@pytest.fixture
def jo_bloggs(case, lead_officer):
    person = PersonFactory(first_name="Jo", last_name="Bloggs", date_of_birth=DOB, postcode="LE3 0BQ")
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    return person


@pytest.fixture
def hidden_person(hidden_case, outsider_officer):
    """Someone who appears only in a case the lead and partner officers cannot see."""
    person = PersonFactory(first_name="Sam", last_name="Hidden", date_of_birth=DOB, postcode="LE15 6HP")
    case_add_person(case=hidden_case, officer=outsider_officer, person=person, role=PersonRole.COMPLAINANT)
    return person


# --- lists ------------------------------------------------------------------------------------------------


def test_case_list_only_visible_cases_newest_first(case, hidden_case, lead_officer, jag, category):
    newer = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)

    assert list(case_list(lead_officer)) == [newer, case]


def test_my_cases_are_the_cases_i_lead(case, lead_officer, partner_officer):
    assert (list(my_cases(lead_officer)), list(my_cases(partner_officer))) == ([case], [])


def test_my_agency_cases_lead_and_partner_see_open_case(case, lead_officer, partner_officer):
    agency = MyCasesScope.AGENCY

    assert (list(my_cases(lead_officer, agency)), list(my_cases(partner_officer, agency))) == ([case], [case])


def test_my_cases_chair_without_agency_link_empty(case, chair):
    # The chair can open the case, but it is not one of "my cases": their agency has no part in it.
    assert [list(my_cases(chair, scope)) for scope in MyCasesScope.values] == [[], [], []]


def test_my_cases_closed_case_left_out(case, lead_officer):
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)

    assert list(my_cases(lead_officer)) == []


def test_my_cases_outsider_empty(case, outsider_officer):
    assert list(my_cases(outsider_officer)) == []


# --- counts -----------------------------------------------------------------------------------------------


def case_counts(queryset, today=None):
    return queryset.aggregate(**case_count_aggregates(today))


def test_case_counts_open_high_risk_and_overdue(case, lead_officer, jag, category):
    high = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
    risk_assess(
        case=high,
        officer=lead_officer,
        happened_before=True,
        reported_elsewhere=False,
        feels_targeted=True,
        household_vulnerable=True,
        children_involved=False,
    )
    closed = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
    Case.objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED, next_review_date=datetime.date(2000, 1, 1))
    Case.objects.filter(pk=case.pk).update(next_review_date=clock.today() - datetime.timedelta(days=1))

    counts = case_counts(case_list(lead_officer))

    assert counts == {"open": 2, "high_risk": 1, "review_overdue": 1}


def test_case_counts_review_due_today_not_overdue(case, lead_officer):
    today = clock.today()
    Case.objects.filter(pk=case.pk).update(next_review_date=today)

    assert case_counts(case_list(lead_officer), today=today)["review_overdue"] == 0


def test_case_counts_outsider_sees_zero(case, outsider_officer, searched):
    assert case_counts(case_list(outsider_officer)) == {"open": 0, "high_risk": 0, "review_overdue": 0}


# --- search -----------------------------------------------------------------------------------------------


@pytest.fixture(params=["row by row", "hashed"])
def searched(request):
    """A search as the case list runs it, with visibility checked both ways: case by case (few candidates) and
    against the hashed set of every visible case (many). Both must give the same answer."""

    def search(user, query):
        found = case_search(query)
        return case_list(user, row_by_row=request.param == "row by row").filter(found.condition)

    return search


def test_case_search_by_reference(case, lead_officer, jag, category, searched):
    CaseFactory(lead_officer=lead_officer, jag=jag, category=category)

    assert references(searched(lead_officer, case.reference)) == [case.reference]


def test_case_search_by_reference_lower_case(case, lead_officer, searched):
    assert references(searched(lead_officer, case.reference.lower())) == [case.reference]


def test_case_search_by_reference_number_only(case, lead_officer, searched):
    assert references(searched(lead_officer, case.reference[-6:])) == [case.reference]


def test_case_search_by_person_name(case, jo_bloggs, lead_officer, jag, category, searched):
    CaseFactory(lead_officer=lead_officer, jag=jag, category=category)

    assert references(searched(lead_officer, "  jo   BLOGGS ")) == [case.reference]


def test_case_search_by_part_of_person_name(case, jo_bloggs, lead_officer, searched):
    assert references(searched(lead_officer, "blogg")) == [case.reference]


@pytest.mark.parametrize("typed", ["LE3 0BQ", "le30bq", "LE3"])
def test_case_search_by_postcode(case, lead_officer, jag, category, typed, searched):
    CaseFactory(lead_officer=lead_officer, jag=jag, category=category, postcode="LE1 6ZG")

    assert references(searched(lead_officer, typed)) == [case.reference]


def test_case_search_never_finds_hidden_case(case, hidden_case, hidden_person, lead_officer, searched):
    found = [references(searched(lead_officer, q)) for q in (hidden_case.reference, "Sam Hidden", "LE15 6HP")]

    assert found == [[], [], []]


def test_case_search_blank_query_returns_all_visible(case, hidden_case, lead_officer, searched):
    assert references(searched(lead_officer, "   ")) == [case.reference]


# --- people -----------------------------------------------------------------------------------------------


def test_people_visible_to_only_people_in_visible_cases(jo_bloggs, hidden_person, lead_officer, outsider_officer):
    PersonFactory(first_name="Not", last_name="OnAnyCase")

    assert list(people_visible_to(lead_officer)) == [jo_bloggs]
    assert list(people_visible_to(outsider_officer)) == [hidden_person]


def test_people_visible_to_partner_sees_people_of_shared_case(jo_bloggs, partner_officer):
    assert list(people_visible_to(partner_officer)) == [jo_bloggs]


def test_person_case_roles_only_visible_cases(jo_bloggs, hidden_case, outsider_officer, lead_officer, case):
    case_add_person(case=hidden_case, officer=outsider_officer, person=jo_bloggs, role=PersonRole.WITNESS)

    roles = [(r.case.reference, r.role) for r in person_case_roles(lead_officer, jo_bloggs)]

    assert roles == [(case.reference, "perpetrator")]


def test_person_matches_same_name_and_date_of_birth(jo_bloggs, lead_officer):
    matches = person_matches(lead_officer, first_name="jo", last_name="BLOGGS", date_of_birth=DOB, postcode="")

    assert matches.people == [jo_bloggs]


def test_person_matches_same_name_and_postcode(jo_bloggs, lead_officer):
    matches = person_matches(lead_officer, first_name="Jo", last_name="Bloggs", date_of_birth=None, postcode="le30bq")

    assert matches.people == [jo_bloggs]


def test_person_matches_name_alone_is_enough(jo_bloggs, lead_officer):
    matches = person_matches(lead_officer, first_name="Jo", last_name="Bloggs", date_of_birth=None, postcode="")

    assert matches.people == [jo_bloggs]


def test_person_matches_other_name_not_matched(jo_bloggs, lead_officer):
    matches = person_matches(lead_officer, first_name="Jo", last_name="Biggs", date_of_birth=DOB, postcode="LE3 0BQ")

    assert matches.people == []


def test_person_matches_different_date_of_birth_and_postcode_still_offered(jo_bloggs, lead_officer):
    """A date of birth or postcode typed wrongly must not hide the person: they only order the list."""
    matches = person_matches(
        lead_officer, first_name="Jo", last_name="Bloggs", date_of_birth=datetime.date(1991, 6, 1), postcode="LE1 6ZG"
    )

    assert matches.people == [jo_bloggs]


def test_person_matches_leaves_out_people_only_in_hidden_cases(hidden_person, lead_officer, outsider_officer):
    by_dob = person_matches(lead_officer, first_name="Sam", last_name="Hidden", date_of_birth=DOB, postcode="")
    by_postcode = person_matches(
        lead_officer, first_name="Sam", last_name="Hidden", date_of_birth=None, postcode="LE15 6HP"
    )
    for_outsider = person_matches(
        outsider_officer, first_name="Sam", last_name="Hidden", date_of_birth=DOB, postcode=""
    )

    assert (by_dob.people, by_postcode.people, for_outsider.people) == ([], [], [hidden_person])


# --- chronology -------------------------------------------------------------------------------------------


def test_case_chronology_newest_first_with_corrections(case, lead_officer):
    now = clock.now()
    earlier = chronology_add(
        case=case, officer=lead_officer, kind=EntryKind.VISIT, occurred_at=now - datetime.timedelta(days=3), text="A"
    )
    later = chronology_add(
        case=case, officer=lead_officer, kind=EntryKind.CALL, occurred_at=now - datetime.timedelta(days=1), text="B"
    )
    correction = chronology_correct(entry=earlier, officer=lead_officer, text="A, corrected")

    entries = list(case_chronology(case))

    assert [e.kind for e in entries[:1]] == ["correction"]
    assert entries.index(later) < entries.index(earlier)
    assert list(entries[entries.index(earlier)].corrections.all()) == [correction]
    assert entries[0].corrects == earlier


def test_case_chronology_only_this_case(case, hidden_case):
    assert {e.case_id for e in case_chronology(case)} == {case.pk}


@pytest.mark.parametrize("typed", ["LE16", "le16 9", "LE16 9AA", "le169aa"])
def test_case_search_by_four_character_outward_code(lead_officer, jag, category, typed, searched):
    market_harborough = CaseFactory(lead_officer=lead_officer, jag=jag, category=category, postcode="LE16 9AA")
    CaseFactory(lead_officer=lead_officer, jag=jag, category=category, postcode="LE1 6ZG")

    assert references(searched(lead_officer, typed)) == [market_harborough.reference]


def test_case_search_outward_code_not_prefix_of_longer_one(lead_officer, jag, category, searched):
    city = CaseFactory(lead_officer=lead_officer, jag=jag, category=category, postcode="LE1 6ZG")
    CaseFactory(lead_officer=lead_officer, jag=jag, category=category, postcode="LE15 6HP")

    assert references(searched(lead_officer, "LE1")) == [city.reference]


def test_case_search_over_candidate_limit_filters_in_the_database(case, hidden_case, lead_officer, monkeypatch):
    monkeypatch.setattr("cases.selectors.SEARCH_CANDIDATE_LIMIT", 0)
    found = case_search("LE3")

    assert (found.few, references(case_list(lead_officer).filter(found.condition))) == (False, [case.reference])


def test_case_search_few_candidates_are_checked_row_by_row(case, jo_bloggs):
    assert case_search("bloggs").few is True
