"""python manage.py backup [--to DIR]: the database and the case documents into one timestamped folder with a
manifest of SHA-256 hashes (core/backups.py; `make backup` runs it)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup

from ._targets import add_target_arguments, targets


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and the case documents into a new folder under --to."

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            type=Path,
            default=Path(settings.BASE_DIR) / "var" / "backups",
            help="the folder to make the backup in (default: var/backups)",
        )
        add_target_arguments(parser, "back up")

    def handle(self, *args, to: Path, **options):
        database, document_root = targets(options)
        try:
            folder = backup(database=database, document_root=document_root, to=to)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up the database {database.name!r} and {document_root} to {folder}")
