"""Importing the indicator library from CSV and XLSX files (docs/imports.md)."""

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goldenthread.audit.models import AuditEntry
from goldenthread.indicators.models import (
    Indicator,
    IndicatorPriority,
    LAAIndicator,
    LocalAreaAgreement,
)
from goldenthread.indicators.services import NATIONAL_INDICATORS_FILE, indicators_import

HEADER = [
    "code", "title", "set", "polarity", "unit", "decimals", "frequency", "aggregation",
    "tolerance", "department", "priorities", "key", "laa", "description", "data_source",
    "responsible_officer", "collator", "provenance",
]  # fmt: skip
SMOKING = [
    "HL LI 3", "Smoking quitters", "local", "higher", "number", "0", "quarterly", "cumulative",
    "5", "EH", "HEALTH; CORP", "yes", "designated", "Four-week quitters",
    "Stop Smoking Service", "dev@example.org", "priya@example.org", "Service plan 2008-11",
]  # fmt: skip
BENEFITS = [
    "BV 78a", "Speed of processing new benefit claims", "BVPI", "lower", "days", "1",
    "annual", "snapshot", "", "Revenues & Benefits", "CORP", "no", "", "", "", "", "", "",
]  # fmt: skip


def write_csv(path: Path, rows: list[list[str]], *, bom: bool = False) -> Path:
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def import_indicators(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_indicators", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue().strip()


def refused(*args: str) -> tuple[str, list[str]]:
    """Run an import that must fail: the CommandError's message and the error lines."""
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_indicators", *args, stdout=io.StringIO(), stderr=err)
    return str(failure.value), err.getvalue().strip().splitlines()


def test_a_library_file_creates_each_indicator_with_every_column(council, tmp_path):
    path = write_csv(tmp_path / "library.csv", [HEADER, SMOKING, BENEFITS])

    out, _ = import_indicators(str(path))

    assert out == "indicators: 2 created, 0 updated, 0 unchanged"
    smoking = Indicator.objects.get(code="HL LI 3")
    assert (smoking.title, smoking.indicator_set, smoking.polarity, smoking.unit) == (
        "Smoking quitters", "local", "higher", "number",
    )  # fmt: skip
    assert (smoking.frequency, smoking.aggregation, smoking.tolerance) == (
        "quarterly", "cumulative", 5,
    )  # fmt: skip
    assert smoking.department == council.health_dept
    assert smoking.is_key
    assert smoking.responsible_officer == council.dev
    assert smoking.collator == council.priya
    assert smoking.data_source == "Stop Smoking Service"
    assert smoking.provenance == "Service plan 2008-11"
    assert [link.priority for link in smoking.priority_links.order_by("position")] == [
        council.health, council.efficiency,
    ]  # fmt: skip
    assert smoking.priority_links.get(position=0).priority == council.health
    assert smoking.laa_membership.designation == "designated"
    benefits = Indicator.objects.get(code="BV 78a")
    assert benefits.department == council.revenues_dept  # found by name
    assert (benefits.indicator_set, benefits.polarity, benefits.decimals) == ("BVPI", "lower", 1)
    assert not LAAIndicator.objects.filter(indicator=benefits).exists()


def test_the_first_laa_indicator_creates_the_agreement_led_by_the_council(council, tmp_path):
    import_indicators(str(write_csv(tmp_path / "library.csv", [HEADER, SMOKING])))

    agreement = LocalAreaAgreement.objects.get()
    assert agreement.name == "Local Area Agreement 2008/09–2010/11"
    assert (agreement.first_year, agreement.last_year) == (2008, 2010)
    assert agreement.lead_organisation == council.council


def test_laa_membership_without_a_council_organisation_is_refused(db, tmp_path):
    rows = [["code", "title", "laa"], ["NI 39", "Alcohol-harm related admissions", "statutory"]]
    path = write_csv(tmp_path / "laa.csv", rows)

    message, lines = refused(str(path))

    assert "nothing written" in message
    assert len(lines) == 1
    assert lines[0].startswith("row 2, column 'laa': there is no Local Area Agreement yet")
    assert "council" in lines[0]
    assert not Indicator.objects.exists()


def test_importing_the_same_file_again_changes_nothing(council, tmp_path):
    path = write_csv(tmp_path / "library.csv", [HEADER, SMOKING, BENEFITS])
    import_indicators(str(path))

    out, _ = import_indicators(str(path))

    assert out == "indicators: 0 created, 0 updated, 2 unchanged"
    assert Indicator.objects.count() == 2
    assert IndicatorPriority.objects.count() == 3
    assert LAAIndicator.objects.count() == 1


def test_a_changed_row_is_updated_and_reordering_priorities_changes_the_primary(council, tmp_path):
    import_indicators(str(write_csv(tmp_path / "v1.csv", [HEADER, SMOKING, BENEFITS])))
    changed = SMOKING.copy()
    changed[HEADER.index("priorities")] = "Corporate Effectiveness & Business Efficiency;health"
    changed[HEADER.index("laa")] = "statutory"

    out, _ = import_indicators(str(write_csv(tmp_path / "v2.csv", [HEADER, changed, BENEFITS])))

    assert out == "indicators: 0 created, 1 updated, 1 unchanged"
    smoking = Indicator.objects.get(code="HL LI 3")
    assert smoking.priority_links.get(position=0).priority == council.efficiency
    assert smoking.priority_links.get(position=1).priority == council.health
    assert LAAIndicator.objects.get().designation == "statutory"


def test_an_empty_laa_cell_takes_an_indicator_out_of_the_agreement(council, tmp_path):
    import_indicators(str(write_csv(tmp_path / "v1.csv", [HEADER, SMOKING])))
    changed = SMOKING.copy()
    changed[HEADER.index("laa")] = ""

    out, _ = import_indicators(str(write_csv(tmp_path / "v2.csv", [HEADER, changed])))

    assert out == "indicators: 0 created, 1 updated, 0 unchanged"
    assert not LAAIndicator.objects.exists()
    assert LocalAreaAgreement.objects.count() == 1


def test_a_column_left_out_of_the_file_keeps_what_the_indicator_has(council, tmp_path):
    import_indicators(str(write_csv(tmp_path / "v1.csv", [HEADER, SMOKING])))

    out, _ = import_indicators(
        str(write_csv(tmp_path / "v2.csv", [["code", "title"], ["HL LI 3", "Quitters"]]))
    )

    assert out == "indicators: 0 created, 1 updated, 0 unchanged"
    smoking = Indicator.objects.get(code="HL LI 3")
    assert smoking.title == "Quitters"
    assert smoking.department == council.health_dept
    assert smoking.priority_links.count() == 2
    assert smoking.is_key


def test_empty_cells_take_the_documented_defaults(db, tmp_path):
    row = ["NI 15", "Serious violent crime rate"] + [""] * 6
    header = ["code", "title", "set", "polarity", "decimals", "frequency", "aggregation", "key"]
    import_indicators(str(write_csv(tmp_path / "ni.csv", [header, row])))

    indicator = Indicator.objects.get()
    assert (indicator.indicator_set, indicator.polarity, indicator.decimals) == (
        "local", "higher", 0,
    )  # fmt: skip
    assert (indicator.frequency, indicator.aggregation, indicator.is_key) == (
        "quarterly", "snapshot", False,
    )  # fmt: skip


def test_an_xlsx_workbook_imports_like_a_csv_file(council, tmp_path):
    row: list[object] = SMOKING.copy()
    row[HEADER.index("decimals")] = 2  # numbers and booleans as a spreadsheet stores them
    row[HEADER.index("tolerance")] = 7.5
    row[HEADER.index("key")] = True
    path = write_xlsx(tmp_path / "library.xlsx", [HEADER, row, BENEFITS])

    out, _ = import_indicators(str(path))

    assert out == "indicators: 2 created, 0 updated, 0 unchanged"
    smoking = Indicator.objects.get(code="HL LI 3")
    assert (smoking.decimals, smoking.tolerance, smoking.is_key) == (2, 7.5, True)
    out, _ = import_indicators(str(path))
    assert out == "indicators: 0 created, 0 updated, 2 unchanged"


def test_a_byte_order_mark_and_headers_in_any_case_are_accepted(council, tmp_path):
    header = [" CODE ", "Title", "Data Source", "Responsible-Officer"]
    rows = [header, ["HL LI 3", "Smoking quitters", "Stop Smoking Service", "DEV@example.org"]]

    out, _ = import_indicators(str(write_csv(tmp_path / "excel.csv", rows, bom=True)))

    assert out == "indicators: 1 created, 0 updated, 0 unchanged"
    smoking = Indicator.objects.get(code="HL LI 3")
    assert (smoking.data_source, smoking.responsible_officer) == (
        "Stop Smoking Service",
        council.dev,
    )


def test_every_bad_row_is_named_and_nothing_is_written(council, tmp_path):
    import_indicators(str(write_csv(tmp_path / "v1.csv", [HEADER, BENEFITS])))
    counts_before = (Indicator.objects.count(), IndicatorPriority.objects.count())
    good_update = BENEFITS.copy()
    good_update[1] = "A new title that must not be saved"
    bad = {
        "polarity": SMOKING.copy(), "decimals": SMOKING.copy(), "priorities": SMOKING.copy(),
    }  # fmt: skip
    bad["polarity"][0], bad["polarity"][HEADER.index("polarity")] = "A1", "up"
    bad["decimals"][0], bad["decimals"][HEADER.index("decimals")] = "A2", "7"
    bad["decimals"][HEADER.index("department")] = "Parks"
    bad["priorities"][0], bad["priorities"][HEADER.index("priorities")] = "A3", "HEALTH; Wealth"
    bad["priorities"][HEADER.index("collator")] = "nobody@example.org"
    duplicate = bad["polarity"].copy()
    duplicate[HEADER.index("polarity")] = "lower"
    rows = [HEADER, good_update, bad["polarity"], bad["decimals"], [], bad["priorities"], duplicate]

    message, lines = refused(str(write_csv(tmp_path / "bad.csv", rows)))

    assert message == "indicators: file refused, 6 errors in 4 rows; nothing written"
    assert lines == [
        "row 3, column 'polarity': 'up' is not one of higher, lower, none",
        "row 4, column 'decimals': '7' is not a whole number from 0 to 4",
        "row 4, column 'department': 'Parks' is not a department code or name in Golden Thread",
        "row 6, column 'priorities': 'Wealth' is not a priority code or name in Golden Thread",
        "row 6, column 'collator': 'nobody@example.org' is not the e-mail address of anyone "
        "in Golden Thread",
        "row 7, column 'code': 'A1' is also on row 3",
    ]
    assert (Indicator.objects.count(), IndicatorPriority.objects.count()) == counts_before
    assert Indicator.objects.get(code="BV 78a").title == BENEFITS[1]
    assert AuditEntry.objects.count() == 1  # the first, good import only


def test_an_unknown_column_is_refused_by_name(db, tmp_path):
    rows = [["code", "title", "colour"], ["NI 39", "Alcohol-harm", "red"]]

    message, lines = refused(str(write_csv(tmp_path / "library.csv", rows)))

    assert "nothing written" in message
    assert lines[0].startswith("row 1, column 'colour': 'colour' is not a column of this file")
    assert "the columns are code, title, set" in lines[0]
    assert ", note, " in lines[0]
    assert not Indicator.objects.exists()


def test_a_missing_required_column_is_refused(db, tmp_path):
    _, lines = refused(str(write_csv(tmp_path / "library.csv", [["code"], ["NI 39"]])))

    assert lines == ["row 1: the required column 'title' is missing"]


def test_a_dry_run_reports_the_counts_and_writes_nothing(council, tmp_path):
    path = write_csv(tmp_path / "library.csv", [HEADER, SMOKING, BENEFITS])

    out, _ = import_indicators(str(path), "--dry-run")

    assert out == "indicators: 2 created, 0 updated, 0 unchanged (dry run: nothing written)"
    assert not Indicator.objects.exists()
    assert not LocalAreaAgreement.objects.exists()
    assert not AuditEntry.objects.exists()


def test_each_import_that_writes_leaves_one_audit_entry(council, tmp_path):
    path = write_csv(tmp_path / "library.csv", [HEADER, SMOKING, BENEFITS])

    import_indicators(str(path))
    with path.open("rb") as upload:
        indicators_import(source=upload, acting_user=council.priya, filename="upload.csv")

    by_command_line, by_priya = AuditEntry.objects.order_by("id")
    assert by_command_line.action == "indicators.import"
    assert by_command_line.actor is None
    assert "by command line" in by_command_line.summary
    assert by_command_line.data["created"] == ["HL LI 3", "BV 78a"]
    assert by_priya.actor == council.priya
    assert "0 created, 0 updated, 2 unchanged from upload.csv" in by_priya.summary


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV file in UTF-8"),
        ("code,title\nBV 1,Council tax £\n".encode("cp1252"), "line 2 is not UTF-8 text"),
        (b"PK\x03\x04 this is not really a workbook", "could not be read as an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", "old-style Excel file (.xls)"),
        (b"", "is empty"),
    ],
)
def test_a_file_that_is_not_csv_or_xlsx_is_refused_in_words(db, tmp_path, content, expected):
    path = tmp_path / "upload.csv"
    path.write_bytes(content)

    message, lines = refused(str(path))

    assert len(lines) == 1
    assert expected in lines[0]
    assert "upload.csv" in lines[0]
    assert "Traceback" not in message


