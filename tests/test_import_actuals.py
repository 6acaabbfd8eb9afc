"""Importing actuals from CSV and XLSX files, as the performance team (docs/imports.md)."""

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
from goldenthread.indicators.models import Actual, Indicator
from goldenthread.indicators.services import actuals_import
from goldenthread.planning.periods import Period
from goldenthread.workflow import WorkflowState

Q1 = Period.parse("2008/09 Q1")


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


def import_actuals(*args: str) -> str:
    out = io.StringIO()
    call_command("import_actuals", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def refused(*args: str) -> tuple[str, list[str]]:
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_actuals", *args, stdout=io.StringIO(), stderr=err)
    return str(failure.value), err.getvalue().strip().splitlines()


ROWS = [
    ["indicator", "period", "value", "numerator", "denominator", "commentary"],
    ["NI 39", "2008/09 Q1", "1,310", "", "", "Up on last year after the festival"],
    ["BV 12", "2008-09-Q1", "2.75", "55", "20", ""],
]


def test_imported_actuals_arrive_validated_with_their_details(library, tmp_path):
    out = import_actuals(str(write_csv(tmp_path / "actuals.csv", ROWS)))

    assert out == "actuals: 2 created, 0 updated, 0 unchanged"
    alcohol = Actual.objects.get(indicator__code="NI 39", period=Q1)
    assert (alcohol.value, alcohol.state) == (Decimal("1310"), WorkflowState.VALIDATED)
    assert alcohol.commentary == "Up on last year after the festival"
    sickness = Actual.objects.get(indicator__code="BV 12", period=Q1)
    assert (sickness.numerator, sickness.denominator) == (Decimal("55"), Decimal("20"))
    entry = AuditEntry.objects.get()
    assert entry.action == "actuals.import"
    assert entry.summary.startswith("actuals: 2 created, 0 updated, 0 unchanged as validated")
    assert entry.data["state"] == "validated"


def test_importing_the_same_actuals_again_changes_nothing(library, tmp_path):
    path = write_csv(tmp_path / "actuals.csv", ROWS)
    import_actuals(str(path))

    assert import_actuals(str(path)) == "actuals: 0 created, 0 updated, 2 unchanged"
    assert Actual.objects.count() == 2


def test_publish_publishes_and_a_change_of_state_alone_counts_as_an_update(library, tmp_path):
    path = write_csv(tmp_path / "actuals.csv", ROWS)
    import_actuals(str(path))

    assert import_actuals(str(path), "--publish") == "actuals: 0 created, 2 updated, 0 unchanged"
    assert set(Actual.objects.values_list("state", flat=True)) == {WorkflowState.PUBLISHED}


@pytest.mark.parametrize("state", ["draft", "submitted", "validated", "published"])
def test_state_puts_every_actual_in_the_state_named(library, tmp_path, state):
    import_actuals(str(write_csv(tmp_path / "actuals.csv", ROWS)), "--state", state)

    assert set(Actual.objects.values_list("state", flat=True)) == {state}


def test_publish_and_state_cannot_both_be_given(library, tmp_path):
    path = write_csv(tmp_path / "actuals.csv", ROWS)

    with pytest.raises(CommandError, match="not allowed with argument"):
        call_command("import_actuals", str(path), "--publish", "--state", "draft")


def test_a_changed_value_is_updated_and_its_time_recorded(library, tmp_path):
    import_actuals(str(write_csv(tmp_path / "v1.csv", ROWS)))
    before = Actual.objects.get(indicator__code="NI 39").updated_at
    rows = [["indicator", "period", "value"], ["NI 39", "2008/09 Q1", "1300"]]

    out = import_actuals(str(write_csv(tmp_path / "v2.csv", rows)))

    assert out == "actuals: 0 created, 1 updated, 0 unchanged"
    alcohol = Actual.objects.get(indicator__code="NI 39")
    assert alcohol.value == 1300
    assert alcohol.commentary == "Up on last year after the festival"  # column left out: kept
    assert alcohol.updated_at > before


def test_every_bad_actual_is_named_and_nothing_is_written(library, tmp_path):
    rows = [
        ["indicator", "period", "value", "numerator"],
        ["NI 39", "2008/09 Q1", "1310", ""],  # good, but must not be saved
        ["NI 39", "2008/09 Q2", "", ""],
        ["BV 12", "Q1 2008", "n/a", "lots"],
        ["XX 1", "2008/09", "3", ""],
    ]

    message, lines = refused(str(write_csv(tmp_path / "actuals.csv", rows)))

    assert message == "actuals: file refused, 5 errors in 3 rows; nothing written"
    assert lines == [
        "row 3, column 'value': no value given; every row needs a figure "
        "(leave out rows with nothing to report)",
        "row 4, column 'period': 'Q1 2008' is not a period; write 2008/09, 2008/09 Q1 to Q4, "
        "2008/09 H1 or H2 (or 2008-09-Q1)",
        "row 4, column 'value': 'n/a' is not a number",
        "row 4, column 'numerator': 'lots' is not a number",
        "row 5, column 'indicator': 'XX 1' is not the code of an indicator in the library",
    ]
    assert not Actual.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_dry_run_of_actuals_writes_nothing(library, tmp_path):
    out = import_actuals(str(write_csv(tmp_path / "actuals.csv", ROWS)), "--dry-run", "--publish")

    assert out == "actuals: 2 created, 0 updated, 0 unchanged (dry run: nothing written)"
    assert not Actual.objects.exists()


def test_an_uploaded_xlsx_file_object_imports_like_a_path(library, tmp_path):
    workbook = openpyxl.Workbook()
    for row in [["Indicator", "Period", "Value"], ["NI 39", "2008/09 Q1", 1310], [], ["BV 12"]]:
        workbook.active.append(row)
    workbook.active["B4"], workbook.active["C4"] = "2008/09 Q1", "oops"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    result = actuals_import(source=buffer, acting_user=None, filename="q1.xlsx")

    assert [str(error) for error in result.errors] == [
        "row 4, column 'value': 'oops' is not a number"  # the empty row 3 still counts
    ]
    assert result.error_report().startswith("q1.xlsx: actuals: file refused, 1 error in 1 row")


def test_commentary_over_20000_characters_is_refused_as_on_the_return_form(library, tmp_path):
    rows = [
        ["indicator", "period", "value", "commentary"],
        ["NI 39", "2008/09 Q1", "1", "x" * 20_001],
    ]
    message, errors = refused(str(write_csv(tmp_path / "actuals.csv", rows)))

    assert "file refused" in message
    assert errors[-1].endswith(
        "row 2, column 'commentary': the commentary is 20,001 characters long; the most is 20,000"
    )
    assert not Actual.objects.exists()


def test_updating_200_actuals_takes_the_same_queries_as_10(db, tmp_path):
    indicators = Indicator.objects.bulk_create(
        Indicator(code=f"LI {n}", title="Local") for n in range(200)
    )
    Actual.objects.bulk_create(
        Actual(indicator=indicator, period=period, value=1)
        for indicator in indicators
        for period in (Period(2008), Period(2009))
    )

    def queries(count: int, period: str) -> int:
        rows = [["indicator", "period", "value"]]
        rows += [[f"LI {n}", period, "1"] for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            result = actuals_import(
                source=write_csv(tmp_path / f"{count}.csv", rows), acting_user=None
            )
        assert result.updated == count  # the state moves from draft to validated
        # Each change's history row is inserted in batches (SQLite takes 999 parameters a
        # query): not a query per row, but not one query for any number either.
        return sum(1 for q in captured if 'INTO "monitoring_itemchange"' not in q["sql"])

    assert queries(200, "2008/09") == queries(10, "2009/10")


def test_figures_imported_as_published_have_their_status_stored_as_history(library, tmp_path):
    from goldenthread.indicators.models import Target
    from goldenthread.performance.models import StatusRecord

    Target.objects.create(indicator=library[0], period=Q1, value=Decimal(1000))
    import_actuals(str(write_csv(tmp_path / "actuals.csv", ROWS)), "--publish")

    record = StatusRecord.objects.get(indicator=library[0], period=Q1)
    assert (record.status, record.exception) == ("green", "over")
    assert StatusRecord.objects.get(indicator=library[1]).status == "no_target"


def test_figures_imported_as_validated_are_not_stored_as_history(library, tmp_path):
    from goldenthread.performance.models import StatusRecord

    import_actuals(str(write_csv(tmp_path / "actuals.csv", ROWS)))
    assert not StatusRecord.objects.exists()


def test_reimporting_without_a_state_never_unpublishes_an_unchanged_figure(library, tmp_path):
    path = write_csv(tmp_path / "actuals.csv", ROWS)
    import_actuals(str(path), "--publish")
    more = [ROWS[0], ROWS[1], ["BV 12", "2008-09-Q2", "2.80", "56", "20", ""]]

    out = import_actuals(str(write_csv(tmp_path / "more.csv", more)))

    assert out == "actuals: 1 created, 0 updated, 1 unchanged"
    states = dict(Actual.objects.values_list("period", "state"))
    assert states == {
        Q1: WorkflowState.PUBLISHED,
        Period.parse("2008/09 Q2"): WorkflowState.VALIDATED,
    }


def test_an_import_never_changes_a_published_figure_and_says_how_to_correct_it(library, tmp_path):
    path = write_csv(tmp_path / "actuals.csv", ROWS)
    import_actuals(str(path), "--publish")
    changed = [ROWS[0], ["NI 39", "2008/09 Q1", "1,400", "", "", "Recounted"], ROWS[2]]

    message, lines = refused(str(write_csv(tmp_path / "changed.csv", changed)))

    assert "nothing written" in message
    assert lines == [
        "row 2, column 'value': '1400' would change the value of NI 39 2008/09 Q1, which is "
        "published; a published figure is corrected only by a revision with a reason (the "
        "performance team's Correct link on the indicator's page)"
    ]
    assert Actual.objects.get(indicator__code="NI 39").value == Decimal("1310")
    assert set(Actual.objects.values_list("state", flat=True)) == {WorkflowState.PUBLISHED}
