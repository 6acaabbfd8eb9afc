"""Reports as files on disk: one report, or a period's whole standard pack into a directory.

Nothing is ever half-written. A single file is written beside its destination and renamed into
place; a pack is written into a new directory beside the one asked for and renamed into place
at the end, so a failure leaves the destination as it was.

The pack's directory holds one file per report and format (``<stem>.<format>``, see
goldenthread.reporting.pack) and ``index.csv``: one row per file, with the report, its title,
scope, period and stable URL (see docs/command-line.md).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

from goldenthread.planning.periods import Period
from goldenthread.reporting.build import build_report, report_url
from goldenthread.reporting.choices import ReportFormat
from goldenthread.reporting.pack import PackEntry, standard_pack
from goldenthread.reporting.render import Rendered, render_report
from goldenthread.reporting.spec import ReportSpec
from goldenthread.spreadsheet_cells import csv_cell

INDEX_NAME = "index.csv"
INDEX_COLUMNS = ["file", "format", "report", "title", "scope", "code", "period", "url"]
# The formats that are rows: charts are left out when only these are drawn.
ROW_FORMATS = {ReportFormat.CSV, ReportFormat.JSON}
TEXT_FORMATS = {ReportFormat.HTML, ReportFormat.CSV, ReportFormat.JSON}


class PackExists(FileExistsError):
    """The pack's directory already holds files: a pack that replacing was not asked for
    (``is_pack``), or other files, which a pack never replaces."""

    def __init__(self, directory: Path, *, is_pack: bool) -> None:
        held = "an earlier pack" if is_pack else f"files that are not a pack (no {INDEX_NAME})"
        super().__init__(f"{directory} holds {held}")
        self.is_pack = is_pack


def render_spec(
    spec: ReportSpec, formats: Sequence[ReportFormat | str], *, limits: Any = None
) -> list[Rendered]:
    """The report ``spec`` describes, drawn once and rendered in each of ``formats``. Raises
    SpecError when the spec's scope names nothing."""
    chosen = [ReportFormat(fmt) for fmt in formats]
    within, plans = (limits.indicators, limits.plans) if limits is not None else (None, True)
    report = build_report(spec, charts=not set(chosen) <= ROW_FORMATS, within=within, plans=plans)
    return [render_report(report, fmt) for fmt in chosen]


def write_atomically(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` so that readers see the old file or the whole new one."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class WrittenFile:
    path: Path
    entry: PackEntry
    format: ReportFormat
    size: int
    seconds: float  # building and rendering it (the report is built once for all formats)


def write_pack(
    period: Period,
    directory: Path | str,
    formats: Iterable[ReportFormat | str] = (ReportFormat.PDF,),
    *,
    replace: bool = False,
    jobs: int = 1,
    entries: Sequence[PackEntry] | None = None,
    progress: Callable[[WrittenFile], None] | None = None,
) -> list[Path]:
    """Write ``period``'s standard pack into ``directory`` in each of ``formats``, with its
    index (``index.csv``). Returns the paths written, the index last.

    All or nothing: the files are written into a new directory beside ``directory``, which is
    renamed into place at the end. A ``directory`` that holds an earlier pack (its index) is
    replaced as a whole when ``replace`` is true; one holding anything else is always refused
    (PackExists), so that a mistyped directory is never emptied. ``jobs`` above 1 builds and
    renders reports in that many processes (PDF rendering is CPU-bound). ``entries`` chooses
    some of the pack (default: all of it); ``progress`` is called as each file is written.
    """
    target = Path(directory).resolve()
    chosen = _unique([ReportFormat(fmt) for fmt in formats])
    if not chosen:
        raise ValueError("choose at least one format")
    entries = list(standard_pack(period) if entries is None else entries)
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"{target} is a file, not a directory")
    if target.is_dir() and any(target.iterdir()):
        is_pack = (target / INDEX_NAME).is_file()
        if not (is_pack and replace):
            raise PackExists(target, is_pack=is_pack)
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".new"))
    try:
        written = _write_entries(entries, chosen, building, jobs, progress)
        index = building / INDEX_NAME
        index.write_text(_index_csv(written), encoding="utf-8")
        building.chmod(0o755)
        _swap_into_place(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return [target / item.path.name for item in written] + [target / INDEX_NAME]


def _unique(formats: list[ReportFormat]) -> list[ReportFormat]:
    return list(dict.fromkeys(formats))


def _write_entries(
    entries: list[PackEntry],
    formats: list[ReportFormat],
    directory: Path,
    jobs: int,
    progress: Callable[[WrittenFile], None] | None,
) -> list[WrittenFile]:
    written: list[WrittenFile] = []

    def keep(entry: PackEntry, rendered: list[Rendered], seconds: float) -> None:
        for fmt, file in zip(formats, rendered, strict=True):
            path = directory / entry.filename(fmt.value)
            path.write_bytes(file.content)
            path.chmod(0o644)
            item = WrittenFile(path, entry, fmt, len(file.content), seconds)
            written.append(item)
            if progress:
                progress(item)

    if jobs <= 1 or len(entries) <= 1:
        for entry in entries:
            started = time.perf_counter()
            keep(entry, render_spec(entry.spec, formats), time.perf_counter() - started)
        return written
    # Forked workers start with this process's settings (and so its database) at no cost;
    # each opens its own database connection (see _forget_inherited_connections).
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(entries)),
        mp_context=get_context("fork"),
        initializer=_forget_inherited_connections,
    ) as pool:
        futures = [pool.submit(_render_in_worker, entry.spec, formats) for entry in entries]
        for entry, future in zip(entries, futures, strict=True):
            rendered, seconds = future.result()
            keep(entry, rendered, seconds)
    return written


_INHERITED: list[object] = []


def _forget_inherited_connections() -> None:
    """In a forked worker: open new database connections rather than share the parent's.

    The inherited connection objects are kept, never closed: closing a copy of the parent's
    SQLite or PostgreSQL connection could disturb the parent's, which is still in use."""
    for alias in list(settings.DATABASES):
        wrapper = connections[alias]
        _INHERITED.append(wrapper)
        del connections[alias]


def _render_in_worker(
    spec: ReportSpec, formats: list[ReportFormat]
) -> tuple[list[Rendered], float]:
    started = time.perf_counter()
    rendered = render_spec(spec, formats)
    return rendered, time.perf_counter() - started


def _index_csv(written: list[WrittenFile]) -> str:
    base = getattr(settings, "GOLDENTHREAD_BASE_URL", "") or ""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(INDEX_COLUMNS)
    for item in written:
        spec = item.entry.spec
        row = [
            item.path.name,
            item.format.value,
            spec.kind.value,
            item.entry.label,
            spec.scope.value,
            spec.code,
            ", ".join(str(period) for period in spec.periods),
            base + report_url(spec),
        ]
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()


def _swap_into_place(new: Path, target: Path) -> None:
    """Rename ``new`` to ``target``; an existing ``target`` is moved aside first and removed
    once the new one is in place."""
    if not target.exists():
        new.rename(target)
        return
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".old"))
    old.rmdir()
    target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
