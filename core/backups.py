"""Backup and restore of the whole service: the PostgreSQL database (pg_dump's custom format) and the case documents
under the document root, in one timestamped folder with a manifest of SHA-256 hashes.

A backup folder holds:

    database.dump      pg_dump --format=custom, without owners or grants (restores into any role's database)
    documents/         a copy of the document root
    MANIFEST.sha256    one line per file above, as `sha256sum` writes them (`sha256sum -c MANIFEST.sha256` checks it)
    backup.json        when it was taken, of which database, how many documents, which pg_dump

The database is dumped first, then the documents are copied: a document is never changed once stored (a correction
is a new document), so every document the dump refers to is in the copy; one uploaded in between is copied too and
is simply not referred to. A backup is written under a `.partial` name and renamed once complete.

A restore checks the manifest first, and refuses to write over a database that has tables or a document root that
has files unless forced; forced, it drops the database's public schema and deletes the document root's files first.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import environ

from core import clock

DUMP = "database.dump"
DOCUMENTS = "documents"
MANIFEST = "MANIFEST.sha256"
INFO = "backup.json"
PREFIX = "asb-backup-"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class Database:
    """Where a database is, as libpq's environment variables name it (the password never on a command line)."""

    name: str
    user: str
    password: str
    host: str
    port: str

    @classmethod
    def from_url(cls, url: str) -> Database:
        config = environ.Env.db_url_config(url)
        return cls.from_settings(config)

    @classmethod
    def from_settings(cls, settings_dict: dict) -> Database:
        return cls(
            name=str(settings_dict["NAME"]),
            user=str(settings_dict.get("USER") or ""),
            password=str(settings_dict.get("PASSWORD") or ""),
            host=str(settings_dict.get("HOST") or ""),
            port=str(settings_dict.get("PORT") or ""),
        )

    def environment(self) -> dict[str, str]:
        env = {**os.environ, "PGDATABASE": self.name, "PGUSER": self.user, "PGHOST": self.host, "PGPORT": self.port}
        env["PGPASSWORD"] = self.password
        return {key: value for key, value in env.items() if value}


def postgres_program(name: str) -> str:
    """The newest installed PostgreSQL's pg_dump or pg_restore (a dump must be made by a pg_dump at least as new as
    the server), else the one on PATH."""
    installed = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if installed:
        return str(installed[-1])
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found: install the PostgreSQL client (apt-get install postgresql-client)")
    return found


