"""What targets and actuals files share: one figure per indicator and period.

A row is matched to the figure already held for its (indicator, period), so importing the
same file again changes nothing. The indicator is named by its code, in any case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from goldenthread.indicators.imports.cells import CellError, parse_period
from goldenthread.indicators.imports.lookups import find_indicator, indicators_by_code
from goldenthread.indicators.imports.reading import Table
from goldenthread.indicators.imports.result import RowError
from goldenthread.indicators.imports.runner import Plan, RowReader
from goldenthread.indicators.models import Indicator
from goldenthread.planning.periods import Period

ReadValues = Callable[[RowReader], dict[str, Any]]


@dataclass
class FigurePlan(Plan):
    model: type[models.Model] = models.Model
    to_create: list[Any] = field(default_factory=list)
    to_update: list[Any] = field(default_factory=list)
    update_fields: set[str] = field(default_factory=set)
    # Each figure created or changed, with its indicator and {field: (old, new)}; a new
    # figure's old values are None. What an importer's history is written from.
    changes: list[tuple[Any, Indicator, dict[str, tuple[Any, Any]]]] = field(default_factory=list)

    def write(self) -> None:
        manager = self.model._default_manager
        manager.bulk_create(self.to_create)
        if not self.to_update:
            return
        fields = sorted(self.update_fields)
        if any(f.name == "updated_at" for f in self.model._meta.get_fields()):
            now = timezone.now()  # bulk_update does not apply auto_now itself
            for figure in self.to_update:
                figure.updated_at = now
            fields.append("updated_at")
        # A field given the same value on every row (the state, the time) is one plain UPDATE;
        # bulk_update's CASE per row is only worth it for values that differ.
        first = self.to_update[0]
        same = {
            name: getattr(first, name)
            for name in fields
            if all(getattr(figure, name) == getattr(first, name) for figure in self.to_update)
        }
        if same:
            manager.filter(pk__in=[figure.pk for figure in self.to_update]).update(**same)
        differing = [name for name in fields if name not in same]
        if differing:
            manager.bulk_update(self.to_update, differing)


@dataclass
class HistoryPlan(FigurePlan):
    """A figure plan that also records each created or changed figure's history: one
    ItemChange per changed field, with ``how`` (import, upload…). A fixed number of queries
    whatever the rows."""

    acting_user: Any = None
    how: str = "import"
    item_type: str = "actual"

    def write(self) -> None:
        from goldenthread.monitoring.models import ItemChange, history_text

        super().write()
        if self.to_create:
            held: models.QuerySet[Any] = self.model._default_manager.filter(
                indicator_id__in={f.indicator_id for f in self.to_create},
                period__in={f.period for f in self.to_create},
            )
            ids = {(f.indicator_id, f.period): f.pk for f in held}
            for figure in self.to_create:
                figure.pk = ids[(figure.indicator_id, figure.period)]
        actor = self.acting_user if getattr(self.acting_user, "is_authenticated", False) else None
        now = timezone.now()
        ItemChange.objects.bulk_create(
            [
                ItemChange(
                    item_type=self.item_type,
                    item_id=figure.pk,
                    indicator_id=indicator.pk,
                    department_id=indicator.department_id,
                    period=figure.period,
                    field=name,
                    old_value=history_text(old),
                    new_value=history_text(new),
                    how=self.how,
                    actor=actor,
                    at=now,
                )
                for figure, indicator, fields in self.changes
                for name, (old, new) in fields.items()
                if history_text(old) != history_text(new)
            ],
            batch_size=500,
        )

    @classmethod
    def of(cls, plan: FigurePlan, **extra: Any) -> Any:
        return cls(**{f.name: getattr(plan, f.name) for f in fields(plan)}, **extra)


def prepare_figures(
    table: Table,
    errors: list[RowError],
    *,
    model: type[models.Model],
    read_values: ReadValues,
    fixed: dict[str, Any] | None = None,
    default: Callable[[Any, bool], dict[str, Any]] | None = None,
    guard: Callable[[Any, dict[str, Any]], str | None] | None = None,
) -> FigurePlan:
    """Check every row; plan to create, update or leave each (indicator, period) figure.

    ``fixed`` values are set on every row's figure. ``default(held, changed)`` gives values to
    set on a figure depending on what is held (None for a new figure) and whether the row
    changes it: so an import can promote a draft without unpublishing a published figure.
    ``guard(held, changes)``, given {field: new value}, may refuse a change to a held figure
    with a message, which becomes that row's error."""
    plan = FigurePlan(model=model)
    index = indicators_by_code(row["indicator"] for row in table.rows)
    rows: list[tuple[Indicator, Period, dict[str, Any]]] = []
    seen: dict[tuple[int, Period], int] = {}
    for row in table.rows:
        reader = RowReader(row, errors)
        indicator = reader.read("indicator", lambda raw: _indicator(index, raw))
        period = reader.read("period", parse_period)
        values = read_values(reader)
        if not reader.ok or indicator is None or period is None:
            continue
        key = (indicator.pk, period)
        if key in seen:
            reader.refuse("period", f"{indicator.code} {period} is also on row {seen[key]}")
            continue
        seen[key] = row.number
        rows.append((indicator, period, {**values, **(fixed or {})}))
    if errors:
        return plan
    figures: models.QuerySet[Any] = model._default_manager.filter(
        indicator_id__in={indicator.pk for indicator, _, _ in rows},
        period__in={period for _, period, _ in rows},
    )
    held = {(figure.indicator_id, figure.period): figure for figure in figures}
    for indicator, period, values in rows:
        label = f"{indicator.code} {period}"
        figure = held.get((indicator.pk, period))
        if figure is None:
            extra = default(None, True) if default else {}
            created = model(indicator=indicator, period=period, **extra, **values)
            plan.to_create.append(created)
            plan.created.append(label)
            new_values = {**extra, **values}
            plan.changes.append(
                (created, indicator, {name: (None, v) for name, v in new_values.items()})
            )
            continue
        changed = [name for name, value in values.items() if getattr(figure, name) != value]
        refusal = guard(figure, {n: values[n] for n in changed}) if guard and changed else None
        if refusal:
            row_number = seen[(indicator.pk, period)]
            errors.append(
                RowError(
                    row=row_number,
                    column=changed[0],
                    value=history_value(values[changed[0]]),
                    message=refusal,
                )
            )
            continue
        extra = default(figure, bool(changed)) if default else {}
        changed += [name for name, value in extra.items() if getattr(figure, name) != value]
        if not changed:
            plan.unchanged += 1
            continue
        values = {**extra, **values}
        plan.changes.append(
            (figure, indicator, {name: (getattr(figure, name), values[name]) for name in changed})
        )
        for name in changed:
            setattr(figure, name, values[name])
        plan.to_update.append(figure)
        plan.update_fields.update(changed)
        plan.updated.append(label)
    return plan


def history_value(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return "" if value is None else str(value)


def _indicator(index: dict[str, Indicator], raw: str) -> Indicator:
    if not raw:
        raise CellError("no indicator code given")
    return find_indicator(index, raw)
