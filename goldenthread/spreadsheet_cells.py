"""Words stay words in every spreadsheet the product writes: the one place for the rule.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and
some strip a leading tab or carriage return first (OWASP, "CSV injection"). Titles,
commentary, explanations and narrative are free text typed by people, so a commentary of
``=HYPERLINK("http://evil.example","click")`` must reach the reader as those words, never as
a live link or a command.

- CSV (``csv_cell``): a text cell that starts with one of those characters is written with a
  leading apostrophe, which spreadsheets take as "this is text". The exception is text that is
  a plain number (``-3.5``, ``+1.5e3``): a spreadsheet reads it as that number, which is what
  the text says and runs nothing, so it is left alone; numbers themselves (figures, targets,
  counts) are never touched. Text that only looks numeric to Python (``-inf``, ``-1_000``) is
  not a number to a spreadsheet, so it gets the apostrophe. ``None`` is an empty cell.
- XLSX (``workbook_bytes``): the file says what each cell is, so no character is added. openpyxl
  guesses a type from the value and would store text starting with ``=`` as a formula and
  ``#N/A`` as an error; every such cell, and every text cell starting with one of the
  characters above, is stored as text with the "quote prefix" style. Excel and LibreOffice
  show it exactly as typed, with no apostrophe, and keep it text when someone edits the cell.
  A return workbook downloaded and uploaded back therefore carries every commentary unchanged.
- JSON is not a spreadsheet: it carries the words exactly as typed.

Every CSV and XLSX writer goes through these two functions: report and open data CSV, the
report and return workbooks, the commands' ``--format csv`` and a pack's ``index.csv``.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # openpyxl is imported only by the pages and commands that make workbooks
    from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number as a spreadsheet reads one: digits, an optional point and exponent.
PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
NUMBERS = (int, float, Decimal)  # bool is an int: True and False are written as they are
# openpyxl's guesses that turn text into something other than text: a formula, an error.
GUESSED_TYPES = ("f", "e")


def csv_cell(value: Any) -> Any:
    """``value`` as a CSV cell a spreadsheet shows as written (the module's docstring)."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, NUMBERS):
        return value
    else:
        text = str(value)  # a period, a date or a translated label is written as its text
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def workbook_bytes(workbook: Workbook) -> bytes:
    """``workbook`` saved as an XLSX file in which every text cell is text (the module's
    docstring): no formula, no error, whatever people typed."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and (
                    cell.data_type in GUESSED_TYPES or cell.value.startswith(FORMULA_STARTS)
                ):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
