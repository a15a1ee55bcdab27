"""Backup and restore (`manage.py backup` and `restore`, what `make backup` and `make restore` run): a record with case
documents, backed up and restored into a fresh database and a fresh document folder, comes back with the same rows
in every table and the same documents, byte for byte; a restore refuses to write over data unless forced, and
refuses a backup that does not match its manifest."""

import contextlib
import datetime
import urllib.parse
import uuid
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import psycopg2
import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cases.models import Case, ChronologyEntry, Document, EntryKind
from cases.services import document_upload
from core import clock
from core.backups import MANIFEST, document_hashes
from tests.factories import CaseFactory

# Committed, as pg_dump reads what is committed.
pytestmark = pytest.mark.django_db(transaction=True)


def database_url(name: str) -> str:
    settings = connection.settings_dict
    credentials = f"{urllib.parse.quote(settings['USER'])}:{urllib.parse.quote(settings['PASSWORD'])}"
    return f"postgres://{credentials}@{settings['HOST']}:{settings['PORT']}/{name}"


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """An empty database on the test PostgreSQL server, dropped afterwards: its URL."""
    name = f"asb_restored_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(database_url("postgres"))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield database_url(name)
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        admin.close()


def row_counts(url: str) -> dict[str, int]:
    """Rows in every table of the database's public schema."""
    with contextlib.closing(psycopg2.connect(url)) as database, database.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [name for (name,) in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        return counts


def stored_hashes(url: str) -> dict[str, str]:
    """Each case document's file name and the SHA-256 its row recorded when it was uploaded."""
    with contextlib.closing(psycopg2.connect(url)) as database, database.cursor() as cursor:
        cursor.execute("SELECT file, sha256 FROM cases_document")
        return dict(cursor.fetchall())


def document_root() -> Path:
    return Path(storages["default"].location)


def back_up(to: Path) -> Path:
    call_command("backup", "--to", str(to), stdout=StringIO())
    (folder,) = to.iterdir()
    return folder


def restore(folder: Path, url: str, root: Path, *options: str) -> str:
    out = StringIO()
    call_command("restore", str(folder), "--database-url", url, "--document-root", str(root), *options, stdout=out)
    return out.getvalue()


def a_record() -> Case:
    """Cases with their people and a long chronology, made here rather than by loading the demo: an earlier committing
    test of this process may have emptied the rows the data migrations made, which the demo builds on."""
    cases = [CaseFactory() for _ in range(5)]
    case = cases[0]
    officer = case.lead_officer
    start = clock.now() - datetime.timedelta(days=300)
    ChronologyEntry.objects.bulk_create(
        ChronologyEntry(
            case=cases[n % len(cases)],
            kind=EntryKind.NOTE,
            occurred_at=start + datetime.timedelta(hours=n),
            agency=officer.agency,
            officer=officer,
            text=f"Diary sheet {n} collected from the complainant.",
        )
        for n in range(1, 1201)
    )
    return case


def upload_documents(case: Case) -> list[Document]:
    officer = case.lead_officer
    files = [
        ("diary.pdf", b"%PDF-1.4\n% noise diary, weeks 1 to 4\n%%EOF\n", "application/pdf"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "image/png"),
        ("statement.pdf", b"%PDF-1.4\n% witness statement\n%%EOF\n", "application/pdf"),
    ]
    return [
        document_upload(
            case=case,
            officer=officer,
            uploaded=SimpleUploadedFile(name, content, content_type=kind),
            content_type=kind,
            title=name,
        )
        for name, content, kind in files
    ]


def test_a_record_with_documents_restores_into_a_fresh_database_and_folder_with_the_same_rows_and_files(
    tmp_path, fresh_database
):
    uploaded = upload_documents(a_record())
    source = database_url(connection.settings_dict["NAME"])
    before = row_counts(source)
    files_before = document_hashes(document_root())

    folder = back_up(tmp_path / "backups")
    said = restore(folder, fresh_database, tmp_path / "restored-documents")

    assert folder.name.startswith("asb-backup-")
    assert sorted(path.name for path in folder.iterdir()) == [
        "MANIFEST.sha256",
        "backup.json",
        "database.dump",
        "documents",
    ]
    assert "Restored" in said
    assert row_counts(fresh_database) == before
    assert sum(before.values()) > 1000
    restored_files = document_hashes(tmp_path / "restored-documents")
    assert restored_files == files_before
    assert len(restored_files) == before["cases_document"] == len(uploaded) == 3
    # Each restored file is the one its row says was uploaded.
    assert stored_hashes(fresh_database) == restored_files


def test_restore_refuses_to_write_over_data_unless_forced(tmp_path, fresh_database, case):
    folder = back_up(tmp_path / "backups")
    restore(folder, fresh_database, tmp_path / "restored-documents")
    restored = row_counts(fresh_database)
    (tmp_path / "restored-documents" / "kept.txt").write_text("a file already there")

    with pytest.raises(CommandError, match="refuses to write over what is there already"):
        restore(folder, fresh_database, tmp_path / "restored-documents")
    # Nor the service's own database, whatever the document folder.
    with pytest.raises(CommandError, match="refuses to write over"):
        restore(folder, database_url(connection.settings_dict["NAME"]), tmp_path / "empty")

    assert (tmp_path / "restored-documents" / "kept.txt").exists()
    restore(folder, fresh_database, tmp_path / "restored-documents", "--force")
    assert row_counts(fresh_database) == restored
    assert document_hashes(tmp_path / "restored-documents") == {}


def test_restore_refuses_a_backup_that_does_not_match_its_manifest(tmp_path, fresh_database, case, lead_officer):
    document_upload(
        case=case,
        officer=lead_officer,
        uploaded=SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter", content_type="application/pdf"),
        content_type="application/pdf",
        title="Letter",
    )
    folder = back_up(tmp_path / "backups")
    (kept,) = (path for path in (folder / "documents").rglob("*") if path.is_file())
    kept.write_bytes(b"%PDF-1.4 altered")

    with pytest.raises(CommandError, match=r"does not match its manifest \(changed: documents/"):
        restore(folder, fresh_database, tmp_path / "restored-documents")

    assert row_counts(fresh_database) == {}
    assert (folder / MANIFEST).read_text().count("\n") == 2