def _run(command: list[str], database: Database) -> str:
    done = subprocess.run(command, env=database.environment(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed (exit {done.returncode}): {done.stderr.strip()}")
    return done.stdout


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def document_hashes(root: Path) -> dict[str, str]:
    """Every file under `root` (relative path with forward slashes) and its SHA-256."""
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): sha256_of(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def _manifest_lines(folder: Path) -> list[str]:
    hashes = {DUMP: sha256_of(folder / DUMP)} | {
        f"{DOCUMENTS}/{name}": digest for name, digest in document_hashes(folder / DOCUMENTS).items()
    }
    # sha256sum's own format: the hash, two spaces, the path.
    return [f"{digest}  {name}" for name, digest in sorted(hashes.items())]


def read_manifest(folder: Path) -> dict[str, str]:
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST}")
    entries = {}
    for line in manifest.read_text().splitlines():
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            raise BackupError(f"{manifest}: not a line of SHA-256 hashes: {line!r}")
        entries[name] = digest
    return entries


def verify(folder: Path) -> dict[str, str]:
    """The manifest, once every file it lists is found with its hash and no other file is there."""
    expected = read_manifest(folder)
    if DUMP not in expected:
        raise BackupError(f"{folder}: the manifest lists no {DUMP}")
    found = {DUMP: sha256_of(folder / DUMP)} if (folder / DUMP).is_file() else {}
    found |= {f"{DOCUMENTS}/{name}": digest for name, digest in document_hashes(folder / DOCUMENTS).items()}
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    changed = sorted(name for name in set(expected) & set(found) if expected[name] != found[name])
    if missing or extra or changed:
        problems = [
            f"{label}: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}"
            for label, names in (("missing", missing), ("not in the manifest", extra), ("changed", changed))
            if names
        ]
        raise BackupError(f"{folder} does not match its manifest ({'; '.join(problems)}): it will not be restored")
    return expected


def backup(*, database: Database, document_root: Path, to: Path) -> Path:
    """Back up the database and the documents into a new folder under `to`; its path."""
    stamp = clock.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    to.mkdir(parents=True, exist_ok=True)
    final = to / f"{PREFIX}{stamp}"
    if final.exists():
        raise BackupError(f"{final} already exists: wait a second and try again")
    partial = to / f".{final.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    # Case documents hold special category data: the backup is readable by its owner only.
    partial.mkdir(mode=0o700)
    try:
        pg_dump = postgres_program("pg_dump")
        _run(
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={partial / DUMP}"],
            database,
        )
        if document_root.exists():
            shutil.copytree(document_root, partial / DOCUMENTS, symlinks=False)
        else:
            (partial / DOCUMENTS).mkdir()
        lines = _manifest_lines(partial)
        (partial / MANIFEST).write_text("\n".join(lines) + "\n")
        info = {
            "format": FORMAT,
            "created_at": clock.now().isoformat(),
            "database": database.name,
            "documents": len(lines) - 1,
            "pg_dump": _run([pg_dump, "--version"], database).strip(),
        }
        (partial / INFO).write_text(json.dumps(info, indent=2) + "\n")
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def _psql(database: Database, *statements: str) -> str:
    """Run the statements in one transaction with psql; what they printed (unaligned, without headers)."""
    command = [
        postgres_program("psql"),
        "--no-psqlrc",
        "--quiet",
        "--tuples-only",
        "--no-align",
        "--single-transaction",
    ]
    command += ["--set=ON_ERROR_STOP=1", f"--dbname={database.name}"]
    for statement in statements:
        command += ["--command", statement]
    return _run(command, database)


def database_tables(database: Database) -> int:
    """How many tables, views and sequences the database has outside PostgreSQL's own schemas."""
    return int(
        _psql(
            database,
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')"
            " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'",
        ).strip()
    )


def _empty_database(database: Database) -> None:
    # The schema's owner (the database's owner from PostgreSQL 15 on) may drop it and create it again.
    _psql(database, "DROP SCHEMA public CASCADE", "CREATE SCHEMA public")


def _empty_folder(root: Path) -> None:
    # The folder itself stays: it may be a mounted volume.
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def restore(*, folder: Path, database: Database, document_root: Path, force: bool) -> dict[str, int]:
    """Restore the backup in `folder` into the database and the document root; how many tables and documents."""
    manifest = verify(folder)
    tables = database_tables(database)
    files = len(document_hashes(document_root))
    if (tables or files) and not force:
        held = [f"the database {database.name!r} has {tables} tables"] if tables else []
        held += [f"{document_root} has {files} documents"] if files else []
        raise BackupError(
            f"Restore refuses to write over what is there already ({' and '.join(held)}). Restore into an empty "
            "database and folder, or force it (--force; make restore FORCE=1), which deletes what they hold first."
        )
    if tables:
        _empty_database(database)
    if files or (force and document_root.exists()):
        _empty_folder(document_root)
    _run(
        [
            postgres_program("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={database.name}",
            str(folder / DUMP),
        ],
        database,
    )
    document_root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(folder / DOCUMENTS, document_root, dirs_exist_ok=True)
    restored = {f"{DOCUMENTS}/{name}": digest for name, digest in document_hashes(document_root).items()}
    wanted = {name: digest for name, digest in manifest.items() if name != DUMP}
    if restored != wanted:
        raise BackupError(f"The documents restored into {document_root} do not match the backup's manifest")
    return {"tables": database_tables(database), "documents": len(restored)}
