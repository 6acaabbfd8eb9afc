"""The report as a spreadsheet: an "About" sheet (what the report is, the status key, the
totals), then a sheet per section with one row per item, the columns of ``rows.COLUMNS`` that
the section uses. Figures are numbers shown to the indicator's decimals; codes, titles, counts
and addresses link to the pages behind them."""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from goldenthread.reporting.document import STATUS_LABELS, Report
from goldenthread.reporting.render.html import base_url
from goldenthread.reporting.render.rows import COLUMNS, Row, section_rows
from goldenthread.spreadsheet_cells import workbook_bytes

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
# The section's own columns are the sheet: no need to repeat them on every row.
SHEET_COLUMNS = [c for c in COLUMNS if c not in ("section", "section_id", "section_level")]
ALWAYS = {"item_type", "code", "title"}
HEADERS = {
    **{status: label for status, label in STATUS_LABELS.items()},
    "item_type": "Item",
    "status_label": "Status (words)",
    "url": "Link",
    "history_url": "Audit trail",
}
WIDTHS = {"title": 48, "objective": 36, "explanation": 60, "commentary": 48, "text": 60}
WIDTHS |= {"url": 40, "history_url": 32, "department": 28, "section": 28}
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def render_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    about = workbook.active
    assert about is not None
    about.title = "About"
    _about(about, report)
    names = {"about"}
    prefix = base_url()
    for section in report.sections:
        sheet = workbook.create_sheet(sheet_name(section.heading, names))
        _section(sheet, list(section_rows(report, section, prefix=prefix)))
    return workbook_bytes(workbook)


def sheet_name(heading: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (at most 31 characters, none of []:*?/\\), not yet taken
    (Excel compares them ignoring case); ``taken`` gains it."""
    base = SHEET_NAME_FORBIDDEN.sub("-", heading).strip("' ") or "Section"
    name = base[:31]
    number = 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(name.lower())
    return name


def _about(sheet: Worksheet, report: Report) -> None:
    link = base_url() + report.url
    generated = timezone.localtime(report.generated_at).replace(tzinfo=None)
    lines: list[tuple[str, Any]] = [
        ("Report", report.title),
        ("Kind", report.kind_label),
        ("Scope", report.scope_label),
        ("Periods", report.period_label),
        ("Generated", generated),
        ("Basis", report.basis),
        ("Audience", report.audience),
        ("URL", link),
    ]
    for name, value in lines:
        sheet.append([name, value])
        sheet.cell(sheet.max_row, 1).font = BOLD
    sheet.cell(5, 2).number_format = "d mmmm yyyy hh:mm"
    sheet.cell(8, 2).hyperlink = link
    sheet.cell(8, 2).style = "Hyperlink"
    sheet.append([])
    sheet.append(["Status key", "Meaning", "Items in the report"])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    totals = {count.status: count.count for count in report.totals}
    for status, label, meaning in report.status_key:
        sheet.append([label, meaning, totals.get(status, 0)])
    sheet.append(["Total", "", report.total])
    sheet.cell(sheet.max_row, 1).font = BOLD
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 90
    sheet.column_dimensions["C"].width = 20
    for row in sheet.iter_rows(min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def _section(sheet: Worksheet, rows: list[Row]) -> None:
    used = {c for row in rows for c in SHEET_COLUMNS if row[c] not in (None, "")}
    columns = [c for c in SHEET_COLUMNS if c in used or c in ALWAYS]
    sheet.append([HEADERS.get(c, c.replace("_", " ").capitalize()) for c in columns])
    for cell in sheet[1]:
        cell.font = BOLD
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column, 12)
    position = {column: index for index, column in enumerate(columns, start=1)}
    for row in rows:
        sheet.append([row[c] for c in columns])
        line = sheet.max_row
        for column in ("target", "actual"):
            if column in position and row[column] is not None:
                decimals = int(row["decimals"] or 0)
                format_ = "#,##0" + ("." + "0" * decimals if decimals else "")
                sheet.cell(line, position[column]).number_format = format_
        if row["url"]:
            for column in ("code", "title", "url"):
                if row[column]:
                    _link(sheet.cell(line, position[column]), row["url"])
        if row["history_url"]:
            _link(sheet.cell(line, position["history_url"]), row["history_url"])
        for status, url in row.get("_count_urls", {}).items():
            if status in position and row[status]:
                _link(sheet.cell(line, position[status]), url)
        for column in ("title", "explanation", "commentary", "text"):
            if column in position:
                sheet.cell(line, position[column]).alignment = WRAP


def _link(cell: Cell, url: str) -> None:
    cell.hyperlink = url
    cell.style = "Hyperlink"
