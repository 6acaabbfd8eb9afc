"""`goldenthread report coverage`: the review's Table 2 from the data, as text, JSON or CSV."""

import csv
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

TABLE_2 = [
    {"priority": "A Healthy Borough", "objectives_milestones": 57, "indicators": 51, "total": 108},
    {"priority": "Urban Renewal", "objectives_milestones": 50, "indicators": 64, "total": 114},
    {
        "priority": "Children & Young People",
        "objectives_milestones": 46,
        "indicators": 61,
        "total": 107,
    },
    {
        "priority": "Employment, Learning & Skills",
        "objectives_milestones": 26,
        "indicators": 23,
        "total": 49,
    },
    {"priority": "A Safer Borough", "objectives_milestones": 13, "indicators": 26, "total": 39},
    {
        "priority": "Corporate Effectiveness & Business Efficiency",
        "objectives_milestones": 178,
        "indicators": 141,
        "total": 319,
    },
]
TOTALS = {"objectives_milestones": 370, "indicators": 366, "total": 736}


def report(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_coverage_as_json_is_table_2_of_the_review(demo):
    document = json.loads(report("coverage", "--format", "json"))
    rows = [
        {key: row[key] for key in ("priority", "objectives_milestones", "indicators", "total")}
        for row in document["rows"]
    ]
    assert rows == TABLE_2
    assert document["totals"] == TOTALS


def test_coverage_as_json_lists_unlinked_and_multi_linked_objectives_apart(demo):
    document = json.loads(report("coverage", "--format", "json"))
    assert [item["code"] for item in document["unlinked"]] == ["CL 7", "CSC 6", "HTL 6", "RB 6"]
    assert all(set(item) >= {"code", "title", "plan"} for item in document["unlinked"])
    multi = {item["code"]: item["priorities"] for item in document["multi_linked"]}
    assert multi["HSG 4"] == ["A Healthy Borough", "Urban Renewal"]
    assert document["unlinked_indicators"] == 2


def test_coverage_as_csv_has_a_row_per_priority_then_a_total_row(demo):
    rows = list(csv.reader(StringIO(report("coverage", "--format", "csv"))))
    assert rows[0] == ["priority", "objectives_milestones", "indicators", "total"]
    assert rows[1:-1] == [
        [
            row["priority"],
            str(row["objectives_milestones"]),
            str(row["indicators"]),
            str(row["total"]),
        ]
        for row in TABLE_2
    ]
    assert rows[-1] == ["TOTAL", "370", "366", "736"]


def test_coverage_as_text_is_a_readable_table_by_default(demo):
    text = report("coverage")
    lines = text.splitlines()
    assert lines[0].split() == ["Priority", "Objectives", "/", "milestones", "Indicators", "Total"]
    assert "Employment, Learning & Skills" in text
    assert [line for line in lines if line.startswith("TOTAL")][0].split() == [
        "TOTAL",
        "370",
        "366",
        "736",
    ]
    assert "Objectives linked to no priority (not counted above): 4" in text


def test_coverage_of_an_empty_database_totals_zero(db):
    document = json.loads(report("coverage", "--format", "json"))
    assert document["rows"] == []
    assert document["totals"] == {"objectives_milestones": 0, "indicators": 0, "total": 0}
    assert report("coverage", "--format", "csv").splitlines()[-1] == "TOTAL,0,0,0"


def test_a_report_must_be_named(db):
    with pytest.raises(CommandError, match="REPORT"):
        report()


def test_an_unknown_format_is_refused(db):
    with pytest.raises(CommandError, match="invalid choice: 'xml'"):
        report("coverage", "--format", "xml")
