"""A spreadsheet larger than it can honestly be is refused before it is parsed (issue 11): a
return or an import of millions of rows in a few hundred kilobytes (a "zip bomb"), a sheet
that misstates its size, rows too wide, more text than cells. Each refusal says what and
where; the upload page shows it, and the commands print it and fail."""

import datetime
import io
import random

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from goldenthread.indicators.models import Actual
from goldenthread.monitoring.models import ItemChange
from goldenthread.monitoring.returns_xlsx.importing import RETURN_LIMITS
from goldenthread.monitoring.services import round_open
from goldenthread.spreadsheet_reading import WorkbookRefused, open_workbook
from tests.monitoring_fixtures import Q2, collection_fixture  # noqa: F401
from tests.xlsx_bombs import BOMB_ROW, Repeated, bomb, sheet, workbook, zipped

BOMB_REFUSED = "ers.xlsx is 140 MB once uncompressed; the most Golden Thread reads is 50 MB"
VALUE = b'<c r="A{row}" t="inlineStr"><is><t>x</t></is></c>'


@pytest.fixture(name="round_")
def round_fixture(council, collection):
    return round_open(acting_user=council.priya, quarter=Q2, deadline=datetime.date(2009, 10, 31))


@pytest.fixture(name="never_parsed")
def never_parsed_fixture(monkeypatch):
    """openpyxl must not be asked to read the file at all."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl.load_workbook was called on a file that should be refused")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_a_zip_bomb_return_is_refused_on_the_page_before_it_is_parsed(
    client, council, round_, never_parsed
):
    client.force_login(council.dev)
    before = (Actual.objects.count(), ItemChange.objects.count())
    url = reverse("return_spreadsheet", args=["EH", Q2.slug])

    response = client.post(url, {"return_file": SimpleUploadedFile("ers.xlsx", bomb())})

    html = response.content.decode()
    assert response.status_code == 200
    assert "The return was not uploaded" in html and BOMB_REFUSED in html
    assert (Actual.objects.count(), ItemChange.objects.count()) == before


def test_a_zip_bomb_return_is_refused_by_the_import_command(
    council, round_, tmp_path, never_parsed
):
    path = tmp_path / "ers.xlsx"
    path.write_bytes(bomb())
    with pytest.raises(CommandError, match=BOMB_REFUSED):
        call_command("import_return", str(path), "--as", "dev")


@pytest.mark.parametrize("command", ["import_actuals", "import_targets", "import_indicators"])
def test_a_zip_bomb_import_is_refused_by_each_import_command(db, tmp_path, never_parsed, command):
    path = tmp_path / "ers.xlsx"
    path.write_bytes(bomb())
    err = io.StringIO()
    with pytest.raises(CommandError, match="file refused"):
        call_command(command, str(path), stdout=io.StringIO(), stderr=err)
    assert BOMB_REFUSED in err.getvalue()


def refusal(data: bytes) -> str:
    with (
        pytest.raises(WorkbookRefused) as refused,
        open_workbook(data, name="ers.xlsx", limits=RETURN_LIMITS) as book,
    ):
        for title in book.sheetnames:
            list(book.rows(title))
    return str(refused.value)


def rows(count: int, block: bytes = b"<row/>") -> Repeated:
    return Repeated(b"", block, count, b"")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            workbook({"Return": sheet(b"<row/>", dimension="A1:X3000000")}),
            "ers.xlsx: sheet 'Return' has 3,000,000 rows; a return may have at most 5,000",
        ),
        (
            workbook({"Return": sheet(b"<row/>", dimension="A1:CV2")}),
            "ers.xlsx: sheet 'Return' has 100 columns; a return may have at most 50",
        ),
        (  # no stated size: openpyxl would read every row to find it, so all rows count
            workbook({"Return": sheet(rows(5_001))}),
            "ers.xlsx: sheet 'Return' has more than 5,000 rows; a return may have at most 5,000",
        ),
        (  # a stated size that is wrong
            workbook(
                {
                    "Return": sheet(
                        b'<row r="6000">' + VALUE.replace(b"{row}", b"6000") + b"</row>",
                        dimension="A1:A3",
                    )
                }
            ),
            "sheet 'Return' has more than 5,000 rows (row 6,000 has a value)",
        ),
        (
            workbook({"Return": sheet(b'<row r="1"><c r="AY1"><v>1</v></c></row>')}),
            "sheet 'Return' has more than 50 columns (column 51 has a value)",
        ),
        (
            workbook({"Return": sheet(b"<row>" + b"<c/>" * 16_385 + b"</row>")}),
            "sheet 'Return' has more than 16,384 cells in row 1, which no spreadsheet has",
        ),
        (  # small enough once uncompressed, but no spreadsheet compresses like this
            workbook({"Return": sheet(rows(20, BOMB_ROW * 2_000), dimension="A1:A3")}),
            "ers.xlsx: its part xl/worksheets/sheet1.xml is 2 MB compressed",
        ),
        (
            workbook(
                {"Return": sheet(b'<row><c t="s"><v>0</v></c></row>')},
                shared_strings=b'<sst xmlns="x">' + b"<si><t>x</t></si>" * 1_002 + b"</sst>",
            ),
            "ers.xlsx holds more than 1,001 pieces of text, more than its sheets have cells",
        ),
        (  # openpyxl would parse the styles whole, into objects
            zipped({"xl/styles.xml": Repeated(b"", random.randbytes(65_536), 170, b"")}),
            "ers.xlsx: its part xl/styles.xml is 11 MB, which no spreadsheet's is",
        ),
        (
            zipped({f"part{number}.xml": b"" for number in range(501)}),
            "ers.xlsx holds 501 files; an Excel workbook holds a few dozen",
        ),
        (
            b"PK\x03\x04 not really a zip",
            "ers.xlsx could not be read as an Excel workbook (.xlsx)",
        ),
    ],
    ids=[
        "stated rows",
        "stated columns",
        "unstated rows",
        "misstated rows",
        "a value too far right",
        "a row of too many cells",
        "compressed too far",
        "more text than cells",
        "styles too large",
        "too many parts",
        "not a zip",
    ],
)
def test_a_workbook_larger_than_it_can_honestly_be_is_refused_saying_what_and_where(data, message):
    assert message in refusal(data)


def test_a_workbook_within_the_limits_is_read_row_by_row_to_its_last_value():
    data = workbook(
        {
            "Return": sheet(
                b'<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c></row>'
                b'<row r="3"><c r="B3"><v>7</v></c><c r="C3" s="1"/></row>'
                b'<row r="4000"><c r="A4000" s="1"/></row>',  # formatted, empty: not read
                dimension="A1:C4000",
            )
        }
    )
    with open_workbook(data, name="ers.xlsx", limits=RETURN_LIMITS) as book:
        assert list(book.rows("Return")) == [("code", None), (None, None), (None, 7)]
