"""The client's address the audit trail and the lockout believe: X-Forwarded-For only as far as trusted proxies
wrote it (core.network), and the header as received kept beside it."""

import ipaddress
import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from agencies.models import AuditAction, AuditEvent
from core import network
from tests.factories import PASSWORD

PROXY = "172.30.80.10"
TRUSTED = network.parse_networks([PROXY, "10.20.0.0/16", "2001:db8:aa::/48"])


def resolve(peer, forwarded=None):
    meta = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return network.client_address(meta, TRUSTED)


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        # No proxy: the peer is the client, whatever it claims.
        ("203.0.113.7", None, "203.0.113.7"),
        ("203.0.113.7", "1.2.3.4", "203.0.113.7"),
        ("203.0.113.7", "1.2.3.4, 172.30.80.10", "203.0.113.7"),
        # Through the proxy: the address it appended (the rightmost), not what the client wrote before it.
        (PROXY, "198.51.100.4", "198.51.100.4"),
        (PROXY, "6.6.6.6, 198.51.100.4", "198.51.100.4"),
        (PROXY, "127.0.0.1, 10.0.0.1, 198.51.100.4", "198.51.100.4"),
        # A chain of trusted proxies is walked through to the first address that is not one.
        (PROXY, "6.6.6.6, 198.51.100.4, 10.20.3.4", "198.51.100.4"),
        (PROXY, "198.51.100.4,10.20.3.4,10.20.9.9", "198.51.100.4"),
        # Every hop trusted (a health check from inside): the leftmost.
        (PROXY, "10.20.1.1, 10.20.2.2", "10.20.1.1"),
        # The proxy reached directly, with no header: the proxy itself.
        (PROXY, None, PROXY),
        (PROXY, "", PROXY),
        # Ports and brackets as some proxies write them.
        (PROXY, "198.51.100.4:51234", "198.51.100.4"),
        (PROXY, "[2001:db8::7]:443", "2001:db8::7"),
    ],
)
def test_client_address_from_the_chain(peer, forwarded, client):
    assert resolve(peer, forwarded) == client


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("2001:db8:bb::5", "1.2.3.4", "2001:db8:bb::5"),
        ("2001:db8:aa::1", "2001:db8:cc::9", "2001:db8:cc::9"),
        ("2001:db8:aa::1", "2001:DB8:CC:0:0:0:0:9, 2001:db8:aa::2", "2001:db8:cc::9"),
        # IPv4 seen through an IPv6 socket is the IPv4 address, trusted or not by the same networks.
        ("::ffff:172.30.80.10", "198.51.100.4", "198.51.100.4"),
        ("::ffff:203.0.113.7", "198.51.100.4", "203.0.113.7"),
        # A link-local address with its zone.
        ("fe80::1%eth0", None, "fe80::1"),
    ],
)
def test_ipv6(peer, forwarded, client):
    assert resolve(peer, forwarded) == client


@pytest.mark.parametrize(
    ("forwarded", "client"),
    [
        # Garbage where the proxy's own entry should be cannot be believed: the proxy is the last address known.
        ("not-an-address", PROXY),
        ("198.51.100.4, 999.1.1.1", PROXY),
        ("198.51.100.4, ", PROXY),
        (",,,", PROXY),
        ("\x00", PROXY),
        ("1.2.3.4\x00, 198.51.100.4", "198.51.100.4"),
        # Garbage further left stops the walk at the client already found.
        ("<script>, 198.51.100.4", "198.51.100.4"),
        ("' OR 1=1 --, 10.20.0.5", "10.20.0.5"),
        ("unknown, 10.20.0.5, 10.20.0.6", "10.20.0.5"),
        ("x" * 10_000 + ", 198.51.100.4", "198.51.100.4"),
    ],
)
def test_garbage_in_the_chain(forwarded, client):
    assert resolve(PROXY, forwarded) == client


@pytest.mark.parametrize("peer", [None, "", "garbage", "1.2.3", "::ffff:zz"])
def test_no_usable_peer_address_is_none(peer):
    assert resolve(peer, "198.51.100.4") is None


@given(st.text(max_size=200))
def test_any_header_gives_an_address_or_the_proxy(forwarded):
    got = resolve(PROXY, forwarded)

    assert network.parse_address(got) is not None
    # From an untrusted peer the header never matters.
    assert resolve("203.0.113.7", forwarded) == "203.0.113.7"


def test_untrusted_peer_cannot_pose_as_the_proxy_in_the_header():
    assert resolve("203.0.113.7", f"198.51.100.4, {PROXY}") == "203.0.113.7"


