"""The shape of the code base: apps import only downwards, and the migrations match the models."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from importlinter.api import read_configuration

ROOT = Path(__file__).resolve().parent.parent


def test_import_layers_contract_configured():
    config = read_configuration(str(ROOT / "pyproject.toml"))

    layers = [(c["name"], c["type"], c["layers"]) for c in config["contracts_options"]]
    assert layers == [
        (
            "Apps import only from the apps below them",
            "layers",
            ["cessation", "incremental", "cases", "jag", "agencies", "core"],
        )
    ]


def test_import_layers_contract_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"

    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo", "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


@pytest.mark.django_db
def test_makemigrations_check_finds_no_changes():
    out = io.StringIO()

    # Exits (SystemExit 1) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)

    assert out.getvalue().strip() == "No changes detected"
