"""`report status` rows, exactly as FORMATS.md describes them."""

from decimal import Decimal as D

import pytest

from goldenthread.indicators.models import (
    Actual,
    Aggregation,
    Frequency,
    Indicator,
    IndicatorPriority,
    Target,
)
from goldenthread.performance.reports import status_report
from goldenthread.planning.periods import Period
from goldenthread.workflow import WorkflowState

Q2 = Period.parse("2009/10 Q2")


def indicator(code, council, **fields):
    fields.setdefault("department", council.health_dept)
    return Indicator.objects.create(code=code, title=f"Indicator {code}", **fields)


def figure(ind, period, value, state=WorkflowState.PUBLISHED):
    return Actual.objects.create(
        indicator=ind, period=Period.parse(period), value=D(value), state=state
    )


def target(ind, period, value, floor=None):
    return Target.objects.create(
        indicator=ind,
        period=Period.parse(period),
        value=D(value),
        floor=None if floor is None else D(floor),
    )


@pytest.fixture
def figures(council):
    amber = indicator("HL 1", council)
    target(amber, "2009/10 Q2", 80)
    figure(amber, "2009/10 Q2", "78.5")
    figure(amber, "2008/09 Q2", 70)
    validated = indicator("HL 2", council, polarity="lower")
    target(validated, "2009/10 Q2", 10)
    figure(validated, "2009/10 Q2", 8, WorkflowState.VALIDATED)
    draft = indicator("HL 3", council)
    target(draft, "2009/10 Q2", 5)
    figure(draft, "2009/10 Q2", 1, WorkflowState.DRAFT)
    yearly = indicator("HL 4", council, aggregation=Aggregation.CUMULATIVE)
    target(yearly, "2009/10", 1000)
    figure(yearly, "2009/10 Q2", 450)
    other = indicator("RB 1", council, department=council.revenues_dept)
    IndicatorPriority.objects.create(indicator=other, priority=council.efficiency)
    indicator("HL 9", council, frequency=Frequency.ANNUAL)  # not due in a quarter
    return council


def rows_by_code(report):
    return {row["indicator"]: row for row in report.rows}


def test_each_row_has_the_columns_formats_promises(figures):
    row = rows_by_code(status_report(Q2))["HL 1"]
    assert {
        k: row[k]
        for k in [
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
    } == {
        "indicator": "HL 1",
        "title": "Indicator HL 1",
        "polarity": "higher",
        "target": 80,
        "actual": 78.5,
        "status": "amber",
        "direction": "improving",
        "exception": None,
        "explanation": "78.5 is 1.9% below the target of 80; the amber band is 5%.",
    }


def test_as_the_performance_team_validated_figures_count_and_drafts_do_not(figures):
    rows = rows_by_code(status_report(Q2))
    assert (rows["HL 2"]["status"], rows["HL 2"]["exception"]) == ("green", "over")
    assert rows["HL 3"]["status"] == "not_reported"
    assert rows["HL 3"]["actual"] is None


def test_published_only_shows_what_boards_and_the_public_see(figures):
    rows = rows_by_code(status_report(Q2, published_only=True))
    assert rows["HL 2"]["status"] == "not_reported"
    assert rows["HL 1"]["status"] == "amber"


def test_a_cumulative_figure_is_compared_with_the_annual_target_profiled_to_the_quarter(figures):
    row = rows_by_code(status_report(Q2))["HL 4"]
    assert row["target"] == 500
    assert row["status"] == "red"
    assert row["explanation"].endswith(
        "The target is the annual target profiled to 2009/10 Q2 by an even profile."
    )


def test_annual_indicators_are_left_out_of_a_quarter_unless_they_have_figures(figures):
    assert "HL 9" not in rows_by_code(status_report(Q2))
    assert "HL 9" in rows_by_code(status_report(Period.parse("2009/10")))


def test_the_report_narrows_by_department_and_priority(figures):
    assert set(rows_by_code(status_report(Q2, department=figures.revenues_dept))) == {"RB 1"}
    assert set(rows_by_code(status_report(Q2, priority=figures.efficiency))) == {"RB 1"}


def test_the_report_carries_its_name_period_and_time(figures):
    report = status_report(Q2).as_dict()
    assert report["report"] == "status"
    assert report["period"] == "2009/10 Q2"
    assert report["generated_at"]


def test_the_query_count_does_not_grow_with_the_rows(figures, django_assert_max_num_queries):
    with django_assert_max_num_queries(6) as few:
        status_report(Q2)
    for n in range(40):
        ind = indicator(f"X {n}", figures)
        target(ind, "2009/10 Q2", 10)
        figure(ind, "2009/10 Q2", n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        report = status_report(Q2)
    assert len(report.rows) == 45
