"""What a round asks each department for is decided in one place
(goldenthread.monitoring.selectors): the round page's table and the homes' "Returns still open"
count it in the database (return_counts); a department's return page, who is late and the
closing summary list it item by item (round_returns). The two always agree.

Environmental Health and Revenues & Benefits (tests/monitoring_fixtures.py) in 2009/10, with
every kind of rule in play: quarterly, monthly, annual and biennial indicators, a milestone
completed early, figures at every stage, and a narrative.
"""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest

from goldenthread.indicators.models import Actual, Frequency, Indicator
from goldenthread.monitoring.closing import closing_summary
from goldenthread.monitoring.models import CollectionRound, DepartmentNarrative
from goldenthread.monitoring.selectors import return_counts, round_returns
from goldenthread.organisation.models import Department
from goldenthread.planning.models import Milestone, MilestoneUpdate
from goldenthread.planning.periods import Period
from goldenthread.workflow import WorkflowState
from tests.monitoring_fixtures import Q1, Q2, Collection, collection_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
Q4 = Period.parse("2009/10 Q4")
YEAR = Q4.financial_year


@pytest.fixture
def rounds(council, collection: Collection) -> list[CollectionRound]:
    health = council.health_dept
    made = {
        code: Indicator.objects.create(
            code=code, title=code, frequency=frequency, department=health
        )
        for code, frequency in (
            ("EH LI 9", Frequency.ANNUAL),
            ("EH LI 10", Frequency.MONTHLY),
            ("EH LI 20", Frequency.BIENNIAL),  # nothing last year: due in Q4
            ("EH LI 21", Frequency.BIENNIAL),  # a figure last year: not due this year
        )
    }
    Actual.objects.create(indicator=made["EH LI 21"], period=YEAR.previous(), value=D(1))
    Actual.objects.create(
        indicator=made["EH LI 9"], period=YEAR, value=D(480), state=WorkflowState.SUBMITTED
    )
    Actual.objects.create(indicator=collection.smoking, period=Q2, value=D(49))
    Actual.objects.create(
        indicator=collection.benefits, period=Q2, value=D(21), state=WorkflowState.VALIDATED
    )
    MilestoneUpdate.objects.create(
        milestone=collection.rb_milestone, period=Q1, progress="complete"
    )
    MilestoneUpdate.objects.create(
        milestone=collection.milestone,
        period=Q2,
        progress="on_track",
        state=WorkflowState.PUBLISHED,
    )
    deadline = datetime.date(2010, 4, 30)
    found = [CollectionRound.objects.create(quarter=q, deadline=deadline) for q in (Q1, Q2, Q4)]
    DepartmentNarrative.objects.create(round=found[1], department=council.revenues_dept)
    return found


def counted(count) -> tuple:
    return (
        count.due,
        count.entered,
        count.submitted,
        count.validated,
        count.published,
        count.to_do,
        count.narrative_state,
    )


def test_the_count_agrees_with_the_item_list_in_every_round(rounds):
    counts = {(c.round.quarter, c.department.code): c for c in return_counts(rounds)}

    listed = {
        (round_.quarter, r.department.code): r for round_ in rounds for r in round_returns(round_)
    }

    assert counts.keys() == listed.keys()
    for key, count in counts.items():
        assert counted(count) == counted(listed[key]), key
    # Q4 asks for the year's annual figure and the biennial one last year lacks; RB's
    # milestone, complete in Q1, is not asked for again.
    assert counts[Q4, "EH"].due == 6  # NI 123, EH LI 1, 9, 10 and 20, EH 1.1
    assert counts[Q4, "EH"].submitted == 1  # EH LI 9's figure for the year
    assert counts[Q4, "RB"].due == 1  # NI 181
    assert counts[Q2, "EH"].entered == 2  # NI 123 (draft), EH 1.1 (published)
    assert counts[Q2, "RB"].to_do == 0 and counts[Q2, "RB"].validated == 1


def test_counts_come_by_round_as_given_then_by_department_name(rounds):
    found = [(c.round.quarter, c.department.code) for c in return_counts(rounds[::-1])]

    assert found == [(Q4, "EH"), (Q4, "RB"), (Q2, "EH"), (Q2, "RB"), (Q1, "EH"), (Q1, "RB")]


def test_only_the_departments_asked_for_are_counted(council, rounds):
    found = return_counts(rounds, [council.revenues_dept])

    assert {c.department.code for c in found} == {"RB"}
    assert return_counts(rounds, []) == []
    assert return_counts([], [council.revenues_dept]) == []


def test_closing_leaves_behind_what_the_round_page_counts(rounds):
    for round_ in rounds:
        summary = closing_summary(round_)
        closing = {d.department.code: (d.due, d.published) for d in summary.departments}
        counts = {c.department.code: (c.due, c.published) for c in return_counts([round_])}

        assert closing == counts


def test_counting_every_round_takes_as_many_queries_as_one(
    council, rounds, django_assert_max_num_queries
):
    departments = list(Department.objects.all())
    with django_assert_max_num_queries(2):
        return_counts(rounds[:1], departments)

    objective = Milestone.objects.first().objective
    for n in range(20):
        department = council.health_dept if n % 2 else council.revenues_dept
        indicator = Indicator.objects.create(code=f"GROW {n}", title="More", department=department)
        Actual.objects.create(indicator=indicator, period=Q2, value=D(n))
        Milestone.objects.create(objective=objective, code=f"GROW M{n}", title="More", due=Q4)

    with django_assert_max_num_queries(2):
        found = return_counts(rounds, departments)
    with django_assert_max_num_queries(3):
        return_counts(rounds)  # the departments read too
    assert sum(c.due for c in found if c.round.quarter == Q2) == 5 + 40