def test_a_missing_file_is_refused_in_words(db, tmp_path):
    _, lines = refused(str(tmp_path / "nowhere.csv"))

    assert lines == ["nowhere.csv could not be opened: No such file or directory"]


def test_the_shipped_national_indicators_import_cleanly_and_keep_their_provenance(db):
    out, _ = import_indicators("--national")

    assert out == "indicators: 52 created, 0 updated, 0 unchanged"
    with open(NATIONAL_INDICATORS_FILE, encoding="utf-8") as file:
        shipped = {row["code"]: row for row in csv.DictReader(file)}
    for indicator in Indicator.objects.all():
        assert indicator.provenance == shipped[indicator.code]["provenance"]
        assert indicator.indicator_set == "NI"
    assert Indicator.objects.get(code="NI 191").polarity == "lower"
    ni18 = Indicator.objects.get(code="NI 18")
    assert ni18.title == "Adult re-offending rates for those under probation"
    assert ni18.note == "Title truncated in source."
    assert "Government department: Defra." in Indicator.objects.get(code="NI 192").description
    assert import_indicators("--national")[0] == "indicators: 0 created, 0 updated, 52 unchanged"


def library_rows(count: int, prefix: str) -> list[list[str]]:
    rows = [HEADER]
    for n in range(count):
        row = SMOKING.copy()
        row[0] = f"{prefix} {n}"
        row[HEADER.index("laa")] = "designated" if n % 2 else ""
        rows.append(row)
    return rows


