"""Reading a CSV or XLSX file into rows numbered as the spreadsheet shows them.

The header is row 1, so the first row of data is row 2. Column names are matched ignoring case,
surrounding spaces, and the difference between a space, a hyphen and an underscore
("Data source" is ``data_source``). Wholly empty rows are skipped.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from goldenthread.indicators.imports.result import RowError
from goldenthread.spreadsheet_reading import Limits, Workbook, WorkbookRefused, open_workbook

ImportSource = str | os.PathLike[str] | IO[bytes]

_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Far more than any council's return; a guard against a runaway upload, not a working limit.
MAX_ROWS = 100_000
MAX_COLUMNS = 50  # the widest file, indicators, has 20
# An XLSX file is checked against these before it is parsed (the header is row 1).
XLSX_LIMITS = Limits(rows=MAX_ROWS + 1, columns=MAX_COLUMNS, what="an import file")
SAVE_AS_HINT = "save it from your spreadsheet as 'CSV UTF-8' or as an Excel workbook (.xlsx)"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False


@dataclass(frozen=True)
class Row:
    number: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class Table:
    columns: tuple[str, ...]  # the columns the file has, by their canonical names
    rows: list[Row]
    errors: list[RowError] = field(default_factory=list)  # rows with cells under no column

    def has(self, column: str) -> bool:
        return column in self.columns


class FileRefused(Exception):
    """The file cannot be read as a table of the expected columns."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


def source_name(source: ImportSource, filename: str | None = None) -> str | None:
    """The name to show for a file: the one given, else the path's or upload's own name."""
    if filename:
        return filename
    if isinstance(source, str | os.PathLike):
        return Path(source).name
    name = getattr(source, "name", None)
    return Path(name).name if isinstance(name, str) and name else None


def read_table(
    source: ImportSource, *, columns: Sequence[Column], filename: str | None = None
) -> Table:
    """Read ``source`` (a path or a binary file object) as a table of ``columns``.

    Raises FileRefused, listing every problem with the file or its header row.
    """
    name = source_name(source, filename) or "the file"
    data = _read_bytes(source, name)
    if not data.startswith(_XLSX_MAGIC):
        return _table(_csv_grid(data, name), columns)
    try:
        with open_workbook(data, name=name, limits=XLSX_LIMITS) as workbook:
            return _table(_xlsx_grid(workbook, name), columns)
    except WorkbookRefused as refused:
        raise FileRefused([_file_error(str(refused))]) from None


def normalise_column(name: str) -> str:
    return re.sub(r"[\s_-]+", "_", name.strip().lower())


# -- bytes --------------------------------------------------------------------------------


def _read_bytes(source: ImportSource, name: str) -> bytes:
    try:
        if isinstance(source, str | os.PathLike):
            data: Any = Path(source).read_bytes()
        else:
            if source.seekable():  # an upload checked once by a dry run is read again whole
                source.seek(0)
            data = source.read()
    except OSError as error:
        raise FileRefused([_file_error(f"{name} could not be opened: {error.strerror}")]) from None
    if isinstance(data, str):  # a file opened in text mode: accept it as written
        data = data.encode("utf-8")
    if not data.strip():
        raise FileRefused([_file_error(f"{name} is empty; its first row must name the columns")])
    return bytes(data)


def _file_error(message: str) -> RowError:
    return RowError(row=None, column=None, value="", message=message)


# -- CSV ----------------------------------------------------------------------------------


