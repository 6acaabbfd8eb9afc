"""The actuals file: ``indicator,period,value`` and optionally
``numerator,denominator,commentary``.

An import acts as the performance team, so its figures arrive already checked: ``validated``
unless the caller asks for another state.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db.models import F

from goldenthread.indicators.imports.cells import CellError, parse_figure
from goldenthread.indicators.imports.figures import (
    FigurePlan,
    HistoryPlan,
    history_value,
    prepare_figures,
)
from goldenthread.indicators.imports.reading import Column, Table
from goldenthread.indicators.imports.result import RowError
from goldenthread.indicators.imports.runner import RowReader
from goldenthread.indicators.models import Actual
from goldenthread.monitoring.checks import commentary_too_long
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
        values["commentary"] = row.read("commentary", _commentary)
    return values


def _commentary(raw: str) -> str:
    """The same rule as the return's form and spreadsheet (monitoring.checks)."""
    problem = commentary_too_long(raw)
    if problem is not None:
        raise CellError(problem)
    return raw


def _published_stays_as_published(held: Actual, changes: dict[str, Any]) -> str | None:
    """A published figure is corrected only by a new revision with a reason (issue 4), never
    by an import quietly replacing it."""
    if held.state != WorkflowState.PUBLISHED:
        return None
    field, new = next(iter(changes.items()))
    return (
        f"'{history_value(new)}' would change the {field} of {held.indicator.code} "
        f"{held.period}, which is published; a published figure is corrected only by a "
        "revision with a reason (the performance team's Correct link on the indicator's page)"
    )


def _validated_unless_published(held: Actual | None, changed: bool) -> dict[str, Any]:
    if held is not None and not changed and held.state in KEPT_STATES:
        return {}
    return {"state": str(WorkflowState.VALIDATED)}


@dataclass
class ActualsPlan(HistoryPlan):
    """Also gives each changed figure a new version, so an editor who opened it before the
    import is told rather than overwriting it."""

    def write(self) -> None:
        super().write()
        if self.to_update:
            Actual.objects.filter(pk__in=[f.pk for f in self.to_update]).update(
                version=F("version") + 1
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
        guard=_published_stays_as_published,
    )
    plan = ActualsPlan.of(figures, acting_user=acting_user, how=how, item_type="actual")
    plan.audit["state"] = str(state or WorkflowState.VALIDATED)
    return plan
