"""Opening an uploaded XLSX workbook without letting it take the server's memory or time.

An XLSX file is a zip of XML files, and a few hundred kilobytes of zip can hold a sheet of
millions of rows (a "zip bomb"): issue 11's 446 KB return took 1.7 GB and 40 seconds to read.
openpyxl reads the whole of a sheet that does not state its size before it yields a row, even
read-only, and reads every shared string up front. So before openpyxl parses anything:

1. the zip's directory is checked: how many files it holds, their size once uncompressed,
   and how far each is compressed (a sheet's XML shrinks 5 to 20 times; a bomb's, hundreds);
2. each worksheet and the shared strings are read once as a stream of XML tags (expat, 64 KB
   at a time, nothing kept), stopping at the first sign that they pass the caller's caps: the
   size the sheet states (``<dimension ref="A1:X3000000">``), then the rows and columns that
   hold a value, whatever it states;
3. openpyxl opens the workbook read-only and yields rows one at a time, up to the last row
   with a value.

Every XLSX file the product reads (returns, indicator, target and actual imports) is opened
here, through ``open_workbook``.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any
from xml.parsers import expat

# A real return of 400 rows is about 50 KB of zip and 1 MB of XML; a 100,000-row import is
# about 30 MB of XML. Generous for real files, and far short of what hurts the server.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 500  # a workbook holds a few dozen files
# How far one file may be compressed. A sheet's XML shrinks 5 to 20 times; rows of one
# repeated cell shrink hundreds of times. Files under a megabyte are too small to matter.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
MAX_CELLS_IN_A_ROW = 16_384  # Excel's own limit; a row with more cells is not a spreadsheet's
# The parts openpyxl parses whole, into objects (the workbook, its styles, the relationships,
# chart sheets and their charts): tens of kilobytes in a real file; Excel's most styles
# (64,000) are some megabytes.
MAX_PART_BYTES = 10 * 1024 * 1024
PARSED_WHOLE = (
    "[Content_Types].xml",
    "xl/workbook.xml",
    "xl/styles.xml",
    "docProps/",
    "xl/chartsheets/",
    "xl/charts/",
    "xl/drawings/",
)
# The shared strings hold each text once, so there are no more of them than cells with a
# value; some writers keep a few strings no cell uses.
SPARE_SHARED_STRINGS = 1_000
SCAN_CHUNK_BYTES = 64 * 1024

_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)$")


class WorkbookRefused(Exception):
    """The file is not a workbook Golden Thread will read; the message says what and where."""


@dataclass(frozen=True)
class Limits:
    """The most a caller reads: rows and columns of each sheet, counted as the spreadsheet
    numbers them (the header is row 1), and what the file is, for the messages ("a return")."""

    rows: int
    columns: int
    what: str


@dataclass(frozen=True)
class _Extent:
    """The last row and column of a sheet that hold a value (0 when it holds none)."""

    rows: int
    columns: int


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


class Workbook:
    """An open workbook whose every sheet has been checked against the limits."""

    def __init__(self, book: Any, extents: dict[str, _Extent], name: str, limits: Limits):
        self._book = book
        self._extents = extents
        self._name = name
        self._limits = limits

    @property
    def sheetnames(self) -> list[str]:
        """The worksheets, in the workbook's order (chart sheets are left out)."""
        return [sheet.title for sheet in self._book.worksheets]

    def rows(self, sheet: str, *, max_col: int | None = None) -> Iterator[tuple[Any, ...]]:
        """The sheet's rows from row 1 to the last with a value, each a tuple of cell values
        as wide as the widest row (``max_col`` narrower), with empty rows where there are
        gaps."""
        extent = self._extents[sheet]
        if not extent.rows:
            return
        width = min(extent.columns, max_col) if max_col else extent.columns
        rows = self._book[sheet].iter_rows(
            min_row=1, max_row=extent.rows, max_col=width, values_only=True
        )
        number = 0
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception as error:  # damaged sheet XML surfaces only as rows are read
                raise _unreadable(self._name, error) from None
            number += 1
            # The scan has counted already; this guards the rows openpyxl actually yields.
            if number > self._limits.rows:
                raise _too_many(
                    self._name, sheet, self._limits, "rows", f"more than {number - 1:,}"
                )
            yield values


