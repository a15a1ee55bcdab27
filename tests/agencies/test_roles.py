"""The roles an officer holds, read from their role groups."""

import pytest
from django.contrib.auth.models import AnonymousUser

from agencies.roles import held_roles, role_names
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def test_role_names_are_the_role_groups_not_the_agency_group():
    officer = OfficerFactory(roles=["officer", "manager"])

    assert role_names(officer) == {"officer", "manager"}


def test_no_roles_for_anonymous_or_inactive():
    inactive = OfficerFactory(roles=["manager"], is_active=False)

    assert (role_names(AnonymousUser()), role_names(inactive)) == (frozenset(), frozenset())


def test_held_roles_are_read_once_per_user_object(django_assert_num_queries):
    officer = OfficerFactory(roles=["jag_chair"])

    with django_assert_num_queries(1):
        first, second = held_roles(officer), held_roles(officer)

    assert first == second == {"jag_chair"}
