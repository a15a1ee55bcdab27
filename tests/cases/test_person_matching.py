"""Possible matches from the name alone, against an expectation written by hand from what an officer would want
offered (the same person typed another way) and not offered (another name), not from the rules' code."""

import datetime

import pytest

from cases.models import Person, PersonRole
from cases.people.services import person_add_alias, person_merge
from cases.selectors import person_matches
from cases.services import case_add_person, person_create
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

# The people on record, on a case the lead officer may see.
KNOWN = [
    ("Wayne", "Ruddock"),
    ("Mohammed", "Khan"),
    ("Stephen", "Thompson"),
    ("Katherine", "O'Brien"),
    ("Daniel", "Walker"),
    ("Aisha", "Begum"),
    ("Jo", "Hall"),
    ("Shane", "Broadley"),
]

# (first name typed, last name typed, the full names expected to be offered)
VARIANTS = [
    # the same spelling, any case, spaces around
    ("Wayne", "Ruddock", {"Wayne Ruddock"}),
    ("wayne", "RUDDOCK", {"Wayne Ruddock"}),
    ("  Wayne ", " Ruddock ", {"Wayne Ruddock"}),
    # a letter dropped, doubled, changed or two swapped in the surname
    ("Wayne", "Rudock", {"Wayne Ruddock"}),
    ("Wayne", "Ruddok", {"Wayne Ruddock"}),
    ("Wayne", "Ruddick", {"Wayne Ruddock"}),
    ("Wayne", "Ruddcok", {"Wayne Ruddock"}),
    ("Wayne", "Ruddocks", {"Wayne Ruddock"}),
    ("Daniel", "Wlaker", {"Daniel Walker"}),
    ("Daniel", "Walkr", {"Daniel Walker"}),
    # sounding the same
    ("Steven", "Thomson", {"Stephen Thompson"}),
    ("Muhammad", "Khan", {"Mohammed Khan"}),
    ("Mohamed", "Kahn", {"Mohammed Khan"}),
    ("Ayesha", "Begum", {"Aisha Begum"}),
    ("Catherine", "OBrien", {"Katherine O'Brien"}),
    ("Kathryn", "O'Brian", {"Katherine O'Brien"}),
    # initials and short forms of the forename
    ("W", "Ruddock", {"Wayne Ruddock"}),
    ("W.", "Ruddock", {"Wayne Ruddock"}),
    ("Dan", "Walker", {"Daniel Walker"}),
    ("Kath", "O'Brien", {"Katherine O'Brien"}),
    ("Wayne James", "Ruddock", {"Wayne Ruddock"}),
    ("Wanye", "Ruddock", {"Wayne Ruddock"}),
    ("Jo", "Hall", {"Jo Hall"}),
    ("J", "Hall", {"Jo Hall"}),
    # another person: a different surname, or the same surname with another forename
    ("Wayne", "Braddock", set()),
    ("Wayne", "Paddock", set()),
    ("Wayne", "Rudd", set()),
    ("Dwayne", "Ruddock", set()),
    ("Shane", "Ruddock", set()),
    ("Paul", "Ruddock", set()),
    ("D", "Ruddock", set()),
    ("Mohammed", "Kaur", set()),
    ("Stephen", "Thomas", set()),
    ("Jo", "Hill", set()),
    ("Jo", "Hull", set()),
    ("Joe", "Ball", set()),
    ("Daniel", "Walters", set()),
    ("Aisha", "Begg", set()),
    ("Shane", "Bradley", {"Shane Broadley"}),  # one letter dropped: it is offered
    ("Wa", "Ruddock", set()),
]


@pytest.fixture
def known(case, lead_officer):
    for first, last in KNOWN:
        person = person_create(officer=lead_officer, first_name=first, last_name=last)
        case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)


@pytest.mark.parametrize(
    ("first", "last", "expected"), VARIANTS, ids=[f"{first} {last}" for first, last, _e in VARIANTS]
)
def test_name_variant_matches_as_expected(known, lead_officer, first, last, expected):
    found = person_matches(lead_officer, first_name=first, last_name=last)

    assert {p.full_name for p in found.people} == expected


def test_people_on_cases_the_user_cannot_see_are_never_offered(known, outsider_officer):
    assert person_matches(outsider_officer, first_name="Wayne", last_name="Ruddock").people == []


