"""`goldenthread restore`: a backup file back into the database, all or nothing.

The rule for schemas (docs/operating.md, "Backups"): the database must be migrated to this
Golden Thread's schema, and the file must come from this version's schema or an older one
whose data fits it as it is. A file with migrations this installation does not know (a newer
Golden Thread's) is refused, naming them. An older file is refused when a migration since
changes data (RunPython, RunSQL) or a column it lacks has no default: restore it with the
version that wrote it, then upgrade, and the upgrade's migrations bring the data forward.

Everything happens in one transaction: the tables are emptied, every row loaded, foreign keys
checked and an audit entry written, or, on any error, nothing is changed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations import RunPython, RunSQL
from django.db.models import Field, Model

from goldenthread.audit.services import audit_record
from goldenthread.demo.builder import database_is_empty
from goldenthread.operations.archive import (
    BackupError,
    Manifest,
    Reader,
    Table,
    backed_up_models,
)

NOT_EMPTY = (
    "The database holds a council's data, and a restore replaces all of it. Take a backup of "
    "it first if you may want it, then run the restore again with --replace."
)
BATCH_ROWS = 500


@dataclass(frozen=True)
class RestoreSummary:
    path: Path
    manifest: Manifest
    seconds: float


def backup_restore(*, path: Path, replace: bool = False) -> RestoreSummary:
    """Replace every table's rows with the backup's. Refuses, changing nothing, a file that is
    damaged, foreign or from a newer schema, and a database holding data unless `replace`."""
    started = time.perf_counter()
    path = Path(path)
    with Reader(path) as reader:
        manifest = reader.manifest()
        plan = _check_schema(path, manifest)
        if not replace and not database_is_empty():
            raise BackupError(NOT_EMPTY)
        try:
            with transaction.atomic():
                _empty_every_table()
                for model, table in plan:
                    _load(reader, model, table)
                _expect_end(reader, manifest)
                _complete([model for model, _ in plan])
                audit_record(
                    acting_user=None,
                    action="backup_restore",
                    summary=f"Restored the backup {path.name}, written {manifest.created_at}",
                    data={
                        "file": str(path),
                        "created_at": manifest.created_at,
                        "goldenthread": manifest.goldenthread,
                        "vendor": manifest.vendor,
                        "rows": manifest.rows,
                    },
                )
        except DatabaseError as error:
            raise BackupError(
                f"{path} could not be restored, so nothing was changed: {error}"
            ) from error
        finally:
            ContentType.objects.clear_cache()  # ids may have changed, or been rolled back
    return RestoreSummary(path, manifest, time.perf_counter() - started)


def _check_schema(path: Path, manifest: Manifest) -> list[tuple[type[Model], Table]]:
    """Which model each of the file's tables loads into, once the schemas are known to fit."""
    executor = MigrationExecutor(connection)
    loader = executor.loader
    known = set(loader.disk_migrations)
    for squashed in loader.replacements.values():
        known.update(squashed.replaces)
    unknown = sorted(manifest.migration_keys() - known)
    if unknown:
        raise BackupError(
            f"{path} comes from a newer Golden Thread ({manifest.goldenthread}), whose "
            f"database has migrations this one does not know: {_names(unknown)}. Restore it "
            "with that version or a later one."
        )
    if executor.migration_plan(loader.graph.leaf_nodes()):
        raise BackupError(
            "The database is not migrated to this Golden Thread's schema: run "
            "`goldenthread migrate`, then the restore."
        )
    since = sorted(set(loader.applied_migrations) - manifest.migration_keys())
    changing_data = [
        key
        for key in since
        if key in loader.graph.nodes
        and any(isinstance(op, RunPython | RunSQL) for op in loader.graph.nodes[key].operations)
    ]
    if changing_data:
        raise BackupError(
            _older(path, manifest, f"migrations that change data since it: {_names(changing_data)}")
        )
    return _plan(path, manifest, older=bool(since))


