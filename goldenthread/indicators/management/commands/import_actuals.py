"""`goldenthread import-actuals FILE [--dry-run] [--publish | --state STATE]`."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from goldenthread.indicators.management.commands._importing import add_file_arguments, report
from goldenthread.indicators.services import actuals_import
from goldenthread.workflow import WorkflowState


class Command(BaseCommand):
    help = (
        "Create or update actuals (indicator, period, value[, numerator, denominator, "
        "commentary]) from a CSV or XLSX file, as the performance team: validated by default."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_file_arguments(parser)
        state = parser.add_mutually_exclusive_group()
        state.add_argument(
            "--publish",
            action="store_const",
            dest="state",
            const=WorkflowState.PUBLISHED,
            help="publish the figures (the same as --state published)",
        )
        state.add_argument(
            "--state",
            choices=WorkflowState.values,
            help="the state to put every figure in (default: new and changed figures are "
            "validated, unchanged ones keep their state)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report(
            self,
            actuals_import(
                source=options["file"],
                acting_user=None,
                dry_run=options["dry_run"],
                state=options["state"],
            ),
        )
