"""The database and document root a backup is taken from or restored into: the service's own (DATABASE_URL,
DOCUMENT_ROOT, as the settings read them) unless given."""

from argparse import ArgumentParser
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import CommandError
from django.db import connections

from core.backups import Database


def add_target_arguments(parser: ArgumentParser, verb: str) -> None:
    parser.add_argument(
        "--database-url", default=None, help=f"the PostgreSQL database to {verb} (default: the service's)"
    )
    parser.add_argument(
        "--document-root", type=Path, default=None, help=f"the document folder to {verb} (default: the service's)"
    )


def targets(options: dict) -> tuple[Database, Path]:
    if options.get("database_url"):
        database = Database.from_url(options["database_url"])
    else:
        database = Database.from_settings(connections["default"].settings_dict)
    document_root = options.get("document_root")
    if document_root is None:
        storage = storages["default"]
        if not isinstance(storage, FileSystemStorage):
            raise CommandError("The document storage is not a folder: give --document-root")
        document_root = Path(storage.location)
    return database, document_root
