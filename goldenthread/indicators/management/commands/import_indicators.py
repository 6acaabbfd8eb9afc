"""`goldenthread import-indicators FILE [--dry-run]`, or `--national` for the shipped NIs."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from goldenthread.indicators.management.commands._importing import add_file_arguments, report
from goldenthread.indicators.services import indicators_import, national_indicators_import


class Command(BaseCommand):
    help = "Create or update indicators in the library from a CSV or XLSX file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_file_arguments(parser, file_required=False)
        parser.add_argument(
            "--national",
            action="store_true",
            help="load the National Indicators shipped with Golden Thread instead of a FILE",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["national"] == bool(options["file"]):
            raise CommandError("give a FILE to import, or --national (not both)")
        if options["national"]:
            result = national_indicators_import(acting_user=None, dry_run=options["dry_run"])
        else:
            result = indicators_import(
                source=options["file"], acting_user=None, dry_run=options["dry_run"]
            )
        report(self, result)
