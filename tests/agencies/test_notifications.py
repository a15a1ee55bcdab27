"""Writing notifications: at most one per officer and event, many in one call."""

import pytest

from agencies.models import Notification
from agencies.notifications import notifications_create
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def note(officer, key: str, text: str = "Case ASB-2026-000001 became long standing.") -> Notification:
    return Notification(recipient=officer, text=text, url="/cases/ASB-2026-000001/", event_key=key)


def stored() -> list[tuple[str, str, str]]:
    return sorted(Notification.objects.values_list("recipient__username", "event_key", "text"))


def test_notifications_create_writes_each_and_returns_them_in_order():
    ann, bob = OfficerFactory(username="ann"), OfficerFactory(username="bob")

    written = notifications_create([note(bob, "event:1"), note(ann, "event:1"), note(ann, "event:2")])

    assert [(n.recipient.username, n.event_key) for n in written] == [
        ("bob", "event:1"),
        ("ann", "event:1"),
        ("ann", "event:2"),
    ]
    assert stored() == [
        ("ann", "event:1", "Case ASB-2026-000001 became long standing."),
        ("ann", "event:2", "Case ASB-2026-000001 became long standing."),
        ("bob", "event:1", "Case ASB-2026-000001 became long standing."),
    ]


def test_notifications_create_skips_events_the_officer_was_already_told_of():
    ann, bob = OfficerFactory(username="ann"), OfficerFactory(username="bob")
    notifications_create([note(ann, "event:1", "First telling.")])

    written = notifications_create([note(ann, "event:1", "Second telling."), note(bob, "event:1", "Second telling.")])

    assert [n.recipient.username for n in written] == ["bob"]
    assert stored() == [("ann", "event:1", "First telling."), ("bob", "event:1", "Second telling.")]


def test_notifications_create_writes_a_repeated_event_once():
    ann = OfficerFactory(username="ann")

    written = notifications_create([note(ann, "event:1", "Once."), note(ann, "event:1", "Twice.")])

    assert [n.text for n in written] == ["Once."]
    assert stored() == [("ann", "event:1", "Once.")]


def test_notifications_create_with_nothing_to_write_makes_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert notifications_create([]) == []


def test_notifications_create_in_two_queries_whatever_the_number(django_assert_num_queries):
    officers = [OfficerFactory() for _ in range(3)]

    with django_assert_num_queries(2):
        notifications_create(note(officer, f"event:{n}") for officer in officers for n in range(50))

    assert Notification.objects.count() == 150
