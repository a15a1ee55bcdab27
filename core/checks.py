"""System checks of the project's own settings."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from . import network


@register(Tags.security)
def trusted_proxies_check(app_configs, **kwargs) -> list[Error]:
    """Each TRUSTED_PROXIES entry must be an address or a network: a typo would otherwise stop the service
    believing its proxy (or, worse, believe everyone) without a word."""
    errors = []
    for value in getattr(settings, "TRUSTED_PROXIES", ()):
        try:
            network.parse_networks([value])
        except ValueError:
            errors.append(
                Error(
                    f"TRUSTED_PROXIES entry {value!r} is not an IP address or network",
                    hint="Give addresses or networks such as 172.30.80.10 or 10.0.0.0/8, comma separated.",
                    id="core.E001",
                )
            )
    return errors
