"""A department's quarterly return as an Excel workbook: download it filled in, enter the
figures, milestone progress and narrative offline, and upload it back.

The workbook has four sheets: Instructions, Indicators, Milestones and Narrative (and a hidden
one naming the department and quarter). Each item's row carries the version of the item when
the file was made, in a hidden column, so a change someone made since is reported rather than
overwritten.

An upload goes through the services (``actual_save``, ``milestone_progress_save``,
``narrative_save``), so it passes exactly the checks the form applies, and it is all or
nothing: one transaction, rolled back when any row is refused. A row whose cells to fill in
are all blank is "not entered yet" and skipped; a row that matches what is held is unchanged
and writes nothing, so uploading the same file twice changes nothing the second time.
"""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.http import Http404

from goldenthread import access
from goldenthread.indicators.imports.reading import _cell_text, normalise_column
from goldenthread.indicators.models import Actual, Indicator, Target
from goldenthread.monitoring.checks import Severity, to_decimal
from goldenthread.monitoring.models import (
    ChangeHow,
    CollectionRound,
    DepartmentNarrative,
    history_text,
)
from goldenthread.monitoring.selectors import DueItem, round_returns
from goldenthread.monitoring.services import (
    EntryRefused,
    MonitoringError,
    StaleEdit,
    TransitionRefused,
    actual_save,
    milestone_progress_save,
    narrative_save,
)
from goldenthread.organisation.models import Department
from goldenthread.planning.models import Milestone, MilestoneProgress, MilestoneUpdate
from goldenthread.planning.periods import Period, PeriodError
from goldenthread.workflow import WorkflowState

Source = str | os.PathLike[str] | IO[bytes]

INDICATORS, MILESTONES, NARRATIVE, INSTRUCTIONS, ABOUT = (
    "Indicators",
    "Milestones",
    "Narrative",
    "Instructions",
    "About",
)
FORMAT = "golden-thread-return-1"

# (column, heading width, to fill in?) in sheet order; "version" is hidden.
INDICATOR_COLUMNS: tuple[tuple[str, int, bool], ...] = (
    ("code", 12, False),
    ("title", 40, False),
    ("period", 12, False),
    ("unit", 10, False),
    ("decimals", 9, False),
    ("polarity", 9, False),
    ("target", 10, False),
    ("previous_quarter", 12, False),
    ("same_quarter_last_year", 12, False),
    ("state", 11, False),
    ("value", 10, True),
    ("numerator", 11, True),
    ("denominator", 12, True),
    ("commentary", 50, True),
    ("explanation", 40, True),
    ("version", 8, False),
)
MILESTONE_COLUMNS: tuple[tuple[str, int, bool], ...] = (
    ("code", 12, False),
    ("title", 40, False),
    ("objective", 30, False),
    ("due", 12, False),
    ("latest_progress", 24, False),
    ("state", 11, False),
    ("progress", 12, True),
    ("commentary", 50, True),
    ("version", 8, False),
)
NARRATIVE_COLUMNS: tuple[tuple[str, int, bool], ...] = (
    ("department", 24, False),
    ("period", 12, False),
    ("state", 11, False),
    ("key_developments", 60, True),
    ("emerging_issues", 60, True),
    ("version", 8, False),
)
# The statuses offered in the sheet's drop-down, in the order officers know them.
PROGRESS_ORDER = (
    MilestoneProgress.ON_TRACK,
    MilestoneProgress.AT_RISK,
    MilestoneProgress.MISSED,
    MilestoneProgress.COMPLETE,
    MilestoneProgress.WILL_MISS,
)
PROGRESS_LABELS = tuple(str(p.label) for p in PROGRESS_ORDER)

