"""Reading uploaded spreadsheets: a zip bomb is refused fast and in little memory, and real
files are still read (issue 11: a 446 KB return of 3,000,000 rows took 1.7 GB and 40 s).

Each case runs in its own process, so its peak memory (the process's peak resident size,
VmHWM) is its own; "baseline" is a process that sets up Django and openpyxl and reads
nothing, so the difference is what reading cost. The seconds are the reading's alone. Prints
figures; asserts nothing.

    .venv/bin/python bench/xlsx_bomb.py             # every case below
    .venv/bin/python bench/xlsx_bomb.py --before    # also openpyxl reading the bomb whole, as
                                                    # the return upload did (minutes, gigabytes)
"""

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _harness import code_measured  # sets Django up, on the repository's code

CASES: dict[str, str] = {
    "baseline": "Django and openpyxl loaded, nothing read",
    "bomb": "issue 11's bomb (3,000,000 rows) uploaded as a return: refused",
    "bomb_import": "the same bomb given to import-actuals: refused",
    "rows_past_the_cap": "a sheet compressed as real ones are, 400,000 rows: refused",
    "return_at_the_caps": "a sheet of 5,000 rows x 50 columns (the most a return may be): read",
    "import_at_the_caps": "100,000 rows of actuals (the most an import may be): read, not saved",
    "real_return": "a real return of 400 indicators filled in and uploaded: saved (the peak "
    "includes making the council and the file)",
}
FILES = {
    "bomb": "ers.xlsx",
    "rows_past_the_cap": "rows.xlsx",
    "return_at_the_caps": "return-caps.xlsx",
    "import_at_the_caps": "actuals.xlsx",
}


def peak_megabytes() -> float:
    """The process's peak resident memory. Linux's VmHWM starts again at exec; ru_maxrss
    would carry over the parent's, which made the files."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_files(directory: Path) -> None:
    """The files to read, made beforehand so that making them counts in no case's memory."""
    import openpyxl

    from goldenthread.indicators.imports.actuals import COLUMNS
    from goldenthread.indicators.imports.reading import MAX_ROWS
    from goldenthread.monitoring.returns_xlsx.importing import RETURN_LIMITS
    from tests.xlsx_bombs import bomb, sheet, workbook

    (directory / FILES["bomb"]).write_bytes(bomb())
    # Rows that differ (their numbers and values), so they compress as real sheets do.
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>%x</t></is></c>'
        b"</row>" % (n, n, n * 7919 % 100_003, n, n * 104_729)
        for n in range(1, 400_001)
    )
    (directory / FILES["rows_past_the_cap"]).write_bytes(workbook({"Return": sheet(rows)}))
    made = openpyxl.Workbook(write_only=True)
    writing = made.create_sheet("Return")
    for row in range(RETURN_LIMITS.rows):
        writing.append([f"cell {row}.{column}" for column in range(RETURN_LIMITS.columns)])
    made.save(directory / FILES["return_at_the_caps"])
    made = openpyxl.Workbook(write_only=True)
    writing = made.create_sheet("Actuals")
    writing.append([column.name for column in COLUMNS])
    for row in range(MAX_ROWS):
        period = f"{2000 + row // 2000 % 10}/{(row // 2000 + 1) % 100:02} Q{row % 4 + 1}"
        writing.append([f"LI {row % 500}", period, row, "", "", f"Commentary on figure {row}"])
    made.save(directory / FILES["import_at_the_caps"])


def _size(path: Path) -> str:
    import zipfile

    uncompressed = sum(member.file_size for member in zipfile.ZipFile(path).infolist())
    return f"{path.stat().st_size / 1024:,.0f} KB ({uncompressed / 2**20:,.1f} MB uncompressed)"


# -- the cases, each run in a child process: each returns its seconds and what happened ------


def case_baseline(directory: Path) -> tuple[float, str]:
    import openpyxl  # noqa: F401

    from goldenthread import spreadsheet_reading  # noqa: F401

    return 0.0, "nothing read"


def case_bomb(directory: Path) -> tuple[float, str]:
    from goldenthread.monitoring.returns_xlsx import ReturnFileRefused, return_import

    path = directory / FILES["bomb"]
    started = time.perf_counter()
    try:
        return_import(source=path, acting_user=None)
    except ReturnFileRefused as refused:
        return time.perf_counter() - started, f"{_size(path)}: {refused}"
    raise AssertionError("the bomb was not refused")


def case_bomb_import(directory: Path) -> tuple[float, str]:
    from goldenthread.indicators.imports.actuals import COLUMNS
    from goldenthread.indicators.imports.reading import FileRefused, read_table

    started = time.perf_counter()
    try:
        read_table(directory / FILES["bomb"], columns=COLUMNS)
    except FileRefused as refused:
        return time.perf_counter() - started, str(refused)
    raise AssertionError("the bomb was not refused")


def case_rows_past_the_cap(directory: Path) -> tuple[float, str]:
    from goldenthread.monitoring.returns_xlsx import ReturnFileRefused, return_import

    path = directory / FILES["rows_past_the_cap"]
    started = time.perf_counter()
    try:
        return_import(source=path, acting_user=None)
    except ReturnFileRefused as refused:
        return time.perf_counter() - started, f"{_size(path)}: {refused}"
    raise AssertionError("the sheet was not refused")


