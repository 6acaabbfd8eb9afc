"""Writes for the performance team's plan pages: priorities, key objectives, areas of focus,
plans at every level, objectives with their links up the thread and the indicators that measure
them, milestones and tasks.

Every function is one transaction. It asks goldenthread.access whether the person is in the
performance team, checks the golden thread's rules (each broken rule is a message tied to the
field it is about, and nothing is written), and writes one audit entry naming each changed field
with its value before and after.

Concurrency: an edit carries what the person saw when they opened the form (``seen``, the item's
snapshot). The row is locked and its snapshot compared with ``seen``: if someone saved it in
between, StaleEdit says who, and which fields now read differently, and nothing is written.
``seen=None`` (a caller with no form) skips the comparison.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from goldenthread import access
from goldenthread.audit.models import AuditEntry
from goldenthread.audit.services import audit_record
from goldenthread.indicators.models import Indicator
from goldenthread.planning.fields import PeriodField
from goldenthread.planning.models import (
    PLAN_LEVEL,
    AreaOfFocus,
    KeyObjective,
    Milestone,
    Objective,
    ObjectiveLink,
    Plan,
    PlanKind,
    Priority,
    Task,
    new_task_code,
)
from goldenthread.planning.periods import Period, PeriodError, PeriodKind

M = TypeVar("M", bound=models.Model)
Snapshot = dict[str, str]
Errors = dict[str, list[str]]

# The plans that hold tasks: the lower levels of the thread.
TASK_LEVELS = frozenset({PLAN_LEVEL[PlanKind.DIVISIONAL_PLAN], PLAN_LEVEL[PlanKind.PERSONAL_PLAN]})
NOUNS = {
    Priority: "priority",
    KeyObjective: "key objective",
    AreaOfFocus: "area of focus",
    Plan: "plan",
    Objective: "objective",
    Milestone: "milestone",
    Task: "task",
}


class StaleEdit(Exception):
    """Someone saved the item after this person opened it: nothing was written."""

    def __init__(self, *, noun: str, changed: Snapshot, by: Any, current: Snapshot) -> None:
        self.changed = changed  # field → its value now
        self.current = current  # the whole snapshot now: what the form should carry next
        self.by = by
        who = str(by) if by else "Someone else"
        fields = "; ".join(
            f"{name.replace('_', ' ')} is now “{value or 'blank'}”"
            for name, value in changed.items()
        )
        super().__init__(
            f"{who} saved this {noun} after you opened it ({fields}). Nothing you entered was "
            "saved. Check your changes against theirs and save again."
        )


# -- what an item reads as: the audit's before and after, and what an editor saw --------------


def natural_key(item: models.Model | None) -> str:
    """How a person names a related item in a form and in the audit: by its code."""
    if item is None:
        return ""
    if isinstance(item, KeyObjective):
        return f"{item.priority.code} {item.letter}"
    for attribute in ("code", "username", "number"):
        if hasattr(item, attribute):
            return str(getattr(item, attribute))
    return str(item)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return natural_key(value)
    return str(value)


def _field_names(model: type[models.Model]) -> list[str]:
    return [field.name for field in model._meta.concrete_fields if not field.primary_key]


def snapshot(item: models.Model) -> Snapshot:
    """Every field of ``item`` as a person reads it (related items by their codes); for an
    objective, its links up the thread and its indicators as well."""
    values = {name: _text(getattr(item, name)) for name in _field_names(type(item))}
    if isinstance(item, Objective) and item.pk:
        links = [
            f"{Link(link.priority, link.area_of_focus)}{' (primary)' if link.is_primary else ''}"
            for link in item.links.select_related("priority", "area_of_focus")
        ]
        links.sort(key=lambda text: (not text.endswith("(primary)"), text))
        values["links"] = "; ".join(links)
        values["indicators"] = ", ".join(
            sorted(item.indicators.values_list("code", flat=True))  # type: ignore[attr-defined]
        )
    return values


def seen_token(item: models.Model) -> str:
    """The snapshot a form carries, to be given back as ``seen``."""
    return json.dumps(snapshot(item), sort_keys=True)


def read_seen(token: str | None) -> Snapshot | None:
    """The snapshot a form carried, or None when it carried none that can be read."""
    try:
        seen = json.loads(token or "")
    except ValueError:
        return None
    return seen if isinstance(seen, dict) else None


def recent_changes(item: models.Model, limit: int = 10) -> list[AuditEntry]:
    """The latest audit entries about ``item``, newest first: who changed what, from what."""
    return list(
        AuditEntry.objects.filter(object_type=item._meta.label_lower, object_id=str(item.pk))
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )


# -- the thread's rules ------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """One link up the thread: a priority, or one of its areas of focus."""

    priority: Priority
    area_of_focus: AreaOfFocus | None = None

    def __str__(self) -> str:
        if self.area_of_focus is None:
            return self.priority.code
        return f"{self.priority.code} area of focus {self.area_of_focus.number}"


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _check_unique(
    errors: Errors, item: models.Model, field: str, label: str, **lookup: Any
) -> None:
    model = type(item)
    others = model._default_manager.filter(**(lookup or {field: getattr(item, field)}))
    if item.pk:
        others = others.exclude(pk=item.pk)
    if others.exists():
        noun = NOUNS.get(model, "item")
        _add(errors, field, f"Another {noun} already has {label} {getattr(item, field)}")


def _check_priority(item: Priority, errors: Errors) -> None:
    _check_unique(errors, item, "number", "the number")
    _check_unique(errors, item, "code", "the code")
    _check_unique(errors, item, "name", "the name")


def _check_key_objective(item: KeyObjective, errors: Errors) -> None:
    _check_unique(
        errors, item, "letter", "the letter", priority=item.priority_id, letter=item.letter
    )


def _check_area_of_focus(item: AreaOfFocus, errors: Errors) -> None:
    _check_unique(errors, item, "number", "the number")
    key = item.key_objective
    if key is not None and item.priority_id and key.priority_id != item.priority_id:
        _add(
            errors,
            "key_objective",
            f"Key objective {key.letter} belongs to {key.priority.name}, not to "
            f"{item.priority.name}: choose one of its priority's key objectives or none",
        )


def _check_plan(item: Plan, errors: Errors) -> None:
    _check_unique(errors, item, "code", "the code")
    if item.first_year and item.last_year and item.first_year > item.last_year:
        _add(
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
        _add(errors, "parent", _wrong_parent(item.kind, parent))
    if item.pk and level not in TASK_LEVELS and item.tasks.exists():
        _add(
            errors,
            "kind",
            f"This plan has tasks, which belong in divisional, team and personal plans; a "
            f"{PlanKind(item.kind).label.lower()} cannot hold them",
        )
    if item.pk:
        for child in item.children.all():
            if PLAN_LEVEL[PlanKind(child.kind)] != level + 1:
                _add(
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


def _check_objective(item: Objective, errors: Errors) -> None:
    _check_unique(errors, item, "code", "the code")


def _check_milestone(item: Milestone, errors: Errors) -> None:
    _check_unique(errors, item, "code", "the code")
    _check_quarter(item, errors, required=True)


def _check_quarter(item: Milestone | Task, errors: Errors, *, required: bool) -> None:
    """A due date is a quarter, ``2009/10 Q3`` (or ``2009-10-Q3``)."""
    due: Any = item.due
    if isinstance(due, str) and due.strip():
        try:
            due = item.due = Period.parse(due)
        except PeriodError:
            _add(errors, "due", f"“{due}” is not a quarter: write it like 2009/10 Q3")
            return
    if not due:
        item.due = None
        if required:
            _add(errors, "due", "Enter the quarter it is due, like 2009/10 Q3")
    elif not isinstance(due, Period) or due.kind is not PeriodKind.QUARTER:
        _add(errors, "due", f"{due} is not a quarter: write it like 2009/10 Q3")


def _check_task(item: Task, errors: Errors) -> None:
    _check_unique(errors, item, "code", "the code")
    if item.plan_id and PLAN_LEVEL[PlanKind(item.plan.kind)] not in TASK_LEVELS:
        _add(
            errors,
            "plan",
            f"Tasks belong in divisional, team and personal plans; {item.plan.code} is a "
            f"{item.plan.get_kind_display().lower()}",
        )
    _check_quarter(item, errors, required=False)


def check_links(primary: Link | None, secondary: Sequence[Link]) -> Errors:
    """An objective linked up the thread has exactly one primary link, and each link once."""
    errors: Errors = {}
    if secondary and primary is None:
        _add(
            errors,
            "primary",
            "Choose the primary link: an objective linked up the thread has exactly one",
        )
    for link in secondary:
        if link == primary:
            _add(errors, "secondary", f"{link} is already the primary link: choose it once")
    return errors


# -- the writes --------------------------------------------------------------------------------


def _validated(item: models.Model, errors: Errors) -> None:
    """Raise every problem at once: the thread's rules, then each field's own (length, choice,
    required)."""
    # A PeriodField's CharField length check cannot measure a Period: its value is checked above.
    periods = [f.name for f in type(item)._meta.concrete_fields if isinstance(f, PeriodField)]
    try:
        item.full_clean(
            exclude=[*errors, *periods], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                _add(errors, field, message)
    if errors:
        raise ValidationError(errors)


@contextmanager
def _one_write() -> Iterator[None]:
    """One transaction. Two people saving the same new code at the same moment both pass the
    checks; the database refuses the second, which is told so rather than shown an error page."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise ValidationError(
            "Someone else saved an item with the same code or number at the same moment. "
            "Nothing you entered was saved: check the codes and save again."
        ) from None


