"""`goldenthread export-plans [-o FILE] [--format csv|xlsx]`: the plans as a plan file."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from goldenthread.planning.imports.exporting import FORMATS, plans_export


class Command(BaseCommand):
    help = (
        "Write every priority, plan, objective, link, milestone and task in the format "
        "import-plans reads, so the file loads back unchanged."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="csv or xlsx (default: from FILE's extension, else csv)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = options["output"]
        fmt = options["format"]
        if fmt is None:
            fmt = "xlsx" if output and output.lower().endswith(".xlsx") else "csv"
        if fmt == "xlsx" and not output:
            raise CommandError("an XLSX workbook needs -o FILE; standard output takes CSV")
        content = plans_export(fmt=fmt)
        if output:
            try:
                Path(output).write_bytes(content)
            except OSError as error:
                raise CommandError(f"cannot write {output}: {error.strerror}") from None
            self.stderr.write(f"plans written to {output}")
        else:
            self.stdout.flush()
            sys.stdout.buffer.write(content)