def count_queries(path: Path) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        result = indicators_import(source=path, acting_user=None)
    assert result.ok, result.error_report()
    return [query["sql"] for query in queries]


def test_importing_200_indicators_takes_no_more_queries_than_10(council, tmp_path):
    LocalAreaAgreement.objects.create(
        name="LAA", first_year=2008, last_year=2010, lead_organisation=council.council
    )
    few = count_queries(write_csv(tmp_path / "few.csv", library_rows(10, "A")))
    many = count_queries(write_csv(tmp_path / "many.csv", library_rows(200, "B")))

    def not_inserts(sqls: list[str]) -> list[str]:
        return [sql.split()[0] for sql in sqls if not sql.startswith("INSERT")]

    # SQLite takes at most 999 parameters a statement, so Django splits long inserts in batches.
    assert not_inserts(many) == not_inserts(few)
    assert sum(sql.startswith("INSERT") for sql in many) <= 12

    def retitled(count: int, prefix: str) -> list[list[str]]:
        rows = library_rows(count, prefix)
        for row in rows[1:]:
            row[1], row[HEADER.index("priorities")] = "Retitled", "CORP"
        return rows

    few_updated = count_queries(write_csv(tmp_path / "few2.csv", retitled(10, "A")))
    many_updated = count_queries(write_csv(tmp_path / "many2.csv", retitled(200, "B")))
    assert len(many_updated) == len(few_updated)


