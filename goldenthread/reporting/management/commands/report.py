"""`goldenthread report NAME`: reports the performance team prints, sends or exports.

``report qmr``, ``exceptions``, ``priority``, ``directorate``, ``organisation``, ``scorecard``,
``six-monthly``, ``portfolio``, ``indicator-set`` and ``built`` draw one report from published
figures (goldenthread.reporting) in HTML, PDF, XLSX, CSV or JSON; their options are the query
string of the report's stable URL, so the command line and the browser accept the same choices.
``report pack`` writes a period's whole standard pack into a directory.

``report coverage`` is the review's Table 2: objectives, milestones and indicators counted under
each priority (goldenthread.planning.selectors.thread_coverage); ``report status`` is every
indicator's status for a period (docs: FORMATS.md).
"""

from __future__ import annotations

import argparse
import io
import os
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from goldenthread import access
from goldenthread.organisation.lookups import NotFound, resolve_department, resolve_priority
from goldenthread.organisation.models import User
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
from goldenthread.reporting.choices import (
    Content,
    Depth,
    IndicatorSetChoice,
    ReportFormat,
    ReportKind,
    ScopeKind,
)
from goldenthread.reporting.pack_writer import (
    INDEX_NAME,
    TEXT_FORMATS,
    PackExists,
    WrittenFile,
    render_spec,
    write_atomically,
    write_pack,
)
from goldenthread.reporting.spec import (
    SCOPE_PARAMETERS,
    STANDARD_SCOPES,
    STATUSES,
    SpecError,
    spec_from_query,
)

COVERAGE_COLUMNS = ["priority", "objectives_milestones", "indicators", "total"]


# The option naming each part of the council a report can be drawn for.
SCOPE_OPTIONS = {
    "department": ScopeKind.DEPARTMENT,
    "directorate": ScopeKind.DIRECTORATE,
    "priority": ScopeKind.PRIORITY,
    "board": ScopeKind.BOARD,
    "portfolio": ScopeKind.PORTFOLIO,
    "laa": ScopeKind.LAA,
}
OPTION_OF_SCOPE = {scope: f"--{name}" for name, scope in SCOPE_OPTIONS.items()}
# The option behind each parameter a SpecError names (spec_from_query, build_report).
OPTION_OF_PARAMETER = {
    "period": "--period",
    "set": "--set",
    "content": "--content",
    "exceptions": "--exceptions-only",
    "status": "--status",
    "depth": "--depth",
    **{scope.value: option for scope, option in OPTION_OF_SCOPE.items()},
}
REPORT_HELP = {
    ReportKind.QMR: "A department's quarterly monitoring report (--department).",
    ReportKind.EXCEPTIONS: "Exceptions for a Policy and Performance Board (--board) or a "
    "priority (--priority).",
    ReportKind.PRIORITY: "Everything serving a priority (--priority).",
    ReportKind.DIRECTORATE: "A directorate's summary, department by department (--directorate).",
    ReportKind.ORGANISATION: "The whole council's summary.",
    ReportKind.SCORECARD: "The balanced scorecard for the whole council.",
    ReportKind.SIX_MONTHLY: "The six-monthly summary for a half year (--period 2009/10 H1), "
    "for the council, a board (--board) or a priority (--priority).",
    ReportKind.PORTFOLIO: "A portfolio holder's report (--portfolio).",
    ReportKind.INDICATOR_SET: "One set of indicators (--set NI|BVPI|local|partner|LAA|key; "
    "default NI) across the council.",
    ReportKind.BUILT: "Any report the builder can draw: any one scope (or the whole council), "
    "with the builder's choices.",
}


