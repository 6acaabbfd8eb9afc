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
NO_VALUE = "no value given; every row needs a figure (leave out rows with nothing to report)"


def _values(row: RowReader, *, table: Table) -> dict[str, Any]:
    values: dict[str, Any] = {"value": row.read("value", partial(parse_figure, required=NO_VALUE))}
    for column in ("numerator", "denominator"):
        if table.has(column):
            values[column] = row.read(column, parse_figure)
    if table.has("commentary"):
        values["commentary"] = row.read("commentary", partial(parse_text, max_length=20_000))
    return values


def prepare(table: Table, errors: list[RowError], *, state: WorkflowState) -> FigurePlan:
    plan = prepare_figures(
        table,
        errors,
        model=Actual,
        read_values=partial(_values, table=table),
        fixed={"state": str(state)},
    )
    plan.audit["state"] = str(state)
    return plan