def _csv_grid(data: bytes, name: str) -> Iterator[tuple[int, list[str]]]:
    if data.startswith(_XLS_MAGIC):
        raise FileRefused(
            [_file_error(f"{name} is an old-style Excel file (.xls); {SAVE_AS_HINT}")]
        )
    if data.startswith(_UTF16_BOMS) or b"\x00" in data[:4096]:
        raise FileRefused(
            [
                _file_error(
                    f"{name} is not a CSV file in UTF-8 (it looks like UTF-16 or binary); "
                    f"{SAVE_AS_HINT}"
                )
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start : error.start + 1].hex()
        raise FileRefused(
            [
                _file_error(
                    f"{name} is not CSV or XLSX: line {line} is not UTF-8 text "
                    f"(byte 0x{byte}); {SAVE_AS_HINT}"
                )
            ]
        ) from None
    return _csv_records(text, name)


def _csv_records(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    number = 0
    try:
        for number, record in enumerate(reader, start=1):  # noqa: B007 - used after the loop
            yield number, [cell.strip() for cell in record]
    except csv.Error as error:
        raise FileRefused(
            [
                RowError(
                    row=number + 1,
                    column=None,
                    value="",
                    message=f"{name} could not be read as CSV: {error}",
                )
            ]
        ) from None


# -- XLSX ---------------------------------------------------------------------------------


def _xlsx_grid(workbook: Workbook, name: str) -> Iterator[tuple[int, list[str]]]:
    if not workbook.sheetnames:
        raise FileRefused([_file_error(f"{name} has no worksheets")])
    # Every row from row 1, with empty rows for gaps, up to the last row with a value.
    rows = workbook.rows(workbook.sheetnames[0])
    for number, values in enumerate(rows, start=1):
        yield number, [_cell_text(value) for value in values]


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


# -- header and rows ----------------------------------------------------------------------


def _table(grid: Iterator[tuple[int, list[str]]], columns: Sequence[Column]) -> Table:
    header_number, header = _first_nonempty(grid)
    names = _header_names(header_number, header, columns)
    rows: list[Row] = []
    errors: list[RowError] = []
    for number, cells in grid:
        if not any(cells):
            continue
        if len(rows) == MAX_ROWS:
            raise FileRefused(
                [
                    _file_error(
                        f"the file has more than {MAX_ROWS:,} rows; split it into smaller files"
                    )
                ]
            )
        stray = [i for i, cell in enumerate(cells) if cell and (i >= len(names) or not names[i])]
        if stray:
            errors.append(
                RowError(
                    row=number,
                    column=None,
                    value=cells[stray[0]],
                    message=f"{cells[stray[0]]!r} is in column {stray[0] + 1}, "
                    "which has no name in the header row",
                )
            )
        rows.append(
            Row(
                number=number,
                cells={
                    column: cells[i] if i < len(cells) else ""
                    for i, column in enumerate(names)
                    if column
                },
            )
        )
    return Table(columns=tuple(n for n in names if n), rows=rows, errors=errors)


def _first_nonempty(grid: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str]]:
    for number, cells in grid:
        if any(cells):
            return number, cells
    raise FileRefused([_file_error("the file has no rows; its first row must name the columns")])


def _header_names(number: int, header: list[str], columns: Sequence[Column]) -> list[str]:
    """Each header cell's canonical column name ('' for an empty cell), or FileRefused."""
    known = {normalise_column(column.name): column.name for column in columns}
    listing = ", ".join(column.name for column in columns)
    names: list[str] = []
    seen: dict[str, int] = {}
    errors: list[RowError] = []
    for position, raw in enumerate(header, start=1):
        key = normalise_column(raw)
        name = known.get(key, "")
        names.append(name)
        if not raw:
            continue
        if not name:
            hint = ""
            if ";" in raw or "\t" in raw:
                hint = " (columns must be separated by commas)"
            errors.append(
                RowError(
                    row=number,
                    column=raw,
                    value=raw,
                    message=f"{raw!r} is not a column of this file; "
                    f"the columns are {listing}{hint}",
                )
            )
        elif name in seen:
            errors.append(
                RowError(
                    row=number,
                    column=raw,
                    value=raw,
                    message=f"{raw!r} is in columns {seen[name]} and {position}; "
                    "name each column once",
                )
            )
            names[-1] = ""
        else:
            seen[name] = position
    for column in columns:
        if column.required and column.name not in seen:
            errors.append(
                RowError(
                    row=number,
                    column=None,
                    value="",
                    message=f"the required column '{column.name}' is missing",
                )
            )
    if errors:
        raise FileRefused(errors)
    return names
