"""Plan quality assurance and timetable rules. Pure: plain values in, plain values out, no
database.

A service plan's QA review moves draft → in QA → agreed: the performance team starts QA, may
return the review to draft (the authors are rewriting the plan), agrees it once every question,
feature and the risk assessment are checked, and may reopen an agreed review into QA. A
timetable stage is done, overdue (not done and its due date has passed) or due.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import models

from goldenthread.assurance.choices import Feature, Question, ReviewState, StageKind


class Move(models.TextChoices):
    """A change of a QA review's state, as its button says it."""

    START_QA = "start_qa", "Start QA"
    RETURN_TO_DRAFT = "return_to_draft", "Return to draft"
    AGREE = "agree", "Agree the plan"
    REOPEN = "reopen", "Reopen the review"


# Each move: the state it leaves, the state it reaches.
MOVES: dict[Move, tuple[ReviewState, ReviewState]] = {
    Move.START_QA: (ReviewState.DRAFT, ReviewState.IN_QA),
    Move.RETURN_TO_DRAFT: (ReviewState.IN_QA, ReviewState.DRAFT),
    Move.AGREE: (ReviewState.IN_QA, ReviewState.AGREED),
    Move.REOPEN: (ReviewState.AGREED, ReviewState.IN_QA),
}


class MoveRefused(ValueError):
    """The review cannot move as asked; the message says why, for the person."""


def state_words(state: str) -> str:
    """The state as it reads mid-sentence: "draft", "in QA", "agreed"."""
    label = str(ReviewState(state).label)
    return label[0].lower() + label[1:]


def moves_from(state: str) -> list[Move]:
    """The moves open to a review in this state, in the order the page offers them."""
    return [move for move, (start, _) in MOVES.items() if start == state]


def is_editable(state: str) -> bool:
    """A review's checklist and findings change until it is agreed (reopen it to change it)."""
    return state != ReviewState.AGREED


def missing_checks(
    answers: Mapping[str, str], features: Mapping[str, str], risk_assessment: str
) -> list[str]:
    """What is still to be checked before the plan can be agreed, by its label: each question
    not assessed, each feature not checked, and the risk assessment."""
    missing = [q.label for q in Question if not answers.get(q.value)]
    missing += [f.label for f in Feature if not features.get(f.value)]
    if not risk_assessment:
        missing.append("Risk assessment")
    return missing


def next_state(state: str, move: str, *, missing: Iterable[str] = ()) -> ReviewState:
    """The state a move reaches from ``state``, or MoveRefused saying why it may not."""
    try:
        chosen = Move(move)
    except ValueError:
        raise MoveRefused(f"{move!r} is not a change a review can make") from None
    start, end = MOVES[chosen]
    if state != start:
        current = state_words(state) if state in ReviewState.values else state
        raise MoveRefused(
            f"A review that is {current} cannot be moved with “{chosen.label}”: "
            f"only a review that is {state_words(start)} can"
        )
    still = list(missing)
    if chosen == Move.AGREE and still:
        raise MoveRefused("The plan cannot be agreed until these are checked: " + "; ".join(still))
    return end


# -- the planning timetable ------------------------------------------------------------------


class StageStatus(models.TextChoices):
    DONE = "done", "Done"
    OVERDUE = "overdue", "Overdue"
    DUE = "due", "Due"


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


@dataclass(frozen=True)
class StageStanding:
    """A stage's status on a given day, and the words that say it (never colour alone):
    ``words`` whole, or the status's label followed by ``detail``."""

    status: StageStatus
    detail: str

    @property
    def overdue(self) -> bool:
        return self.status == StageStatus.OVERDUE

    @property
    def words(self) -> str:
        joiner = ": " if self.status == StageStatus.OVERDUE else " "
        return f"{self.status.label}{joiner}{self.detail}"


def stage_standing(
    due: datetime.date, done_on: datetime.date | None, today: datetime.date
) -> StageStanding:
    """Done on its day; overdue when not done and its due date has passed; else due."""
    if done_on is not None:
        return StageStanding(StageStatus.DONE, _day(done_on))
    if due < today:
        return StageStanding(
            StageStatus.OVERDUE, f"due {_day(due)}, {_days((today - due).days)} ago"
        )
    if due == today:
        return StageStanding(StageStatus.DUE, f"today, {_day(due)}")
    return StageStanding(StageStatus.DUE, f"{_day(due)}, in {_days((due - today).days)}")


def timetable_problems(stages: Iterable[tuple[str, datetime.date]]) -> list[str]:
    """What a year's timetable lacks, given each stage's kind and due date: a Member input
    stage, a stage where plans are agreed, and Member input due before plans are agreed."""
    rows = list(stages)
    member_input = [due for kind, due in rows if kind == StageKind.MEMBER_INPUT]
    agreed = [due for kind, due in rows if kind == StageKind.PLANS_AGREED]
    problems = []
    if not member_input:
        problems.append("The timetable has no Member input stage.")
    if not agreed:
        problems.append("The timetable has no stage at which plans are agreed.")
    if member_input and agreed and min(member_input) >= min(agreed):
        problems.append(
            "Member input is due on or after the day plans are agreed: Members must have "
            "their say before the plans are agreed."
        )
    return problems
