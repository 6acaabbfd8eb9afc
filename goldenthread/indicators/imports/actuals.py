"""The actuals file: ``indicator,period,value`` and optionally
``numerator,denominator,commentary``.

An import acts as the performance team, so its figures arrive already checked: ``validated``
unless the caller asks for another state.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import partial
from typing import Any

from django.db.models import F
from django.utils import timezone

from goldenthread.indicators.imports.cells import parse_figure, parse_text
from goldenthread.indicators.imports.figures import FigurePlan, prepare_figures
from goldenthread.indicators.imports.reading import Column, Table
from goldenthread.indicators.imports.result import RowError
from goldenthread.indicators.imports.runner import RowReader
from goldenthread.indicators.models import Actual
from goldenthread.workflow import WorkflowState

KIND = "actuals"
COLUMNS = (
    Column("indicator", required=True),
    Column("period", required=True),
    Column("value", required=True),
    Column("numerator"),
    Column("denominator"),
    Column("commentary"),
)
KEPT_STATES = {WorkflowState.VALIDATED, WorkflowState.PUBLISHED}
NO_VALUE = "no value given; every row needs a figure (leave out rows with nothing to report)"


def _values(row: RowReader, *, table: Table) -> dict[str, Any]:
    values: dict[str, Any] = {"value": row.read("value", partial(parse_figure, required=NO_VALUE))}
    for column in ("numerator", "denominator"):
        if table.has(column):
            values[column] = row.read(column, parse_figure)
    if table.has("commentary"):
        values["commentary"] = row.read("commentary", partial(parse_text, max_length=20_000))
    return values


def _validated_unless_published(held: Actual | None, changed: bool) -> dict[str, Any]:
    if held is not None and not changed and held.state in KEPT_STATES:
        return {}
    return {"state": str(WorkflowState.VALIDATED)}


@dataclass
class ActualsPlan(FigurePlan):
    """Writes the figures, then each created or changed figure's history (one ItemChange per
    changed field, ``how`` = import) and a new version for each changed one, so an editor who
    opened it before the import is told. A fixed number of queries whatever the rows."""

    acting_user: Any = None
    how: str = "import"

    def write(self) -> None:
        from goldenthread.monitoring.models import ItemChange, ItemType, history_text

        super().write()
        if self.to_update:
            Actual.objects.filter(pk__in=[f.pk for f in self.to_update]).update(
                version=F("version") + 1
            )
        if any(figure.pk is None for figure, _, _ in self.changes):
            ids = {
                (a.indicator_id, a.period): a.pk
                for a in Actual.objects.filter(
                    indicator_id__in={f.indicator_id for f in self.to_create},
                    period__in={f.period for f in self.to_create},
                )
            }
            for figure in self.to_create:
                figure.pk = ids[(figure.indicator_id, figure.period)]
        actor = self.acting_user if getattr(self.acting_user, "is_authenticated", False) else None
        now = timezone.now()
        ItemChange.objects.bulk_create(
            [
                ItemChange(
                    item_type=ItemType.ACTUAL,
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


def prepare(
    table: Table,
    errors: list[RowError],
    *,
    state: WorkflowState | None,
    acting_user: Any = None,
    how: str = "import",
) -> FigurePlan:
    """``state`` puts every figure in that state. Without one, new and changed figures and
    unchanged drafts arrive ``validated``, and unchanged validated or published figures keep
    their state: re-importing a file never unpublishes what boards and the public see."""
    chosen = {"state": str(state)} if state is not None else None
    figures = prepare_figures(
        table,
        errors,
        model=Actual,
        read_values=partial(_values, table=table),
        fixed=chosen,
        default=None if chosen else _validated_unless_published,
    )
    plan = ActualsPlan(**{f.name: getattr(figures, f.name) for f in fields(figures)})
    plan.acting_user, plan.how = acting_user, how
    plan.audit["state"] = str(state or WorkflowState.VALIDATED)
    return plan
