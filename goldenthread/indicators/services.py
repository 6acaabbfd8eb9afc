"""Writes to the indicator library, its targets and its actuals.

Each import reads a CSV or XLSX file (a path or an uploaded binary file), checks every row,
and writes all rows in one transaction with one audit entry, or nothing at all. The command
line and the web pages call these same functions. The file formats are in docs/imports.md.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from goldenthread.indicators.imports import actuals, indicators, targets
from goldenthread.indicators.imports.reading import ImportSource
from goldenthread.indicators.imports.result import ImportResult
from goldenthread.indicators.imports.runner import run_import
from goldenthread.organisation.models import User
from goldenthread.workflow import WorkflowState

NATIONAL_INDICATORS_FILE = Path(__file__).resolve().parent / "reference" / "national_indicators.csv"


def indicators_import(
    *,
    source: ImportSource,
    acting_user: User | None,
    dry_run: bool = False,
    filename: str | None = None,
) -> ImportResult:
    """Create or update indicators from a library file, matched by code."""
    return run_import(
        kind=indicators.KIND,
        columns=indicators.COLUMNS,
        prepare=indicators.prepare,
        source=source,
        acting_user=acting_user,
        dry_run=dry_run,
        filename=filename,
    )


def national_indicators_import(*, acting_user: User | None, dry_run: bool = False) -> ImportResult:
    """Load the National Indicators shipped with Golden Thread (see reference/README.md)."""
    return indicators_import(
        source=NATIONAL_INDICATORS_FILE,
        acting_user=acting_user,
        dry_run=dry_run,
    )


def targets_import(
    *,
    source: ImportSource,
    acting_user: User | None,
    dry_run: bool = False,
    filename: str | None = None,
) -> ImportResult:
    """Create or update targets, one per indicator and period."""
    return run_import(
        kind=targets.KIND,
        columns=targets.COLUMNS,
        prepare=partial(targets.prepare, acting_user=acting_user),
        source=source,
        acting_user=acting_user,
        dry_run=dry_run,
        filename=filename,
    )


def actuals_import(
    *,
    source: ImportSource,
    acting_user: User | None,
    dry_run: bool = False,
    filename: str | None = None,
    state: WorkflowState | str | None = None,
) -> ImportResult:
    """Create or update actuals, one per indicator and period.

    An import acts as the performance team, so new and changed figures arrive ``validated``
    and unchanged ones keep their state. Given a ``state``, every figure is put in it; a held
    figure whose only difference is its state is then updated.
    """
    state = WorkflowState(state) if state is not None else None

    def rate_published() -> None:
        # A published figure's status is stored as it is published: that is its history.
        from goldenthread.performance.services import statuses_record_published

        statuses_record_published(acting_user=acting_user)

    return run_import(
        kind=actuals.KIND,
        columns=actuals.COLUMNS,
        prepare=partial(actuals.prepare, state=state, acting_user=acting_user),
        source=source,
        acting_user=acting_user,
        dry_run=dry_run,
        filename=filename,
        summary_extra=f" as {state or WorkflowState.VALIDATED}",
        after_write=rate_published if state == WorkflowState.PUBLISHED else None,
    )
