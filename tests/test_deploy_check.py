"""`manage.py check --deploy` with production variables: no warnings, and the same check does warn when a
production setting is left out (so that its silence means something)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def production_variables(**overrides: str) -> dict[str, str]:
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "TRUSTED_", "DEMO", "STATICFILES_"))
    }
    if not base.get("DATABASE_URL", "").startswith("postgres"):
        pytest.fail("DATABASE_URL is not set to PostgreSQL: run the suite through `make test`")
    return {
        **base,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "asb.example.org",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://asb.example.org",
        **overrides,
    }


def check_deploy(**overrides: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_variables(**overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_variables():
    result = check_deploy()

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("overrides", "warnings"),
    [
        ({"DJANGO_DEBUG": "true"}, {"security.W018"}),
        ({"DJANGO_SECURE_COOKIES": "false"}, {"security.W012", "security.W016"}),
        ({"DJANGO_SECURE_SSL_REDIRECT": "false"}, {"security.W008"}),
        ({"DJANGO_SECURE_HSTS_SECONDS": "0"}, {"security.W004"}),
        ({"DJANGO_SECRET_KEY": "short"}, {"security.W009"}),
        ({"TRUSTED_PROXIES": "172.30.80.10,proxy"}, {"core.E001"}),
    ],
)
def test_check_deploy_warns_without_a_production_setting(overrides, warnings):
    result = check_deploy(**overrides)
    output = result.stdout + result.stderr

    assert result.returncode != 0
    assert {warning for warning in warnings if f"({warning})" in output} == warnings, output
