"""Table 2 counts each item once, under its primary priority (issue 2, "Links")."""

from goldenthread.indicators.models import Indicator, IndicatorPriority
from goldenthread.planning.models import Milestone, Objective, ObjectiveLink, Plan, PlanKind
from goldenthread.planning.periods import Period
from goldenthread.planning.selectors import thread_coverage


def make_plan(council):
    return Plan.objects.create(
        code="EH-SP",
        title="Environmental Health service plan",
        kind=PlanKind.SERVICE_PLAN,
        organisation=council.council,
        department=council.health_dept,
        first_year=2008,
        last_year=2010,
    )


def make_objective(plan, code, *priorities):
    objective = Objective.objects.create(plan=plan, code=code, title=f"Objective {code}")
    for position, priority in enumerate(priorities):
        ObjectiveLink.objects.create(
            objective=objective, priority=priority, is_primary=position == 0
        )
    return objective


def row(coverage, code):
    return next(r for r in coverage.rows if r.code == code)


def test_an_objective_and_its_milestones_count_under_its_primary_priority_only(council):
    plan = make_plan(council)
    objective = make_objective(plan, "EH 1", council.health, council.efficiency)
    for n in range(3):
        Milestone.objects.create(
            objective=objective, code=f"EH 1.{n}", title="m", due=Period.parse("2008/09 Q3")
        )

    coverage = thread_coverage()

    assert row(coverage, "HEALTH").objectives_milestones == 4
    assert row(coverage, "CORP").objectives_milestones == 0
    assert [item.code for item in coverage.multi_linked] == ["EH 1"]
    assert coverage.multi_linked[0].priorities == [
        "A Healthy Borough",
        "Corporate Effectiveness & Business Efficiency",
    ]


def test_an_indicator_counts_under_the_first_priority_it_lists(council):
    indicator = Indicator.objects.create(code="EH LI 1", title="Food premises inspected")
    IndicatorPriority.objects.create(indicator=indicator, priority=council.efficiency, position=0)
    IndicatorPriority.objects.create(indicator=indicator, priority=council.health, position=1)
    Indicator.objects.create(code="EH LI 2", title="No priority yet")

    coverage = thread_coverage()

    assert row(coverage, "CORP").indicators == 1
    assert row(coverage, "HEALTH").indicators == 0
    assert coverage.unlinked_indicators == 1


def test_unlinked_objectives_are_listed_apart_and_not_counted(council):
    plan = make_plan(council)
    make_objective(plan, "EH 9")
    make_objective(plan, "EH 2", council.health)

    coverage = thread_coverage()

    assert [item.code for item in coverage.unlinked] == ["EH 9"]
    assert coverage.totals == {"objectives_milestones": 1, "indicators": 0, "total": 1}
    assert coverage.as_dict()["rows"][0] == {
        "priority": "A Healthy Borough",
        "code": "HEALTH",
        "objectives_milestones": 1,
        "indicators": 0,
        "total": 1,
    }


def test_coverage_takes_the_same_queries_for_one_objective_or_fifty(
    council, django_assert_num_queries
):
    plan = make_plan(council)
    make_objective(plan, "EH 0", council.health, council.efficiency)
    with django_assert_num_queries(9) as few:
        thread_coverage()
    for n in range(1, 50):
        make_objective(plan, f"EH {n}", council.health, council.efficiency)
        make_objective(plan, f"EH X{n}")
    with django_assert_num_queries(len(few.captured_queries)):
        thread_coverage()
