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

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from goldenthread import access
from goldenthread.audit.models import AuditEntry
from goldenthread.audit.services import audit_record
from goldenthread.indicators.models import Indicator
from goldenthread.planning.fields import PeriodField
from goldenthread.planning.models import (
    AreaOfFocus,
    KeyObjective,
    Milestone,
    Objective,
    ObjectiveLink,
    Plan,
    Priority,
    Task,
    new_task_code,
)
from goldenthread.planning.services.rules import (
    Errors,
    add_error,
    check_area_of_focus,
    check_key_objective,
    check_links,
    check_milestone,
    check_objective,
    check_plan,
    check_priority,
    check_task,
)
from goldenthread.planning.services.snapshots import (
    NOUNS,
    Link,
    Snapshot,
    StaleEdit,
    natural_key,
    read_seen,
    recent_changes,
    seen_token,
    snapshot,
)

__all__ = [
    "NOUNS",
    "Link",
    "Snapshot",
    "StaleEdit",
    "check_links",
    "natural_key",
    "read_seen",
    "recent_changes",
    "seen_token",
    "snapshot",
]

M = TypeVar("M", bound=models.Model)


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
                add_error(errors, field, message)
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
    return _create(Priority, acting_user=acting_user, check=check_priority, values=values)


def priority_update(
    *, acting_user: Any, priority: Priority, seen: Snapshot | None = None, **values: Any
) -> Priority:
    return _update(
        priority, acting_user=acting_user, seen=seen, check=check_priority, values=values
    )


def key_objective_create(*, acting_user: Any, **values: Any) -> KeyObjective:
    return _create(KeyObjective, acting_user=acting_user, check=check_key_objective, values=values)


def key_objective_update(
    *, acting_user: Any, key_objective: KeyObjective, seen: Snapshot | None = None, **values: Any
) -> KeyObjective:
    return _update(
        key_objective,
        acting_user=acting_user,
        seen=seen,
        check=check_key_objective,
        values=values,
    )


def area_of_focus_create(*, acting_user: Any, **values: Any) -> AreaOfFocus:
    return _create(AreaOfFocus, acting_user=acting_user, check=check_area_of_focus, values=values)


def area_of_focus_update(
    *, acting_user: Any, area_of_focus: AreaOfFocus, seen: Snapshot | None = None, **values: Any
) -> AreaOfFocus:
    return _update(
        area_of_focus,
        acting_user=acting_user,
        seen=seen,
        check=check_area_of_focus,
        values=values,
    )


def plan_create(*, acting_user: Any, **values: Any) -> Plan:
    return _create(Plan, acting_user=acting_user, check=check_plan, values=values)


def plan_update(
    *, acting_user: Any, plan: Plan, seen: Snapshot | None = None, **values: Any
) -> Plan:
    return _update(plan, acting_user=acting_user, seen=seen, check=check_plan, values=values)


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
        check=check_objective,
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
        check=check_objective,
        values=values,
        after_save=writer,
        errors=errors,
    )


def milestone_create(*, acting_user: Any, **values: Any) -> Milestone:
    return _create(Milestone, acting_user=acting_user, check=check_milestone, values=values)


def milestone_update(
    *, acting_user: Any, milestone: Milestone, seen: Snapshot | None = None, **values: Any
) -> Milestone:
    return _update(
        milestone, acting_user=acting_user, seen=seen, check=check_milestone, values=values
    )


def task_create(*, acting_user: Any, **values: Any) -> Task:
    """A task in a divisional, team or personal plan; with no code, it is given one."""
    if not values.get("code"):
        values["code"] = new_task_code()
    return _create(Task, acting_user=acting_user, check=check_task, values=values)


def task_update(
    *, acting_user: Any, task: Task, seen: Snapshot | None = None, **values: Any
) -> Task:
    if "code" in values and not values["code"]:
        del values["code"]  # a blank code keeps the one it has
    return _update(task, acting_user=acting_user, seen=seen, check=check_task, values=values)
