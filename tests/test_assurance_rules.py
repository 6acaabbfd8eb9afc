"""The rules of plan quality assurance, without a database: which state changes a QA review may
make, what must be checked before a plan is agreed, when a timetable stage is overdue, and what a
timetable must hold (a Member input stage before plans are agreed)."""

from __future__ import annotations

import datetime

import pytest

from goldenthread.assurance import rules
from goldenthread.assurance.choices import Audience, Feature, Question, audiences_of
from goldenthread.assurance.rules import Move, MoveRefused, next_state
from goldenthread.organisation.models import Role

ALL_ANSWERS = {q.value: "answered" for q in Question}
ALL_FEATURES = {f.value: "present" for f in Feature}
DAY = datetime.date(2009, 10, 14)


@pytest.mark.parametrize(
    ("state", "move", "reached"),
    [
        ("draft", "start_qa", "in_qa"),
        ("in_qa", "return_to_draft", "draft"),
        ("in_qa", "agree", "agreed"),
        ("agreed", "reopen", "in_qa"),
    ],
)
def test_a_review_moves_along_the_allowed_paths(state, move, reached):
    assert next_state(state, move) == reached


@pytest.mark.parametrize(
    ("state", "move"),
    [
        ("draft", "agree"),  # a plan is agreed only after QA
        ("draft", "reopen"),
        ("draft", "return_to_draft"),
        ("in_qa", "start_qa"),
        ("in_qa", "reopen"),
        ("agreed", "agree"),
        ("agreed", "return_to_draft"),
        ("agreed", "start_qa"),
    ],
)
def test_a_review_refuses_every_other_move_saying_which_state_it_needs(state, move):
    with pytest.raises(MoveRefused, match="only a review that is"):
        next_state(state, move)


def test_a_draft_cannot_be_agreed_straight_away_and_the_message_says_so():
    with pytest.raises(MoveRefused) as refused:
        next_state("draft", "agree")
    assert str(refused.value) == (
        "A review that is draft cannot be moved with “Agree the plan”: only a review that is "
        "in QA can"
    )


def test_an_unknown_move_is_refused():
    with pytest.raises(MoveRefused, match="is not a change"):
        next_state("draft", "publish")


def test_a_plan_is_not_agreed_until_every_line_is_checked():
    missing = rules.missing_checks({**ALL_ANSWERS, "how_know": ""}, ALL_FEATURES, "")
    assert missing == [
        "How do we know we are there? (Performance information and monitoring)",
        "Risk assessment",
    ]
    with pytest.raises(MoveRefused, match="cannot be agreed until these are checked: How do we"):
        next_state("in_qa", "agree", missing=missing)


def test_a_fully_checked_plan_may_be_agreed_even_if_the_answers_are_poor():
    answers = {q.value: "not_answered" for q in Question}
    features = {f.value: "absent" for f in Feature}
    assert rules.missing_checks(answers, features, "missing") == []
    assert next_state("in_qa", "agree", missing=[]) == "agreed"


def test_the_five_questions_and_four_features_are_the_reviews_own():
    assert [q.label.split("?")[0] + "?" for q in Question] == [
        "Why are we here?",
        "Where are we now?",
        "Where do we need to be?",
        "How do we get there?",
        "How do we know we are there?",
    ]
    assert [f.label for f in Feature] == [
        "Current performance",
        "Objectives and needs",
        "Means of achieving objectives",
        "Ways of measuring success",
    ]


def test_moves_offered_follow_the_state():
    assert rules.moves_from("draft") == [Move.START_QA]
    assert rules.moves_from("in_qa") == [Move.RETURN_TO_DRAFT, Move.AGREE]
    assert rules.moves_from("agreed") == [Move.REOPEN]
    assert not rules.is_editable("agreed")
    assert rules.is_editable("in_qa")


# -- the timetable --------------------------------------------------------------------------------


def test_a_stage_not_done_after_its_due_date_is_overdue_in_words():
    standing = rules.stage_standing(datetime.date(2009, 10, 2), None, DAY)
    assert standing.overdue
    assert standing.words == "Overdue: due 2 October 2009, 12 days ago"


def test_a_stage_due_today_is_not_yet_overdue():
    standing = rules.stage_standing(DAY, None, DAY)
    assert not standing.overdue
    assert standing.words == "Due today, 14 October 2009"


def test_a_stage_still_to_come_says_how_long_is_left():
    assert rules.stage_standing(DAY + datetime.timedelta(days=1), None, DAY).words == (
        "Due 15 October 2009, in 1 day"
    )


def test_a_stage_done_late_is_done_not_overdue():
    standing = rules.stage_standing(datetime.date(2009, 9, 1), datetime.date(2009, 9, 20), DAY)
    assert not standing.overdue
    assert standing.words == "Done 20 September 2009"


def test_a_timetable_needs_member_input_before_plans_are_agreed():
    early, late = datetime.date(2009, 11, 30), datetime.date(2010, 3, 12)
    assert rules.timetable_problems([("member_input", early), ("plans_agreed", late)]) == []
    assert rules.timetable_problems([("member_input", late), ("plans_agreed", early)]) == [
        "Member input is due on or after the day plans are agreed: Members must have their say "
        "before the plans are agreed."
    ]
    assert rules.timetable_problems([("other", early)]) == [
        "The timetable has no Member input stage.",
        "The timetable has no stage at which plans are agreed.",
    ]


def test_audiences_come_from_roles():
    assert audiences_of({Role.PPB_CHAIR}) == [Audience.MEMBERS]
    assert audiences_of({Role.PORTFOLIO_HOLDER, Role.MANAGER}) == [
        Audience.MANAGERS,
        Audience.EXECUTIVE_BOARD,
    ]
    assert audiences_of(set()) == []
    assert audiences_of({Role.REGULATOR}) == []
