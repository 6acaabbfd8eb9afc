"""`goldenthread report KIND`: reports the performance team prints or exports.

``report coverage`` is the review's Table 2: objectives, milestones and indicators counted under
each priority (goldenthread.planning.selectors.thread_coverage). More kinds of report are added
as subcommands.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.organisation.lookups import NotFound, resolve_department, resolve_priority
from goldenthread.performance.reports import COLUMNS as STATUS_COLUMNS
from goldenthread.performance.reports import StatusReport, status_report
from goldenthread.planning.management.commands._tables import (
    FORMATS,
    text_table,
    write_csv,
    write_json,
)
from goldenthread.planning.periods import Period, PeriodError
from goldenthread.planning.selectors import Coverage, thread_coverage

COVERAGE_COLUMNS = ["priority", "objectives_milestones", "indicators", "total"]


class Command(BaseCommand):
    help = "Print a report. `report coverage`: the golden thread's coverage of the priorities."

    def add_arguments(self, parser: CommandParser) -> None:
        reports = parser.add_subparsers(
            dest="report", required=True, title="reports", metavar="REPORT"
        )
        coverage = reports.add_parser(
            "coverage",
            help="Objectives, milestones and indicators under each priority (Table 2).",
            description="Each objective, milestone and indicator counts once, under its primary "
            "priority; objectives linked to no priority are listed apart.",
        )
        coverage.add_argument(
            "--format",
            choices=FORMATS,
            default="text",
            help="text (the default) is a table to read; json and csv are for other programs.",
        )

        status = reports.add_parser(
            "status",
            help="Every indicator's status for a period, with direction, exception and why.",
            description="Acts as the performance team: validated and published figures are "
            "rated. A published period keeps the status it was published with.",
        )
        status.add_argument(
            "--period", required=True, help="e.g. 2009/10 Q1, 2009-10-Q1, 2009/10 or 2009/10 H1"
        )
        status.add_argument("--department", help="a department code or name")
        status.add_argument("--priority", help="a priority code or name")
        status.add_argument(
            "--published-only",
            action="store_true",
            help="only published figures: what boards and the public see",
        )
        status.add_argument("--format", choices=FORMATS, default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["report"] == "coverage":
            self.stdout.write(coverage_output(thread_coverage(), options["format"]), ending="")
        elif options["report"] == "status":
            try:
                period = Period.parse(options["period"])
                department = (
                    resolve_department(options["department"]) if options["department"] else None
                )
                priority = resolve_priority(options["priority"]) if options["priority"] else None
            except PeriodError as error:
                raise CommandError(f"--period: {error}") from error
            except NotFound as error:
                raise CommandError(str(error)) from error
            report = status_report(
                period,
                department=department,
                priority=priority,
                published_only=options["published_only"],
            )
            self.stdout.write(status_output(report, options["format"]), ending="")


def coverage_output(coverage: Coverage, fmt: str) -> str:
    out = io.StringIO()
    if fmt == "json":
        write_json(out, coverage.as_dict())
        return out.getvalue()
    totals = coverage.totals
    rows: list[list[Any]] = [
        [row.priority, row.objectives_milestones, row.indicators, row.total]
        for row in coverage.rows
    ]
    total_row = ["TOTAL", totals["objectives_milestones"], totals["indicators"], totals["total"]]
    if fmt == "csv":
        write_csv(out, COVERAGE_COLUMNS, [*rows, total_row])
        return out.getvalue()
    headings = ["Priority", "Objectives / milestones", "Indicators", "Total"]
    out.write(text_table(headings, [*rows, total_row]) + "\n")
    if coverage.unlinked:
        out.write(
            f"\nObjectives linked to no priority (not counted above): {len(coverage.unlinked)}\n"
        )
        for item in coverage.unlinked:
            out.write(f"  {item.code}  {item.title} ({item.plan})\n")
    if coverage.multi_linked:
        out.write(
            f"\nObjectives linked to several priorities (counted under their primary): "
            f"{len(coverage.multi_linked)}\n"
        )
        for item in coverage.multi_linked:
            out.write(f"  {item.code}  {item.title}: {'; '.join(item.priorities)}\n")
    if coverage.unlinked_indicators:
        out.write(
            f"\nIndicators linked to no priority (not counted above): "
            f"{coverage.unlinked_indicators}\n"
        )
    return out.getvalue()


def status_output(report: StatusReport, fmt: str) -> str:
    out = io.StringIO()
    if fmt == "json":
        write_json(out, report.as_dict())
        return out.getvalue()
    if fmt == "csv":
        write_csv(out, STATUS_COLUMNS, [[row[c] for c in STATUS_COLUMNS] for row in report.rows])
        return out.getvalue()
    headings = ["Indicator", "Target", "Actual", "Status", "Direction", "Exception"]
    rows = [
        [
            row["indicator"],
            row["target"],
            row["actual"],
            row["status"],
            row["direction"] or "",
            row["exception"] or "",
        ]
        for row in report.rows
    ]
    scope = "published figures" if report.published_only else "validated and published figures"
    out.write(f"Status report for {report.period} ({scope}): {len(rows)} indicators\n\n")
    out.write(text_table(headings, rows) + "\n")
    return out.getvalue()
