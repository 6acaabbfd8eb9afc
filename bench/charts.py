"""How long the indicator page's trend chart takes to draw (matplotlib, SVG), cold and warm.

Prints figures; asserts nothing. The page caches charts by their content, so this is the cost
of a first view.
"""

import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goldenthread.settings")

import django  # noqa: E402

django.setup()

from goldenthread.performance.charts import ChartPoint, ProcessLimits, trend_chart_svg  # noqa: E402

QUARTERS = [f"{2006 + i // 4}/{(7 + i // 4) % 100:02d} Q{i % 4 + 1}" for i in range(24)]


def draw(n: int, points: int, spc: bool) -> None:
    trend_chart_svg(
        chart_id=f"bench-{n}",
        title="Chart of a benchmark indicator",
        points=[
            ChartPoint(label, 50 + (i % 5) * 1.5, 52, "")
            for i, label in enumerate(QUARTERS[:points])
        ],
        limits=ProcessLimits(mean=52.0, lower=45.0, upper=59.0) if spc else None,
        format_value=lambda value: f"{value:.0f}%",
        description_id=f"bench-{n}-summary",
    )


def main() -> None:
    started = time.perf_counter()
    draw(0, 8, False)
    cold = (time.perf_counter() - started) * 1000
    print(f"first chart in a process (loads matplotlib): {cold:.0f} ms")
    for points, spc in [(8, False), (24, False), (24, True)]:
        timings = []
        for n in range(10):
            started = time.perf_counter()
            draw(n, points, spc)
            timings.append((time.perf_counter() - started) * 1000)
        label = f"{points} quarters{' with SPC limits' if spc else ''}"
        print(
            f"{label:<32} median {statistics.median(timings):.0f} ms, "
            f"fastest {min(timings):.0f} ms (10 charts)"
        )


if __name__ == "__main__":
    main()
