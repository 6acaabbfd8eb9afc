"""Small charts for reports: a trend per indicator (the actuals, the target line and, when
statistical process control applies, the mean and the process limits, with special-cause points
marked) and a section's status summary (a bar per status with its count).

Reports show dozens to a page and hundreds to a pack, so these draw the SVG directly (a few
hundred bytes, well under a millisecond each) where the indicator page's full chart uses
matplotlib. The same element goes into the page and the PDF. Deterministic; they take plain
values and know nothing of the database or of Django.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from goldenthread.performance.charts import (
    INK,
    SPC_LINE,
    SPECIAL,
    TARGET,
    Bar,
    ChartPoint,
    ProcessLimits,
)

WIDTH, HEIGHT, PAD = 160, 48, 5


def _scale(values: Sequence[float], low: float, high: float) -> list[float]:
    span = (high - low) or 1.0
    return [HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD) for v in values]


def sparkline_svg(
    *, chart_id: str, title: str, points: Sequence[ChartPoint], limits: ProcessLimits | None
) -> str:
    """The chart as an inline ``<svg>`` whose accessible name is ``title``."""
    figures = [p.actual for p in points if p.actual is not None]
    figures += [p.target for p in points if p.target is not None]
    if limits is not None:
        figures += [limits.lower, limits.upper]
    low, high = (min(figures), max(figures)) if figures else (0.0, 1.0)
    step = (WIDTH - 2 * PAD) / max(len(points) - 1, 1)
    xs = [PAD + i * step for i in range(len(points))]

    def y(value: float) -> float:
        return _scale([value], low, high)[0]

    parts = [
        f'<svg id="{escape(chart_id)}" class="gt-sparkline" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" focusable="false">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
    ]
    if limits is not None:
        for value, dash in ((limits.upper, "2 2"), (limits.mean, ""), (limits.lower, "2 2")):
            parts.append(
                f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                f'stroke="{SPC_LINE}" stroke-width="0.8"'
                + (f' stroke-dasharray="{dash}"' if dash else "")
                + "/>"
            )
    parts += _polylines(xs, [p.target for p in points], y, TARGET, ' stroke-dasharray="4 2"')
    actual_runs = _polylines(
        xs, [p.actual for p in points], y, INK, "", breaks=[p.new_run for p in points]
    )
    parts += actual_runs
    for x, point in zip(xs, points, strict=True):
        if point.actual is None:
            continue
        colour = SPECIAL.get(point.special, INK)
        radius = 2.6 if point.special else 1.6
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y(point.actual):.1f}" r="{radius}" fill="{colour}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _polylines(
    xs: Sequence[float],
    values: Sequence[float | None],
    y: Callable[[float], float],
    colour: str,
    extra: str,
    breaks: Sequence[bool] | None = None,
) -> list[str]:
    """One polyline per unbroken run of values (a gap, or a year-to-date restart, breaks)."""
    runs: list[list[str]] = [[]]
    for i, (x, value) in enumerate(zip(xs, values, strict=True)):
        if value is None or (breaks is not None and breaks[i]):
            runs.append([])
        if value is not None:
            runs[-1].append(f"{x:.1f},{y(value):.1f}")
    return [
        f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
        f'stroke-width="1.4"{extra}/>'
        for run in runs
        if len(run) > 1
    ]


BAR_WIDTH, BAR_HEIGHT, LABEL_WIDTH, COUNT_WIDTH = 320, 14, 90, 36
PATTERNS = {
    "////": '<path d="M0,6 L6,0" stroke="{ink}" stroke-width="0.8"/>',
    "....": '<circle cx="3" cy="3" r="0.9" fill="{ink}"/>',
    "xx": '<path d="M0,0 L6,6 M0,6 L6,0" stroke="{ink}" stroke-width="0.6"/>',
    "--": '<path d="M0,3 L6,3" stroke="{ink}" stroke-width="0.8"/>',
    r"\\\\": '<path d="M0,0 L6,6" stroke="{ink}" stroke-width="0.8"/>',
}


def status_bars_svg(*, chart_id: str, title: str, bars: Sequence[Bar]) -> str:
    """A horizontal bar per status, each with its own colour and pattern, its label before it
    and its count after it, as an inline ``<svg>`` whose accessible name is ``title``."""
    height = len(bars) * (BAR_HEIGHT + 4) + 4
    width = LABEL_WIDTH + BAR_WIDTH + COUNT_WIDTH
    highest = max([bar.count for bar in bars] + [1])
    ident = escape(chart_id)
    parts = [
        f'<svg id="{ident}" class="gt-status-chart" role="img" aria-labelledby="{ident}-title" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" focusable="false" '
        f'font-family="DejaVu Sans, Arial, sans-serif" font-size="11">'
        f'<title id="{ident}-title">{escape(title)}</title><defs>'
    ]
    for n, bar in enumerate(bars):
        if bar.hatch in PATTERNS:
            parts.append(
                f'<pattern id="{ident}-p{n}" width="6" height="6" patternUnits="userSpaceOnUse">'
                f'<rect width="6" height="6" fill="{bar.colour}"/>'
                + PATTERNS[bar.hatch].format(ink=INK)
                + "</pattern>"
            )
    parts.append("</defs>")
    for n, bar in enumerate(bars):
        y = 4 + n * (BAR_HEIGHT + 4)
        length = bar.count / highest * BAR_WIDTH
        fill = f"url(#{ident}-p{n})" if bar.hatch in PATTERNS else bar.colour
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 3}" text-anchor="end" '
            f'fill="{INK}">{escape(bar.label)}</text>'
        )
        if bar.count:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{fill}" stroke="{INK}" stroke-width="0.6"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + BAR_HEIGHT - 3}" '
            f'fill="{INK}">{bar.count}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
