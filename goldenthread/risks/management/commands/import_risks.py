"""`goldenthread import-risks FILE [--dry-run]`: risk registers from one CSV or XLSX file."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from goldenthread.indicators.management.commands._importing import add_file_arguments, report
from goldenthread.risks.imports import risks_import


class Command(BaseCommand):
    help = (
        "Create or update risks on the department, directorate and corporate registers, and "
        "their actions, from a risk file (docs/imports.md)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_file_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        result = risks_import(source=options["file"], acting_user=None, dry_run=options["dry_run"])
        report(self, result)
        for line in result.kind_lines():
            self.stdout.write(f"  {line}")
