"""A quarter still being collected never reads "Not reported" (issue 12, "Finish the quarter").

On the demo council 2009/10 Q1 is closed and published, and 2009/10 Q2's round is open: its
figures are in and validated, and the performance officer has published the first few. A board
member who chooses Q2 sees the published few rated and everything else "Awaiting publication",
in every format: a status of its own, counted apart from "Not reported", never an exception.
Once the round closes, what is still unpublished is "Not reported".
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from decimal import Decimal
from html import unescape

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goldenthread.indicators.models import Actual
from goldenthread.monitoring.models import CollectionRound
from goldenthread.monitoring.services import actual_publish, round_close
from goldenthread.organisation.models import User
from goldenthread.performance.rating import AWAITING, Status, as_reported, rate
from goldenthread.planning.periods import Period
from goldenthread.reporting.build import build_report
from goldenthread.reporting.document import Report
from goldenthread.reporting.render import render_report
from goldenthread.reporting.spec import spec_from_query
from goldenthread.web.templatetags.markers import milestone_marker, status_marker
from goldenthread.workflow import WorkflowState

Q1, Q2 = Period.parse("2009/10 Q1"), Period.parse("2009/10 Q2")
SCORECARD_Q2 = "/reports/scorecard/?period=2009-10-Q2"


# -- the rule, without a database ------------------------------------------------------------


def test_nothing_published_while_the_round_is_open_is_awaiting_publication():
    missing = rate(actual=None, target=Decimal(5), polarity="higher")

    status, why = as_reported(
        missing.status, missing.explanation, collecting=True, period=Q2, what="figure"
    )

    assert status == AWAITING
    assert why.startswith("Awaiting publication: 2009/10 Q2 is still being collected")
    assert "no figure has been published" in why


def test_nothing_published_once_the_round_has_closed_is_not_reported():
    missing = rate(actual=None, target=Decimal(5), polarity="higher")

    assert as_reported(
        missing.status, missing.explanation, collecting=False, period=Q2, what="figure"
    ) == ("not_reported", "No figure has been reported.")


@pytest.mark.parametrize("status", [Status.GREEN, Status.AMBER, Status.RED, Status.NO_TARGET])
def test_a_published_figure_keeps_its_rating_while_the_round_is_open(status):
    assert as_reported(status, "Why.", collecting=True, period=Q2, what="figure") == (
        str(status),
        "Why.",
    )


def test_awaiting_publication_is_not_a_stored_rating():
    """The status report's words (FORMATS.md) and StatusRecord's choices stay as they are."""
    assert AWAITING not in {s.value for s in Status}


# -- on the demo council ---------------------------------------------------------------------


def officer() -> User:
    return User.objects.get(username="performance.officer")


@pytest.fixture(name="part_published")
def part_published_fixture(demo) -> list[Actual]:
    """The performance officer publishes the first 27 validated Q2 figures, as in the issue."""
    validated = list(
        Actual.objects.filter(period=Q2, state=WorkflowState.VALIDATED).order_by("pk")[:27]
    )
    actual_publish(acting_user=officer(), actuals=validated)
    return validated


def close_q2() -> None:
    round_close(acting_user=officer(), round=CollectionRound.objects.get(quarter=Q2))


def build(kind: str, period: Period = Q2, **params: str) -> Report:
    return build_report(spec_from_query(kind, {"period": str(period), **params}))


def rows(report: Report):
    return [row for s in report.sections for row in [*s.indicators, *s.milestones]]


def totals(report: Report) -> dict[str, int]:
    return {count.status: count.count for count in report.totals}


def department_with_published_q2(published: list[Actual]) -> str:
    departments = (a.indicator.department for a in published)
    return Counter(d.code for d in departments if d).most_common(1)[0][0]


def test_a_qmr_for_the_quarter_being_collected_has_no_not_reported_rows(part_published):
    department = department_with_published_q2(part_published)
    qmr = build("qmr", department=department)
    statuses = Counter(row.status for row in rows(qmr))

    assert statuses[AWAITING] > 0
    assert statuses["not_reported"] == 0
    published = {a.indicator.code for a in part_published}
    for row in qmr.sections[3].indicators + qmr.sections[4].indicators:
        if row.code in published:
            assert row.status in ("green", "amber", "red", "no_target")
        else:
            assert row.status == AWAITING and row.status_label == "Awaiting publication"
            assert "2009/10 Q2 is still being collected" in row.explanation


def test_a_milestone_with_no_progress_published_yet_is_awaiting_but_an_overdue_one_is_red(
    part_published,
):
    milestones = [m for s in build("built").sections for m in s.milestones]
    statuses = Counter(m.status for m in milestones)

    assert statuses[AWAITING] > 0 and statuses["not_reported"] == 0
    for milestone in milestones:
        if milestone.status == AWAITING:
            assert milestone.due >= Q2 and not milestone.progress
            assert "no progress has been published" in milestone.explanation
        if milestone.due < Q2 and milestone.progress != "Complete":
            assert milestone.status == "red" and milestone.explanation.startswith("Overdue")


def test_awaiting_items_are_counted_apart_from_not_reported(part_published):
    scorecard = build("scorecard")
    counted = totals(scorecard)

    assert counted[AWAITING] == sum(1 for row in rows(scorecard) if row.status == AWAITING) > 0
    assert counted["not_reported"] == 0
    assert sum(counted.values()) == scorecard.total
    summary = scorecard.sections[0]
    assert [c.label for c in summary.counts][-1] == "Awaiting publication"


def test_the_data_quality_notes_say_awaiting_not_missing(part_published):
    qmr = build("qmr", department=department_with_published_q2(part_published))
    notes = " ".join(qmr.sections[-1].notes)

    assert "awaiting publication, the quarter still being collected" in notes
    assert "due but not published" not in notes


def test_an_awaiting_item_is_never_an_exception(part_published):
    exceptions = build("exceptions", board="PPB-HEALTH")

    assert all(row.status != AWAITING for row in rows(exceptions))
    assert "awaiting publication" in exceptions.sections[0].others


def test_a_reader_can_list_the_items_awaiting_publication(part_published):
    awaiting = build("built", status=AWAITING)

    assert rows(awaiting) and {row.status for row in rows(awaiting)} == {AWAITING}


def test_the_status_chart_has_a_labelled_bar_and_words_for_awaiting(part_published):
    chart = build("scorecard").sections[0].chart
    assert chart is not None

    assert ">Awaiting</text>" in chart.svg
    assert "Awaiting publication: " in chart.text and "Not reported: 0" in chart.text


def test_once_the_round_closes_what_is_unpublished_is_not_reported(part_published):
    awaiting = totals(build("scorecard"))[AWAITING]

    close_q2()

    closed = build("scorecard")
    assert AWAITING not in totals(closed)  # a closed quarter has no such count at all
    assert totals(closed)["not_reported"] == awaiting
    assert "still being collected" not in closed.basis
    assert [s for s, _label, _meaning in closed.status_key][-1] == "not_reported"


def test_a_closed_quarter_has_no_awaiting_count_but_its_files_keep_the_key(demo):
    q1 = build("scorecard", Q1)
    assert AWAITING not in totals(q1)

    document = json.loads(render_report(q1, "json").content)
    assert document["totals"][AWAITING] == 0 and document["collecting"] == []
    assert AWAITING in document["columns"]


# -- every format ----------------------------------------------------------------------------


def signed_in(client):
    client.force_login(User.objects.get(username="executive.member"))
    return client


def test_the_page_shows_the_status_tag_key_and_count(client, part_published):
    html = unescape(signed_in(client).get(SCORECARD_Q2).content.decode())

    assert 'govuk-tag--purple">Awaiting publication</strong>' in html
    assert "still being collected (its round is open)" in html  # the key's meaning
    assert "shown as “Awaiting publication” and counted apart from “Not reported”" in html
    assert (
        ">Not reported</strong>"
        not in html.split("What the statuses mean")[1].split("</details>")[1]
    )  # no row reads "Not reported"


def test_csv_and_json_carry_the_awaiting_key(client, part_published):
    signed_in(client)
    text = client.get(f"{SCORECARD_Q2}&format=csv").content.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    document = client.get(f"{SCORECARD_Q2}&format=json").json()

    assert "awaiting" in table[0]
    items = [r for r in table if r["item_type"] == "indicator"]
    assert {r["status"] for r in items} >= {AWAITING}
    assert "not_reported" not in {r["status"] for r in items}
    assert document["totals"][AWAITING] > 0 and document["totals"]["not_reported"] == 0
    assert document["collecting"] == ["2009/10 Q2"]
    assert "Awaiting publication" in {r["status_label"] for r in document["rows"]}


def test_the_spreadsheet_keys_and_counts_awaiting(client, part_published):
    response = signed_in(client).get(f"{SCORECARD_Q2}&format=xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    about = {row[0]: row[1:] for row in workbook["About"].iter_rows(values_only=True) if row[0]}

    meaning, count = about["Awaiting publication"][:2]
    assert "still being collected" in meaning and count > 0
    assert about["Not reported"][1] == 0
    sheet_statuses = {
        value
        for sheet in workbook.worksheets[1:]
        for row in sheet.iter_rows(values_only=True)
        for value in row
    }
    assert AWAITING in sheet_statuses and "Awaiting publication" in sheet_statuses


def test_the_pdf_says_awaiting_publication(part_published):
    from pypdf import PdfReader

    content = render_report(build("scorecard"), "pdf").content
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages
    )

    assert "Awaiting publication" in text
    assert "still being collected" in text


def test_a_report_of_the_quarter_being_collected_takes_as_many_queries_for_more_rows(
    part_published,
):
    def queries(department: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            report = build("qmr", department=department)
        return report.total, len(captured)

    (few, few_queries), (many, many_queries) = sorted(map(queries, ("PP", "ASC")))
    assert many > few
    assert few_queries == many_queries


# -- markers on pages ------------------------------------------------------------------------


def test_the_awaiting_marker_has_its_own_words_shape_and_colour():
    awaiting, missing = str(status_marker(AWAITING)), str(status_marker("not_reported"))

    assert "Awaiting publication" in awaiting and "govuk-tag--purple" in awaiting
    assert "Not reported" in missing and "govuk-tag--grey" in missing
    assert (
        awaiting.split("<svg")[1].split("</svg>")[0] != missing.split("<svg")[1].split("</svg>")[0]
    )


def test_a_milestone_awaiting_publication_has_its_marker():
    from goldenthread.performance.milestones import MilestoneRating

    shown = str(milestone_marker(MilestoneRating(AWAITING, False, "Awaiting.")))  # type: ignore[arg-type]

    assert "Milestone status:" in shown and "Awaiting publication" in shown


def test_the_public_never_sees_the_quarter_being_collected(client, part_published):
    html = unescape(client.get("/performance/").content.decode())

    assert "Awaiting publication" not in html and "2009/10 Q2" not in html
