"""The example import file (docs/example-import.json) as data to change, and the row counts an import touches."""

import copy
import json
from pathlib import Path

import pytest

from agencies.models import Agency, AuditEvent, Department, Officer
from cases.models import (
    Case,
    CaseAgency,
    CaseGroupObjectPermission,
    CasePerson,
    CaseUserObjectPermission,
    ChronologyEntry,
    ImportedCase,
    ImportedPerson,
    Incident,
    JagManagementPeriod,
    Person,
)
from jag.models import Jag

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "example-import.json"
COUNTED = [
    Agency,
    Department,
    Officer,
    Jag,
    Person,
    ImportedPerson,
    Case,
    ImportedCase,
    CaseAgency,
    CasePerson,
    Incident,
    JagManagementPeriod,
    ChronologyEntry,
    AuditEvent,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
]


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def example(example_text) -> dict:
    """A fresh copy of the example file's data for each test to break in its own way."""
    return copy.deepcopy(json.loads(example_text))


@pytest.fixture
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture
def write_file(tmp_path):
    def write(data: dict, name: str = "import.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    return write


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}