def case_return_at_the_caps(directory: Path) -> tuple[float, str]:
    from goldenthread.monitoring.returns_xlsx.importing import RETURN_LIMITS
    from goldenthread.spreadsheet_reading import open_workbook

    path = directory / FILES["return_at_the_caps"]
    started = time.perf_counter()
    with open_workbook(path.read_bytes(), name=path.name, limits=RETURN_LIMITS) as book:
        count = sum(1 for _ in book.rows(book.sheetnames[0]))
    return time.perf_counter() - started, f"{_size(path)}: {count:,} rows read"


def case_import_at_the_caps(directory: Path) -> tuple[float, str]:
    from goldenthread.indicators.imports.actuals import COLUMNS
    from goldenthread.indicators.imports.reading import read_table

    path = directory / FILES["import_at_the_caps"]
    started = time.perf_counter()
    table = read_table(path, columns=COLUMNS)
    return time.perf_counter() - started, f"{_size(path)}: {len(table.rows):,} rows read"


def case_real_return(directory: Path) -> tuple[float, str]:
    from _harness import throwaway_database

    with throwaway_database():
        return _real_return()


def _real_return() -> tuple[float, str]:
    import datetime

    import openpyxl

    from goldenthread.indicators.models import Actual, Indicator
    from goldenthread.monitoring.returns_xlsx import return_export, return_import
    from goldenthread.monitoring.services import round_open
    from goldenthread.organisation.models import (
        Department,
        Directorate,
        Organisation,
        OrganisationKind,
        Role,
        RoleAssignment,
        User,
    )
    from goldenthread.planning.periods import Period

    council = Organisation.objects.create(
        code="BENCH", name="Bench Borough Council", kind=OrganisationKind.COUNCIL
    )
    directorate = Directorate.objects.create(organisation=council, code="D", name="Directorate")
    department = Department.objects.create(directorate=directorate, code="DEP", name="Department")
    officer = User.objects.create_user(
        username="officer", password="bench-password", organisation=council
    )
    RoleAssignment.objects.create(user=officer, role=Role.PERFORMANCE_OFFICER)
    Indicator.objects.bulk_create(
        Indicator(code=f"LPI {n}", title=f"Local indicator {n}", department=department)
        for n in range(400)
    )
    quarter = Period.parse("2009/10 Q2")
    round_open(acting_user=officer, quarter=quarter, deadline=datetime.date(2009, 10, 31))
    book = openpyxl.load_workbook(
        io.BytesIO(return_export(department=department, period=quarter, acting_user=officer))
    )
    sheet = book["Indicators"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        row[header.index("value")].value = 50 + row[0].row % 7
        row[header.index("commentary")].value = "Steady; the team is at full strength again"
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "return-DEP-2009-10-Q2.xlsx"
    size = len(buffer.getvalue())
    started = time.perf_counter()
    result = return_import(source=buffer, acting_user=officer)
    seconds = time.perf_counter() - started
    assert result.ok, result.errors[:3]
    saved = Actual.objects.filter(period=quarter).count()
    return seconds, f"{size / 1024:,.0f} KB: {result.summary()} ({saved} saved)"


def case_before(directory: Path) -> tuple[float, str]:
    """What the return upload did before issue 11: openpyxl reading the bomb whole."""
    import openpyxl

    started = time.perf_counter()
    book = openpyxl.load_workbook(directory / FILES["bomb"], data_only=True)
    return time.perf_counter() - started, f"read {book.worksheets[0].max_row:,} rows"


# -- the parent: one child per case -----------------------------------------------------------


def run_case(name: str, directory: Path) -> None:
    case: Callable[[Path], tuple[float, str]] = globals()[f"case_{name}"]
    seconds, outcome = case(directory)
    print(json.dumps({"seconds": seconds, "peak": peak_megabytes(), "outcome": outcome}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", action="store_true", help="also time openpyxl on the bomb")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--directory", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.case:
        run_case(options.case, options.directory)
        return 0
    cases = dict(CASES)
    if options.before:
        cases["before"] = "before issue 11: openpyxl reading the bomb whole"
    print(f"  code: {code_measured()}; peak: the process's peak resident memory (VmHWM)")
    with tempfile.TemporaryDirectory() as directory:
        make_files(Path(directory))
        print(f"  {'case':<20} {'seconds':>8} {'peak MB':>8}  what happened")
        for name, description in cases.items():
            command = [sys.executable, __file__, "--case", name, "--directory", directory]
            child = subprocess.run(command, capture_output=True, text=True, check=False)
            if child.returncode != 0:
                print(f"  {name:<20} failed: {child.stderr.strip()[-2000:]}", flush=True)
                return 1
            figures = json.loads(child.stdout.strip().splitlines()[-1])
            print(
                f"  {name:<20} {figures['seconds']:>8.2f} {figures['peak']:>8.0f}  {description}"
                f"\n  {'':<39}{figures['outcome']}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
