"""How long the demo council's 19 quarterly monitoring reports for 2009/10 Q1 take as PDFs:
one after another, and through the pack writer with one process and with two.

Prints the total wall time, each PDF's p50 and p95 (built, then rendered by WeasyPrint) and its
pages; asserts nothing. The requirement is all 19 in 20 s or less on a 2-core machine.

The database is a throwaway SQLite file rather than memory, so that the pack writer's worker
processes, which open their own connections, see the same data. ``--scales 2`` measures the
same 19 again (once) with the council scaled up to about 100,000 and 1,000,000 actuals: the
departments are the same, but their reports chart more years.

    .venv/bin/python bench/qmr_pdfs.py [--repeat R] [--jobs J ...] [--scales N]
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from pathlib import Path

from _harness import code_measured, row, throwaway_database, timed
from _scale import SCALES, scale_up
from django.conf import settings
from django.db import connection
from pypdf import PdfReader

from goldenthread.demo import build_demo
from goldenthread.planning.periods import Period
from goldenthread.reporting.build import build_report
from goldenthread.reporting.choices import ReportKind
from goldenthread.reporting.pack import PackEntry, standard_pack

QUARTER = Period.parse("2009/10 Q1")


def percentile(samples: list[float], percent: int) -> float:
    """The nearest-rank percentile: with few samples, p95 is the slowest."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * percent // 100))
    return ordered[rank - 1]


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def one_after_another(entries: list[PackEntry]) -> tuple[float, list[tuple[float, float, int]]]:
    """Build and render each report in turn: the wall time, and (build s, render s, pages)."""
    from goldenthread.reporting.render import render_report

    each = []
    started = time.perf_counter()
    for entry in entries:
        build_seconds, report = timed(lambda entry=entry: build_report(entry.spec))
        render_seconds, rendered = timed(lambda report=report: render_report(report, "pdf"))
        each.append((build_seconds, render_seconds, pages(rendered.content)))
    return time.perf_counter() - started, each


def through_pack_writer(entries: list[PackEntry], jobs: int) -> float:
    from goldenthread.reporting.pack_writer import write_pack

    with tempfile.TemporaryDirectory() as directory:
        seconds, _ = timed(
            lambda: write_pack(
                QUARTER, Path(directory) / "pack", ["pdf"], jobs=jobs, entries=entries
            )
        )
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of all 19 one after another")
    parser.add_argument("--jobs", type=int, action="append", help="pack writer processes")
    parser.add_argument(
        "--scales", type=int, default=0, help="also measure with the council scaled up (1 or 2)"
    )
    args = parser.parse_args()
    jobs = args.jobs or [1, 2]

    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(
            Path(settings.DATA_DIR) / "bench-qmr-pdfs.sqlite3"
        )
    with throwaway_database() as database:
        print(f"  database: {database}; code: {code_measured()}")
        seconds, _ = timed(build_demo)
        row("load the demo council", f"{seconds:.1f} s")
        entries = [e for e in standard_pack(QUARTER) if e.spec.kind == ReportKind.QMR]

        from goldenthread.reporting.render import render_report

        try:
            first, _ = timed(lambda: render_report(build_report(entries[0].spec), "pdf"))
        except NotImplementedError as error:
            print(f"  PDF rendering is not written yet: {error}")
            return
        row("first PDF in a process (loads WeasyPrint, fonts)", f"{first:.2f} s")

        measure(entries, args.repeat, jobs)
        for scale in SCALES[: args.scales]:
            generated = scale_up(scale)
            print(f"\n  at {scale.label} (generated in {generated.seconds:.1f} s):")
            measure(entries, 1, jobs)


def measure(entries: list[PackEntry], repeat: int, jobs: list[int]) -> None:
    walls: list[float] = []
    by_report: list[list[tuple[float, float, int]]] = [[] for _ in entries]
    for _ in range(repeat):
        wall, each = one_after_another(entries)
        walls.append(wall)
        for found, figures in zip(by_report, each, strict=True):
            found.append(figures)
    print(f"  {len(entries)} QMR PDFs one after another, {repeat} runs:")
    for entry, found in zip(entries, by_report, strict=True):
        total = [(b + r) * 1000 for b, r, _ in found]
        build = statistics.median(b * 1000 for b, _, _ in found)
        row(
            f"  {entry.stem}",
            f"{statistics.median(total):.0f} ms",
            f"p95 {percentile(total, 95):.0f} ms (build {build:.0f} ms), {found[0][2]} pages",
        )
    every = [(b + r) * 1000 for found in by_report for b, r, _ in found]
    row(
        "  each PDF (build + render)",
        f"p50 {statistics.median(every):.0f} ms",
        f"p95 {percentile(every, 95):.0f} ms, "
        f"{sum(found[0][2] for found in by_report)} pages in all",
    )
    row(
        f"all {len(entries)}, one after another (wall)",
        f"{statistics.median(walls):.1f} s",
        f"median of {repeat}; fastest {min(walls):.1f} s, slowest {max(walls):.1f} s",
    )
    try:
        import goldenthread.reporting.pack_writer  # noqa: F401
    except ImportError:
        print("  the pack writer (goldenthread.reporting.pack_writer) is not written yet")
        return
    for count in jobs:
        seconds = through_pack_writer(entries, count)
        row(f"all {len(entries)} through write_pack(jobs={count}) (wall)", f"{seconds:.1f} s")


if __name__ == "__main__":
    main()
