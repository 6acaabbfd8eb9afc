"""A report as a file: the PDF board pack (compact, with a cover, contents, status key and page
numbers), the spreadsheet, CSV and JSON rows and the standalone page all carry the same
items.

Over the demo council, whose latest published quarter is 2009/10 Q1. Each report is built and
rendered once per module: a PDF takes about a second.
"""

import csv
import io
import json
import re

import pytest
from openpyxl import load_workbook

from goldenthread.indicators.models import Indicator
from goldenthread.planning.models import Milestone
from goldenthread.planning.periods import Period
from goldenthread.reporting.build import build_report
from goldenthread.reporting.document import Report
from goldenthread.reporting.render import render_report
from goldenthread.reporting.render.rows import COLUMNS
from goldenthread.reporting.render.xlsx import sheet_name
from goldenthread.reporting.spec import standard_spec

Q1 = Period.parse("2009/10 Q1")
# pytest-django creates the test database only for a session with a test that asks for it: the
# module's fixtures build from the demo, so every test here asks.
pytestmark = pytest.mark.django_db

PPBS = ["PPB-CORP", "PPB-CYP", "PPB-ELS", "PPB-HEALTH", "PPB-SAFER", "PPB-URBAN"]


def pdf_pages(content: bytes) -> list[str]:
    """Each page's text, every run of white space made one space."""
    from pypdf import PdfReader

    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def pdf_links(content: bytes) -> list[str]:
    from pypdf import PdfReader

    uris = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def items(report: Report) -> set[tuple[str, str]]:
    return {
        (kind, row.code)
        for section in report.sections
        for kind, rows in (("indicator", section.indicators), ("milestone", section.milestones))
        for row in rows
    }


@pytest.fixture(scope="module")
def built(demo_db, django_db_blocker):
    """The reports these tests render, built once: name -> Report."""
    with django_db_blocker.unblock():
        reports = {
            board: build_report(standard_spec("exceptions", Q1, "board", board)) for board in PPBS
        }
        reports["ERS"] = build_report(standard_spec("qmr", Q1, "department", "ERS"))
        reports["scorecard"] = build_report(standard_spec("scorecard", Q1))
        universe = {
            "codes": set(Indicator.objects.values_list("code", flat=True))
            | set(Milestone.objects.values_list("code", flat=True))
        }
    return reports, universe


@pytest.fixture(scope="module")
def ers(built):
    reports, _ = built
    return reports["ERS"]


@pytest.fixture(scope="module")
def ers_pdf(ers):
    return render_report(ers, "pdf").content


def codes_in(text: str, universe: set[str]) -> set[str]:
    """The indicator and milestone codes written in ``text`` as whole codes ("ERS LI 1" is not
    found in "ERS LI 10")."""
    return {code for code in universe if re.search(rf"(?<![\w.]){re.escape(code)}(?![\w.])", text)}


@pytest.mark.parametrize("board", PPBS)
def test_a_ppbs_exception_report_fits_on_at_most_four_pages(built, board):
    report = built[0][board]
    rendered = render_report(report, "pdf")
    pages = pdf_pages(rendered.content)
    assert 1 <= len(pages) <= 4, f"{board}: {len(pages)} pages"
    assert report.title in pages[0]
    assert rendered.filename == f"exceptions-{board}-2009-10-Q1.pdf"
    assert rendered.content_type == "application/pdf"


def test_the_balanced_scorecard_is_one_page_with_every_perspectives_headlines(built):
    scorecard = built[0]["scorecard"]
    (page,) = pdf_pages(render_report(scorecard, "pdf").content)
    flat = " ".join(page.split())
    for section in scorecard.sections:
        assert section.heading in flat
        for row in section.indicators:
            assert row.code in flat
    assert "Page 1 of 1" in flat


def test_the_pdf_numbers_its_pages_and_dates_them(ers, ers_pdf):
    pages = pdf_pages(ers_pdf)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert f"Generated {ers.generated_at:%-d %B %Y}" in text


def test_the_pdf_cover_says_what_the_report_is_with_its_contents_and_status_key(ers, ers_pdf):
    pages = pdf_pages(ers_pdf)
    cover = pages[0]
    for words in (ers.scope_label, "2009/10 Q1", ers.basis, ers.audience, "Status key"):
        assert words in cover
    for _status, _label, meaning in ers.status_key:  # a closed quarter: none awaiting
        assert meaning in cover
    contents = cover[cover.index("Contents") : cover.index("Status key")]
    for section in ers.sections:
        entry = re.search(rf"{re.escape(section.heading)}\s*[.\s]*(\d+)", contents)
        assert entry, f"{section.heading} is not in the contents"
        page = int(entry.group(1))
        assert section.heading in pages[page - 1], f"{section.heading} is not on page {page}"


def test_the_pdf_draws_each_chart(ers, ers_pdf):
    """Every status chart and trend is drawn: its words are in the page (the status chart's
    labels), and the PDF holds as many pictures as the report has charts."""
    charts = [s.chart for s in ers.sections if s.chart] + [
        row.chart for s in ers.sections for row in s.indicators if row.chart
    ]
    assert charts
    html = render_report(ers, "html").content.decode()
    assert html.count("<svg") == len(charts)
    assert "Not reported" in pdf_pages(ers_pdf)[0]


def test_links_in_the_pdf_are_full_addresses_when_the_site_has_one(built, settings):
    settings.GOLDENTHREAD_BASE_URL = "https://performance.example.gov.uk"
    report = built[0]["PPB-SAFER"]
    links = pdf_links(render_report(report, "pdf").content)
    rows = [row for section in report.sections for row in section.indicators]
    assert rows
    for row in rows:
        assert f"https://performance.example.gov.uk{row.url}" in links
        if row.history_url:
            assert f"https://performance.example.gov.uk{row.history_url}" in links


