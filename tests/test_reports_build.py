"""What each report of the standard pack holds, on the demo council, and that its figures
drill down to the items behind them in a fixed number of queries."""

from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goldenthread.indicators.models import Actual, IndicatorPriority
from goldenthread.planning.periods import Period
from goldenthread.reporting.build import build_report
from goldenthread.reporting.choices import ReportKind
from goldenthread.reporting.pack import standard_pack
from goldenthread.reporting.spec import SpecError, spec_from_query, standard_spec
from goldenthread.workflow import WorkflowState

Q1 = "2009/10 Q1"


def report(kind, charts=True, **params):
    return build_report(spec_from_query(kind, {"period": Q1, **params}), charts=charts)


def spec_of(url):
    parts = urlsplit(url)
    return spec_from_query(parts.path.strip("/").split("/")[-1], parse_qs(parts.query))


def codes(document):
    return [row.code for s in document.sections for row in [*s.indicators, *s.milestones]]


def test_the_qmr_has_the_parts_of_a_quarterly_monitoring_report_in_order(demo):
    qmr = report("qmr", department="ERS")
    headings = [s.heading for s in qmr.sections]
    assert headings[:5] == [
        "Summary",
        "Key developments and emerging issues",
        "Progress against objectives and milestones",
        "Key performance indicators",
        "Other performance indicators",
    ]
    assert headings[-1] == "Data quality"
    narrative = dict(qmr.sections[1].narrative)
    assert narrative["Key developments"] and narrative["Emerging issues"]
    key = qmr.sections[3].indicators
    assert key and all(row.is_key for row in key)
    assert all(not row.is_key for row in qmr.sections[4].indicators)
    assert qmr.sections[2].milestones
    assert (
        qmr.title == "Quarterly monitoring report: Environmental & Regulatory Services, 2009/10 Q1"
    )


def test_reports_show_published_figures_only(demo):
    quarter = Period.parse("2009/10 Q2")  # being collected: figures validated, none published
    validated = Actual.objects.filter(period=quarter, state=WorkflowState.VALIDATED).first()
    assert validated is not None
    department = validated.indicator.department.code
    qmr = report("qmr", department=department, period="2009/10 Q2")
    (row,) = [r for s in qmr.sections for r in s.indicators if r.code == validated.indicator.code]
    # Validated, not published, and the round still open: awaiting publication, not missing.
    assert row.actual is None and row.status == "awaiting"


def test_the_exception_report_lists_only_exceptions_and_counts_the_rest_in_one_line(demo):
    exceptions = report("exceptions", board="PPB-HEALTH")
    rows = [r for s in exceptions.sections for r in s.indicators]
    milestones = [m for s in exceptions.sections for m in s.milestones]
    assert rows and all(r.exception in ("over", "under") for r in rows)
    assert all(m.status == "red" for m in milestones)
    overview = exceptions.sections[0]
    assert overview.others.startswith("Also in ")
    assert "not exceptions" in overview.others
    everything = report("built", scope="board", board="PPB-HEALTH")
    others = everything.total - exceptions.total
    assert f"{others} other items" in overview.others


def test_an_item_linked_to_two_priorities_appears_under_each_and_is_counted_once(demo):
    link = (
        IndicatorPriority.objects.filter(position=1, indicator__frequency="quarterly")
        .select_related("indicator")
        .first()
    )
    code = link.indicator.code
    whole = report(
        "built", charts=False, scope="board", board="EXEC"
    )  # the Executive Board: every priority
    sections = [s.heading for s in whole.sections if code in [r.code for r in s.indicators]]
    assert len(sections) == 2
    by_priority = next(s for s in whole.sections if s.heading == "By priority")
    listed = sum(row.total for row in by_priority.summary)
    assert listed > whole.total  # the linked items are listed under each priority...
    assert whole.total == len(set(codes(whole)))  # ...and counted once in the total


def test_every_summary_figure_drills_down_to_a_list_of_exactly_those_items(demo):
    summary = report("organisation", charts=False)
    figures = [
        count
        for s in summary.sections[:2]
        for line in s.summary
        for count in line.counts
        if count.count
    ][:6]
    assert figures
    figures += [count for count in summary.totals if count.count]
    for count in figures:
        behind = build_report(spec_of(count.url), charts=False)
        assert behind.total == count.count
        assert {c.status for c in behind.totals if c.count} == {count.status}
        rows = [r for s in behind.sections for r in [*s.indicators, *s.milestones]]
        assert rows and all(r.status == count.status for r in rows)
        assert all(r.url for r in rows)


def test_a_detail_row_links_to_the_indicator_and_its_audit_trail(demo):
    qmr = report("qmr", department="ERS")
    row = next(r for s in qmr.sections for r in s.indicators if r.actual is not None)
    actual = Actual.objects.get(indicator__code=row.code, period=Period.parse(Q1))
    assert row.url == reverse("indicator", args=[row.code])
    assert row.history_url == reverse("item_history", args=["actual", actual.pk])
    assert row.chart is not None and row.chart.svg.startswith("<svg")
    assert row.code in row.chart.title and "to 2009/10 Q1" in row.chart.text


def test_the_scorecard_shows_each_perspectives_headline_indicators(demo):
    scorecard = report("scorecard")
    assert [s.heading for s in scorecard.sections] == [
        "Community outcomes",
        "Customers and service quality",
        "Resources and value for money",
        "Internal processes",
        "People and learning",
    ]
    assert all(1 <= len(s.indicators) <= 4 for s in scorecard.sections)
    assert scorecard.total == sum(len(s.indicators) for s in scorecard.sections)


