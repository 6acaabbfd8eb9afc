"""Open data (issue 6): Rosa, a resident, downloads the council's published figures as CSV and
JSON under the Open Government Licence, and nothing else: no figure of a quarter still being
collected, no figure not yet published (see test_public_pages.py for the figures)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from goldenthread.public.opendata import COLUMNS
from goldenthread.workflow import WorkflowState
from tests.pages_fixtures import (  # noqa: F401
    Q1,
    Thread,
    grow,
    make_actual,
    make_indicator,
    queries_for,
    thread_fixture,
)
from tests.test_public_pages import HIDDEN, published_fixture  # noqa: F401

CSV = "/performance/open-data/figures.csv"
JSON = "/performance/open-data/figures.json"
OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def csv_rows(client, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def publish_measure(thread: Thread, code: str, title: str, value: str, **fields) -> None:
    """A health measure with a published 2008/09 Q1 figure."""
    indicator = make_indicator(code, title, priorities=[thread.council.health], **fields)
    make_actual(indicator, Q1, value, WorkflowState.PUBLISHED)


def test_rosa_downloads_every_published_figure_as_csv(client, published: Thread):
    response = client.get(CSV)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="performance-figures.csv"'
    assert f'<{OGL}>; rel="license"' in response["Link"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # a BOM, for spreadsheets
    rows = csv_rows(client, CSV)
    assert list(rows[0]) == COLUMNS
    assert [(r["indicator"], r["period"], r["value"]) for r in rows] == [
        ("NI 123", "2008/09 Q1", "812.25")
    ]
    (row,) = rows
    assert row["target"] == "800"
    assert row["status"] == "green"
    assert row["status_label"] == "On target"
    assert row["explanation"].startswith("812.25 is 1.5% above the target of 800")
    assert row["priorities"] == "HEALTH"
    assert row["polarity"] == "higher"
    assert row["released"] == "2008-08-14"
    assert row["url"] == "http://testserver/performance/indicators/NI%20123/"


@pytest.mark.parametrize("url", [CSV, JSON, f"{CSV}?priority=HEALTH", f"{JSON}?indicator=NI 123"])
def test_no_download_holds_a_figure_from_a_quarter_still_being_collected_or_unpublished(
    client, published: Thread, url: str
):
    content = client.get(url).content.decode("utf-8-sig")

    for figure in HIDDEN:
        assert figure not in content
    assert "2008/09 Q2" not in content
    assert "812.25" in content


def test_a_measure_s_editorial_note_has_its_own_column_and_never_stands_in_the_title(
    client, published: Thread
):
    note = "sic: the source says 'invoces'"
    publish_measure(published, "BV 8", "Invoices paid within 30 days", "91", note=note)

    rows = {r["indicator"]: r for r in csv_rows(client, CSV)}
    document = json.loads(client.get(JSON).content)
    raw = {r["indicator"]: r for r in document["rows"]}

    assert list(rows["BV 8"])[:3] == ["indicator", "title", "note"]
    assert rows["BV 8"]["title"] == "Invoices paid within 30 days"
    assert rows["BV 8"]["note"] == raw["BV 8"]["note"] == note
    assert "note" in document["columns"]
    assert rows["NI 123"]["note"] == ""  # no note: an empty cell, null in the JSON
    assert raw["NI 123"]["note"] is None


def test_the_json_names_its_licence_and_publisher(client, published: Thread):
    response = client.get(JSON)

    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document["licence"] == {
        "name": "Open Government Licence v3.0",
        "url": OGL,
        "attribution": (
            "Contains public sector information licensed under the Open Government Licence v3.0."
        ),
    }
    assert document["publisher"] == "Demo Borough Council"
    assert document["latest_quarter"] == "2008/09 Q1"
    assert document["columns"] == COLUMNS
    (row,) = document["rows"]
    assert row["value"] == 812.25 and row["target"] == 800
    assert row["direction"] is None


def test_a_priority_s_download_holds_its_own_measures_only(client, published: Thread):
    other = make_indicator(
        "BV 99", "Invoices paid on time", priorities=[published.council.efficiency]
    )
    make_actual(other, Q1, "88.5", WorkflowState.PUBLISHED)

    health = csv_rows(client, f"{CSV}?priority=HEALTH")
    corporate = csv_rows(client, f"{CSV}?priority=CORP")

    assert [r["indicator"] for r in health] == ["NI 123"]
    assert [r["indicator"] for r in corporate] == ["BV 99"]
    response = client.get(f"{CSV}?priority=CORP")
    assert 'filename="performance-figures-corp.csv"' in response["Content-Disposition"]


@pytest.mark.parametrize("query", ["priority=NOPE", "indicator=NOPE 1"])
def test_a_download_of_something_unknown_is_not_found(client, published: Thread, query: str):
    assert client.get(f"{CSV}?{query}").status_code == 404


def test_a_title_or_note_a_spreadsheet_would_run_as_a_formula_is_written_as_text(
    client, published: Thread
):
    title = '=HYPERLINK("http://example.com","Click")'
    publish_measure(published, "X 1", title, "-3.5", polarity="none", note="=1+1")

    (row,) = [r for r in csv_rows(client, CSV) if r["indicator"] == "X 1"]

    assert row["title"] == '\'=HYPERLINK("http://example.com","Click")'
    assert row["value"] == "-3.5"  # a number is not a formula
    assert row["note"] == "'=1+1"
    document = json.loads(client.get(JSON).content)
    (raw,) = [r for r in document["rows"] if r["indicator"] == "X 1"]
    assert raw["title"] == '=HYPERLINK("http://example.com","Click")'  # JSON is not a sheet
    assert raw["note"] == "=1+1"


def test_the_open_data_page_states_the_licence_and_links_every_download(client, published: Thread):
    html = client.get("/performance/open-data/").content.decode()

    assert "Open Government Licence v3.0" in html
    assert (
        "Contains public sector information licensed under the Open Government Licence v3.0."
        in html
    )
    assert f'href="{OGL}"' in html
    assert 'href="/performance/open-data/figures.csv"' in html
    assert 'href="/performance/open-data/figures.json?priority=HEALTH"' in html


def test_a_download_s_queries_do_not_grow_with_the_rows(client, published: Thread):
    few = queries_for(client, CSV)
    rows_before = len(csv_rows(client, CSV))

    grow(published, 4)

    assert queries_for(client, CSV) == few  # built afresh: the new rows are a new edition
    assert len(csv_rows(client, CSV)) > rows_before
    assert queries_for(client, JSON) == few
