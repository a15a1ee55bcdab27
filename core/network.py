"""Where a request comes from.

Behind the reverse proxy every request reaches the service from the proxy's address, and the client's own address
arrives in X-Forwarded-For. Anyone can send that header, so it is believed only as far as it was written by proxies
the service trusts (settings.TRUSTED_PROXIES, addresses or networks): each proxy appends the address it was
reached from, so the chain is read from the right, through the trusted proxies, and the first address that is not
one of them is the client. A request whose direct peer is not a trusted proxy has its headers ignored: the peer is
the client. The same rule decides whether X-Forwarded-Proto may say the request came over HTTPS
(ForwardedHeadersMiddleware).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"
# Headers that only a trusted proxy may set, dropped from anyone else's requests before Django reads them
# (X-Forwarded-For is kept, as received, for the audit trail; client_address ignores it from anyone else).
PROXY_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT", "HTTP_X_FORWARDED_SSL")
# What the audit trail keeps of the header as received: enough for any real chain, bounded against abuse.
FORWARDED_FOR_MAX_LENGTH = 500


def parse_address(value: str | None) -> Address | None:
    """The IP address in `value` (a bare address, "[v6]:port" or "v4:port"; an IPv6 zone is dropped, an IPv4-mapped
    IPv6 address read as the IPv4 one), or None if it is not one."""
    if not value:
        return None
    text = value.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    text = text.partition("%")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """The trusted proxies as networks (a bare address is a network of one). Raises ValueError on anything else."""
    networks = []
    for value in values:
        text = value.strip()
        if text:
            networks.append(ipaddress.ip_network(text, strict=False))
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    # An entry that is not an address trusts nobody (the system check core.E001 reports it).
    networks: list[Network] = []
    for value in values:
        try:
            networks.extend(parse_networks([value]))
        except ValueError:
            continue
    return tuple(networks)


def trusted_proxies() -> tuple[Network, ...]:
    return _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ())))


def is_trusted_proxy(address: Address | None, networks: tuple[Network, ...] | None = None) -> bool:
    if address is None:
        return False
    return any(address in network for network in (trusted_proxies() if networks is None else networks))


def client_address(meta: Mapping[str, Any], networks: tuple[Network, ...] | None = None) -> str | None:
    """The client's address for a request with these WSGI variables.

    Walks X-Forwarded-For from the right while each hop is a trusted proxy; the first hop that is not is the client.
    An entry that is not an address stops the walk at the last address that was (what lies left of it was written by
    someone the proxies did not vouch for). If every hop is trusted, the leftmost is the client.
    """
    networks = trusted_proxies() if networks is None else networks
    peer = parse_address(meta.get("REMOTE_ADDR"))
    if peer is None:
        return None
    if not is_trusted_proxy(peer, networks):
        return str(peer)
    client = peer
    for hop in reversed(str(meta.get(FORWARDED_FOR, "")).split(",") if meta.get(FORWARDED_FOR) else []):
        address = parse_address(hop)
        if address is None:
            break
        client = address
        if not is_trusted_proxy(address, networks):
            break
    return str(client)


def forwarded_for(meta: Mapping[str, Any]) -> str:
    """X-Forwarded-For as received (whoever sent it), for the record beside the address believed. NUL, which no
    HTTP header may carry and PostgreSQL cannot store, is dropped."""
    return str(meta.get(FORWARDED_FOR, "")).replace("\x00", "")[:FORWARDED_FOR_MAX_LENGTH]


def from_trusted_proxy(meta: Mapping[str, Any]) -> bool:
    return is_trusted_proxy(parse_address(meta.get("REMOTE_ADDR")))
