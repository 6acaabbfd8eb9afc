"""The golden thread's rules for what the performance team writes. Each check adds its
messages to ``errors`` under the field it is about; nothing here writes. The rules about plans
are goldenthread.planning.rules, which the plan import applies too: here they are looked up
against the database and worded as a form's messages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import models

from goldenthread.planning import rules
from goldenthread.planning.models import (
    AreaOfFocus,
    KeyObjective,
    Milestone,
    Objective,
    Plan,
    PlanKind,
    Priority,
    Task,
)
from goldenthread.planning.periods import Period, PeriodKind
from goldenthread.planning.services.snapshots import NOUNS, Link

Errors = dict[str, list[str]]


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
    if item.first_year and item.last_year:
        _add(errors, "last_year", rules.years_out_of_order(item.first_year, item.last_year))
    if item.kind not in PlanKind.values:
        return  # full_clean says the kind is not one of the choices
    if item.parent is not None:
        parent = item.parent
        itself = item.pk is not None and parent.pk == item.pk
        _add(
            errors, "parent", rules.wrong_parent(item.kind, parent.code, parent.kind, itself=itself)
        )
    if not item.pk:
        return
    if not rules.holds_tasks(item.kind) and item.tasks.exists():
        _add(errors, "kind", rules.stranded_tasks(item.kind))
    for child in item.children.all():
        _add(errors, "kind", rules.wrong_child(item.kind, child.code, child.kind))


def _add(errors: Errors, field: str, problem: str | None) -> None:
    """A broken rule's words (goldenthread.planning.rules) as the field's message."""
    if problem is not None:
        add_error(errors, field, rules.sentence(problem))


def check_objective(item: Objective, errors: Errors) -> None:
    _unique(errors, item, "code", "the code")


def check_milestone(item: Milestone, errors: Errors) -> None:
    _unique(errors, item, "code", "the code")
    _quarter(item, errors, required=True)


def _quarter(item: Milestone | Task, errors: Errors, *, required: bool) -> None:
    """A due date is a quarter, ``2009/10 Q3`` (or ``2009-10-Q3``)."""
    due: Any = item.due
    if not due or (isinstance(due, str) and not due.strip()):
        item.due = None
        if required:
            add_error(errors, "due", "Enter the quarter it is due, like 2009/10 Q3")
        return
    if isinstance(due, Period) and due.kind is PeriodKind.QUARTER:
        return
    quarter = rules.parse_quarter(str(due))
    if quarter is None:
        _add(errors, "due", rules.not_a_quarter(f"“{str(due).strip()}”"))
    else:
        item.due = quarter


def check_task(item: Task, errors: Errors) -> None:
    _unique(errors, item, "code", "the code")
    if item.plan_id:
        _add(errors, "plan", rules.misplaced_task(item.plan.code, item.plan.kind))
    _quarter(item, errors, required=False)


def check_links(primary: Link | None, secondary: Sequence[Link]) -> Errors:
    """An objective linked up the thread has exactly one primary link, and each link once."""
    errors: Errors = {}
    primaries = int(primary is not None)
    problem = rules.primary_links_wrong(primaries, primaries + len(secondary))
    if problem is not None:
        add_error(errors, "primary", f"Choose the primary link: {problem}")
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