class Command(BaseCommand):
    help = (
        "Print or write a report. `report qmr|exceptions|…|built`: one report from published "
        "figures as HTML, PDF, XLSX, CSV or JSON; `report pack`: a period's standard pack into "
        "a directory; `report coverage`, `report status`: tables for the performance team."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        reports = parser.add_subparsers(
            dest="report", required=True, title="reports", metavar="REPORT"
        )
        for kind in ReportKind:
            _add_report_parser(reports, kind)
        _add_pack_parser(reports)
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
            self.handle_status(options)
        elif options["report"] == "pack":
            self.handle_pack(options)
        else:
            self.handle_report(ReportKind(options["report"]), options)

    def handle_report(self, kind: ReportKind, options: dict[str, Any]) -> None:
        fmt, output = _format_and_output(options["format"], options["output"])
        params = _spec_parameters(kind, options)
        limits = _reader_limits(options["as_user"])
        try:
            rendered = render_spec(spec_from_query(kind, params), [fmt], limits=limits)[0]
        except SpecError as error:
            raise CommandError(_naming_option(error)) from error
        if output is None:
            self.stdout.write(rendered.content.decode("utf-8"), ending="")
            return
        path = output / rendered.filename if output.is_dir() else output
        write_atomically(path, rendered.content)
        self.stdout.write(f"Wrote {path} ({_size(len(rendered.content))})")

    def handle_pack(self, options: dict[str, Any]) -> None:
        try:
            period = Period.parse(options["period"])
        except PeriodError as error:
            raise CommandError(f"--period: {error}") from error
        formats = options["format"] or [ReportFormat.PDF.value]
        directory = Path(options["output"])
        started = time.perf_counter()

        def progress(item: WrittenFile) -> None:
            self.stdout.write(
                f"  {item.path.name:<44} {_size(item.size):>9}  {item.seconds:5.2f} s"
            )

        try:
            paths = write_pack(
                period,
                directory,
                formats,
                replace=options["force"],
                jobs=options["jobs"],
                progress=progress if options["verbosity"] >= 1 else None,
            )
        except PackExists as error:
            advice = (
                "give --force to replace it, and everything in it, with this pack"
                if error.is_pack
                else "choose a new or empty directory"
            )
            raise CommandError(f"-o/--output: {error}; {advice}") from error
        except NotADirectoryError as error:
            raise CommandError(f"-o/--output: {error}") from error
        elapsed = time.perf_counter() - started
        files = len(paths) - 1
        self.stdout.write(
            f"Wrote {files} file{'s' if files != 1 else ''} and {INDEX_NAME} to {directory} "
            f"in {elapsed:.1f} s"
        )

    def handle_status(self, options: dict[str, Any]) -> None:
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


def _add_report_parser(reports: Any, kind: ReportKind) -> None:
    parser = reports.add_parser(
        kind.value,
        help=REPORT_HELP[kind],
        description=f"{REPORT_HELP[kind]} Built from published figures. The options are the "
        "query string of the report's stable URL: the browser accepts the same choices.",
    )
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USERNAME",
        help="draw the report as this person sees it (only what their role may read); "
        "without it, the whole council's published figures",
    )
    parser.add_argument(
        "--period",
        action="append",
        required=True,
        help="e.g. 2009/10 Q1 or 2009-10-Q1; a half year (2009/10 H1) for six-monthly; "
        "repeat it (up to 8) to compare periods",
    )
    where = parser.add_argument_group("which part of the council (one of)")
    where.add_argument("--department", help="a department code or name")
    where.add_argument("--directorate", help="a directorate code or name")
    where.add_argument("--priority", help="a priority code or name")
    where.add_argument("--board", help="a board code or name, e.g. PPB-HEALTH")
    where.add_argument("--portfolio", help="a portfolio code or name")
    where.add_argument(
        "--laa", action="store_true", help="the Local Area Agreement's indicators (built)"
    )
    what = parser.add_argument_group("what it shows (default: the report's own choices)")
    what.add_argument(
        "--set",
        action="append",
        help=f"indicator set, repeatable: {', '.join(IndicatorSetChoice.values)}",
    )
    what.add_argument("--content", action="append", help=f"repeatable: {', '.join(Content.values)}")
    what.add_argument(
        "--exceptions-only",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="only the items over or under target",
    )
    what.add_argument("--status", action="append", help=f"repeatable: {', '.join(STATUSES)}")
    what.add_argument("--depth", help=f"{' or '.join(Depth.values)}")
    parser.add_argument(
        "--format",
        choices=ReportFormat.values,
        help="default: from the output file's extension, else json",
    )
    parser.add_argument(
        "-o",
        "--output",
        help="the file to write (or a directory: the report's own file name); "
        "absent or -: html, csv and json to standard output",
    )


