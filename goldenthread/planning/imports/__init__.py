"""Loading a council's plans from one CSV or XLSX file, and writing them back out.

``plans_import`` is what `goldenthread import-plans`, the browser upload and the demo call;
``exporting.plans_export`` what `goldenthread export-plans` and the downloads call. The parts:
``columns`` (the file's columns), ``cells`` (reading one cell), ``checking`` (every row
checked against the file and the database: ``structure`` for priorities, key objectives and
areas of focus, ``hierarchy`` for plans, ``links`` for links, ``matching`` for what they
share), ``plan`` (the writing) and ``exporting``. The reading and the all-or-nothing run
are the indicator imports' own (goldenthread.indicators.imports). docs/imports.md describes
the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from goldenthread.indicators.imports.reading import ImportSource, Table
from goldenthread.indicators.imports.result import ImportResult, RowError
from goldenthread.indicators.imports.runner import run_import
from goldenthread.planning.imports.checking import check
from goldenthread.planning.imports.columns import COLUMNS, RecordKind
from goldenthread.planning.imports.plan import Counts, PlanFile

KIND = "plans"


@dataclass
class PlanImportResult(ImportResult):
    """An import's outcome, with the counts for each kind of row."""

    counts: dict[str, Counts] = field(default_factory=dict)

    def kind_lines(self) -> list[str]:
        """``priorities: 6 created, 0 updated, 0 unchanged``, one line per kind in the file."""
        return [
            self.counts[kind].line(str(_PLURALS[kind]))
            for kind in RecordKind.values
            if kind in self.counts
        ]

    @property
    def kinds(self) -> list[tuple[str, Counts]]:
        return [
            (_PLURALS[kind], self.counts[kind]) for kind in RecordKind.values if kind in self.counts
        ]


_PLURALS: dict[str, str] = {
    RecordKind.PRIORITY: "priorities",
    RecordKind.KEY_OBJECTIVE: "key objectives",
    RecordKind.AREA_OF_FOCUS: "areas of focus",
    RecordKind.PLAN: "plans",
    RecordKind.OBJECTIVE: "objectives",
    RecordKind.OBJECTIVE_LINK: "objective links",
    RecordKind.MILESTONE: "milestones",
    RecordKind.TASK: "tasks",
    RecordKind.INDICATOR_LINK: "indicator links",
}


def plans_import(
    *,
    source: ImportSource,
    acting_user: Any,
    dry_run: bool = False,
    filename: str | None = None,
) -> PlanImportResult:
    """Check every row of a plan file and, unless ``dry_run`` or a row is refused, create or
    update what it describes, matched by code: all of it in one transaction with one audit
    entry (who, which file, the counts), or nothing."""
    checked: list[PlanFile] = []

    def prepare(table: Table, errors: list[RowError]) -> PlanFile:
        plan = check(table, errors)
        plan.audit["counts"] = {kind: vars(counts) for kind, counts in plan.counts.items()}
        checked.append(plan)
        return plan

    result = run_import(
        kind=KIND,
        columns=COLUMNS,
        prepare=prepare,
        source=source,
        acting_user=acting_user,
        dry_run=dry_run,
        filename=filename,
    )
    counts = dict(checked[0].counts) if checked and result.ok else {}
    return PlanImportResult(**vars(result), counts=counts)


__all__ = ["KIND", "PlanImportResult", "plans_import"]