def test_a_cell_beyond_the_named_columns_is_refused(db, tmp_path):
    rows = [["code", "title"], ["NI 39", "Alcohol-harm", "stray note"]]

    _, lines = refused(str(write_csv(tmp_path / "library.csv", rows)))

    assert lines == ["row 2: 'stray note' is in column 3, which has no name in the header row"]


def test_a_semicolon_separated_file_is_refused_with_a_hint(db, tmp_path):
    path = tmp_path / "library.csv"
    path.write_text("code;title\nNI 39;Alcohol-harm\n", encoding="utf-8")

    _, lines = refused(str(path))

    assert lines[0].startswith("row 1, column 'code;title': 'code;title' is not a column")
    assert lines[0].endswith("(columns must be separated by commas)")


def test_an_officer_whose_account_is_closed_is_refused(council, tmp_path):
    council.olu.is_active = False
    council.olu.save()
    rows = [["code", "title", "collator"], ["BV 12", "Sickness", "olu@example.org"]]

    _, lines = refused(str(write_csv(tmp_path / "library.csv", rows)))

    assert lines == [
        "row 2, column 'collator': 'olu@example.org' belongs to Olu Adeyemi, "
        "whose account is closed"
    ]


def test_a_file_and_national_cannot_both_be_given(db, tmp_path):
    message, _ = refused(str(tmp_path / "library.csv"), "--national")

    assert message == "give a FILE to import, or --national (not both)"


def test_an_upload_checked_by_a_dry_run_can_then_be_imported(council, tmp_path):
    path = write_csv(tmp_path / "library.csv", [HEADER, SMOKING])

    with path.open("rb") as upload:
        checked = indicators_import(source=upload, acting_user=council.priya, dry_run=True)
        imported = indicators_import(source=upload, acting_user=council.priya)

    assert (checked.created, imported.created) == (1, 1)
    assert Indicator.objects.count() == 1
