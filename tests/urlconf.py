"""The URL conf walked: every named pattern of the project's own pages, for tests that must cover every view
without a hand-kept list going stale (the administration site and static files are Django's, not the product's)."""

from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_PREFIXES = ("admin/", "static/")


def named_patterns(resolver=None, prefix: str = "", namespace: str = "") -> dict[str, set[str]]:
    """Every named URL pattern (with its namespace), mapped to the keyword arguments it takes."""
    resolver = resolver or get_resolver()
    found: dict[str, set[str]] = {}
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found.update(named_patterns(entry, route, inner))
        elif isinstance(entry, URLPattern):
            assert entry.name, f"the URL {route} has no name to classify it by"
            found[namespace + entry.name] = set(entry.pattern.regex.groupindex)
    return found
