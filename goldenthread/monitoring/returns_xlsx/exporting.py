"""Writing a department's return as a workbook, filled in with what is held."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from goldenthread import access
from goldenthread.indicators.models import Actual, Indicator, Target
from goldenthread.monitoring.models import CollectionRound, DepartmentNarrative
from goldenthread.monitoring.returns_xlsx.layout import (
    ABOUT,
    FORMAT,
    INDICATOR_COLUMNS,
    INDICATORS,
    INSTRUCTIONS,
    INSTRUCTIONS_TEXT,
    MILESTONE_COLUMNS,
    MILESTONES,
    NARRATIVE,
    NARRATIVE_COLUMNS,
    PROGRESS_LABELS,
    Columns,
)
from goldenthread.monitoring.returns_xlsx.scope import (
    department_for,
    narrates,
    own_items,
    round_for,
)
from goldenthread.monitoring.selectors import DueItem
from goldenthread.organisation.models import Department
from goldenthread.planning.models import Milestone, MilestoneUpdate
from goldenthread.planning.periods import Period
from goldenthread.spreadsheet_cells import workbook_bytes


def _number(value: Decimal | None) -> int | float | None:
    """A figure as a spreadsheet number (the database's trailing zeros dropped)."""
    if value is None:
        return None
    normal = value.normalize()
    return int(normal) if normal == normal.to_integral_value() else float(normal)


def return_export(*, department: Department | str, period: Period | str, acting_user: Any) -> bytes:
    """The department's return for the round's quarter as an XLSX workbook, filled in with
    what is held: the items this person's return page shows them, and no others. For the
    performance team and the department's managers that is the whole return; for someone
    who answers for a few of its items (a partner officer, another department's officer),
    those items only, and the narrative row only for those who write it."""
    import openpyxl  # only the pages and commands that make workbooks pay for it

    department = department_for(acting_user, department)
    round_ = round_for(period)
    due = own_items(acting_user, round_, department)
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

    _indicator_sheet(
        workbook.create_sheet(INDICATORS),
        [i for i in due if i.kind == "actual"],
        access.visible_actuals(acting_user),
    )
    _milestone_sheet(
        workbook.create_sheet(MILESTONES),
        [i for i in due if i.kind == "milestone_update"],
        round_.quarter,
    )
    _narrative_sheet(
        workbook.create_sheet(NARRATIVE), round_, department, narrates(acting_user, department)
    )
    about = workbook.create_sheet(ABOUT)
    about.append(["format", FORMAT])
    about.append(["department", department.code])
    about.append(["period", str(round_.quarter)])
    about.sheet_state = "hidden"
    return workbook_bytes(workbook)


def _sheet(sheet: Any, columns: Columns, rows: list[list[Any]]) -> None:
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


def _indicator_sheet(sheet: Any, items: list[DueItem], visible: QuerySet[Actual]) -> None:
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=[i.code for i in items])}
    periods: set[Period] = set()
    for item in items:
        periods |= {item.period, item.period.previous(), item.period.same_period_last_year()}
        periods.add(item.period.financial_year)
    ids = [i.pk for i in indicators.values()]
    actuals = {
        (a.indicator_id, a.period): a
        for a in visible.filter(indicator_id__in=ids, period__in=list(periods))
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


def _narrative_sheet(
    sheet: Any, round_: CollectionRound, department: Department, narrates: bool
) -> None:
    if not narrates:  # the sheet stays, with no row: the upload reads every sheet
        _sheet(sheet, NARRATIVE_COLUMNS, [])
        return
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
