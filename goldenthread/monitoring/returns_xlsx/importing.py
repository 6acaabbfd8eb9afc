"""Reading a filled-in return workbook and saving it through the services, all or nothing."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.http import Http404

from goldenthread.indicators.imports.reading import _cell_text, normalise_column, source_name
from goldenthread.indicators.models import Actual, Indicator
from goldenthread.monitoring.checks import Severity, to_decimal
from goldenthread.monitoring.models import (
    ChangeHow,
    CollectionRound,
    DepartmentNarrative,
    history_text,
)
from goldenthread.monitoring.returns_xlsx.about import whose_return
from goldenthread.monitoring.returns_xlsx.layout import (
    INDICATOR_COLUMNS,
    INDICATORS,
    MILESTONE_COLUMNS,
    MILESTONES,
    NARRATIVE,
    NARRATIVE_COLUMNS,
    PROGRESS_LABELS,
    Columns,
)
from goldenthread.monitoring.returns_xlsx.result import (
    LeftAlone,
    ReturnFileRefused,
    ReturnImportResult,
    ReturnRowError,
)
from goldenthread.monitoring.returns_xlsx.scope import (
    due_items,
    narrates,
    own_items,
)
from goldenthread.monitoring.selectors import DueItem
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
from goldenthread.planning.periods import Period
from goldenthread.spreadsheet_reading import Limits, Workbook, WorkbookRefused, open_workbook
from goldenthread.workflow import WorkflowState

Source = str | os.PathLike[str] | IO[bytes]

# A return has a row for each of a department's items, some hundreds at most; the columns are
# the sixteen of the Indicators sheet and any notes a person adds. Far more is not a return.
MAX_RETURN_ROWS = 5_000
MAX_RETURN_COLUMNS = 50
RETURN_LIMITS = Limits(rows=MAX_RETURN_ROWS, columns=MAX_RETURN_COLUMNS, what="a return")


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


def _rows(workbook: Workbook, name: str, columns: Columns) -> Iterator[_SheetRow]:
    if name not in workbook.sheetnames:
        raise ReturnFileRefused(f"The workbook has no '{name}' sheet: is it a downloaded return?")
    grid = workbook.rows(name)
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
    expected_department: Department | None = None,
    expected_period: Period | None = None,
) -> ReturnImportResult:
    """Save what a filled-in return workbook holds, through the same services (and checks) as
    the forms. All or nothing: when any row is refused, nothing is written and ``errors`` lists
    every refused row. Raises ReturnFileRefused for a workbook that is not a return (or is
    larger than a return can be, or names a quarter with no open round, or is not the
    ``expected_department``'s return for ``expected_period`` when they are given), and
    Http404 when the person may not enter anything in the department's return."""
    name = source_name(source) or "the file"
    try:
        with open_workbook(_read_bytes(source), name=name, limits=RETURN_LIMITS) as workbook:
            department, round_ = whose_return(
                workbook,
                acting_user=acting_user,
                expected_department=expected_department,
                expected_period=expected_period,
            )
            rows = [
                (list(_rows(workbook, sheet, columns)), handle) for sheet, columns, handle in SHEETS
            ]
    except WorkbookRefused as refused:
        raise ReturnFileRefused(str(refused)) from None
    result = ReturnImportResult(department.code, str(round_.quarter), dry_run)
    due = due_items(round_, department)
    context = _Context(
        acting_user=acting_user,
        how=how,
        round=round_,
        department=department,
        actuals={i.code: i for i in due if i.kind == "actual"},
        milestones={i.code: i for i in due if i.kind == "milestone_update"},
        theirs={i.code for i in own_items(acting_user, round_, department)},
        narrates=narrates(acting_user, department),
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
    theirs: set[str]  # the codes of the items the person may enter
    narrates: bool  # whether they write the department's narrative
    result: ReturnImportResult


# Any filled-in row of someone else's item is refused with this, changed or not and whatever
# the item's state, so the upload cannot be used to test guesses at figures they may not see.
NOT_YOURS = "You may not enter this item."


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
        errors.append(row.error(None, NOT_YOURS))
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
    if item.code not in context.theirs:
        result.errors.append(row.error(None, NOT_YOURS))
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
    if item.code not in context.theirs:
        result.errors.append(row.error(None, NOT_YOURS))
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
    if row.number != 2:
        result.errors.append(
            row.error(None, "The narrative is one row, row 2; this row is not part of it.")
        )
        return
    if not row["key_developments"] and not row["emerging_issues"]:
        result.blank += 1
        return
    if not context.narrates:
        result.errors.append(row.error(None, NOT_YOURS))
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


SHEETS: list[tuple[str, Columns, Callable[[_Context, _SheetRow], None]]] = [
    (INDICATORS, INDICATOR_COLUMNS, _import_indicator),
    (MILESTONES, MILESTONE_COLUMNS, _import_milestone),
    (NARRATIVE, NARRATIVE_COLUMNS, _import_narrative),
]
