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

    contracts = {c["id"]: c for c in config["contracts_options"]}
    assert contracts["apps-layered"]["layers"] == [
        "demo",
        "cessation | orders",
        "incremental",
        "cases",
        "jag",
        "agencies",
        "core",
    ]
    # Every room of cases is in its layers contract, so a new room cannot escape it.
    rooms = {path.name for path in (ROOT / "cases").iterdir() if (path / "__init__.py").exists()}
    layered = {
        module.strip() for layer in contracts["cases-rooms"]["layers"] for module in layer.replace(":", "|").split("|")
    }
    assert rooms - {"migrations", "management", "templatetags", "models"} <= layered
    assert {"dashboard", "importer", "meetings", "case_reviews", "jag_management"} <= rooms


def test_import_layers_contract_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    contracts = len(read_configuration(str(ROOT / "pyproject.toml"))["contracts_options"])

    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo", "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {contracts} kept, 0 broken." in result.stdout


@pytest.mark.django_db
def test_makemigrations_check_finds_no_changes():
    out = io.StringIO()

    # Exits (SystemExit 1) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)

    assert out.getvalue().strip() == "No changes detected"
