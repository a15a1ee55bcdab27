"""Import cases from the partnership's previous ASB system (the JSON format of docs/import-format.md).

    python manage.py import_cases FILE.json [--dry-run]

All or nothing: every problem in the file is listed, each naming its record and field, and nothing is
written unless there are none. Importing the same file again creates nothing twice.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from cases.importer.services import ImportFailed, import_file


class Command(BaseCommand):
    help = "Import agencies, JAGs, officers, people and cases from the previous system's JSON export."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON file (format: docs/import-format.md)")
        parser.add_argument("--dry-run", action="store_true", help="check the file only; write nothing")

    def handle(self, *args, file: str, dry_run: bool, **options):
        started = time.perf_counter()
        try:
            result = import_file(file, dry_run=dry_run)
        except ImportFailed as failed:
            for error in failed.errors:
                self.stderr.write(f"  {error}")
            raise CommandError(
                f"{len(failed.errors)} problem(s) in {file}: nothing was imported. "
                "The format is described in docs/import-format.md."
            ) from None
        seconds = time.perf_counter() - started
        if dry_run:
            self.stdout.write(f"{file} is valid ({seconds:.1f} s); nothing was written (--dry-run).")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {file} in {seconds:.1f} s."))
        for name, count in result.counts.items():
            self.stdout.write(f"  {name}: {count}")
        if result.officers_needing_password:
            self.stdout.write(
                f"{len(result.officers_needing_password)} new officer(s) have no usable password: an administrator "
                "must issue each a password reset before they can sign in: "
                + ", ".join(result.officers_needing_password[:20])
                + (" ..." if len(result.officers_needing_password) > 20 else "")
            )
