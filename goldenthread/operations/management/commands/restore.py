"""`goldenthread restore FILE`: a backup back into the database, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.operations.archive import BackupError
from goldenthread.operations.restore import backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database's data with a backup written by `goldenthread backup`. All or "
        "nothing; refuses a damaged file, one from a newer Golden Thread, and a database "
        "holding data unless --replace."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="the backup to restore")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the data the database holds (without it, only an empty database "
            "is restored into)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_restore(path=Path(options["file"]), replace=options["replace"])
        except BackupError as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        manifest = summary.manifest
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Restored {summary.path}: {len(manifest.tables)} tables, {manifest.rows:,} rows "
                f"in {summary.seconds:.1f} s. Written {manifest.created_at} by Golden Thread "
                f"{manifest.goldenthread} on {manifest.vendor}. Everyone signs in again."
            )
