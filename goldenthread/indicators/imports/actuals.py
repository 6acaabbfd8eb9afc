"""The actuals file: ``indicator,period,value`` and optionally
``numerator,denominator,commentary``.

An import acts as the performance team, so its figures arrive already checked: ``validated``
unless the caller asks for another state.
"""

from __future__ import annotations

from functools import partial
from typing import Any

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


def prepare(table: Table, errors: list[RowError], *, state: WorkflowState | None) -> FigurePlan:
    """``state`` puts every figure in that state. Without one, new and changed figures and
    unchanged drafts arrive ``validated``, and unchanged validated or published figures keep
    their state: re-importing a file never unpublishes what boards and the public see."""
    chosen = {"state": str(state)} if state is not None else None
    plan = prepare_figures(
        table,
        errors,
        model=Actual,
        read_values=partial(_values, table=table),
        fixed=chosen,
        default=None if chosen else _validated_unless_published,
    )
    plan.audit["state"] = str(state or WorkflowState.VALIDATED)
    return plan
