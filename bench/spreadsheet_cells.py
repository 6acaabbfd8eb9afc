"""What keeping formula-like words as words costs (goldenthread/spreadsheet_cells.py): a
workbook saved with and without the sweep over its cells, and CSV rows written with and
without ``csv_cell``. The sizes are a large report's: 3,000 rows of 12 columns, one text cell
in a hundred starting like a formula. Prints median times of a few runs; asserts nothing.

    .venv/bin/python bench/spreadsheet_cells.py [--repeat R]
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
from collections.abc import Callable
from typing import Any

from _harness import code_measured, row, timed
from openpyxl import Workbook

from goldenthread.spreadsheet_cells import csv_cell, workbook_bytes

ROWS = 3_000


def cells(number: int) -> list[Any]:
    text = f'=HYPERLINK("http://x","{number}")' if number % 100 == 0 else f"Commentary {number}"
    return [
        f"NI {number}",
        "A title of some length for the indicator",
        "Environmental Health",
        "2009/10 Q1",
        number * 1.5,
        -number,
        "%",
        1,
        "red",
        "worsening",
        "Below target by more than the tolerance",
        text,
    ]


def workbook() -> Workbook:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for number in range(ROWS):
        sheet.append(cells(number))
    return book


def plain_save() -> bytes:
    out = io.BytesIO()
    workbook().save(out)
    return out.getvalue()


def csv_text(cell: Callable[[Any], Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for number in range(ROWS):
        writer.writerow([cell(value) for value in cells(number)])
    return out.getvalue()


def median(action: Callable[[], Any], repeat: int) -> float:
    action()  # warm-up
    return statistics.median(timed(action)[0] for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    print(f"  code {code_measured()}; {ROWS:,} rows of 12 cells; median of {repeat} runs")
    saved = median(plain_save, repeat)
    swept = median(lambda: workbook_bytes(workbook()), repeat)
    row("XLSX: build and save, no sweep (formulas left live)", f"{saved * 1000:.0f} ms")
    row("XLSX: build, sweep and save (workbook_bytes)", f"{swept * 1000:.0f} ms")
    extra = (swept - saved) * 1000
    row("XLSX: the sweep", f"{extra:.0f} ms", f"{extra / (saved * 1000) * 100:.0f}% more")
    raw = median(lambda: csv_text(lambda value: "" if value is None else value), repeat)
    safe = median(lambda: csv_text(csv_cell), repeat)
    row("CSV: rows written as they are", f"{raw * 1000:.1f} ms")
    row("CSV: rows written through csv_cell", f"{safe * 1000:.1f} ms")


if __name__ == "__main__":
    main()
