"""The targets file: ``indicator,period,target`` and optionally ``floor``."""

from __future__ import annotations

from typing import Any

from goldenthread.indicators.imports.cells import parse_figure
from goldenthread.indicators.imports.figures import FigurePlan, HistoryPlan, prepare_figures
from goldenthread.indicators.imports.reading import Column, Table
from goldenthread.indicators.imports.result import RowError
from goldenthread.indicators.imports.runner import RowReader
from goldenthread.indicators.models import Target

KIND = "targets"
COLUMNS = (
    Column("indicator", required=True),
    Column("period", required=True),
    Column("target", required=True),
    Column("floor"),
)


def _values(row: RowReader, *, with_floor: bool) -> dict[str, Any]:
    values = {
        "value": row.read(
            "target", lambda raw: parse_figure(raw, required="no target given; write a number")
        )
    }
    if with_floor:
        values["floor"] = row.read("floor", parse_figure)
    return values


def prepare(
    table: Table, errors: list[RowError], *, acting_user: Any = None, how: str = "import"
) -> FigurePlan:
    figures = prepare_figures(
        table,
        errors,
        model=Target,
        read_values=lambda row: _values(row, with_floor=table.has("floor")),
    )
    return HistoryPlan.of(figures, acting_user=acting_user, how=how, item_type="target")
