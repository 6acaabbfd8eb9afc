"""What importing a plan file would do, worked out before anything is written, and the
writing: every kind in bulk, parents before children, a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import F, Max, Value
from django.db.models.functions import Concat

from goldenthread.indicators.imports.runner import Plan as ImportPlan
from goldenthread.planning.imports.columns import RecordKind
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
)

# The kinds whose rows are things of their own, in the order they are written.
MODELS: dict[str, type[models.Model]] = {
    RecordKind.PRIORITY: Priority,
    RecordKind.KEY_OBJECTIVE: KeyObjective,
    RecordKind.AREA_OF_FOCUS: AreaOfFocus,
    RecordKind.PLAN: Plan,
    RecordKind.OBJECTIVE: Objective,
    RecordKind.MILESTONE: Milestone,
    RecordKind.TASK: Task,
}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0  # links only: held links of an objective the file no longer lists

    def line(self, label: str) -> str:
        text = (
            f"{label}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        )
        return f"{text}, {self.removed} removed" if self.removed else text


@dataclass
class PlanFile(ImportPlan):
    counts: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    to_create: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    to_update: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    update_fields: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # Objectives whose links up the thread the file replaces: their held links go, these come.
    links_dropped: set[int] = field(default_factory=set)  # objective ids
    new_links: list[ObjectiveLink] = field(default_factory=list)
    # Indicator links: (indicator id, objective) to add; through-table ids to delete.
    indicator_links_added: list[tuple[int, Objective]] = field(default_factory=list)
    indicator_links_dropped: list[int] = field(default_factory=list)

    def count(self, kind: str, outcome: str, label: str) -> None:
        counts = self.counts[kind]
        setattr(counts, outcome, getattr(counts, outcome) + 1)
        if outcome == "created":
            self.created.append(label)
        elif outcome == "updated":
            self.updated.append(label)
        else:
            self.unchanged += 1

    def write(self) -> None:
        self._make_way()
        for kind, model in MODELS.items():
            creating = self.to_create.get(kind, [])
            if kind == RecordKind.PLAN:
                # A new plan's parent may be new too: create the levels top down.
                for level in sorted(set(PLAN_LEVEL.values())):
                    _create(model, [p for p in creating if PLAN_LEVEL[PlanKind(p.kind)] == level])
            else:
                _create(model, creating)
            if self.to_update.get(kind):
                model._default_manager.bulk_update(
                    self.to_update[kind], sorted(self.update_fields[kind]), batch_size=500
                )
        if self.links_dropped:
            ObjectiveLink.objects.filter(objective_id__in=self.links_dropped).delete()
        _create(ObjectiveLink, self.new_links)
        self._write_indicator_links()

    def _make_way(self) -> None:
        """Priorities that trade numbers or names (1 ↔ 6) first step aside, so that no row
        holds another's value for a moment: the database checks uniqueness row by row."""
        updating = [p.pk for p in self.to_update.get(RecordKind.PRIORITY, [])]
        fields = self.update_fields.get(RecordKind.PRIORITY, set())
        if not updating or not fields & {"number", "name"}:
            return
        top = Priority.objects.aggregate(top=Max("number"))["top"] or 0
        Priority.objects.filter(pk__in=updating).update(
            number=F("number") + top, name=Concat(F("name"), Value(" (being renamed)"))
        )

    def _write_indicator_links(self) -> None:
        from goldenthread.indicators.models import Indicator

        through = Indicator.objectives.through
        if self.indicator_links_dropped:
            through.objects.filter(pk__in=self.indicator_links_dropped).delete()
        through.objects.bulk_create(
            [
                through(indicator_id=indicator, objective_id=objective.pk)
                for indicator, objective in self.indicator_links_added
            ],
            batch_size=500,
        )


def _create(model: type[models.Model], objects: list[Any]) -> None:
    """Create ``objects`` (SQLite and PostgreSQL give back their ids); Django takes each
    one's parent id from a parent created since it was assigned."""
    if not objects:
        return
    model._default_manager.bulk_create(objects, batch_size=500)