def _plan(path: Path, manifest: Manifest, *, older: bool) -> list[tuple[type[Model], Table]]:
    """Each of the file's tables with the model it loads into, if its columns fit."""
    models = {model._meta.db_table: model for model in backed_up_models()}
    plan = []
    for table in manifest.tables:
        model = models.get(table.name)
        fields = {field.attname: field for field in model._meta.concrete_fields} if model else {}
        gone = [column for column in table.columns if column not in fields]
        lacking = [
            name
            for name, field in fields.items()
            if name not in table.columns and not (field.null or field.has_default())
        ]
        if model is None or gone or lacking:
            why = (
                f"{table.name}'s columns differ: {', '.join(gone + lacking)}"
                if model
                else f"its table {table.name} is no longer kept"
            )
            raise BackupError(_older(path, manifest, why) if older else _unfit(path, why))
        plan.append((model, table))
    return plan


def _older(path: Path, manifest: Manifest, why: str) -> str:
    return (
        f"{path} comes from an older Golden Thread ({manifest.goldenthread}) and does not fit "
        f"this one's schema as it is ({why}). Restore it with Golden Thread "
        f"{manifest.goldenthread}, then upgrade: the upgrade's `goldenthread migrate` brings "
        "the data forward."
    )


def _unfit(path: Path, why: str) -> str:
    return (
        f"{path} does not fit this database's tables, though it names the same migrations: "
        f"{why}. Was it edited, or written by a changed copy of Golden Thread?"
    )


def _names(keys: list[tuple[str, str]]) -> str:
    return ", ".join(f"{app}.{name}" for app, name in keys)


def _empty_every_table() -> None:
    """Every table Django knows, sessions too: a session would sign its browser in as whoever
    has that user id in the restored data."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    if connection.vendor == "postgresql":
        # PostgreSQL will not TRUNCATE a table with foreign key checks still pending from
        # earlier in the transaction (a caller's own): run them now.
        connection.check_constraints()
    with connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=False):
            cursor.execute(sql)


def _load(reader: Reader, model: type[Model], table: Table) -> None:
    """One table's rows, in batches. Raw inserts: the values are stored as they were, so
    `auto_now` dates keep the file's time and no save() side effects run."""
    fields: list[Field] = list(model._meta.concrete_fields)  # type: ignore[arg-type]
    by_attname = {field.attname: field for field in fields}
    columns = [by_attname[name] for name in table.columns]
    # Backends answer "at most this many of these objects": ask about a full batch.
    size = max(1, connection.ops.bulk_batch_size(fields, [None] * BATCH_ROWS))
    insert = model._base_manager.get_queryset()._insert  # type: ignore[attr-defined]  # bulk_create's
    batch: list[Model] = []
    for number in range(table.rows):
        values = reader.next_value()
        if values is None:
            raise reader.damaged(f"the file ends at row {number} of {table.rows} of {table.name}")
        if not isinstance(values, list) or len(values) != len(columns):
            raise reader.damaged(f"not a row of {table.name}'s {len(columns)} columns")
        try:
            row = {
                field.attname: field.to_python(value)
                for field, value in zip(columns, values, strict=True)
            }
        except ValidationError as error:
            raise reader.damaged(f"{table.name}: {'; '.join(error.messages)}") from error
        batch.append(model(**row))
        if len(batch) == size:
            insert(batch, fields=fields, raw=True)
            batch = []
    if batch:
        insert(batch, fields=fields, raw=True)


def _expect_end(reader: Reader, manifest: Manifest) -> None:
    end = reader.next_value()
    if end != {"end": True, "rows": manifest.rows}:
        raise reader.damaged(
            f"the end of the file was expected after {manifest.rows} rows; found {end!r}"[:300]
        )
    if reader.next_value() is not None:  # reading to the end makes gzip check its CRC
        raise reader.damaged("there is more after the end line")


def _complete(models: list[type[Model]]) -> None:
    """What the rows alone do not restore: sequences, content types for tables newer than the
    file, and a check that every foreign key points at a row."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
    connection.check_constraints()
