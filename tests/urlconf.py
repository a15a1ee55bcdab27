"""The URL conf walked: every named pattern of the service (the admin and static files left out)."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_PREFIXES = ("admin/", "static/")


@dataclass(frozen=True)
class Route:
    name: str  # with its namespace, as reverse() takes it
    route: str
    kwargs: frozenset[str]


def named_routes(resolver=None, prefix: str = "", namespace: str = "") -> dict[str, Route]:
    resolver = resolver or get_resolver()
    found: dict[str, Route] = {}
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found.update(named_routes(entry, route, inner))
        elif isinstance(entry, URLPattern):
            assert entry.name, f"the URL {route} has no name"
            name = namespace + entry.name
            found[name] = Route(name, route, frozenset(entry.pattern.regex.groupindex))
    return found