@contextmanager
def open_workbook(source: bytes | IO[bytes], *, name: str, limits: Limits) -> Iterator[Workbook]:
    """Check ``source`` (an XLSX file's bytes) against ``limits`` and open it read-only.

    Raises WorkbookRefused, saying what and where, for a file that is not a workbook, that is
    damaged, or that holds more than the limits; openpyxl has parsed nothing by then.
    """
    import openpyxl  # imported here: only XLSX uploads pay for it
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.xml.constants import SHARED_STRINGS

    data = source if isinstance(source, bytes) else source.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it ignores
            archive = zipfile.ZipFile(io.BytesIO(data))
            _check_archive(archive, name)
            # openpyxl's own reading of the workbook's parts (a few small XML files) says
            # where each sheet is; the sheets themselves are scanned before it reads them.
            # External links are copies of other workbooks, unread: left out, as openpyxl's
            # own note advises ("can be very big").
            reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
            reader.read_manifest()
            reader.read_workbook()
            extents = {
                sheet.name: _scan_sheet(archive, rel.target, sheet.name, name, limits)
                for sheet, rel in reader.parser.find_sheets()
                if rel.target in archive.namelist() and not _is_chartsheet(rel)
            }
            strings = reader.package.find(SHARED_STRINGS)
            if strings is not None:
                cells = sum(extent.rows * extent.columns for extent in extents.values())
                _scan_strings(archive, strings.PartName[1:], cells + SPARE_SHARED_STRINGS, name)
            book = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
    except WorkbookRefused:
        raise
    except Exception as error:  # a damaged workbook fails in zipfile, XML or openpyxl code
        raise _unreadable(name, error) from None
    try:
        yield Workbook(book, extents, name, limits)
    finally:
        book.close()  # a read-only workbook keeps its zip open until closed


def _unreadable(name: str, error: Exception) -> WorkbookRefused:
    return WorkbookRefused(f"{name} could not be read as an Excel workbook (.xlsx): {error}")


def _is_chartsheet(rel: Any) -> bool:
    return "chartsheet" in str(getattr(rel, "Type", ""))


# -- the zip ------------------------------------------------------------------------------


