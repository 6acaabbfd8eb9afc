"""`goldenthread backup` and `goldenthread restore` on the demo council and on the council scaled
up to about 100,000 (and, with --scales 2, 1,000,000) published actuals.

Prints, at each size, the rows and tables written, the file's size, the seconds each way, rows
a second, and the most memory Python held during each (tracemalloc, in a second run: it should
not grow with the data, as both stream); checks that a backup of the restored database holds
the same rows. Asserts no time.

    .venv/bin/python bench/backup_restore.py [--scales N]
    DATABASE_URL=postgres://... .venv/bin/python bench/backup_restore.py
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from _harness import code_measured, row, throwaway_database, timed
from _scale import SCALES, counts, scale_up

from goldenthread.demo import build_demo
from goldenthread.operations.backup import backup_write
from goldenthread.operations.restore import backup_restore


def peak_mb(action: Callable[[], object]) -> float:
    """The most memory Python allocated while `action` ran, in MB."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def rows_of(path: Path) -> set[str]:
    """The data lines, less those a restore renews: its own audit entry, and the public pages'
    edition, which that entry changes."""
    with gzip.open(path, "rt", encoding="utf-8") as file:
        manifest = json.loads(file.readline())
        lines = []
        for table in manifest["tables"]:
            rows = [file.readline() for _ in range(table["rows"])]
            if table["table"] != "public_publicedition":
                lines += [line for line in rows if '"backup_restore"' not in line]
    return set(lines)


def measure(label: str, directory: Path) -> None:
    first, second = directory / "first.jsonl.gz", directory / "second.jsonl.gz"
    seconds, written = timed(lambda: backup_write(path=first))
    rows = written.manifest.rows
    print(f"{label}: {', '.join(f'{n:,} {name}' for name, n in counts().items())}", flush=True)
    row(
        "backup",
        f"{seconds:.1f} s",
        f"{rows:,} rows in {len(written.manifest.tables)} tables, "
        f"{written.bytes / 1024 / 1024:.1f} MB, {rows / seconds:,.0f} rows/s, "
        f"at most {peak_mb(lambda: backup_write(path=second)):.0f} MB held",
    )
    seconds, _ = timed(lambda: backup_restore(path=first, replace=True))
    held = peak_mb(lambda: backup_restore(path=first, replace=True))
    row(
        "restore --replace",
        f"{seconds:.1f} s",
        f"{rows / seconds:,.0f} rows/s, at most {held:.0f} MB held",
    )
    backup_write(path=second)
    row(
        "a backup of the restored database holds the same rows",
        str(rows_of(first) == rows_of(second)),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, default=1, help="how many of bench/_scale.py's sizes")
    args = parser.parse_args()
    with throwaway_database() as database, tempfile.TemporaryDirectory() as directory:
        print(f"{database}; code {code_measured()}", flush=True)
        build_demo()
        measure("Demo Borough Council", Path(directory))
        for scale in SCALES[: args.scales]:
            print(f"scaling up: {scale_up(scale).line()}", flush=True)
            measure(scale.label, Path(directory))


if __name__ == "__main__":
    main()
