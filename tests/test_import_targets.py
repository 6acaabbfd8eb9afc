"""Importing targets from CSV and XLSX files (docs/imports.md)."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goldenthread.audit.models import AuditEntry
from goldenthread.indicators.models import Indicator, Target
from goldenthread.indicators.services import targets_import
from goldenthread.planning.periods import Period


@pytest.fixture
def library(db) -> list[Indicator]:
    return [
        Indicator.objects.create(code="NI 39", title="Alcohol-harm related hospital admissions"),
        Indicator.objects.create(code="BV 12", title="Working days lost to sickness"),
    ]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    return path


def import_targets(*args: str) -> str:
    out = io.StringIO()
    call_command("import_targets", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def refused(*args: str) -> tuple[str, list[str]]:
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_targets", *args, stdout=io.StringIO(), stderr=err)
    return str(failure.value), err.getvalue().strip().splitlines()


ROWS = [
    ["indicator", "period", "target", "floor"],
    ["NI 39", "2008/09", "1,250.5", "1400"],
    ["ni 39", "2009-10", "1200", ""],
    ["BV 12", "2008/09 Q1", "2.5", ""],
]


def test_a_targets_file_sets_each_indicators_target_for_each_period(library, tmp_path):
    out = import_targets(str(write_csv(tmp_path / "targets.csv", ROWS)))

    assert out == "targets: 3 created, 0 updated, 0 unchanged"
    first = Target.objects.get(indicator__code="NI 39", period=Period.parse("2008/09"))
    assert (first.value, first.floor) == (Decimal("1250.5"), Decimal("1400"))
    assert Target.objects.get(indicator__code="NI 39", period=Period(2009)).floor is None
    assert Target.objects.get(indicator__code="BV 12").period == Period.parse("2008/09 Q1")


def test_importing_the_same_targets_again_changes_nothing(library, tmp_path):
    path = write_csv(tmp_path / "targets.csv", ROWS)
    import_targets(str(path))

    assert import_targets(str(path)) == "targets: 0 created, 0 updated, 3 unchanged"
    assert Target.objects.count() == 3


def test_a_changed_target_is_updated_whichever_way_its_period_is_written(library, tmp_path):
    import_targets(str(write_csv(tmp_path / "v1.csv", ROWS)))
    rows = [["Indicator", "PERIOD", "Target"], ["NI 39", "2008-09", "1100"]]

    out = import_targets(str(write_csv(tmp_path / "v2.csv", rows)))

    assert out == "targets: 0 created, 1 updated, 0 unchanged"
    target = Target.objects.get(indicator__code="NI 39", period=Period(2008))
    assert (target.value, target.floor) == (Decimal("1100"), Decimal("1400"))  # floor kept


def test_an_xlsx_workbook_of_targets_imports_like_a_csv_file(library, tmp_path):
    workbook = openpyxl.Workbook()
    for row in [["indicator", "period", "target"], ["NI 39", "2008/09", 1250.5], ["BV 12"]]:
        workbook.active.append(row)
    workbook.active["B3"], workbook.active["C3"] = "2008/09 Q2", 0.1 + 0.2
    workbook.save(tmp_path / "targets.xlsx")

    out = import_targets(str(tmp_path / "targets.xlsx"))

    assert out == "targets: 2 created, 0 updated, 0 unchanged"
    assert Target.objects.get(indicator__code="BV 12").value == Decimal("0.3")
    assert import_targets(str(tmp_path / "targets.xlsx")).endswith("2 unchanged")


def test_every_bad_target_row_is_named_and_nothing_is_written(library, tmp_path):
    Target.objects.create(indicator=library[0], period=Period(2008), value=1000)
    rows = [
        ["indicator", "period", "target", "floor"],
        ["NI 39", "2008/09", "900", ""],  # a good update that must not be saved
        ["NI 999", "2008/13", "ten", "12%"],
        ["BV 12", "", "", ""],
        ["NI 39", "2008-09", "800", ""],
    ]

    message, lines = refused(str(write_csv(tmp_path / "targets.csv", rows)))

    assert message == "targets: file refused, 7 errors in 3 rows; nothing written"
    assert lines == [
        "row 3, column 'indicator': 'NI 999' is not the code of an indicator in the library",
        "row 3, column 'period': '2008/13' is not a financial year: 2008 is followed by 09, not 13",
        "row 3, column 'target': 'ten' is not a number",
        "row 3, column 'floor': '12%' is not a number; write the number alone, without % or £",
        "row 4, column 'period': no period given; write it as 2008/09, 2008/09 Q1 or 2008/09 H1",
        "row 4, column 'target': no target given; write a number",
        "row 5, column 'period': NI 39 2008/09 is also on row 2",
    ]
    assert Target.objects.get().value == 1000
    assert not AuditEntry.objects.exists()


def test_a_period_a_spreadsheet_turned_into_a_date_is_refused_with_a_hint(library, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["indicator", "period", "target"])
    workbook.active.append(["NI 39", Period(2008).start, 5])  # Excel reads 2008/09 as a date
    workbook.save(tmp_path / "targets.xlsx")

    _, lines = refused(str(tmp_path / "targets.xlsx"))

    assert lines[0].startswith("row 2, column 'period': '2008-04-01' is not a period")
    assert "format the column as text" in lines[0]


def test_a_dry_run_of_targets_writes_nothing(library, tmp_path):
    out = import_targets(str(write_csv(tmp_path / "targets.csv", ROWS)), "--dry-run")

    assert out == "targets: 3 created, 0 updated, 0 unchanged (dry run: nothing written)"
    assert not Target.objects.exists()


def test_importing_200_targets_takes_the_same_queries_as_10(db, tmp_path):
    Indicator.objects.bulk_create(Indicator(code=f"LI {n}", title="Local") for n in range(200))

    def queries(count: int, period: str) -> int:
        rows = [["indicator", "period", "target"]]
        rows += [[f"LI {n}", period, str(n)] for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            result = targets_import(
                source=write_csv(tmp_path / f"{count}.csv", rows), acting_user=None
            )
        assert result.created == count
        # History rows are inserted in batches (SQLite takes 999 parameters a query): not a
        # query per row, but not one query for any number either.
        return sum(1 for q in captured if 'INTO "monitoring_itemchange"' not in q["sql"])

    assert queries(200, "2008/09") == queries(10, "2009/10")


def test_every_target_created_or_changed_by_an_import_is_in_its_history(library, tmp_path):
    from goldenthread.monitoring.models import ItemChange

    import_targets(str(write_csv(tmp_path / "targets.csv", ROWS)))
    changed = [["indicator", "period", "target"], ["NI 39", "2008/09", "1300"]]
    import_targets(str(write_csv(tmp_path / "changed.csv", changed)))

    history = ItemChange.objects.filter(item_type="target", field="value").order_by("id")
    assert [(h.old_value, h.new_value, h.how) for h in history] == [
        ("", "1250.5", "import"),
        ("", "1200", "import"),
        ("", "2.5", "import"),
        ("1250.5", "1300", "import"),
    ]
    floor = ItemChange.objects.get(item_type="target", field="floor")
    assert (floor.old_value, floor.new_value) == ("", "1400")
