"""Writes for the performance team's plan pages: ``item_create`` and ``item_update`` for every
kind of item in the thread (priorities, key objectives, areas of focus, plans at every level,
objectives with their links up the thread and the indicators that measure them, milestones and
tasks).

Each write is one transaction. It asks goldenthread.access whether the person is in the
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
from goldenthread.planning.models import Objective, ObjectiveLink, Task, new_task_code
from goldenthread.planning.services.rules import CHECKS, Errors, add_error, check_links
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
    "CHECKS",
    "NOUNS",
    "Link",
    "Snapshot",
    "StaleEdit",
    "check_links",
    "item_create",
    "item_update",
    "natural_key",
    "read_seen",
    "recent_changes",
    "seen_token",
    "snapshot",
]

M = TypeVar("M", bound=models.Model)


# -- the writes --------------------------------------------------------------------------------

AfterSave = Callable[[Any], None]


def item_create(model: type[M], /, *, acting_user: Any, **values: Any) -> M:
    """A new item of ``model`` (a Priority, KeyObjective, AreaOfFocus, Plan, Objective,
    Milestone or Task) with the given field values; the audit entry records them all."""
    access.access_performance_team(acting_user)
    errors, after_save = _extras(model, values, creating=True)
    with _one_write():
        item = model(**values)
        _save(item, errors, after_save)
        audit_record(
            acting_user=acting_user,
            action=f"{model.__name__.lower()}_create",
            target=item,
            summary=f"{NOUNS[model]} {natural_key(item)} created",
            data={"created": snapshot(item)},
        )
    return item


def item_update(item: M, /, *, acting_user: Any, seen: Snapshot | None = None, **values: Any) -> M:
    """Change the given fields of ``item``; the audit entry names each changed field with its
    value before and after (a save that changes nothing writes none)."""
    access.access_performance_team(acting_user)
    model = type(item)
    errors, after_save = _extras(model, values, creating=False)
    with _one_write():
        item = model._default_manager.select_for_update().get(pk=item.pk)
        before = snapshot(item)
        if seen is not None:
            _refuse_if_stale(item, seen, before)
        for name, value in values.items():
            setattr(item, name, value)
        _save(item, errors, after_save)
        after = snapshot(item)
        changed = {k: [before.get(k, ""), v] for k, v in after.items() if before.get(k, "") != v}
        if changed:
            audit_record(
                acting_user=acting_user,
                action=f"{model.__name__.lower()}_update",
                target=item,
                summary=f"{NOUNS[model]} {natural_key(item)} changed: "
                + "; ".join(
                    f"{k.replace('_', ' ')} “{b}” → “{a}”" for k, (b, a) in changed.items()
                ),
                data={"code": natural_key(item), "changed": changed},
            )
    return item


def _save(item: models.Model, errors: Errors, after_save: AfterSave | None) -> None:
    """Check the item's rules and fields, then save it and what goes with it."""
    CHECKS[type(item)](item, errors)
    _validated(item, errors)
    item.save()
    if after_save:
        after_save(item)


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


def _refuse_if_stale(item: models.Model, seen: Snapshot, now: Snapshot) -> None:
    changed = {k: v for k, v in now.items() if k in seen and seen[k] != v}
    if not changed:
        return
    latest = (
        AuditEntry.objects.filter(object_type=item._meta.label_lower, object_id=str(item.pk))
        .select_related("actor")
        .first()
    )
    raise StaleEdit(
        noun=NOUNS[type(item)], changed=changed, by=latest.actor if latest else None, current=now
    )


# -- what a kind writes besides its own fields -------------------------------------------------


def _extras(
    model: type[models.Model], values: dict[str, Any], *, creating: bool
) -> tuple[Errors, AfterSave | None]:
    """Take out of ``values`` what is not a field of the item: the problems found in it, and
    what to write once the item is saved."""
    if model is Objective:
        return _objective_thread(values, creating=creating)
    if model is Task:
        _task_code(values, creating=creating)
    return {}, None


def _objective_thread(values: dict[str, Any], *, creating: bool) -> tuple[Errors, AfterSave]:
    """An objective's links up the thread (exactly one primary when it has any) and the
    indicators that measure it. A new objective has those given (none when not). A change
    replaces its links when ``primary`` is given (None: unlinked), its indicators when
    ``indicators`` is given, and leaves them otherwise."""
    indicators: Iterable[Indicator] | None = values.pop("indicators", () if creating else None)
    secondary: Sequence[Link] = list(values.pop("secondary", None) or ())
    if "primary" not in values and not creating:
        return {}, _thread_writer(None, None, indicators)
    primary: Link | None = values.pop("primary", None)
    return check_links(primary, secondary), _thread_writer(primary, secondary, indicators)


def _thread_writer(
    primary: Link | None, secondary: Sequence[Link] | None, indicators: Iterable[Indicator] | None
) -> AfterSave:
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


def _task_code(values: dict[str, Any], *, creating: bool) -> None:
    """A new task with no code is given one; a blank code on a change keeps the one it has."""
    if not values.get("code"):
        if creating:
            values["code"] = new_task_code()
        else:
            values.pop("code", None)