INSTRUCTIONS_TEXT = (
    "How to fill in this return",
    "",
    "Fill in the white columns only; the grey ones are what Golden Thread holds, for reference.",
    "Indicators: enter the value, or the numerator and denominator (the value is then worked "
    "out). Round the value to the indicator's decimals yourself.",
    "A red figure or milestone needs commentary. A figure that moved a lot, or a year-to-date "
    "figure that fell, needs an explanation in the explanation column.",
    "Milestones: choose the progress from the drop-down list.",
    "Narrative: the department's key developments and emerging issues for the quarter.",
    "Leave a row blank if you have nothing to enter yet: it is skipped, not refused.",
    "Items already submitted to the performance team are left alone; ask them to return an "
    "item to change it.",
    "Upload the whole file: if any row is refused nothing is saved, and every refused row is "
    "listed with its sheet, row and column.",
    "Do not add, remove or rename columns, or change the hidden version column: it tells Golden "
    "Thread whether someone changed an item after you downloaded this file.",
)


class ReturnFileRefused(MonitoringError):
    """The workbook is not a return Golden Thread can read."""


@dataclass(frozen=True)
class ReturnRowError:
    """One reason an upload was refused: where (sheet, row as the spreadsheet numbers it,
    column), the value found, and why."""

    sheet: str
    row: int | None
    column: str | None
    value: str
    message: str

    def __str__(self) -> str:
        where = [f"sheet '{self.sheet}'"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


@dataclass(frozen=True)
class LeftAlone:
    """A row the upload did not write, and why (the item has moved on from draft)."""

    sheet: str
    row: int
    code: str
    reason: str

    def __str__(self) -> str:
        return f"sheet '{self.sheet}', row {self.row} ({self.code}): {self.reason}"


@dataclass
class ReturnImportResult:
    department: str = ""
    period: str = ""
    dry_run: bool = False
    entered: int = 0  # created or changed
    unchanged: int = 0
    blank: int = 0  # nothing entered yet: skipped
    left_alone: list[LeftAlone] = field(default_factory=list)
    errors: list[ReturnRowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """``return EH 2009/10 Q2: 12 entered, 3 unchanged, 2 left alone; 0 errors``."""
        errors = len(self.errors)
        line = (
            f"return {self.department} {self.period}: {self.entered} entered, "
            f"{self.unchanged} unchanged, {len(self.left_alone)} left alone, {self.blank} blank; "
            f"{errors} error{'' if errors == 1 else 's'}"
        )
        if not self.ok:
            return f"{line}; file refused, nothing written"
        return f"{line} (dry run: nothing written)" if self.dry_run else line


# -- export ----------------------------------------------------------------------------------


def _department_for(acting_user: Any, department: Department | str) -> Department:
    """The department, if this person may enter anything in its return; Http404 otherwise,
    the same as a department that does not exist."""
    code = department.code if isinstance(department, Department) else department
    found = Department.objects.filter(code=code).first()
    if found is None:
        raise Http404("Not found")
    if access.narratable_departments(acting_user).filter(pk=found.pk).exists():
        return found
    if (
        access.enterable_indicators(acting_user).filter(department=found).exists()
        or access.enterable_milestones(acting_user)
        .filter(objective__plan__department=found)
        .exists()
    ):
        return found
    raise Http404("Not found")


def _round_for(period: Period | str) -> CollectionRound:
    try:
        quarter = period if isinstance(period, Period) else Period.parse(period)
    except PeriodError as error:
        raise MonitoringError(str(error)) from None
    found = CollectionRound.objects.filter(quarter=quarter).first()
    if found is None:
        raise MonitoringError(f"No collection round is open for {quarter}.")
    return found


def _due(round_: CollectionRound, department: Department) -> list[DueItem]:
    for department_return in round_returns(round_):
        if department_return.department.pk == department.pk:
            return department_return.items
    return []


def _number(value: Decimal | None) -> int | float | None:
    """A figure as a spreadsheet number (the database's trailing zeros dropped)."""
    if value is None:
        return None
    normal = value.normalize()
    return int(normal) if normal == normal.to_integral_value() else float(normal)


def return_export(*, department: Department | str, period: Period | str, acting_user: Any) -> bytes:
    """The department's return for the round's quarter as an XLSX workbook, filled in with
    what is held."""
    import openpyxl  # only the pages and commands that make workbooks pay for it

    department = _department_for(acting_user, department)
    round_ = _round_for(period)
    due = _due(round_, department)
    workbook = openpyxl.Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS
    heading = f"{department.name} ({department.code}): return for {round_.quarter}"
    instructions.append([heading])
    instructions.append([f"Deadline: {round_.deadline:%d %B %Y}"])
    for line in INSTRUCTIONS_TEXT:
        instructions.append([line])
    instructions.column_dimensions["A"].width = 110
    instructions["A1"].font = openpyxl.styles.Font(bold=True, size=14)

    _indicator_sheet(workbook.create_sheet(INDICATORS), [i for i in due if i.kind == "actual"])
    _milestone_sheet(
        workbook.create_sheet(MILESTONES),
        [i for i in due if i.kind == "milestone_update"],
        round_.quarter,
    )
    _narrative_sheet(workbook.create_sheet(NARRATIVE), round_, department)
    about = workbook.create_sheet(ABOUT)
    about.append(["format", FORMAT])
    about.append(["department", department.code])
    about.append(["period", str(round_.quarter)])
    about.sheet_state = "hidden"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet(sheet: Any, columns: tuple[tuple[str, int, bool], ...], rows: list[list[Any]]) -> None:
    from openpyxl.styles import Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter

    grey = PatternFill("solid", start_color="E7E6E6", end_color="E7E6E6")
    sheet.append([name for name, _, _ in columns])
    for row in rows:
        sheet.append(row)
    for index, (name, width, editable) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        sheet.column_dimensions[letter].hidden = name == "version"
        sheet.cell(row=1, column=index).font = Font(bold=True)
        for number in range(2, len(rows) + 2):
            cell = sheet.cell(row=number, column=index)
            if editable:
                cell.protection = Protection(locked=False)
                if name in ("commentary", "explanation", "key_developments", "emerging_issues"):
                    cell.number_format = "@"
            else:
                cell.fill = grey
    sheet.freeze_panes = "C2"
    # Locked, not secret: there is no password, so anyone may unprotect to resize or sort.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _indicator_sheet(sheet: Any, items: list[DueItem]) -> None:
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=[i.code for i in items])}
    periods: set[Period] = set()
    for item in items:
        periods |= {item.period, item.period.previous(), item.period.same_period_last_year()}
        periods.add(item.period.financial_year)
    ids = [i.pk for i in indicators.values()]
    actuals = {
        (a.indicator_id, a.period): a
        for a in Actual.objects.filter(indicator_id__in=ids, period__in=list(periods))
    }
    targets = {
        (t.indicator_id, t.period): t.value
        for t in Target.objects.filter(indicator_id__in=ids, period__in=list(periods))
    }
    rows = []
    for item in items:
        indicator = indicators[item.code]
        period = item.period
        held = actuals.get((indicator.pk, period))
        earlier = actuals.get((indicator.pk, period.previous()))
        last_year = actuals.get((indicator.pk, period.same_period_last_year()))
        target = targets.get(
            (indicator.pk, period), targets.get((indicator.pk, period.financial_year))
        )
        rows.append(
            [
                indicator.code,
                indicator.title,
                str(period),
                indicator.unit,
                indicator.decimals,
                indicator.polarity,
                _number(target),
                _number(earlier.value) if earlier else None,
                _number(last_year.value) if last_year else None,
                held.state if held else "",
                _number(held.value) if held else None,
                _number(held.numerator) if held else None,
                _number(held.denominator) if held else None,
                held.commentary if held else None,
                None,
                held.version if held else None,
            ]
        )
    _sheet(sheet, INDICATOR_COLUMNS, rows)