def _create(
    model: type[M],
    *,
    acting_user: Any,
    check: Callable[[M, Errors], None],
    values: dict[str, Any],
    after_save: Callable[[M], None] | None = None,
    errors: Errors | None = None,
) -> M:
    access.access_performance_team(acting_user)
    noun = NOUNS[model]
    with _one_write():
        item = model(**values)
        problems = dict(errors or {})
        check(item, problems)
        _validated(item, problems)
        item.save()
        if after_save:
            after_save(item)
        created = snapshot(item)
        audit_record(
            acting_user=acting_user,
            action=f"{model.__name__.lower()}_create",
            target=item,
            summary=f"{noun} {natural_key(item)} created",
            data={"created": created},
        )
    return item


def _update(
    item: M,
    *,
    acting_user: Any,
    seen: Snapshot | None,
    check: Callable[[M, Errors], None],
    values: dict[str, Any],
    after_save: Callable[[M], None] | None = None,
    errors: Errors | None = None,
) -> M:
    access.access_performance_team(acting_user)
    model = type(item)
    noun = NOUNS[model]
    with _one_write():
        item = model._default_manager.select_for_update().get(pk=item.pk)
        before = snapshot(item)
        if seen is not None:
            _refuse_if_stale(item, noun, seen, before)
        for name, value in values.items():
            setattr(item, name, value)
        problems = dict(errors or {})
        check(item, problems)
        _validated(item, problems)
        item.save()
        if after_save:
            after_save(item)
        after = snapshot(item)
        changed = {k: [before.get(k, ""), v] for k, v in after.items() if before.get(k, "") != v}
        if changed:
            audit_record(
                acting_user=acting_user,
                action=f"{model.__name__.lower()}_update",
                target=item,
                summary=f"{noun} {natural_key(item)} changed: "
                + "; ".join(
                    f"{k.replace('_', ' ')} “{b}” → “{a}”" for k, (b, a) in changed.items()
                ),
                data={"code": natural_key(item), "changed": changed},
            )
    return item


