"""`goldenthread import-targets FILE [--dry-run]`."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from goldenthread.indicators.management.commands._importing import add_file_arguments, report
from goldenthread.indicators.services import targets_import


class Command(BaseCommand):
    help = "Create or update targets (indicator, period, target[, floor]) from a CSV or XLSX file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_file_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        report(
            self,
            targets_import(source=options["file"], acting_user=None, dry_run=options["dry_run"]),
        )