def _milestone_sheet(sheet: Any, items: list[DueItem], quarter: Period) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    milestones = {
        m.code: m
        for m in Milestone.objects.filter(code__in=[i.code for i in items]).select_related(
            "objective"
        )
    }
    updates: dict[int, list[MilestoneUpdate]] = {}
    for update in MilestoneUpdate.objects.filter(
        milestone__in=list(milestones.values()), period__lte=quarter
    ).order_by("period"):
        updates.setdefault(update.milestone_id, []).append(update)
    rows = []
    for item in items:
        milestone = milestones[item.code]
        history = updates.get(milestone.pk, [])
        held = next((u for u in history if u.period == quarter), None)
        earlier = [u for u in history if u.period != quarter]
        latest = f"{earlier[-1].get_progress_display()} ({earlier[-1].period})" if earlier else ""
        rows.append(
            [
                milestone.code,
                milestone.title,
                f"{milestone.objective.code} {milestone.objective.title}",
                str(milestone.due),
                latest,
                held.state if held else "",
                held.get_progress_display() if held else None,
                held.commentary if held else None,
                held.version if held else None,
            ]
        )
    _sheet(sheet, MILESTONE_COLUMNS, rows)
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(PROGRESS_LABELS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Progress",
        error="Choose one of: " + ", ".join(PROGRESS_LABELS),
    )
    sheet.add_data_validation(validation)
    # The whole column, so rows beyond the last milestone are covered too.
    validation.add("G2:G1000")


