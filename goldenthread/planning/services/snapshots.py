"""What a plan item reads as, to a person: every field by its value or the related item's code.

The same reading is the audit's before and after, what an editor saw when the form opened
(``seen``), and what StaleEdit says a colleague changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import models

from goldenthread.audit.models import AuditEntry
from goldenthread.planning.models import (
    AreaOfFocus,
    KeyObjective,
    Milestone,
    Objective,
    Plan,
    Priority,
    Task,
)

Snapshot = dict[str, str]
NOUNS = {
    Priority: "priority",
    KeyObjective: "key objective",
    AreaOfFocus: "area of focus",
    Plan: "plan",
    Objective: "objective",
    Milestone: "milestone",
    Task: "task",
}


@dataclass(frozen=True)
class Link:
    """One link up the thread: a priority, or one of its areas of focus."""

    priority: Priority
    area_of_focus: AreaOfFocus | None = None

    def __str__(self) -> str:
        if self.area_of_focus is None:
            return self.priority.code
        return f"{self.priority.code} area of focus {self.area_of_focus.number}"


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