def _refuse_if_stale(item: models.Model, noun: str, seen: Snapshot, now: Snapshot) -> None:
    changed = {k: v for k, v in now.items() if k in seen and seen[k] != v}
    if not changed:
        return
    latest = (
        AuditEntry.objects.filter(object_type=item._meta.label_lower, object_id=str(item.pk))
        .select_related("actor")
        .first()
    )
    raise StaleEdit(noun=noun, changed=changed, by=latest.actor if latest else None, current=now)


def priority_create(*, acting_user: Any, **values: Any) -> Priority:
    return _create(Priority, acting_user=acting_user, check=_check_priority, values=values)


def priority_update(
    *, acting_user: Any, priority: Priority, seen: Snapshot | None = None, **values: Any
) -> Priority:
    return _update(
        priority, acting_user=acting_user, seen=seen, check=_check_priority, values=values
    )


def key_objective_create(*, acting_user: Any, **values: Any) -> KeyObjective:
    return _create(KeyObjective, acting_user=acting_user, check=_check_key_objective, values=values)


def key_objective_update(
    *, acting_user: Any, key_objective: KeyObjective, seen: Snapshot | None = None, **values: Any
) -> KeyObjective:
    return _update(
        key_objective,
        acting_user=acting_user,
        seen=seen,
        check=_check_key_objective,
        values=values,
    )


