"""The backup file: one gzip-compressed JSON Lines file that any Golden Thread database can
read, whatever database wrote it.

Line 1 is the manifest: the format and its version, Golden Thread's version, the database
vendor, when it was written, the migrations applied in each app, and every table in the order
its rows follow, with its columns and row count. Then each table's rows, one JSON array a
line, in the manifest's order. Last, an end line with the total, so a file cut short is
refused even where gzip's own check would not notice (a file cut at a line end).
"""

from __future__ import annotations

import base64
import datetime
import gzip
import io
import json
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.db.models import Model
from django.utils.duration import duration_iso_string

FORMAT = "goldenthread-backup"
FORMAT_VERSION = 1

# Sessions are left out: a restored session would sign its browser in as whoever has that
# user id in the restored data. Everyone signs in again after a restore.
LEFT_OUT_APPS = {"sessions"}


class BackupError(Exception):
    """A backup could not be written or read; the message says why, for the operator."""


@dataclass(frozen=True)
class Table:
    name: str  # the database table
    model: str  # app_label.model_name, for people reading the manifest
    columns: list[str]
    rows: int

    def as_dict(self) -> dict[str, Any]:
        return {"table": self.name, "model": self.model, "columns": self.columns, "rows": self.rows}


@dataclass(frozen=True)
class Manifest:
    goldenthread: str
    vendor: str
    created_at: str
    migrations: dict[str, list[str]]
    tables: list[Table]

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables)

    def migration_keys(self) -> set[tuple[str, str]]:
        return {(app, name) for app, names in self.migrations.items() for name in names}

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "goldenthread": self.goldenthread,
            "vendor": self.vendor,
            "created_at": self.created_at,
            "migrations": self.migrations,
            "tables": [table.as_dict() for table in self.tables],
        }


def backed_up_models() -> list[type[Model]]:
    """Every table Golden Thread's apps and Django's own keep, sessions apart, each once."""
    seen: set[str] = set()
    chosen = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped or meta.app_label in LEFT_OUT_APPS:
            continue
        if meta.db_table not in seen:
            seen.add(meta.db_table)
            chosen.append(model)
    return chosen


def encode_row(row: Any) -> str:
    return json.dumps(
        row, default=_encode_value, ensure_ascii=False, separators=(",", ":"), sort_keys=True
    )


def _encode_value(value: Any) -> Any:
    """Values JSON has no type for, as text each field's to_python() reads back exactly."""
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot write a {type(value).__name__} to a backup")


@contextmanager
def writing(raw: IO[bytes]) -> Iterator[IO[str]]:
    # mtime=0: two backups of the same data differ only in their manifest's created_at.
    with (
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as compressed,
        io.TextIOWrapper(compressed, encoding="utf-8", newline="\n") as text,
    ):
        yield text


class Reader:
    """Reads a backup line by line, turning every way a file can be damaged or foreign into a
    BackupError that names the file and the line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.line_number = 0
        try:
            self._file: IO[str] = gzip.open(path, "rt", encoding="utf-8")  # noqa: SIM115 - closed by close()
        except OSError as error:
            raise BackupError(f"{path}: {error.strerror or error}") from error

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def damaged(self, why: str) -> BackupError:
        return BackupError(f"{self.path} is damaged, line {self.line_number}: {why}")

    def next_value(self) -> Any:
        """The next line's JSON value; None at the end of the file."""
        try:
            line = self._file.readline()
        except (OSError, EOFError, zlib.error, UnicodeDecodeError) as error:
            if self.line_number == 0:
                raise self.foreign() from error
            raise self.damaged(f"the file is cut short or corrupt ({error})") from error
        if not line:
            return None
        self.line_number += 1
        try:
            return json.loads(line)
        except json.JSONDecodeError as error:
            if self.line_number == 1:
                raise self.foreign() from error
            raise self.damaged(f"not a line of data ({error.msg})") from error

    def foreign(self) -> BackupError:
        return BackupError(
            f"{self.path} is not a Golden Thread backup (written by `goldenthread backup`)"
        )

    def manifest(self) -> Manifest:
        value = self.next_value()
        if not isinstance(value, dict) or value.get("format") != FORMAT:
            raise self.foreign()
        if value.get("format_version") != FORMAT_VERSION:
            raise BackupError(
                f"{self.path} is a backup in format {value.get('format_version')}, which this "
                f"Golden Thread does not read (it reads format {FORMAT_VERSION}); it was written "
                f"by Golden Thread {value.get('goldenthread')}"
            )
        try:
            return Manifest(
                goldenthread=str(value["goldenthread"]),
                vendor=str(value["vendor"]),
                created_at=str(value["created_at"]),
                migrations={str(app): list(names) for app, names in value["migrations"].items()},
                tables=[
                    Table(
                        name=str(table["table"]),
                        model=str(table["model"]),
                        columns=[str(column) for column in table["columns"]],
                        rows=int(table["rows"]),
                    )
                    for table in value["tables"]
                ],
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise self.damaged(f"the manifest lacks or garbles {error}") from error


def read_manifest(path: Path) -> Manifest:
    with Reader(path) as reader:
        return reader.manifest()