def _add_pack_parser(reports: Any) -> None:
    parser = reports.add_parser(
        "pack",
        help="A period's standard pack: every report, a file each, and index.csv.",
        description="Writes every report of the period's standard pack into a directory, one "
        "file per report and format, named <report>-<scope>-<period>.<format>, and index.csv "
        "listing each file with its report, scope, period and stable URL. All or nothing: "
        "the directory appears complete or not at all.",
    )
    parser.add_argument("--period", required=True, help="e.g. 2009/10 Q1, or 2009/10 H2")
    parser.add_argument("-o", "--output", required=True, help="the directory to write")
    parser.add_argument(
        "--format",
        action="append",
        choices=ReportFormat.values,
        help="repeatable; default pdf",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace an earlier pack in the directory (one with an index.csv), and "
        "everything in it; a directory holding anything else is never replaced",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="reports drawn at once, in separate processes (default: one per CPU)",
    )


def _format_and_output(fmt: str | None, output: str | None) -> tuple[ReportFormat, Path | None]:
    """The format to write and the file or directory to write it to (None: standard output)."""
    path = Path(output) if output and output != "-" else None
    if fmt is None and path is not None and not path.is_dir():
        extension = path.suffix.lstrip(".").lower()
        if extension not in ReportFormat.values:
            raise CommandError(
                f"--format: {path.name} does not end in .html, .pdf, .xlsx, .csv or .json; "
                "choose the format with --format"
            )
        fmt = extension
    chosen = ReportFormat(fmt or ReportFormat.JSON)
    if path is None and chosen not in TEXT_FORMATS:
        raise CommandError(
            f"-o/--output: {chosen.value} is not text; name the file to write with -o FILE"
        )
    if path is not None and not path.is_dir() and not path.parent.is_dir():
        raise CommandError(f"-o/--output: there is no directory {path.parent}")
    return chosen, path


def _spec_parameters(kind: ReportKind, options: dict[str, Any]) -> dict[str, Any]:
    """The options as the query-string parameters of the report's stable URL."""
    given = [name for name in SCOPE_OPTIONS if options[name]]
    if len(given) > 1:
        named = " and ".join(f"--{name}" for name in given)
        raise CommandError(f"{named}: choose one; a report covers one part of the council")
    params: dict[str, Any] = {"period": options["period"]}
    if given:
        name = given[0]
        scope = SCOPE_OPTIONS[name]
        allowed = STANDARD_SCOPES[kind]
        if scope not in allowed:
            raise CommandError(f"--{name}: {_drawn_for(kind)}")
        params["scope"] = scope.value
        if scope in SCOPE_PARAMETERS:
            params[SCOPE_PARAMETERS[scope]] = options[name]
    for name in ("set", "content", "status", "depth"):
        if options[name]:
            params[name] = options[name]
    if options["exceptions_only"] is not None:
        params["exceptions"] = "yes" if options["exceptions_only"] else "no"
    return params


def _drawn_for(kind: ReportKind) -> str:
    allowed = STANDARD_SCOPES[kind]
    label = kind.label[0].lower() + kind.label[1:]
    if allowed == (ScopeKind.COUNCIL,):
        return f"the {label} is for the whole council; leave it out"
    options = [OPTION_OF_SCOPE[s] for s in allowed if s in OPTION_OF_SCOPE]
    council = " (or, with none, the whole council)" if ScopeKind.COUNCIL in allowed else ""
    return f"the {label} is drawn for {' or '.join(options)}{council}"


def _naming_option(error: SpecError) -> str:
    """The error's message with the parameter it names written as the option."""
    message = str(error)
    parameter, _, rest = message.partition(": ")
    option = OPTION_OF_PARAMETER.get(parameter)
    return f"{option}: {rest}" if option and rest else message


def _size(count: int) -> str:
    return f"{count / 1024:,.0f} KB" if count >= 1024 else f"{count} bytes"


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


def _reader_limits(username: str | None) -> access.ReportLimits | None:
    """The limits of the person named by ``--as`` (goldenthread.access decides them)."""
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    try:
        if user is None:
            raise Http404
        return access.report_limits(user)
    except Http404:
        raise CommandError(f"--as: there is no user {username!r} who may open reports") from None