def test_the_six_monthly_summary_reports_laa_and_corporate_plan_progress_at_the_halfs_end(demo):
    six = report("six-monthly", period="2008/09 H2")
    headings = [s.heading for s in six.sections]
    assert "Local Area Agreement" in headings and "Corporate Plan" in headings
    rows = [r for s in six.sections for r in s.indicators]
    assert rows and {str(r.period) for r in rows} == {"2008/09 Q4"}
    assert all(r.in_laa or r.is_key for r in rows)
    with pytest.raises(SpecError, match="half year"):
        spec_from_query("six-monthly", {"period": Q1})


def test_an_indicator_set_view_holds_only_that_set(demo):
    bvpi = report("indicator-set", set="BVPI")
    rows = [r for s in bvpi.sections for r in s.indicators]
    assert rows and {r.indicator_set for r in rows} == {"BVPI"}
    assert not [m for s in bvpi.sections for m in s.milestones]  # milestones are in no set
    assert bvpi.slug() == "indicator-set-BVPI-2009-10-Q1"


def test_a_report_of_several_periods_has_each_periods_figures(demo):
    both = report("built", period=["2008/09 Q4", Q1], scope="department", department="ERS")
    periods = Counter(str(r.period) for s in both.sections for r in s.indicators)
    assert set(periods) == {"2008/09 Q4", Q1}


def test_a_spec_survives_its_own_url(demo):
    for entry in standard_pack(Period.parse("2009/10 Q2")):
        assert spec_of(build_report_url(entry.spec)) == entry.spec
    built = spec_from_query(
        "built",
        {
            "period": "2009-10-Q1,2008-09-Q4",
            "scope": "priority",
            "priority": "HEALTH",
            "set": ["NI", "LAA"],
            "content": "pis",
            "status": ["red", "amber"],
            "depth": "summary",
        },
    )
    assert spec_of(build_report_url(built)) == built


def build_report_url(spec):
    from goldenthread.reporting.build import report_url

    return report_url(spec)


@pytest.mark.parametrize(
    ("kind", "params", "message"),
    [
        ("qmr", {"period": "2009/10 Q5"}, "period: '2009/10 Q5'"),
        ("qmr", {"period": Q1}, "department: choose the department"),
        ("qmr", {"period": Q1, "department": "ERX"}, "Did you mean .*ERS"),
        ("built", {"period": Q1, "set": "XX"}, "set: 'XX' is not one of"),
        ("built", {"period": Q1, "status": "purple"}, "status: 'purple'"),
        ("nonsense", {"period": Q1}, "report: 'nonsense'"),
    ],
)
def test_a_report_asked_for_wrongly_says_what_is_wrong_and_where(demo, kind, params, message):
    with pytest.raises(SpecError, match=message):
        build_report(spec_from_query(kind, params))


def queries(spec):
    """How many items the report counts, and how many queries building it took."""
    with CaptureQueriesContext(connection) as captured:
        document = build_report(spec)
    return document.total, len(captured)


SCOPES = {
    "qmr": [{"department": code} for code in ("PP", "ASC")],
    "exceptions": [{"board": code} for code in ("PPB-CORP", "PPB-HEALTH")],
    "priority": [{"priority": code} for code in ("CORP", "HEALTH")],
    "directorate": [{"directorate": code} for code in ("ENVD", "HCD")],
    "portfolio": [{"portfolio": code} for code in ("RESOURCES", "HEALTH-ADULTS")],
    "indicator-set": [{"set": code} for code in ("BVPI", "local")],
}


@pytest.mark.parametrize("kind", SCOPES)
def test_a_reports_query_count_does_not_grow_with_its_rows(demo, kind):
    specs = [spec_from_query(kind, {"period": Q1, **params}) for params in SCOPES[kind]]
    (few_items, few_queries), (many_items, many_queries) = sorted(map(queries, specs))
    assert many_items >= few_items + 8
    assert few_queries == many_queries


def test_the_standard_pack_has_a_report_for_every_department_board_and_set(demo):
    pack = standard_pack(Period.parse("2009/10 Q2"))
    kinds = Counter(entry.spec.kind for entry in pack)
    assert kinds[ReportKind.QMR] == 19
    assert kinds[ReportKind.EXCEPTIONS] == 6
    assert kinds[ReportKind.INDICATOR_SET] == 5
    assert kinds[ReportKind.SIX_MONTHLY] == 1  # Q2 closes the first half
    assert len({entry.stem for entry in pack}) == len(pack)
    ers = standard_spec("qmr", Period.parse("2009/10 Q2"), "department", "ERS")
    assert next(e for e in pack if e.spec == ers).stem == "qmr-ERS-2009-10-Q2"


def test_a_qmr_carries_unfinished_milestones_from_earlier_years_but_not_finished_ones(demo):
    from goldenthread.planning.models import Milestone, MilestoneProgress

    year = Period.parse("2009/10")
    earlier = Milestone.objects.filter(due__lt=year, objective__plan__department__code="ERS")
    done = earlier.filter(
        updates__progress=MilestoneProgress.COMPLETE, updates__state="published"
    ).distinct()
    unfinished = earlier.exclude(pk__in=done)
    assert done.exists() and unfinished.exists()
    shown = {
        row.code: row
        for s in report("qmr", charts=False, department="ERS").sections
        for row in s.milestones
    }
    assert not set(done.values_list("code", flat=True)) & set(shown)
    for milestone in unfinished:
        assert shown[milestone.code].status == "red"
        assert shown[milestone.code].explanation.startswith("Overdue")
