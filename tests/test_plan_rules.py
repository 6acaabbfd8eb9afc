"""The golden thread's plan rules (goldenthread.planning.rules), each on plain values: the words
the browser's forms and the plan import both show. No database."""

from __future__ import annotations

import pytest

from goldenthread.planning import rules
from goldenthread.planning.models import PlanKind
from goldenthread.planning.periods import Period

K = PlanKind


@pytest.mark.parametrize(
    ("kind", "parent_kind"),
    [
        (K.CORPORATE_PLAN, K.COMMUNITY_STRATEGY),
        (K.SERVICE_PLAN, K.CORPORATE_PLAN),
        (K.DIVISIONAL_PLAN, K.SERVICE_PLAN),
        (K.TEAM_PLAN, K.SERVICE_PLAN),
        (K.PERSONAL_PLAN, K.DIVISIONAL_PLAN),
        (K.PERSONAL_PLAN, K.TEAM_PLAN),
    ],
)
def test_a_plan_may_hang_from_a_plan_one_level_up(kind, parent_kind):
    assert rules.fits_under(kind, parent_kind)
    assert rules.wrong_parent(kind, "P", parent_kind) is None


def test_a_plan_under_the_wrong_level_is_told_what_its_parent_must_be():
    assert rules.wrong_parent(K.CORPORATE_PLAN, "'SP-EH'", K.SERVICE_PLAN) == (
        "'SP-EH' is a service plan; a corporate plan's parent must be a community strategy"
    )
    assert rules.wrong_parent(K.PERSONAL_PLAN, "SP-EH", K.SERVICE_PLAN) == (
        "SP-EH is a service plan; a personal plan's parent must be a divisional plan or team plan"
    )
    # Two levels up, or a level down, is as wrong as the same level.
    assert rules.wrong_parent(K.SERVICE_PLAN, "CS", K.COMMUNITY_STRATEGY) is not None
    assert rules.wrong_parent(K.SERVICE_PLAN, "DP", K.DIVISIONAL_PLAN) is not None
    assert rules.wrong_parent(K.TEAM_PLAN, "DP", K.DIVISIONAL_PLAN) is not None


def test_no_plan_is_its_own_parent_whatever_kind_it_had():
    assert rules.wrong_parent(K.DIVISIONAL_PLAN, "SP-EH", K.SERVICE_PLAN, itself=True) == (
        "SP-EH is this plan; a divisional plan's parent must be a service plan"
    )


def test_a_community_strategy_is_the_top_and_hangs_from_nothing():
    for parent_kind in PlanKind:
        assert rules.wrong_parent(K.COMMUNITY_STRATEGY, "CP", parent_kind) is not None
    assert rules.wrong_parent(K.COMMUNITY_STRATEGY, "CP", K.CORPORATE_PLAN) == (
        "CP is a corporate plan; a community strategy is the top of the thread: leave its "
        "parent blank"
    )


def test_every_kind_has_the_words_of_its_parent_rule():
    assert rules.PARENT_RULE == {
        "community_strategy": "a community strategy is the top of the thread: leave its "
        "parent blank",
        "corporate_plan": "a corporate plan's parent must be a community strategy",
        "service_plan": "a service plan's parent must be a corporate plan",
        "divisional_plan": "a divisional plan's parent must be a service plan",
        "team_plan": "a team plan's parent must be a service plan",
        "personal_plan": "a personal plan's parent must be a divisional plan or team plan",
    }


def test_a_plan_changing_kind_must_still_hold_the_plans_under_it():
    assert rules.wrong_child(K.DIVISIONAL_PLAN, "EDR-DEV", K.PERSONAL_PLAN) is None
    assert rules.wrong_child(K.TEAM_PLAN, "EDR-DEV", K.PERSONAL_PLAN) is None
    assert rules.wrong_child(K.SERVICE_PLAN, "EDR-EH-1", K.PERSONAL_PLAN) == (
        "EDR-EH-1 (personal plan) sits under this plan; a service plan cannot hold it: "
        "move it first"
    )


def test_a_plan_ends_in_or_after_the_year_it_starts():
    assert rules.years_out_of_order(2008, 2010) is None
    assert rules.years_out_of_order(2008, 2008) is None
    assert rules.years_out_of_order(2011, 2010) == (
        "the last year (2010/11) is before the first year (2011/12)"
    )
    assert rules.years_out_of_order(1999, 1998) == (
        "the last year (1998/99) is before the first year (1999/00)"
    )


def test_tasks_belong_in_divisional_team_and_personal_plans_only():
    holding = {kind for kind in PlanKind if rules.holds_tasks(kind)}
    assert holding == {K.DIVISIONAL_PLAN, K.TEAM_PLAN, K.PERSONAL_PLAN}
    assert rules.misplaced_task("EDR-DEV", K.PERSONAL_PLAN) is None
    assert rules.misplaced_task("SP-EH", K.SERVICE_PLAN) == (
        "tasks belong in divisional, team and personal plans; SP-EH is a service plan"
    )


def test_a_plan_holding_tasks_cannot_become_a_kind_that_holds_none():
    assert rules.stranded_tasks(K.TEAM_PLAN) is None
    assert rules.stranded_tasks(K.CORPORATE_PLAN) == (
        "this plan has tasks, which belong in divisional, team and personal plans; a "
        "corporate plan cannot hold them"
    )


@pytest.mark.parametrize(
    ("primaries", "links", "holds"),
    [(0, 0, True), (1, 1, True), (1, 4, True), (0, 1, False), (0, 3, False), (2, 2, False)],
)
def test_an_objective_linked_up_the_thread_has_exactly_one_primary_link(primaries, links, holds):
    problem = rules.primary_links_wrong(primaries, links)
    assert (problem is None) is holds
    if not holds:
        assert problem == "an objective linked up the thread has exactly one primary link"


@pytest.mark.parametrize("written", ["2009/10 Q3", "2009-10-Q3", " 2009/10 q3 "])
def test_a_quarter_is_read_either_way_it_is_written(written):
    assert rules.parse_quarter(written) == Period.parse("2009/10 Q3")


@pytest.mark.parametrize("written", ["2009/10", "2009/10 H1", "Q3", "2009/11 Q3", "", "soon"])
def test_a_year_a_half_or_anything_else_is_not_a_quarter(written):
    assert rules.parse_quarter(written) is None
    assert rules.not_a_quarter(f"'{written}'") == (
        f"'{written}' is not a quarter; write it as 2009/10 Q3 (or 2009-10-Q3)"
    )


def test_a_rule_shown_on_its_own_reads_as_a_sentence():
    assert rules.sentence("tasks belong in …") == "Tasks belong in …"
    assert rules.sentence("") == ""


def test_a_kind_is_named_as_a_sentence_names_it():
    assert rules.kind_name(K.PERSONAL_PLAN) == "personal plan"
    assert rules.kind_name("community_strategy") == "community strategy"
