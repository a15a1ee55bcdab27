"""Loading the demo as `make run` does (`manage.py seed_demo`), on a developer's machine (DEBUG on)."""

from io import StringIO

from django.core.management import call_command
from django.test.utils import override_settings


def load_demo(*args: str) -> str:
    """Run seed_demo with `args`; what it printed. Fast password hashing: the logins' password is checked, not its
    hashing's cost."""
    out = StringIO()
    with override_settings(DEBUG=True, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        call_command("seed_demo", *args, stdout=out)
    return out.getvalue()
