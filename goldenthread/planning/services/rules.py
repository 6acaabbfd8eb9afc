"""The golden thread's rules for what the performance team writes. Each check adds its
messages to ``errors`` under the field it is about; nothing here writes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import models

from goldenthread.planning.models import (
    PLAN_LEVEL,
    AreaOfFocus,
    KeyObjective,
    Milestone,
    Objective,
    Plan,
    PlanKind,
    Priority,
    Task,
)
from goldenthread.planning.periods import Period, PeriodError, PeriodKind
from goldenthread.planning.services.snapshots import NOUNS, Link

Errors = dict[str, list[str]]

# The plans that hold tasks: the lower levels of the thread.
TASK_LEVELS = frozenset({PLAN_LEVEL[PlanKind.DIVISIONAL_PLAN], PLAN_LEVEL[PlanKind.PERSONAL_PLAN]})


def add_error(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _unique(errors: Errors, item: models.Model, field: str, label: str, **lookup: Any) -> None:
    model = type(item)
    others = model._default_manager.filter(**(lookup or {field: getattr(item, field)}))
    if item.pk:
        others = others.exclude(pk=item.pk)
    if others.exists():
        noun = NOUNS.get(model, "item")
        add_error(errors, field, f"Another {noun} already has {label} {getattr(item, field)}")


def check_priority(item: Priority, errors: Errors) -> None:
    _unique(errors, item, "number", "the number")
    _unique(errors, item, "code", "the code")
    _unique(errors, item, "name", "the name")


def check_key_objective(item: KeyObjective, errors: Errors) -> None:
    _unique(errors, item, "letter", "the letter", priority=item.priority_id, letter=item.letter)


def check_area_of_focus(item: AreaOfFocus, errors: Errors) -> None:
    _unique(errors, item, "number", "the number")
    key = item.key_objective
    if key is not None and item.priority_id and key.priority_id != item.priority_id:
        add_error(
            errors,
            "key_objective",
            f"Key objective {key.letter} belongs to {key.priority.name}, not to "
            f"{item.priority.name}: choose one of its priority's key objectives or none",
        )


def check_plan(item: Plan, errors: Errors) -> None:
    _unique(errors, item, "code", "the code")
    if item.first_year and item.last_year and item.first_year > item.last_year:
        add_error(
            errors,
            "last_year",
            f"The last year ({item.last_year}) must not be before the first year "
            f"({item.first_year})",
        )
    if item.kind not in PlanKind.values:
        return  # full_clean says the kind is not one of the choices
    level = PLAN_LEVEL[PlanKind(item.kind)]
    parent = item.parent
    if parent is not None and PLAN_LEVEL[PlanKind(parent.kind)] != level - 1:
        add_error(errors, "parent", _wrong_parent(item.kind, parent))
    if item.pk and level not in TASK_LEVELS and item.tasks.exists():
        add_error(
            errors,
            "kind",
            f"This plan has tasks, which belong in divisional, team and personal plans; a "
            f"{PlanKind(item.kind).label.lower()} cannot hold them",
        )
    if item.pk:
        for child in item.children.all():
            if PLAN_LEVEL[PlanKind(child.kind)] != level + 1:
                add_error(
                    errors,
                    "kind",
                    f"{child.code} ({child.get_kind_display().lower()}) sits under this plan; "
                    f"a {PlanKind(item.kind).label.lower()} cannot hold it. Move it first",
                )


def _wrong_parent(kind: str, parent: Plan) -> str:
    level = PLAN_LEVEL[PlanKind(kind)]
    if level == 0:
        return "A community strategy is the top of the thread: leave its parent plan blank"
    above = " or ".join(
        choice.label.lower() for choice in PlanKind if PLAN_LEVEL[choice] == level - 1
    )
    return (
        f"A {PlanKind(kind).label.lower()} sits under a {above}; {parent.code} is a "
        f"{parent.get_kind_display().lower()}"
    )


def check_objective(item: Objective, errors: Errors) -> None:
    _unique(errors, item, "code", "the code")


def check_milestone(item: Milestone, errors: Errors) -> None:
    _unique(errors, item, "code", "the code")
    _quarter(item, errors, required=True)


def _quarter(item: Milestone | Task, errors: Errors, *, required: bool) -> None:
    """A due date is a quarter, ``2009/10 Q3`` (or ``2009-10-Q3``)."""
    due: Any = item.due
    if isinstance(due, str) and due.strip():
        try:
            due = item.due = Period.parse(due)
        except PeriodError:
            add_error(errors, "due", f"“{due}” is not a quarter: write it like 2009/10 Q3")
            return
    if not due:
        item.due = None
        if required:
            add_error(errors, "due", "Enter the quarter it is due, like 2009/10 Q3")
    elif not isinstance(due, Period) or due.kind is not PeriodKind.QUARTER:
        add_error(errors, "due", f"{due} is not a quarter: write it like 2009/10 Q3")


def check_task(item: Task, errors: Errors) -> None:
    _unique(errors, item, "code", "the code")
    if item.plan_id and PLAN_LEVEL[PlanKind(item.plan.kind)] not in TASK_LEVELS:
        add_error(
            errors,
            "plan",
            f"Tasks belong in divisional, team and personal plans; {item.plan.code} is a "
            f"{item.plan.get_kind_display().lower()}",
        )
    _quarter(item, errors, required=False)


def check_links(primary: Link | None, secondary: Sequence[Link]) -> Errors:
    """An objective linked up the thread has exactly one primary link, and each link once."""
    errors: Errors = {}
    if secondary and primary is None:
        add_error(
            errors,
            "primary",
            "Choose the primary link: an objective linked up the thread has exactly one",
        )
    for link in secondary:
        if link == primary:
            add_error(errors, "secondary", f"{link} is already the primary link: choose it once")
    return errors


# Each kind's rules, checked on every create and update.
CHECKS: dict[type[models.Model], Callable[[Any, Errors], None]] = {
    Priority: check_priority,
    KeyObjective: check_key_objective,
    AreaOfFocus: check_area_of_focus,
    Plan: check_plan,
    Objective: check_objective,
    Milestone: check_milestone,
    Task: check_task,
}
