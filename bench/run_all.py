"""Runs every benchmark in bench/ in its own process and prints their figures.

    make bench                                   # on a throwaway in-memory SQLite database
    DATABASE_URL=postgres://... make bench       # on a throwaway PostgreSQL test database

A benchmark is any bench/*.py other than this file and modules starting with "_". Each prints
its own figures; none asserts a time. Exits non-zero if any benchmark fails.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def benchmarks() -> list[Path]:
    return sorted(
        path
        for path in BENCH_DIR.glob("*.py")
        if path.name != Path(__file__).name and not path.name.startswith("_")
    )


def main(argv: list[str]) -> int:
    chosen = [path for path in benchmarks() if not argv or path.stem in argv]
    environment = os.environ | {"GOLDENTHREAD_TESTING": os.environ.get("GOLDENTHREAD_TESTING", "1")}
    failed = []
    for path in chosen:
        print(f"== {path.stem}", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(path)], env=environment, check=False)
        print(f"   ({time.perf_counter() - started:.1f} s in all)\n", flush=True)
        if result.returncode != 0:
            failed.append(path.stem)
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
