"""The shape every import shares: read, check every row, then write all or nothing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol, TypeVar

from django.db import transaction

from goldenthread.audit.services import audit_record
from goldenthread.indicators.imports.cells import CellError
from goldenthread.indicators.imports.reading import (
    Column,
    FileRefused,
    ImportSource,
    Row,
    Table,
    read_table,
    source_name,
)
from goldenthread.indicators.imports.result import ImportResult, RowError

T = TypeVar("T")

COMMAND_LINE = "command line"


class RowReader:
    """Reads one row's cells, recording an error for each cell that cannot be read."""

    def __init__(self, row: Row, errors: list[RowError]) -> None:
        self.row = row
        self.errors = errors
        self.ok = True

    @property
    def number(self) -> int:
        return self.row.number

    def __getitem__(self, column: str) -> str:
        return self.row[column]

    def read(self, column: str, parse: Callable[[str], T]) -> T | None:
        """``parse`` the cell; on CellError record it and return None (``ok`` turns False)."""
        raw = self.row[column]
        try:
            return parse(raw)
        except CellError as error:
            self.refuse(column, str(error))
            return None

    def refuse(self, column: str | None, message: str, value: str | None = None) -> None:
        raw = self.row[column] if value is None and column else (value or "")
        self.errors.append(RowError(row=self.row.number, column=column, value=raw, message=message))
        self.ok = False


def with_article(noun: str) -> str:
    """``a risk``, ``an action``, ``an area of focus``."""
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def rows_by_record(
    table: Table,
    errors: list[RowError],
    *,
    kind_of: Callable[[str], str],
    label: Callable[[str], str],
    uses: Mapping[str, Collection[str]],
    required: Mapping[str, Collection[str]],
) -> dict[str, list[RowReader]] | None:
    """The rows of a file whose ``record`` column says what each row is (a plan file, a risk
    file), by kind. A value in a column its kind does not use is refused (a row shifted by a
    cell), and so is an empty cell its kind needs. None, with an error for each, when the file
    lacks a column that some of its rows need."""
    rows: dict[str, list[RowReader]] = defaultdict(list)
    for row in table.rows:
        reader = RowReader(row, errors)
        kind = reader.read("record", kind_of)
        if kind is None:
            continue
        named = with_article(label(kind))
        for column in table.columns:
            if row[column] and column not in uses[kind]:
                reader.refuse(
                    column,
                    f"{named} row does not use the column '{column}'; leave it empty "
                    "(is the row shifted by a column?)",
                )
        for column in required[kind]:
            if table.has(column) and not row[column]:
                reader.refuse(column, f"no {column.replace('_', ' ')} given; {named} needs one")
        rows[kind].append(reader)
    missing = [
        RowError(
            row=None,
            column=None,
            value="",
            message=f"the file has {label(kind)} rows (the first is row {readers[0].number}) "
            f"but no '{column}' column, which they need",
        )
        for kind, readers in rows.items()
        for column in required[kind]
        if not table.has(column)
    ]
    errors.extend(missing)
    return None if missing else rows


@dataclass
class Plan:
    """What an import would do, worked out before anything is written."""

    created: list[str] = field(default_factory=list)  # what each row is, e.g. "NI 39"
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    audit: dict[str, Any] = field(default_factory=dict)  # extra details for the audit entry

    def write(self) -> None:  # each importer's plan does its own writing
        raise NotImplementedError


class Prepare(Protocol):
    def __call__(self, table: Table, errors: list[RowError]) -> Plan: ...


def run_import(
    *,
    kind: str,
    columns: Sequence[Column],
    prepare: Prepare,
    source: ImportSource,
    acting_user: Any,
    dry_run: bool,
    filename: str | None,
    summary_extra: str = "",
    after_write: Callable[[], None] | None = None,
) -> ImportResult:
    """Read ``source``, check every row with ``prepare``, and write only if all rows pass.

    The checks run inside the transaction that writes, so what was checked is what is written.
    One audit entry records each import that writes. ``after_write`` runs in the same
    transaction once the rows are written (e.g. to rate newly published figures).
    """
    name = source_name(source, filename)
    result = ImportResult(kind=kind, filename=name, dry_run=dry_run)
    try:
        table = read_table(source, columns=columns, filename=name)
    except FileRefused as refused:
        result.errors = refused.errors
        return result
    errors = list(table.errors)
    with transaction.atomic():
        plan = prepare(table, errors)
        if errors:
            result.errors = sorted(errors, key=partial(_file_order, table.columns))
            return result
        result.created, result.updated = len(plan.created), len(plan.updated)
        result.unchanged = plan.unchanged
        if dry_run:
            return result
        plan.write()
        if after_write is not None:
            after_write()
        actor = str(acting_user) if acting_user is not None else COMMAND_LINE
        audit_record(
            acting_user=acting_user,
            action=f"{kind}.import",
            summary=f"{result.summary()}{summary_extra} from {name or 'an upload'} by {actor}",
            data={
                "filename": name,
                "actor": actor,
                "created": plan.created,
                "updated": plan.updated,
                "unchanged": plan.unchanged,
                **plan.audit,
            },
        )
    return result


def _file_order(columns: tuple[str, ...], error: RowError) -> tuple[int, int]:
    """Errors by row, and within a row by the column's place in the file."""
    place = columns.index(error.column) if error.column in columns else -1
    return (error.row or 0, place)
