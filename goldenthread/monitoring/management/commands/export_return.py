"""`goldenthread export-return --department D --period P -o FILE.xlsx --as USERNAME`."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from goldenthread.monitoring.management.commands._returns import (
    acting_user,
    add_acting_argument,
)
from goldenthread.monitoring.returns_xlsx import return_export
from goldenthread.monitoring.services import MonitoringError
from goldenthread.organisation.lookups import NotFound, resolve_department
from goldenthread.planning.periods import Period, PeriodError


class Command(BaseCommand):
    help = (
        "Write a department's return for a quarter as an Excel workbook, filled in with what is "
        "held, for officers to complete and upload with import-return. The performance team's "
        "command: as a performance officer (or the department's manager) it is the whole "
        "return; as anyone else, only the items their return page shows them."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--department", required=True, help="a department's code or name")
        parser.add_argument("--period", required=True, help="the quarter, e.g. 2009/10 Q2")
        parser.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
        add_acting_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["acting"])
        try:
            department = resolve_department(options["department"])
            period = Period.parse(options["period"])
            data = return_export(department=department, period=period, acting_user=user)
        except (NotFound, PeriodError, MonitoringError) as error:
            raise CommandError(str(error)) from None
        except Http404:
            raise CommandError(
                f"{user.username} may not enter anything in {options['department']}'s return."
            ) from None
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"return {department.code} {period}: written to {options['output']}")