def _narrative_sheet(sheet: Any, round_: CollectionRound, department: Department) -> None:
    held = DepartmentNarrative.objects.filter(round=round_, department=department).first()
    _sheet(
        sheet,
        NARRATIVE_COLUMNS,
        [
            [
                f"{department.code} {department.name}",
                str(round_.quarter),
                held.state if held else "",
                held.key_developments if held else None,
                held.emerging_issues if held else None,
                held.version if held else None,
            ]
        ],
    )
    for column in ("D", "E"):
        sheet[f"{column}2"].alignment = _wrap()
    sheet.row_dimensions[2].height = 150


def _wrap() -> Any:
    from openpyxl.styles import Alignment

    return Alignment(wrap_text=True, vertical="top")


# -- import ----------------------------------------------------------------------------------


@dataclass
class _SheetRow:
    sheet: str
    number: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")

    def error(self, column: str | None, message: str) -> ReturnRowError:
        return ReturnRowError(
            self.sheet, self.number, column, self.cells.get(column or "", ""), message
        )


def _read_bytes(source: Source) -> bytes:
    if isinstance(source, str | os.PathLike):
        return Path(source).read_bytes()
    data = source.read()
    return data if isinstance(data, bytes) else bytes(data)


def _rows(
    workbook: Any, name: str, columns: tuple[tuple[str, int, bool], ...]
) -> Iterator[_SheetRow]:
    if name not in workbook.sheetnames:
        raise ReturnFileRefused(f"The workbook has no '{name}' sheet: is it a downloaded return?")
    grid = workbook[name].iter_rows(values_only=True)
    header = [normalise_column(_cell_text(v)) for v in next(grid, ())]
    expected = [c for c, _, _ in columns]
    missing = [c for c in expected if c not in header]
    if missing:
        raise ReturnFileRefused(
            f"The '{name}' sheet has no column {', '.join(repr(m) for m in missing)}: "
            "do not rename or remove columns."
        )
    for number, values in enumerate(grid, start=2):
        cells = {
            header[i]: _cell_text(v)
            for i, v in enumerate(values)
            if i < len(header) and header[i] in expected
        }
        if any(cells.values()):
            yield _SheetRow(name, number, cells)


def _about(workbook: Any) -> dict[str, str]:
    if ABOUT not in workbook.sheetnames:
        raise ReturnFileRefused(
            "This workbook is not a Golden Thread return (it has no hidden 'About' sheet): "
            "download the return again and enter the figures in that file."
        )
    return {
        _cell_text(key): _cell_text(value)
        for key, value, *_ in workbook[ABOUT].iter_rows(values_only=True, max_col=2)
    }


def _version(row: _SheetRow, errors: list[ReturnRowError]) -> int | None | bool:
    """The version the file was made from: None for an item not entered then; False (and an
    error) when the hidden cell was tampered with."""
    raw = row["version"]
    if not raw:
        return None
    try:
        return int(Decimal(raw))
    except (InvalidOperation, ValueError):
        errors.append(row.error("version", f"{raw!r} is not a version number: do not edit it."))
        return False


def _same_figure(raw: str, held: Decimal | None) -> bool:
    try:
        typed = to_decimal(raw)
    except (InvalidOperation, ValueError):
        return False
    return history_text(typed) == history_text(held)


def _left_alone_reason(state: str, label: str) -> str:
    return (
        f"{label} is already {state}; it was left alone. Ask the performance team to return it "
        "if it needs changing."
    )


