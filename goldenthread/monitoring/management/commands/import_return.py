"""`goldenthread import-return FILE.xlsx [--dry-run] --as USERNAME`."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from goldenthread.monitoring.management.commands._returns import (
    acting_user,
    add_acting_argument,
)
from goldenthread.monitoring.models import ChangeHow
from goldenthread.monitoring.returns_xlsx import return_import
from goldenthread.monitoring.services import MonitoringError


class Command(BaseCommand):
    help = (
        "Save a return workbook made by export-return and filled in: all or nothing, with the "
        "same checks as the forms."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", metavar="FILE.xlsx")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, writing nothing"
        )
        add_acting_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["acting"])
        try:
            result = return_import(
                source=options["file"],
                acting_user=user,
                how=ChangeHow.COMMAND_LINE,
                dry_run=options["dry_run"],
            )
        except MonitoringError as error:
            raise CommandError(str(error)) from None
        except Http404:
            raise CommandError(
                f"{user.username} may not enter anything in this file's department's return."
            ) from None
        for left in result.left_alone:
            self.stdout.write(f"left alone: {left}")
        if not result.ok:
            for row_error in result.errors:
                self.stderr.write(str(row_error))
            raise CommandError(result.summary())
        self.stdout.write(result.summary())
