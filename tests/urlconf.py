"""The URL conf walked: every named pattern of the project's own pages, for tests that must cover every view
without a hand-kept list going stale (the administration site and static files are Django's, not the product's)."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_PREFIXES = ("admin/", "static/")


@dataclass(frozen=True)
class Route:
    name: str  # with its namespace, as reverse() takes it
    route: str
    kwargs: frozenset[str]


def named_routes(resolver=None, prefix: str = "", namespace: str = "") -> dict[str, Route]:
    """Every named URL pattern (with its namespace), with its route and the keyword arguments it takes."""
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
            assert entry.name, f"the URL {route} has no name to classify it by"
            name = namespace + entry.name
            found[name] = Route(name, route, frozenset(entry.pattern.regex.groupindex))
    return found


def named_patterns() -> dict[str, set[str]]:
    """Every named URL pattern (with its namespace), mapped to the keyword arguments it takes."""
    return {name: set(route.kwargs) for name, route in named_routes().items()}