def test_bad_trusted_proxies_entry_trusts_nobody(settings):
    settings.TRUSTED_PROXIES = ["not-a-network"]

    assert network.client_address({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "1.2.3.4"}) == PROXY


def test_bad_trusted_proxies_entry_fails_the_system_check(settings):
    from core.checks import trusted_proxies_check

    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "proxy.example"]

    assert [error.id for error in trusted_proxies_check(None)] == ["core.E001"]


def test_trusted_proxies_default_is_the_compose_proxy(settings):
    """settings' default, docker-compose.yml's setting and its network agree: the proxy's fixed address is in the
    network, outside the range that containers without a fixed address are given."""
    compose = (Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text()
    configured = re.search(r"TRUSTED_PROXIES: \$\{TRUSTED_PROXIES:-([^}]+)\}", compose)
    subnet = re.search(r"subnet: (\S+)", compose)
    dynamic = re.search(r"ip_range: (\S+)", compose)
    assert configured and subnet and dynamic
    proxy = ipaddress.ip_address(PROXY)

    assert settings.TRUSTED_PROXIES == [PROXY] == configured.group(1).split(",")
    assert proxy in ipaddress.ip_network(subnet.group(1))
    assert proxy not in ipaddress.ip_network(dynamic.group(1))


# --- The audit trail and the lockout, through real requests ------------------------------------------------


def sign_in(client: Client, username: str, password: str, **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def signed_in_event():
    return AuditEvent.objects.filter(action=AuditAction.SIGN_IN).values_list("ip_address", "forwarded_for").get()


def test_spoofed_header_from_a_client_is_recorded_but_not_believed(client, lead_officer):
    sign_in(client, lead_officer.username, PASSWORD, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="1.1.1.1")

    assert signed_in_event() == ("203.0.113.7", "1.1.1.1")


def test_address_through_the_trusted_proxy(client, lead_officer):
    chain = "1.1.1.1, 198.51.100.4"

    sign_in(client, lead_officer.username, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)

    assert signed_in_event() == ("198.51.100.4", chain)


def test_ipv6_client_through_the_trusted_proxy(client, lead_officer, settings):
    settings.TRUSTED_PROXIES = ["2001:db8:aa::/48"]

    sign_in(client, lead_officer.username, PASSWORD, REMOTE_ADDR="2001:db8:aa::1", HTTP_X_FORWARDED_FOR="2001:db8::7")

    assert signed_in_event() == ("2001:db8::7", "2001:db8::7")


def test_garbage_header_is_kept_as_received(client, lead_officer):
    garbage = "'; DROP TABLE agencies_auditevent; --\x00, ünïcode, " + "9" * 600

    sign_in(client, lead_officer.username, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=garbage)

    address, forwarded = signed_in_event()
    assert address == PROXY
    assert forwarded == garbage.replace("\x00", "")[:500]


def test_page_views_record_the_believed_address(lead_officer_client, case):
    lead_officer_client.get(
        reverse("cases:detail", kwargs={"reference": case.reference}),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4",
    )

    event = AuditEvent.objects.get(action=AuditAction.VIEW, case_reference=case.reference)
    assert (event.ip_address, event.forwarded_for) == ("198.51.100.4", "6.6.6.6, 198.51.100.4")


@pytest.mark.axes
def test_lockout_counts_the_believed_address(client, lead_officer, settings):
    settings.AXES_FAILURE_LIMIT = 2
    # Two failures from one client behind the proxy, each claiming a different address in front of it.
    for spoofed in ("1.1.1.1", "2.2.2.2"):
        sign_in(
            client,
            lead_officer.username,
            "wrong-password-123",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"{spoofed}, 198.51.100.4",
        )

    locked = sign_in(
        client, lead_officer.username, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="3.3.3.3, 198.51.100.4"
    )
    elsewhere = sign_in(
        Client(), lead_officer.username, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.99"
    )

    assert locked.status_code == 429
    assert elsewhere.status_code == 302
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.4"]


@pytest.mark.parametrize(
    ("peer", "secure"),
    [(PROXY, True), ("203.0.113.7", False)],
)
@pytest.mark.django_db
def test_https_is_believed_only_from_the_proxy(client, settings, peer, secure):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True

    response = client.get(reverse("login"), REMOTE_ADDR=peer, HTTP_X_FORWARDED_PROTO="https")

    # Believed: served. Not believed: sent to HTTPS.
    assert response.status_code == (200 if secure else 301)
