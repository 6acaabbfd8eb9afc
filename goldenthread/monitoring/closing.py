"""What closing a round will do, said before it is done: the confirmation page and
`goldenthread close-round` show it, and the round's audit entry keeps it.

Closing a round (goldenthread.monitoring.services.round_close):

- the round takes no more entries: figures, milestone progress and narratives can no longer be
  saved, submitted or returned to their department, and returns can no longer be signed off;
- its published figures reach the public: the public pages withhold a quarter only while its
  round is open, and every report's "latest" becomes this quarter once anything in it is
  published;
- what is left unpublished stays unpublished. Items not entered, still drafts, or returned to
  their department are unreported for the quarter for good. Items submitted or validated may
  still be validated and published by the performance team; published after the close, they
  reach the public at once. A published figure can still be corrected, with a reason.

What is due, and how far each item has got, comes item by item from
goldenthread.monitoring.selectors.round_returns, which applies the rule the round page counts by
(return_counts), so the two never disagree. Six queries, whatever the number of departments and
items.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from goldenthread.monitoring.models import (
    CollectionRound,
    ItemChange,
    ItemType,
    ReturnSignOff,
)
from goldenthread.monitoring.selectors import DepartmentReturn, due_periods, round_returns
from goldenthread.organisation.models import Department
from goldenthread.workflow import WorkflowState


class Left(models.TextChoices):
    """How far an item left unpublished got, in the words the summary uses."""

    NOT_ENTERED = "not_entered", "not entered"
    DRAFT = "draft", "draft"
    RETURNED = "returned", "returned to the department"
    SUBMITTED = "submitted", "submitted"
    VALIDATED = "validated", "validated"


# What closing does to an item left in each state.
AFTER_CLOSING = {
    Left.NOT_ENTERED: "can no longer be entered",
    Left.DRAFT: "can no longer be submitted",
    Left.RETURNED: "can no longer be corrected and submitted again",
    Left.SUBMITTED: "may still be validated and published by the performance team",
    Left.VALIDATED: "may still be published by the performance team",
}
FROZEN = (Left.NOT_ENTERED, Left.DRAFT, Left.RETURNED)


@dataclass(frozen=True)
class DepartmentLeft:
    """One department's return at closing: what is still unpublished, by how far it got, its
    narrative's state, and its director's sign-off."""

    department: Department
    due: int
    published: int
    left: dict[str, int]  # Left value → how many items
    narrative: str | None  # the narrative's state; None when no one has written it
    signed_off: bool
    lapsed: bool  # signed off once, and an item was returned since

    @property
    def unpublished(self) -> int:
        return sum(self.left.values())

    @property
    def narrative_unpublished(self) -> bool:
        return self.narrative is not None and self.narrative != WorkflowState.PUBLISHED

    def left_in_words(self) -> str:
        """``3 not entered, 2 draft``; empty when everything due is published."""
        return ", ".join(
            f"{self.left[state]} {state.label}" for state in Left if state in self.left
        )


@dataclass(frozen=True)
class ClosingSummary:
    round: CollectionRound
    departments: list[DepartmentLeft] = field(default_factory=list)

    @property
    def due(self) -> int:
        return sum(d.due for d in self.departments)

    @property
    def published(self) -> int:
        return sum(d.published for d in self.departments)

    @property
    def unpublished(self) -> int:
        return sum(d.unpublished for d in self.departments)

    def totals(self) -> list[tuple[Left, int, str]]:
        """Each state with items left in it: the state, how many, and what closing does."""
        counted: Counter[str] = Counter()
        for department in self.departments:
            counted.update(department.left)
        return [(state, counted[state], AFTER_CLOSING[state]) for state in Left if counted[state]]

    @property
    def with_unpublished(self) -> list[DepartmentLeft]:
        return [d for d in self.departments if d.unpublished or d.narrative_unpublished]

    @property
    def not_signed_off(self) -> list[DepartmentLeft]:
        return [d for d in self.departments if not d.signed_off]

    @property
    def narratives_unpublished(self) -> list[DepartmentLeft]:
        return [d for d in self.departments if d.narrative_unpublished]

    @property
    def frozen(self) -> int:
        """Items closing leaves unreported for good: not entered, drafts, returned."""
        return sum(d.left.get(state, 0) for d in self.departments for state in FROZEN)

    def in_words(self) -> str:
        """One sentence: ``12 of 40 items published; 28 unpublished; 2 departments not signed
        off``."""
        parts = [f"{self.published} of {_n(self.due, 'item')} due published"]
        if self.unpublished:
            parts.append(f"{self.unpublished} unpublished")
        if self.narratives_unpublished:
            parts.append(f"{_n(len(self.narratives_unpublished), 'narrative')} unpublished")
        unsigned = self.not_signed_off
        parts.append(
            f"{_n(len(unsigned), 'department')} not signed off" if unsigned else "all signed off"
        )
        return "; ".join(parts)

    def as_data(self) -> dict[str, Any]:
        """For the audit entry: what the round was closed with."""
        return {
            "quarter": str(self.round.quarter),
            "due": self.due,
            "published": self.published,
            "unpublished": {str(state): count for state, count, _ in self.totals()},
            "narratives_unpublished": [d.department.code for d in self.narratives_unpublished],
            "not_signed_off": [d.department.code for d in self.not_signed_off],
        }


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _left(state: str | None, returned: bool) -> Left | None:
    """How far an unpublished item got; None when it is published."""
    if state is None:
        return Left.NOT_ENTERED
    if state == WorkflowState.DRAFT:
        return Left.RETURNED if returned else Left.DRAFT
    if state == WorkflowState.PUBLISHED:
        return None
    return Left(state)


def summarise(
    round: CollectionRound,  # noqa: A002
    returns: Iterable[DepartmentReturn],
    *,
    returned: set[tuple[str, int]],
    sign_offs: dict[int, ReturnSignOff],
) -> ClosingSummary:
    """The summary from what was read: each department's return, the drafts that came back
    from the performance team (item type, id), and the sign-offs by department id. No
    queries."""
    departments = []
    for found in returns:
        left: Counter[str] = Counter()
        for item in found.items:
            state = _left(item.state, (str(item.kind), item.item_id or 0) in returned)
            if state is not None:
                left[state] += 1
        sign_off = sign_offs.get(found.department.pk)
        departments.append(
            DepartmentLeft(
                department=found.department,
                due=found.due,
                published=found.published,
                left=dict(left),
                narrative=found.narrative_state,
                signed_off=sign_off is not None and sign_off.in_force,
                lapsed=sign_off is not None and not sign_off.in_force,
            )
        )
    departments.sort(key=lambda d: d.department.name)
    return ClosingSummary(round, departments)


def returned_drafts(round: CollectionRound) -> set[tuple[str, int]]:  # noqa: A002
    """The round's items whose last move back to draft was the performance team returning
    them (item type, id). One query; the caller keeps only those still drafts."""
    moves = ItemChange.objects.filter(
        item_type__in=[ItemType.ACTUAL, ItemType.MILESTONE_UPDATE],
        period__in=[str(p) for p in due_periods(round.quarter)],
        field="state",
        new_value=WorkflowState.DRAFT,
        old_value__in=[WorkflowState.SUBMITTED, WorkflowState.VALIDATED],
    )
    return {(kind, pk) for kind, pk in moves.values_list("item_type", "item_id")}


def closing_summary(round: CollectionRound) -> ClosingSummary:  # noqa: A002
    """What closing ``round`` will leave behind, as of now. Six queries."""
    sign_offs = {s.department_id: s for s in ReturnSignOff.objects.filter(round=round)}
    return summarise(
        round,
        round_returns(round),
        returned=returned_drafts(round),
        sign_offs=sign_offs,
    )