def test_every_format_carries_the_same_indicators_and_milestones(built, ers, ers_pdf):
    universe = built[1]["codes"]
    expected = items(ers)
    assert {kind for kind, _ in expected} == {"indicator", "milestone"}

    pdf_text = " ".join(pdf_pages(ers_pdf))
    assert codes_in(pdf_text, universe) == {code for _, code in expected}

    csv_rows = list(
        csv.DictReader(io.StringIO(render_report(ers, "csv").content.decode("utf-8-sig")))
    )
    assert {(r["item_type"], r["code"]) for r in csv_rows if r["code"]} == expected

    document = json.loads(render_report(ers, "json").content)
    assert {(r["item_type"], r["code"]) for r in document["rows"] if r["code"]} == expected
    assert len(document["rows"]) == len(csv_rows)

    workbook = load_workbook(io.BytesIO(render_report(ers, "xlsx").content))
    found, count = set(), 0
    for sheet in workbook.worksheets[1:]:
        header = [cell.value for cell in sheet[1]]
        for line in sheet.iter_rows(min_row=2, values_only=True):
            count += 1
            row = dict(zip(header, line, strict=True))
            if row["Code"]:
                found.add((row["Item"], row["Code"]))
    assert found == expected
    assert count == len(csv_rows)

    html = render_report(ers, "html").content.decode()
    assert codes_in(re.sub(r"<[^>]+>", " ", html), universe) == {code for _, code in expected}


def test_the_spreadsheet_has_an_about_sheet_and_a_sheet_per_section(ers):
    rendered = render_report(ers, "xlsx")
    assert rendered.filename == "qmr-ERS-2009-10-Q1.xlsx"
    workbook = load_workbook(io.BytesIO(rendered.content))
    assert workbook.sheetnames[0] == "About"
    assert workbook.sheetnames[1:] == [section.heading[:31] for section in ers.sections]
    about = {row[0]: row[1:] for row in workbook["About"].iter_rows(values_only=True) if row[0]}
    assert about["Report"][0] == ers.title
    assert about["Periods"][0] == "2009/10 Q1"
    assert about["URL"][0] == ers.url
    assert about["Red"][1] == next(c.count for c in ers.totals if c.status == "red")
    assert about["Total"][1] == ers.total
    sheet = workbook[sheet_name("Key performance indicators", set())]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])


def test_the_spreadsheet_stores_figures_as_numbers_to_the_indicators_decimals(ers):
    workbook = load_workbook(io.BytesIO(render_report(ers, "xlsx").content))
    sheet = workbook["Key performance indicators"]
    header = [cell.value for cell in sheet[1]]
    rows = {line[header.index("Code")].value: line for line in sheet.iter_rows(min_row=2)}
    shown = next(
        row
        for s in ers.sections
        if s.id == "key-performance-indicators"
        for row in s.indicators
        if row.decimals == 1 and row.actual is not None
    )
    actual = rows[shown.code][header.index("Actual")]
    assert actual.data_type == "n"
    assert actual.value == float(shown.actual)
    assert actual.number_format == "#,##0.0"
    code = rows[shown.code][header.index("Code")]
    assert code.hyperlink.target.endswith(shown.url)
    trail = rows[shown.code][header.index("Audit trail")]
    assert trail.hyperlink.target.endswith(shown.history_url)


def test_the_spreadsheet_keeps_words_that_look_like_a_formula_as_words(ers):
    from dataclasses import replace

    section = ers.sections[-1]
    tricky = replace(ers, sections=[replace(section, notes=['=HYPERLINK("http://x","y")'])])
    workbook = load_workbook(io.BytesIO(render_report(tricky, "xlsx").content))
    cells = [cell for row in workbook.worksheets[1].iter_rows() for cell in row]
    note = next(cell for cell in cells if str(cell.value).startswith("=HYPERLINK"))
    assert note.data_type == "s"


def test_sheet_names_are_short_unique_and_acceptable_to_excel():
    taken: set[str] = set()
    first = sheet_name("Progress against objectives and milestones: 2009/10 [Q1]?", taken)
    second = sheet_name("Progress against objectives and milestones: 2009/10 [Q1]?", taken)
    assert len(first) <= 31 and len(second) <= 31
    assert first != second
    assert not set("[]:*?/\\") & set(first + second)


def test_csv_and_json_have_the_same_columns_and_json_keeps_numbers(ers):
    document = json.loads(render_report(ers, "json").content)
    assert document["title"] == ers.title
    assert document["columns"] == COLUMNS
    reader = csv.reader(io.StringIO(render_report(ers, "csv").content.decode("utf-8-sig")))
    assert next(reader) == COLUMNS
    indicator = next(r for r in document["rows"] if r["item_type"] == "indicator" and r["actual"])
    assert isinstance(indicator["actual"], int | float)
    counts = [r for r in document["rows"] if r["item_type"] == "count"]
    summary = next(section for section in ers.sections if section.id == "summary")
    assert sum(r["count"] for r in counts if r["section_id"] == "summary") == summary.total


def test_the_html_download_is_one_page_with_its_styles_inside(ers):
    rendered = render_report(ers, "html")
    page = rendered.content.decode()
    assert rendered.filename == "qmr-ERS-2009-10-Q1.html"
    assert "<style>" in page and 'rel="stylesheet"' not in page
    assert "<h1" in page and "Status key" in page
