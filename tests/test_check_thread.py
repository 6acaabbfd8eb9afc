"""The performance team can see where the golden thread is broken (issue 3, integrity)."""

import json
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from goldenthread.indicators.models import Actual, Indicator, IndicatorPriority, Target
from goldenthread.planning.integrity import check_thread
from goldenthread.planning.models import Milestone, Objective, ObjectiveLink, Plan, PlanKind
from goldenthread.planning.periods import Period


@pytest.fixture
def thread(council):
    corporate = Plan.objects.create(
        code="CP",
        title="Corporate plan",
        kind=PlanKind.CORPORATE_PLAN,
        organisation=council.council,
        first_year=2008,
        last_year=2010,
    )
    service = Plan.objects.create(
        code="EH-SP",
        title="EH service plan",
        parent=corporate,
        kind=PlanKind.SERVICE_PLAN,
        organisation=council.council,
        department=council.health_dept,
        first_year=2008,
        last_year=2010,
    )
    Plan.objects.create(
        code="EH-DIV",
        title="Orphan divisional plan",
        kind=PlanKind.DIVISIONAL_PLAN,
        organisation=council.council,
        first_year=2009,
        last_year=2009,
    )
    good = Objective.objects.create(plan=service, code="EH 1", title="Cut smoking")
    ObjectiveLink.objects.create(objective=good, priority=council.health, is_primary=True)
    Milestone.objects.create(
        objective=good, code="EH 1.1", title="Clinic open", due=Period.parse("2009/10 Q1")
    )
    Objective.objects.create(plan=service, code="EH 2", title="Nobody's priority")
    tangled = Objective.objects.create(plan=service, code="EH 3", title="Serves two")
    ObjectiveLink.objects.create(objective=tangled, priority=council.health, is_primary=True)
    ObjectiveLink.objects.create(objective=tangled, priority=council.efficiency)
    measured = Indicator.objects.create(
        code="NI 123", title="Quitters", responsible_officer=council.dev
    )
    measured.objectives.add(good)
    IndicatorPriority.objects.create(indicator=measured, priority=council.health)
    Target.objects.create(indicator=measured, period=Period.parse("2009/10"), value=D(10))
    Actual.objects.create(indicator=measured, period=Period.parse("2009/10 Q1"), value=D(3))
    Indicator.objects.create(code="LI 9", title="Loose indicator")
    return council


def codes(result, key):
    finding = next(f for f in result.findings if f.key == key)
    return [item.code for item in finding.items]


def test_each_kind_of_break_is_found_with_the_items_that_have_it(thread):
    result = check_thread()
    assert str(result.year) == "2009/10"  # the year of the latest figure entered
    assert codes(result, "objectives_unlinked") == ["EH 2"]
    assert codes(result, "objectives_multi_linked") == ["EH 3"]
    assert codes(result, "objectives_unmeasured") == ["EH 2", "EH 3"]
    assert codes(result, "indicators_without_objective") == ["LI 9"]
    assert codes(result, "indicators_without_priority") == ["LI 9"]
    assert codes(result, "plans_without_parent") == ["CP", "EH-DIV"]
    assert codes(result, "indicators_without_owner") == ["LI 9"]
    assert codes(result, "indicators_without_target") == ["LI 9"]


def test_a_quarterly_target_counts_as_a_target_for_its_year(thread):
    Target.objects.create(
        indicator=Indicator.objects.get(code="LI 9"), period=Period.parse("2009/10 Q3"), value=D(1)
    )
    assert codes(check_thread(), "indicators_without_target") == []
    assert codes(check_thread(Period.parse("2010/11")), "indicators_without_target") == [
        "LI 9",
        "NI 123",
    ]


def test_check_thread_json_lists_every_finding_with_counts(thread):
    out = StringIO()
    call_command("check_thread", "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["year"] == "2009/10"
    counts = {f["key"]: f["count"] for f in report["findings"]}
    assert counts["objectives_unlinked"] == 1
    assert counts["plans_without_parent"] == 2
    assert report["problems"] == sum(counts.values())
    assert report["findings"][0]["items"][0] == {
        "code": "EH 2",
        "title": "Nobody's priority",
        "where": "EH service plan",
    }


def test_check_thread_text_is_readable_and_a_bad_year_is_refused(thread):
    out = StringIO()
    call_command("check_thread", "--year", "2009/10", stdout=out)
    assert "Objectives linked to no priority: 1" in out.getvalue()
    with pytest.raises(CommandError, match="--year: '2009' is not a period"):
        call_command("check_thread", "--year", "2009")
