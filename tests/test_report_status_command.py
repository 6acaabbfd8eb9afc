"""`goldenthread report status`, run on the demo council as a performance officer would."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from goldenthread.performance.models import StatusRecord


def report(*args):
    out = io.StringIO()
    call_command("report", "status", *args, stdout=out)
    return out.getvalue()


def test_json_has_the_report_period_time_and_rows_with_every_promised_field(demo):
    document = json.loads(report("--period", "2009/10 Q1", "--format", "json"))
    assert document["report"] == "status"
    assert document["period"] == "2009/10 Q1"
    assert document["generated_at"]
    assert len(document["rows"]) > 200
    for row in document["rows"]:
        assert {
            "indicator",
            "title",
            "polarity",
            "target",
            "actual",
            "status",
            "direction",
            "exception",
            "explanation",
        } <= set(row)
        assert row["status"] in {"green", "amber", "red", "no_target", "not_reported"}
        assert row["direction"] in {"improving", "no_change", "worsening", None}
        assert row["exception"] in {"over", "under", None}
        assert row["explanation"]


def test_the_demo_shows_every_status_direction_and_exception_somewhere(demo):
    rows = json.loads(report("--period", "2009-10-Q1", "--format", "json"))["rows"]
    assert {r["status"] for r in rows} == {"green", "amber", "red", "no_target", "not_reported"}
    assert {r["direction"] for r in rows} == {"improving", "no_change", "worsening", None}
    assert {r["exception"] for r in rows} == {"over", "under", None}


def test_published_quarters_keep_the_status_stored_when_they_were_published(demo):
    assert StatusRecord.objects.filter(period="2009/10 Q1").count() > 200
    rows = json.loads(report("--period", "2009/10 Q1", "--published-only", "--format", "json"))[
        "rows"
    ]
    stored = dict(
        StatusRecord.objects.filter(period="2009/10 Q1").values_list("indicator__code", "status")
    )
    assert all(
        row["status"] == stored[row["indicator"]] for row in rows if row["indicator"] in stored
    )


def test_the_quarter_being_collected_has_nothing_published_but_rates_validated_figures(demo):
    published = json.loads(
        report("--period", "2009/10 Q2", "--published-only", "--format", "json")
    )["rows"]
    assert {r["status"] for r in published} <= {"not_reported", "no_target"}
    team = json.loads(report("--period", "2009/10 Q2", "--format", "json"))["rows"]
    assert {"green", "amber", "red"} & {r["status"] for r in team}


def test_csv_has_the_formats_columns_first_and_one_row_per_indicator(demo):
    text = report("--period", "2009/10 Q1", "--format", "csv", "--department", "ERS")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[:9] == [
        "indicator",
        "title",
        "polarity",
        "target",
        "actual",
        "status",
        "direction",
        "exception",
        "explanation",
    ]
    assert {row["department"] for row in rows} == {"ERS"}


def test_the_text_report_says_what_it_counted(demo):
    text = report("--period", "2009/10 Q1", "--priority", "HEALTH")
    assert text.startswith("Status report for 2009/10 Q1 (validated and published figures):")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "Q1 2009"], "--period: 'Q1 2009' is not a period"),
        (["--period", "2009/10 Q1", "--department", "Nowhere"], "No department has the code"),
    ],
)
def test_bad_options_are_refused_saying_what_was_wrong(db, args, message):
    with pytest.raises(CommandError, match=message):
        report(*args)