def _stale(row: _SheetRow, error: StaleEdit) -> ReturnRowError:
    return row.error(
        "version",
        f"Someone changed this item after the file was downloaded (the file has version "
        f"{error.expected_version or 'none'}; it is now version {error.current_version}). "
        "Nothing was saved: download the return again and enter your change in it.",
    )


def _refused(row: _SheetRow, error: EntryRefused) -> list[ReturnRowError]:
    found = []
    for finding in error.result.errors:
        found.append(row.error(finding.field, finding.message))
    if error.result.needs_explanation:
        for finding in error.result.findings:
            if finding.severity is Severity.WARNING:
                found.append(
                    row.error(
                        finding.field,
                        f"{finding.message} Say why in the explanation column to save it.",
                    )
                )
    return found


def return_import(
    *,
    source: Source,
    acting_user: Any,
    how: ChangeHow | str = ChangeHow.UPLOAD,
    dry_run: bool = False,
) -> ReturnImportResult:
    """Save what a filled-in return workbook holds, through the same services (and checks) as
    the forms. All or nothing: when any row is refused, nothing is written and ``errors`` lists
    every refused row. Raises ReturnFileRefused for a workbook that is not a return, and
    Http404 when the person may not enter anything in the department's return."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it ignores
            workbook = openpyxl.load_workbook(io.BytesIO(_read_bytes(source)), data_only=True)
    except Exception as error:  # a damaged workbook fails in zipfile, XML or openpyxl code
        raise ReturnFileRefused(
            f"The file could not be read as an Excel workbook: {error}"
        ) from None
    about = _about(workbook)
    department = _department_for(acting_user, about.get("department", ""))
    round_ = _round_for(about.get("period", ""))
    result = ReturnImportResult(department.code, str(round_.quarter), dry_run)
    sheets: list[tuple[str, tuple[tuple[str, int, bool], ...], Callable[..., None]]] = [
        (INDICATORS, INDICATOR_COLUMNS, _import_indicator),
        (MILESTONES, MILESTONE_COLUMNS, _import_milestone),
        (NARRATIVE, NARRATIVE_COLUMNS, _import_narrative),
    ]
    rows = [(list(_rows(workbook, name, columns)), handle) for name, columns, handle in sheets]
    due = _due(round_, department)
    context = _Context(
        acting_user=acting_user,
        how=how,
        round=round_,
        department=department,
        actuals={i.code: i for i in due if i.kind == "actual"},
        milestones={i.code: i for i in due if i.kind == "milestone_update"},
        result=result,
    )
    with transaction.atomic():
        for sheet_rows, handle in rows:
            seen: dict[str, int] = {}
            for row in sheet_rows:
                code = row["code"]
                if code and code in seen:
                    result.errors.append(row.error("code", f"{code} is also on row {seen[code]}."))
                    continue
                seen[code] = row.number
                handle(context, row)
        if result.errors or dry_run:
            transaction.set_rollback(True)
    if result.errors:
        result.entered = 0
    return result


@dataclass
class _Context:
    acting_user: Any
    how: ChangeHow | str
    round: CollectionRound
    department: Department
    actuals: dict[str, DueItem]
    milestones: dict[str, DueItem]
    result: ReturnImportResult


def _save(context: _Context, row: _SheetRow, save: Callable[[], Any]) -> None:
    """Call one service in a savepoint, turning its refusals into row errors."""
    errors = context.result.errors
    try:
        with transaction.atomic():
            save()
    except EntryRefused as error:
        errors.extend(_refused(row, error))
    except StaleEdit as error:
        errors.append(_stale(row, error))
    except (TransitionRefused, MonitoringError) as error:
        errors.append(row.error(None, str(error)))
    except Http404:
        errors.append(row.error("code", "You may not enter this item."))
    else:
        context.result.entered += 1


def _import_indicator(context: _Context, row: _SheetRow) -> None:
    result = context.result
    item = context.actuals.get(row["code"])
    if item is None:
        result.errors.append(
            row.error(
                "code",
                f"{row['code']!r} is not an indicator in {context.department.code}'s return for "
                f"{context.round.quarter}.",
            )
        )
        return
    entry = ("value", "numerator", "denominator", "commentary")
    if not any(row[name] for name in entry):
        result.blank += 1
        return
    version = _version(row, result.errors)
    if version is False:
        return
    held = Actual.objects.filter(indicator__code=item.code, period=item.period).first()
    if held is not None and _actual_unchanged(row, held):
        result.unchanged += 1
        return
    if held is not None and held.state != WorkflowState.DRAFT:
        result.left_alone.append(
            LeftAlone(
                row.sheet, row.number, item.code, _left_alone_reason(held.state, "The figure")
            )
        )
        return
    indicator = Indicator.objects.get(code=item.code)
    _save(
        context,
        row,
        lambda: actual_save(
            acting_user=context.acting_user,
            indicator=indicator,
            period=item.period,
            value=row["value"] or None,
            numerator=row["numerator"] or None,
            denominator=row["denominator"] or None,
            commentary=row["commentary"],
            explanation=row["explanation"],
            expected_version=version or None,
            how=context.how,
        ),
    )


def _actual_unchanged(row: _SheetRow, held: Actual) -> bool:
    if row["commentary"] != held.commentary:
        return False
    if not (
        _same_figure(row["numerator"], held.numerator)
        and _same_figure(row["denominator"], held.denominator)
    ):
        return False
    # A value left empty beside a numerator and denominator is the one worked out from them.
    return _same_figure(row["value"], held.value) or (
        not row["value"] and held.numerator is not None
    )


def _progress(raw: str) -> str | None:
    key = normalise_column(raw)
    for choice in MilestoneProgress:
        if key in (choice.value, normalise_column(str(choice.label))):
            return choice.value
    return None


def _import_milestone(context: _Context, row: _SheetRow) -> None:
    result = context.result
    item = context.milestones.get(row["code"])
    if item is None:
        result.errors.append(
            row.error(
                "code",
                f"{row['code']!r} is not a milestone in {context.department.code}'s return for "
                f"{context.round.quarter}.",
            )
        )
        return
    if not row["progress"] and not row["commentary"]:
        result.blank += 1
        return
    progress = _progress(row["progress"])
    if progress is None:
        result.errors.append(
            row.error(
                "progress",
                f"{row['progress']!r} is not a milestone status; choose one of "
                f"{', '.join(PROGRESS_LABELS)}.",
            )
        )
        return
    version = _version(row, result.errors)
    if version is False:
        return
    held = MilestoneUpdate.objects.filter(milestone__code=item.code, period=item.period).first()
    if held is not None and held.progress == progress and held.commentary == row["commentary"]:
        result.unchanged += 1
        return
    if held is not None and held.state != WorkflowState.DRAFT:
        result.left_alone.append(
            LeftAlone(
                row.sheet, row.number, item.code, _left_alone_reason(held.state, "The progress")
            )
        )
        return
    milestone = Milestone.objects.get(code=item.code)
    _save(
        context,
        row,
        lambda: milestone_progress_save(
            acting_user=context.acting_user,
            milestone=milestone,
            period=item.period,
            progress=progress,
            commentary=row["commentary"],
            expected_version=version or None,
            how=context.how,
        ),
    )


def _import_narrative(context: _Context, row: _SheetRow) -> None:
    result = context.result
    if not row["key_developments"] and not row["emerging_issues"]:
        result.blank += 1
        return
    version = _version(row, result.errors)
    if version is False:
        return
    held = DepartmentNarrative.objects.filter(
        round=context.round, department=context.department
    ).first()
    if (
        held is not None
        and held.key_developments == row["key_developments"]
        and held.emerging_issues == row["emerging_issues"]
    ):
        result.unchanged += 1
        return
    if held is not None and held.state != WorkflowState.DRAFT:
        result.left_alone.append(
            LeftAlone(
                row.sheet,
                row.number,
                context.department.code,
                _left_alone_reason(held.state, "The narrative"),
            )
        )
        return
    _save(
        context,
        row,
        lambda: narrative_save(
            acting_user=context.acting_user,
            round=context.round,
            department_code=context.department.code,
            key_developments=row["key_developments"],
            emerging_issues=row["emerging_issues"],
            expected_version=version or None,
            how=context.how,
        ),
    )