def _check_archive(archive: zipfile.ZipFile, name: str) -> None:
    """zipfile never gives more bytes than a file's stated size (it stops there and fails the
    checksum), so the stated sizes bound what openpyxl can read."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise WorkbookRefused(
            f"{name} holds {len(members):,} files; an Excel workbook holds a few dozen"
        )
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise WorkbookRefused(
            f"{name} is {megabytes(total)} once uncompressed; the most Golden Thread reads is "
            f"{megabytes(MAX_UNCOMPRESSED_BYTES)}: split it into smaller files"
        )
    for member in members:
        parsed_whole = member.filename.startswith(PARSED_WHOLE) or member.filename.endswith(".rels")
        if parsed_whole and member.file_size > MAX_PART_BYTES:
            raise WorkbookRefused(
                f"{name}: its part {member.filename} is {megabytes(member.file_size)}, which no "
                f"spreadsheet's is (the most is {megabytes(MAX_PART_BYTES)}); save the workbook "
                "again from your spreadsheet"
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= RATIO_CHECKED_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise WorkbookRefused(
                f"{name}: its part {member.filename} is {megabytes(member.file_size)} "
                f"compressed {ratio:,.0f} times, which no spreadsheet is (a sheet's XML "
                f"shrinks 5 to 20 times); save the workbook again from your spreadsheet"
            )


# -- the sheets, scanned as a stream of tags -------------------------------------------------


def _too_many(
    name: str, sheet: str, limits: Limits, what: str, count: str, where: str = ""
) -> WorkbookRefused:
    """``what`` is "rows" or "columns"; ``where`` says which one has a value."""
    most = limits.rows if what == "rows" else limits.columns
    return WorkbookRefused(
        f"{name}: sheet '{sheet}' has {count} {what}{f' ({where})' if where else ''}; "
        f"{limits.what} may have at most {most:,}"
    )


class _SheetScan:
    """Follows a worksheet's tags: the size it states, each row's number, each cell's column,
    and which cells hold a value (a ``<v>``, an inline string ``<is>`` or a formula ``<f>``)."""

    def __init__(self, sheet: str, name: str, limits: Limits) -> None:
        self.sheet, self.name, self.limits = sheet, name, limits
        self.row = self.column = self.cells_in_row = 0
        self.last_row = self.last_column = 0
        self.stated = False  # whether the sheet states its size

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        local = tag.rpartition(":")[2]
        if local == "c":
            reference = attributes.get("r")
            self.column = self._column(reference) if reference else self.column + 1
            self.cells_in_row += 1
            if self.cells_in_row > MAX_CELLS_IN_A_ROW:
                raise WorkbookRefused(
                    f"{self.name}: sheet '{self.sheet}' has more than {MAX_CELLS_IN_A_ROW:,} "
                    f"cells in row {self.row:,}, which no spreadsheet has"
                )
        elif local in ("v", "is", "f"):
            self._holds_a_value()
        elif local == "row":
            reference = attributes.get("r")
            self.row = self._number(reference) if reference else self.row + 1
            self.column = self.cells_in_row = 0
            if not self.stated and self.row > self.limits.rows:
                # Without a stated size openpyxl reads every row before the first; count
                # them all, empty or not.
                raise _too_many(
                    self.name, self.sheet, self.limits, "rows", f"more than {self.limits.rows:,}"
                )
        elif local == "dimension":
            self._stated_size(attributes.get("ref", ""))

    def _holds_a_value(self) -> None:
        if self.row > self.limits.rows:
            raise _too_many(
                self.name,
                self.sheet,
                self.limits,
                "rows",
                f"more than {self.limits.rows:,}",
                f"row {self.row:,} has a value",
            )
        if self.column > self.limits.columns:
            raise _too_many(
                self.name,
                self.sheet,
                self.limits,
                "columns",
                f"more than {self.limits.columns:,}",
                f"column {self.column:,} has a value",
            )
        self.last_row = max(self.last_row, self.row)
        self.last_column = max(self.last_column, self.column)

    def _stated_size(self, reference: str) -> None:
        found = _REFERENCE.match(reference.rpartition(":")[2])
        if found is None:
            return  # openpyxl ignores a size it cannot read; so does this
        self.stated = True
        columns, rows = column_number(found[1]), int(found[2])
        if rows > self.limits.rows:
            raise _too_many(self.name, self.sheet, self.limits, "rows", f"{rows:,}")
        if columns > self.limits.columns:
            raise _too_many(self.name, self.sheet, self.limits, "columns", f"{columns:,}")

    def _column(self, reference: str) -> int:
        found = _REFERENCE.match(reference)
        if found is None:
            raise WorkbookRefused(
                f"{self.name}: sheet '{self.sheet}' has a cell named {reference!r} in row "
                f"{self.row:,}, which is not a cell reference"
            )
        return column_number(found[1])

    def _number(self, reference: str) -> int:
        try:
            return int(float(reference))
        except ValueError:
            raise WorkbookRefused(
                f"{self.name}: sheet '{self.sheet}' has a row numbered {reference!r}"
            ) from None


def _scan(archive: zipfile.ZipFile, member: str, start: Any) -> None:
    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    with archive.open(member) as stream:
        while chunk := stream.read(SCAN_CHUNK_BYTES):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _scan_sheet(
    archive: zipfile.ZipFile, member: str, sheet: str, name: str, limits: Limits
) -> _Extent:
    scan = _SheetScan(sheet, name, limits)
    _scan(archive, member, scan.start)
    return _Extent(rows=scan.last_row, columns=scan.last_column)


def _scan_strings(archive: zipfile.ZipFile, member: str, most: int, name: str) -> None:
    """openpyxl reads every shared string before any row, at some microseconds each."""
    count = 0

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal count
        if tag.rpartition(":")[2] == "si":
            count += 1
            if count > most:
                raise WorkbookRefused(
                    f"{name} holds more than {most:,} pieces of text, more than its sheets "
                    "have cells; save the workbook again from your spreadsheet"
                )

    _scan(archive, member, start)
