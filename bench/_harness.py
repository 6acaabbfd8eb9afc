"""What every benchmark needs: Django set up on a throwaway test database, and a timer.

The database is the test database for whatever DATABASE_URL selects (in-memory SQLite by
default), created empty and destroyed afterwards: a benchmark never touches real data.
"""

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goldenthread.settings")
os.environ.setdefault("GOLDENTHREAD_TESTING", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)


@contextmanager
def throwaway_database() -> Iterator[str]:
    """Creates an empty, migrated test database; yields a description of it; destroys it."""
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield describe_database()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def describe_database() -> str:
    if connection.vendor == "sqlite":
        where = "in memory" if connection.is_in_memory_db() else connection.settings_dict["NAME"]
        return f"SQLite {connection.Database.sqlite_version} ({where})"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (version,) = cursor.fetchone()
    return f"{connection.vendor} {version}"


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def median_time_and_queries(action: Callable[[], Any], repeat: int) -> tuple[float, int, Any]:
    """The median time of `repeat` runs after one warm-up, and the warm-up's query count."""
    with CaptureQueriesContext(connection) as queries:
        result = action()
    # Counted now: the next request clears the connection's query log that `queries` reads.
    query_count = len(queries)
    times = [timed(action)[0] for _ in range(repeat)]
    return statistics.median(times), query_count, result


def row(label: str, figure: str, detail: str = "") -> None:
    print(f"  {label:<58} {figure:>12}  {detail}".rstrip(), flush=True)


def code_measured() -> str:
    """The commit measured, and whether the working tree differed from it."""
    git = ["git", "-C", str(Path(__file__).resolve().parent)]
    found = subprocess.run([*git, "describe", "--always", "--dirty"], capture_output=True)
    return found.stdout.decode().strip() or "unknown"
