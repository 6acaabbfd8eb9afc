"""`goldenthread backup`: the whole database, as at one moment, in one portable file.

Every table is read inside one read transaction, so the file holds the database as it stood
when the backup began, however long it takes and whatever the server writes meanwhile:
PostgreSQL's REPEATABLE READ snapshot, SQLite's WAL snapshot. Rows are streamed, a chunk at
a time, into a file beside the destination that takes its place only once complete.
"""

from __future__ import annotations

import importlib.metadata
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

from goldenthread.operations.archive import (
    BackupError,
    Manifest,
    Table,
    backed_up_models,
    encode_row,
    writing,
)

CHUNK_ROWS = 2000


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    manifest: Manifest
    bytes: int
    seconds: float


def backup_write(*, path: Path, on_table: Callable[[Table], None] | None = None) -> BackupSummary:
    """Write the whole database to `path`. `on_table` is called after each table is written."""
    started = time.perf_counter()
    path = Path(path)
    if path.is_dir():
        raise BackupError(f"{path} is a directory; name the file to write, e.g. {path}/x.jsonl.gz")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} does not exist; create it first")
    models = backed_up_models()
    with _one_snapshot(), _replacing(path) as raw:
        manifest = Manifest(
            goldenthread=importlib.metadata.version("goldenthread"),
            vendor=connection.vendor,
            created_at=timezone.now().isoformat(timespec="seconds"),
            migrations=_applied_migrations(),
            tables=[
                Table(
                    name=model._meta.db_table,
                    model=model._meta.label_lower,
                    columns=[field.attname for field in model._meta.concrete_fields],
                    rows=model._base_manager.count(),
                )
                for model in models
            ],
        )
        with writing(raw) as out:
            out.write(encode_row(manifest.as_dict()) + "\n")
            for model, table in zip(models, manifest.tables, strict=True):
                rows = (
                    model._base_manager.order_by("pk")
                    .values_list(*table.columns)
                    .iterator(chunk_size=CHUNK_ROWS)
                )
                prepare = _preparing(model)
                written = 0
                for row in rows:
                    out.write(encode_row(prepare(row) if prepare else row) + "\n")
                    written += 1
                if written != table.rows:  # only if the snapshot did not hold
                    raise BackupError(
                        f"{table.name} changed while it was read ({table.rows} rows counted, "
                        f"{written} read); nothing was written"
                    )
                if on_table:
                    on_table(table)
            out.write(encode_row({"end": True, "rows": manifest.rows}) + "\n")
    return BackupSummary(path, manifest, path.stat().st_size, time.perf_counter() - started)


def _preparing(model: type[Model]) -> Callable[[tuple[Any, ...]], list[Any]] | None:
    """Fields with their own Python type (a Period) are written as the value the database
    stores, which their to_python() reads back."""
    fields = model._meta.concrete_fields
    if not any(hasattr(field, "from_db_value") for field in fields):
        return None
    preparers = [
        field.get_prep_value if hasattr(field, "from_db_value") else None for field in fields
    ]

    def prepare(row: tuple[Any, ...]) -> list[Any]:
        return [
            value if prep is None or value is None else prep(value)
            for prep, value in zip(preparers, row, strict=True)
        ]

    return prepare


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """One read transaction around the whole backup."""
    if connection.in_atomic_block:
        # Called inside someone's transaction (a test): it already reads one snapshot.
        yield
        return
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        # Settings make transactions BEGIN IMMEDIATE, which takes the write lock: the server
        # could not save anything until the backup ended. A deferred transaction in WAL mode
        # reads one snapshot and lets writers carry on.
        mode = connection.transaction_mode  # type: ignore[attr-defined]
        connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                connection.transaction_mode = mode  # type: ignore[attr-defined]
                yield
        finally:
            connection.transaction_mode = mode  # type: ignore[attr-defined]
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


@contextmanager
def _replacing(path: Path) -> Iterator[IO[bytes]]:
    """A new file beside `path`, readable by its owner only (it holds password hashes), that
    replaces `path` when the block ends without an error and is removed when it does not."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed or removed below
        dir=path.parent, prefix=f".{path.name}.", suffix=".partial", delete=False
    )
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