def area_of_focus_create(*, acting_user: Any, **values: Any) -> AreaOfFocus:
    return _create(AreaOfFocus, acting_user=acting_user, check=_check_area_of_focus, values=values)


def area_of_focus_update(
    *, acting_user: Any, area_of_focus: AreaOfFocus, seen: Snapshot | None = None, **values: Any
) -> AreaOfFocus:
    return _update(
        area_of_focus,
        acting_user=acting_user,
        seen=seen,
        check=_check_area_of_focus,
        values=values,
    )


def plan_create(*, acting_user: Any, **values: Any) -> Plan:
    return _create(Plan, acting_user=acting_user, check=_check_plan, values=values)


def plan_update(
    *, acting_user: Any, plan: Plan, seen: Snapshot | None = None, **values: Any
) -> Plan:
    return _update(plan, acting_user=acting_user, seen=seen, check=_check_plan, values=values)


def _thread_writer(
    primary: Link | None, secondary: Sequence[Link] | None, indicators: Iterable[Indicator] | None
) -> Callable[[Objective], None]:
    """Replace an objective's links and indicators with those given (None: leave them)."""

    def write(objective: Objective) -> None:
        if secondary is not None or primary is not None:
            objective.links.all().delete()
            links = [(primary, True)] if primary else []
            links += [(link, False) for link in secondary or ()]
            ObjectiveLink.objects.bulk_create(
                ObjectiveLink(
                    objective=objective,
                    priority=link.priority,
                    area_of_focus=link.area_of_focus,
                    is_primary=is_primary,
                )
                for link, is_primary in links
            )
        if indicators is not None:
            objective.indicators.set(indicators)  # type: ignore[attr-defined]

    return write


_UNSET: Any = object()


def objective_create(
    *,
    acting_user: Any,
    primary: Link | None = None,
    secondary: Sequence[Link] = (),
    indicators: Iterable[Indicator] = (),
    **values: Any,
) -> Objective:
    """A new objective in a plan, with its links up the thread (exactly one primary when it
    has any) and the indicators that measure it."""
    return _create(
        Objective,
        acting_user=acting_user,
        check=_check_objective,
        values=values,
        after_save=_thread_writer(primary, secondary, indicators),
        errors=check_links(primary, secondary),
    )


def objective_update(
    *,
    acting_user: Any,
    objective: Objective,
    seen: Snapshot | None = None,
    primary: Link | None = _UNSET,
    secondary: Sequence[Link] | None = None,
    indicators: Iterable[Indicator] | None = None,
    **values: Any,
) -> Objective:
    """Change an objective. Its links are replaced when ``primary`` is given (None: unlinked),
    its indicators when ``indicators`` is given."""
    if primary is _UNSET:
        primary, errors = None, {}
        writer = _thread_writer(None, None, indicators)
    else:
        errors = check_links(primary, secondary or ())
        writer = _thread_writer(primary, secondary or [], indicators)
    return _update(
        objective,
        acting_user=acting_user,
        seen=seen,
        check=_check_objective,
        values=values,
        after_save=writer,
        errors=errors,
    )


def milestone_create(*, acting_user: Any, **values: Any) -> Milestone:
    return _create(Milestone, acting_user=acting_user, check=_check_milestone, values=values)


def milestone_update(
    *, acting_user: Any, milestone: Milestone, seen: Snapshot | None = None, **values: Any
) -> Milestone:
    return _update(
        milestone, acting_user=acting_user, seen=seen, check=_check_milestone, values=values
    )


def task_create(*, acting_user: Any, **values: Any) -> Task:
    """A task in a divisional, team or personal plan; with no code, it is given one."""
    if not values.get("code"):
        values["code"] = new_task_code()
    return _create(Task, acting_user=acting_user, check=_check_task, values=values)


def task_update(
    *, acting_user: Any, task: Task, seen: Snapshot | None = None, **values: Any
) -> Task:
    if "code" in values and not values["code"]:
        del values["code"]  # a blank code keeps the one it has
    return _update(task, acting_user=acting_user, seen=seen, check=_check_task, values=values)
