"""No formula slips out (issue 11): words a person typed that a spreadsheet would run as a
formula (``=HYPERLINK(...)``, ``+1+1``, ``-2+3``, ``@SUM(...)``, a leading tab or carriage
return) stay words in every CSV and XLSX the product writes, while real numbers stay numbers.
JSON is not a spreadsheet: it carries the words exactly as typed.

Priya downloads a department's report as CSV, XLSX and JSON; Dev downloads his return, whose
commentary is a planted hyperlink, and uploads it back unchanged; the commands' CSV and a
pack's index.csv are read as a spreadsheet would read them.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from goldenthread.indicators.models import Actual
from goldenthread.monitoring.services import actual_save, round_open
from goldenthread.reporting.choices import ReportFormat, ReportKind
from goldenthread.reporting.pack import PackEntry
from goldenthread.reporting.pack_writer import write_pack
from goldenthread.reporting.spec import standard_spec
from goldenthread.spreadsheet_cells import csv_cell, workbook_bytes
from tests.monitoring_fixtures import Q2 as RETURN_QUARTER
from tests.monitoring_fixtures import collection_fixture  # noqa: F401
from tests.pages_fixtures import Q1, Thread, thread_fixture  # noqa: F401

# What an attacker might type into a commentary or a title: in a spreadsheet, a link that
# sends the reader anywhere.
HYPERLINK = '=HYPERLINK("http://evil.example","click")'
SUM = "@SUM(1+1)*cmd|' /C calc'!A0"
BULLET = "-2+3 premises reinspected"
QMR_EH = "/reports/qmr/?period=2008-09-Q1&department=EH"


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def formulas(workbook: openpyxl.Workbook) -> list[str]:
    """Every cell a spreadsheet would run, named by sheet and address."""
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def cell_holding(workbook: openpyxl.Workbook, text: str) -> openpyxl.cell.Cell:
    return next(
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value == text
    )


# -- the rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+44 151", "'+44 151"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-inf", "'-inf"),  # not a number a spreadsheet knows: it would be read as a formula
        ("-3.5", "-3.5"),  # a number is not a formula
        ("+1.5e3", "+1.5e3"),
        ("Rates = good", "Rates = good"),
        ("", ""),
        (None, ""),
        (12, 12),
        (-3.5, -3.5),
        (Decimal("-3.5"), Decimal("-3.5")),
        (Q1, "2008/09 Q1"),
    ],
)
def test_a_csv_cell_that_would_be_a_formula_gets_an_apostrophe_and_nothing_else_changes(
    cell, written
):
    assert csv_cell(cell) == written


def test_a_workbook_keeps_formula_like_words_as_words_shown_exactly_as_typed():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([HYPERLINK, "#N/A", "+1+1", "Rates = good", -3.5, "-3.5"])

    saved = openpyxl.load_workbook(io.BytesIO(workbook_bytes(workbook)))

    cells = list(saved.active[1])
    assert [c.value for c in cells] == [HYPERLINK, "#N/A", "+1+1", "Rates = good", -3.5, "-3.5"]
    assert [c.data_type for c in cells] == ["s", "s", "s", "s", "n", "s"]
    # Excel and LibreOffice keep a quote-prefixed cell as text when it is edited, and show no
    # apostrophe.
    assert [c.quotePrefix for c in cells] == [True, True, True, False, False, True]


# -- reports -------------------------------------------------------------------------------------


@pytest.fixture(name="planted")
def planted_fixture(thread: Thread) -> Thread:
    """NI 123's published Q1 figure carries a hyperlink for commentary; EH LI 1, published
    too, has a title that starts with a minus."""
    Actual.objects.filter(indicator=thread.ni, period=Q1).update(commentary=HYPERLINK)
    thread.local.title = BULLET
    thread.local.save()
    Actual.objects.create(indicator=thread.local, period=Q1, value=-3.5, state="published")
    return thread


def download(client, thread: Thread, fmt: str):
    client.force_login(thread.council.priya)
    response = client.get(f"{QMR_EH}&format={fmt}")
    assert response.status_code == 200
    return response


def test_the_report_csv_writes_formula_like_words_as_text_and_numbers_as_numbers(
    client, planted: Thread
):
    rows = csv_rows(download(client, planted, "csv").content.decode("utf-8-sig"))

    ni = next(row for row in rows if row["code"] == "NI 123")
    local = next(row for row in rows if row["code"] == "EH LI 1")
    assert ni["commentary"] == "'" + HYPERLINK
    assert local["title"] == "'" + BULLET
    assert local["actual"] == "-3.5"


def test_the_report_spreadsheet_holds_no_formula(client, planted: Thread):
    workbook = openpyxl.load_workbook(io.BytesIO(download(client, planted, "xlsx").content))

    assert formulas(workbook) == []
    commentary = cell_holding(workbook, HYPERLINK)
    assert (commentary.data_type, commentary.quotePrefix) == ("s", True)
    assert cell_holding(workbook, BULLET).quotePrefix


def test_the_report_json_keeps_the_words_exactly_as_typed(client, planted: Thread):
    rows = json.loads(download(client, planted, "json").content)["rows"]

    ni = next(row for row in rows if row["code"] == "NI 123")
    local = next(row for row in rows if row["code"] == "EH LI 1")
    assert (ni["commentary"], local["title"], local["actual"]) == (HYPERLINK, BULLET, -3.5)


# -- the return workbook -------------------------------------------------------------------------


def test_a_return_with_a_formula_for_commentary_downloads_as_words_and_uploads_unchanged(
    client, council, collection
):
    deadline = datetime.date(2009, 10, 31)
    round_open(acting_user=council.priya, quarter=RETURN_QUARTER, deadline=deadline)
    actual_save(
        acting_user=council.dev,
        indicator=collection.smoking,
        period=RETURN_QUARTER,
        value="52",
        commentary=HYPERLINK,
    )
    url = reverse("return_spreadsheet", args=["EH", RETURN_QUARTER.slug])
    client.force_login(council.dev)
    downloaded = client.get(url).content

    workbook = openpyxl.load_workbook(io.BytesIO(downloaded))
    assert formulas(workbook) == []
    assert cell_holding(workbook, HYPERLINK).quotePrefix

    response = client.post(url, {"return_file": SimpleUploadedFile("r.xlsx", downloaded)})
    assert response.status_code == 302
    followed = client.get(reverse("department_return", args=["EH", RETURN_QUARTER.slug]))
    assert "0 entered, 1 unchanged" in followed.content.decode()
    smoking = Actual.objects.get(indicator=collection.smoking, period=RETURN_QUARTER)
    assert (smoking.commentary, smoking.version) == (HYPERLINK, 1)


# -- the commands' CSV ---------------------------------------------------------------------------


def command(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_report_status_as_csv_writes_a_formula_like_title_as_text(planted: Thread):
    planted.ni.title = SUM
    planted.ni.save()

    rows = csv_rows(command("report", "status", "--period", "2008/09 Q1", "--format", "csv"))

    assert next(row for row in rows if row["indicator"] == "NI 123")["title"] == "'" + SUM
    assert next(row for row in rows if row["indicator"] == "EH LI 1")["actual"] == "-3.5"


def test_list_as_csv_writes_a_formula_like_title_as_text(planted: Thread):
    rows = csv_rows(command("list", "indicators", "--format", "csv"))

    assert next(row for row in rows if row["code"] == "EH LI 1")["title"] == "'" + BULLET


def test_a_packs_index_writes_a_formula_like_title_as_text(planted: Thread, tmp_path: Path):
    spec = standard_spec(ReportKind.QMR, Q1, code="EH")
    entry = PackEntry(spec, HYPERLINK, "qmr-EH")

    write_pack(Q1, tmp_path / "pack", [ReportFormat.JSON], entries=[entry])

    (row,) = csv_rows((tmp_path / "pack" / "index.csv").read_text(encoding="utf-8"))
    assert row["title"] == "'" + HYPERLINK