def test_people_already_on_this_case_say_so(known, case, lead_officer):
    found = person_matches(lead_officer, first_name="Wayne", last_name="Rudock", case=case)

    assert [(p.full_name, p.roles_here) for p in found.people] == [("Wayne Ruddock", ["Perpetrator"])]


def test_same_birth_date_then_same_postcode_then_this_case_come_first(case, lead_officer):
    other = CaseFactory(lead_officer=lead_officer)
    born = datetime.date(1978, 12, 22)
    plain = person_create(officer=lead_officer, first_name="Wayne", last_name="Ruddock")
    here = person_create(officer=lead_officer, first_name="Wayne", last_name="Ruddock")
    by_postcode = person_create(officer=lead_officer, first_name="W", last_name="Ruddock", postcode="LE3 0NF")
    by_birth = person_create(officer=lead_officer, first_name="Wayne", last_name="Rudock", date_of_birth=born)
    for person in (plain, by_postcode, by_birth):
        case_add_person(case=other, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    case_add_person(case=case, officer=lead_officer, person=here, role=PersonRole.WITNESS)

    found = person_matches(
        lead_officer, first_name="Wayne", last_name="Ruddock", date_of_birth=born, postcode="le30nf", case=case
    )

    assert [p.pk for p in found.people] == [by_birth.pk, by_postcode.pk, here.pk, plain.pk]


def test_at_most_ten_are_listed_and_more_is_said(case, lead_officer):
    for _ in range(11):
        person = person_create(officer=lead_officer, first_name="Wayne", last_name="Ruddock")
        case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)

    found = person_matches(lead_officer, first_name="Wayne", last_name="Ruddock")

    assert (len(found.people), found.more) == (10, True)


# Names people are also known by, and the typed names that should find them by those names (and by their own).
ALIASES = {
    ("Wayne", "Ruddock"): [("Wazza", "Smith")],
    ("Katherine", "O'Brien"): [("Kate", "Jackson")],
    ("Mohammed", "Khan"): [("Mo", "Ali")],
}
ALIAS_VARIANTS = [
    ("Wazza", "Smith", {"Wayne Ruddock"}),
    ("wazza", "SMYTH", {"Wayne Ruddock"}),
    ("W", "Smith", {"Wayne Ruddock"}),
    ("Wazza", "Smiht", {"Wayne Ruddock"}),
    ("Kate", "Jackson", {"Katherine O'Brien"}),
    ("Kate", "Jakson", {"Katherine O'Brien"}),
    ("K", "Jackson", {"Katherine O'Brien"}),
    ("Mo", "Ali", {"Mohammed Khan"}),
    ("M", "Ali", {"Mohammed Khan"}),
    # their own names still find them
    ("Wayne", "Ruddock", {"Wayne Ruddock"}),
    ("Kath", "O'Brien", {"Katherine O'Brien"}),
    # another name
    ("Paul", "Smith", set()),
    ("Kate", "Johnson", set()),
    ("Mo", "Allen", set()),
    ("Wazza", "Ruddick", set()),  # the alias's forename with another surname
]


@pytest.fixture
def known_by_aliases(known, lead_officer):
    for (first, last), aliases in ALIASES.items():
        person = Person.objects.get(first_name=first, last_name=last)
        for alias_first, alias_last in aliases:
            person_add_alias(person=person, officer=lead_officer, first_name=alias_first, last_name=alias_last)


@pytest.mark.parametrize(
    ("first", "last", "expected"), ALIAS_VARIANTS, ids=[f"{first} {last}" for first, last, _e in ALIAS_VARIANTS]
)
def test_aliases_are_matched_as_names(known_by_aliases, lead_officer, first, last, expected):
    found = person_matches(lead_officer, first_name=first, last_name=last)

    assert {p.full_name for p in found.people} == expected


def test_matching_is_one_query(known_by_aliases, lead_officer, django_assert_num_queries):
    with django_assert_num_queries(1):
        person_matches(lead_officer, first_name="Wazza", last_name="Smith")


def test_a_record_merged_into_another_is_not_offered(known, case, lead_officer):
    kept = person_matches(lead_officer, first_name="Wayne", last_name="Ruddock").people[0]
    duplicate = person_create(officer=lead_officer, first_name="Wayne", last_name="Rudock")
    case_add_person(case=case, officer=lead_officer, person=duplicate, role=PersonRole.WITNESS)
    person_merge(duplicate=duplicate, kept=kept, officer=lead_officer)

    assert [p.pk for p in person_matches(lead_officer, first_name="Wayne", last_name="Rudock").people] == [kept.pk]
