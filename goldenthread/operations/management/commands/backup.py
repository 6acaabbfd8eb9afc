"""`goldenthread backup -o FILE`: the whole database, as at one moment, in one portable file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.operations.archive import BackupError, Table
from goldenthread.operations.backup import backup_write


class Command(BaseCommand):
    help = (
        "Write the whole database to one compressed file, as it stood when the backup began, "
        "while the server carries on. `goldenthread restore FILE` reads it back, on SQLite or "
        "PostgreSQL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o",
            "--output",
            required=True,
            metavar="FILE",
            help="the file to write, e.g. goldenthread-2026-12-05.jsonl.gz; replaced once "
            "the backup is complete",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(table: Table) -> None:
            if options["verbosity"] >= 2:
                self.stdout.write(f"  {table.name:<45} {table.rows:>9,} rows")

        try:
            summary = backup_write(path=Path(options["output"]), on_table=progress)
        except (BackupError, OSError) as error:
            raise CommandError(f"No backup was written: {error}") from error
        manifest = summary.manifest
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Wrote {summary.path}: {len(manifest.tables)} tables, {manifest.rows:,} rows, "
                f"{_size(summary.bytes)} in {summary.seconds:.1f} s "
                f"(Golden Thread {manifest.goldenthread}, {manifest.vendor})"
            )


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"
