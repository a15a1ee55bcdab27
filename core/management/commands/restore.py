"""python manage.py restore FOLDER [--force]: a backup made by `manage.py backup` into the database and the document
root, once its manifest checks out (core/backups.py; `make restore BACKUP=FOLDER` runs it)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, restore

from ._targets import add_target_arguments, targets


class Command(BaseCommand):
    help = "Restore a backup folder into an empty database and document root (--force: replace what they hold)."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="the backup folder (var/backups/asb-backup-...)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="delete the database's tables and the document root's files first, if there are any",
        )
        add_target_arguments(parser, "restore into")

    def handle(self, *args, folder: Path, force: bool, **options):
        database, document_root = targets(options)
        try:
            restored = restore(folder=folder, database=database, document_root=document_root, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {folder} into the database {database.name!r} ({restored['tables']} tables) and "
            f"{document_root} ({restored['documents']} documents). Run `manage.py migrate` if the code is newer "
            "than the backup."
        )
