"""Server time and queries of every report in the standard pack, on the demo council and on the
council scaled up to about 100,000 and 1,000,000 published actuals.

Prints p50 and p95 times and query counts per report kind, and flags any report whose median
is over the 300 ms budget (on a busy 2-core machine a p95 of a few runs is mostly noise);
asserts nothing. Each report is measured as a reader gets it: a GET of its page signed in as
the demo performance officer, once the page exists; until then its build and HTML rendering
(goldenthread.reporting.render), or its build alone while that is unwritten.
The same reports (the demo's pack for 2009/10 Q1, and the six-monthly for 2008/09 H2) are
measured at every scale, so the figures compare like with like.

    .venv/bin/python bench/reports.py [--repeat R] [--scales N] [--kind KIND ...]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from _harness import code_measured, row, throwaway_database, timed
from _scale import SCALES, counts, scale_up
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from goldenthread.demo import build_demo
from goldenthread.organisation.models import User
from goldenthread.planning.periods import Period
from goldenthread.reporting.build import build_report, report_url
from goldenthread.reporting.pack import PackEntry, standard_pack

BUDGET_MS = 300
SLOW_SECONDS = 5.0  # a report whose first run takes longer is timed by that run alone
QUARTER = Period.parse("2009/10 Q1")
HALF = Period.parse("2008/09 H2")


@dataclass
class Measured:
    entry: PackEntry
    queries: int
    times_ms: list[float] = field(default_factory=list)
    runs_note: str = ""

    @property
    def p50(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        return percentile(self.times_ms, 95)


def percentile(samples: list[float], percent: int) -> float:
    """The nearest-rank percentile: with few samples, p95 is the slowest."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * percent // 100))
    return ordered[rank - 1]


def _page(client: Client, entry: PackEntry) -> Callable[[], Any]:
    def get() -> Any:
        response = client.get(report_url(entry.spec))
        if response.status_code != 200:
            raise RuntimeError(f"{response.status_code} from {report_url(entry.spec)}")
        return response

    return get


def _build_and_render(client: Client, entry: PackEntry) -> Callable[[], Any]:
    from goldenthread.reporting.render import render_report

    return lambda: render_report(build_report(entry.spec), "html")


def _build(client: Client, entry: PackEntry) -> Callable[[], Any]:
    return lambda: build_report(entry.spec)


# How a reader gets a report, best first: the first that works today is measured.
METHODS = [
    ("GET of the report page", _page),
    ("build_report + render_report(html)", _build_and_render),
    ("build_report alone", _build),
]


def how_to_measure(client: Client, entry: PackEntry) -> tuple[str, Callable[..., Any]]:
    for name, method in METHODS:
        try:
            method(client, entry)()
        except Exception as error:  # not written yet, or broken: say so and fall back
            print(f"  {name}: not usable yet ({type(error).__name__}: {str(error)[:100]})")
        else:
            return name, method
    raise SystemExit("no way to get a report works")


def measure(
    entries: list[PackEntry], action_for: Callable[[PackEntry], Callable[[], Any]], repeat: int
) -> list[Measured]:
    results = []
    for entry in entries:
        action = action_for(entry)
        with CaptureQueriesContext(connection) as queries:
            warm_up, _ = timed(action)  # caches filled, queries counted
        measured = Measured(entry, len(queries))
        if warm_up > SLOW_SECONDS:  # its time is clear enough from one run
            measured.times_ms.append(warm_up * 1000)
            measured.runs_note = " (1 run)"
        for _ in range(0 if measured.runs_note else repeat):
            seconds, _ = timed(action)
            measured.times_ms.append(seconds * 1000)
        results.append(measured)
    return results


def print_by_kind(results: list[Measured]) -> None:
    by_kind: dict[str, list[Measured]] = defaultdict(list)
    for measured in results:
        by_kind[measured.entry.spec.kind.value].append(measured)
    print(
        f"  {'report kind':<16} {'reports':>7} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}  queries"
    )
    for kind, found in by_kind.items():
        samples = [t for m in found for t in m.times_ms]
        queries = sorted({m.queries for m in found})
        query_text = str(queries[0]) if len(queries) == 1 else f"{queries[0]}-{queries[-1]}"
        over = sum(1 for m in found if m.p50 > BUDGET_MS)
        flag = f"  OVER {BUDGET_MS} ms: {over}" if over else ""
        print(
            f"  {kind:<16} {len(found):>7} {statistics.median(samples):>9.1f} "
            f"{percentile(samples, 95):>9.1f} {max(samples):>9.1f}  {query_text}{flag}",
            flush=True,
        )
    slow = [m for m in results if m.p50 > BUDGET_MS]
    for m in sorted(slow, key=lambda m: -m.p50):
        print(
            f"    over {BUDGET_MS} ms: {m.entry.stem}: p50 {m.p50:.0f} ms, "
            f"p95 {m.p95:.0f} ms{m.runs_note}"
        )
    total = sum(m.p50 for m in results)
    print(f"  {len(results)} reports; the whole pack, one of each: {total / 1000:.1f} s (p50s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per report (demo)")
    parser.add_argument("--scaled-repeat", type=int, default=3, help="timed runs when scaled")
    parser.add_argument("--scales", type=int, default=len(SCALES), help="how many scales up")
    parser.add_argument("--kind", action="append", help="only reports of these kinds")
    args = parser.parse_args()

    with throwaway_database() as database:
        print(f"  database: {database}; code: {code_measured()}")
        seconds, _ = timed(build_demo)
        row("load the demo council", f"{seconds:.1f} s")
        entries = standard_pack(QUARTER) + standard_pack(HALF)
        if args.kind:
            entries = [e for e in entries if e.spec.kind.value in args.kind]
        client = Client()
        client.force_login(User.objects.get(username="performance.officer"))
        name, method = how_to_measure(client, entries[0])
        print(f"  measuring: {name}, {args.repeat} timed runs after a warm-up")
        scales = [("demo", None), *[(s.label, s) for s in SCALES[: args.scales]]]
        baseline: dict[str, int] = {}
        for label, scale in scales:
            if scale is not None:
                generated = scale_up(scale)
                rows = sum(generated.rows.values())
                print(
                    f"  generated in {generated.seconds:.1f} s ({rows / generated.seconds:,.0f} "
                    f"rows/s): {generated.line()}"
                )
            held = counts()
            print(
                f"\n  at {label}: "
                + ", ".join(f"{count:,} {name}" for name, count in held.items()),
                flush=True,
            )
            repeat = args.repeat if scale is None else args.scaled_repeat
            started = time.perf_counter()
            results = measure(entries, lambda e: method(client, e), repeat)
            print_by_kind(results)
            print(f"  (measured in {time.perf_counter() - started:.0f} s)")
            if scale is None:
                baseline = {m.entry.stem: m.queries for m in results}
            else:
                grown = [
                    f"{m.entry.stem} {baseline[m.entry.stem]}->{m.queries}"
                    for m in results
                    if m.queries != baseline.get(m.entry.stem)
                ]
                print("  query counts that changed with the data: " + (", ".join(grown) or "none"))


if __name__ == "__main__":
    main()
