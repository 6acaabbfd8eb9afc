"""An indicator's trend as an SVG chart: actuals, the target line and, when the council uses
statistical process control, the mean, the process limits and the special-cause points.

Drawn with matplotlib's SVG backend (no GUI, no pyplot state), so a page and a PDF get the same
picture. The SVG is made to be put straight into a page: no XML prologue, no metadata, no
external resources, no inline style for the Content Security Policy to block (presentation
attributes instead), ``role="img"`` with its title as its accessible name and a description
referenced by id. Deterministic: the same figures give the same bytes (matplotlib's ids are
salted with a fixed string and no date is written).

Takes plain values; it knows nothing of the database or of Django.
"""

from __future__ import annotations

import io
import math
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

# Colours from the GOV.UK palette; each series also differs in line style or marker shape, and
# the legend names them, so colour is never the only way to tell them apart.
INK = "#0b0c0c"
TARGET = "#1d70b8"
SPC_LINE = "#505a5f"
GRID = "#d8dcdd"
SPECIAL = {"improving": "#1d70b8", "concerning": "#d4351c", "neutral": "#54319f"}
SPECIAL_LABEL = {
    "improving": "Special cause: improving",
    "concerning": "Special cause: concerning",
    "neutral": "Special cause",
}

WIDTH_IN, HEIGHT_IN = 8.0, 3.4
SALT = "golden-thread"
# Part of the key a drawn chart is cached under: change it when the same figures draw different
# SVG, so no page serves a chart drawn the old way (2: no inline styles, docs/security.md;
# 3: never <ns0:svg>, which a process that had written a PDF could cache).
DRAWING = "3"


@dataclass(frozen=True)
class ChartPoint:
    """One period on the chart. ``special`` is ``improving``, ``concerning`` or ``neutral`` for
    a point SPC marks as special cause, else empty. ``new_run`` starts a new line, as the first
    quarter of a year does for year-to-date figures."""

    label: str
    actual: float | None
    target: float | None = None
    special: str = ""
    new_run: bool = False  # not joined to the point before: a year-to-date figure restarts


@dataclass(frozen=True)
class ProcessLimits:
    mean: float
    lower: float
    upper: float
    provisional: bool = False


def _finite(values: Sequence[float | None]) -> list[float]:
    return [v for v in values if v is not None and math.isfinite(v)]


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _runs(points: Sequence[ChartPoint]) -> list[list[int]]:
    """The indexes of each run of points drawn as one line."""
    runs: list[list[int]] = []
    for i, point in enumerate(points):
        if not runs or point.new_run:
            runs.append([])
        runs[-1].append(i)
    return runs


def _tick_labels(labels: Sequence[str]) -> list[str]:
    """``2008/09 Q1`` → ``Q1`` over ``2008/09``; the year is written under the first period
    and each year's first quarter only, so labels stay short and horizontal."""
    shown, last_year = [], ""
    for label in labels:
        year, _, part = label.partition(" ")
        if not part:
            shown.append(year)
            continue
        shown.append(f"{part}\n{year}" if year != last_year else part)
        last_year = year
    return shown


def trend_chart_svg(
    *,
    chart_id: str,
    title: str,
    points: Sequence[ChartPoint],
    limits: ProcessLimits | None = None,
    format_value: Callable[[float], str] = lambda value: f"{value:,.6g}",
    y_label: str = "",
    description_id: str = "",
) -> str:
    """The chart as an inline SVG element. ``chart_id`` prefixes its ids; ``title`` is its
    accessible name; ``format_value`` writes the vertical axis's figures and ``y_label`` names
    its unit; ``description_id`` (optional) names the element that describes the chart, such
    as a figcaption."""
    # Imported here: matplotlib takes a moment to load and most requests never draw a chart.
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    style: dict[str, Any] = {
        "svg.hashsalt": SALT,
        "svg.fonttype": "none",  # text stays text: selectable, searchable, in the page's font
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],
        "font.size": 10,
        "axes.edgecolor": SPC_LINE,
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
    }
    with matplotlib.rc_context(style):  # type: ignore[arg-type]
        figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=72)
        figure.subplots_adjust(left=0.12, right=0.98, top=0.96, bottom=0.28)
        ax = figure.add_subplot()
        xs = list(range(len(points)))
        actuals = [_nan(p.actual) for p in points]
        targets = [_nan(p.target) for p in points]
        handles: list[Line2D] = []

        if limits is not None:
            style_note = " (provisional)" if limits.provisional else ""
            ax.axhline(limits.mean, color=SPC_LINE, linewidth=1.2)
            for value in (limits.lower, limits.upper):
                ax.axhline(value, color=SPC_LINE, linewidth=1.2, linestyle=(0, (1.5, 2.5)))
            handles += [
                Line2D([], [], color=SPC_LINE, linewidth=1.2, label=f"Mean{style_note}"),
                Line2D(
                    [],
                    [],
                    color=SPC_LINE,
                    linewidth=1.2,
                    linestyle=(0, (1.5, 2.5)),
                    label=f"Process limits{style_note}",
                ),
            ]
        runs = _runs(points)
        if _finite(targets):
            # Stepped: a target holds for its period, it does not slide into the next one.
            for run in runs:
                ax.plot(
                    run,
                    [targets[i] for i in run],
                    color=TARGET,
                    linewidth=2,
                    linestyle=(0, (6, 3)),
                    drawstyle="steps-mid",
                    marker="_",
                    markersize=16,
                    markeredgewidth=2,
                )
            handles.append(
                Line2D([], [], color=TARGET, linewidth=2, linestyle=(0, (6, 3)), label="Target")
            )
        for run in runs:
            ax.plot(
                run, [actuals[i] for i in run], color=INK, linewidth=2, marker="o", markersize=5
            )
        handles.append(
            Line2D([], [], color=INK, linewidth=2, marker="o", markersize=5, label="Actual")
        )
        for kind in ("improving", "concerning", "neutral"):
            marked = [
                (x, p.actual)
                for x, p in zip(xs, points, strict=True)
                if p.special == kind and p.actual is not None
            ]
            if not marked:
                continue
            ax.plot(
                [x for x, _ in marked],
                [y for _, y in marked],
                linestyle="none",
                marker="s",
                markersize=11,
                markerfacecolor="none",
                markeredgecolor=SPECIAL[kind],
                markeredgewidth=2,
            )
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="s",
                    markersize=9,
                    markerfacecolor="none",
                    markeredgecolor=SPECIAL[kind],
                    markeredgewidth=2,
                    label=SPECIAL_LABEL[kind],
                )
            )

        values = _finite(actuals + targets)
        if limits is not None:
            values += [limits.lower, limits.upper]
        if values:
            low, high = min(values), max(values)
            pad = (high - low) * 0.12 or abs(high) * 0.1 or 1.0
            ax.set_ylim(low - pad, high + pad)
        ax.set_xlim(-0.5, max(len(points) - 0.5, 0.5))
        ax.set_xticks(xs, _tick_labels([p.label for p in points]), fontsize=9)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: format_value(value)))
        if y_label:
            ax.set_ylabel(y_label, fontsize=9)
        ax.grid(axis="y", color=GRID, linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        order = ["Actual", "Target"]
        handles.sort(key=lambda h: order.index(str(h.get_label())) if h.get_label() in order else 2)
        figure.legend(
            handles=handles,
            loc="lower center",
            ncol=min(len(handles), 4),
            frameon=False,
            fontsize=9,
            handlelength=2.6,
            borderaxespad=0.2,
        )

        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return _inline(buffer.getvalue(), chart_id=chart_id, title=title, description_id=description_id)


SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"

# CSS properties matplotlib writes in style="…" that SVG also takes as presentation attributes
# (SVG 1.1 §6.4), which the Content Security Policy does not govern. Any other is an error, so
# a new matplotlib cannot quietly bring inline styles back.
PRESENTATION = frozenset(
    {
        "clip-rule",
        "color",
        "dominant-baseline",
        "fill",
        "fill-opacity",
        "fill-rule",
        "font-family",
        "font-size",
        "font-style",
        "font-weight",
        "opacity",
        "stroke",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-opacity",
        "stroke-width",
        "text-anchor",
    }
)
_EVERY_ELEMENT_RULE = re.compile(r"^\s*\*\s*\{([^{}]*)\}\s*$")
_LOCAL_URL = re.compile(r"url\(#([^)]+)\)")


def _declarations(css: str) -> list[tuple[str, str]]:
    """``fill: #fff; stroke: none`` → ``[("fill", "#fff"), ("stroke", "none")]``, refusing
    any property that is not also a presentation attribute."""
    declarations = []
    for declaration in css.split(";"):
        if not declaration.strip():
            continue
        name, _, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        if name not in PRESENTATION or not value:
            raise ValueError(f"matplotlib wrote a style the chart cannot carry: {declaration!r}")
        declarations.append((name, value))
    return declarations


def _without_styles(root: ET.Element) -> None:
    """Carry the drawing's presentation in attributes, so the page needs no inline style: each
    ``style="…"`` becomes the same properties as attributes, and the style sheet's one rule,
    matplotlib's ``*{stroke-linejoin: round; stroke-linecap: butt}``, becomes attributes of the
    root that every element inherits (none of matplotlib's groups sets either)."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for sheet in list(root.iter(f"{{{SVG}}}style")):
        rule = _EVERY_ELEMENT_RULE.match(sheet.text or "")
        if rule is None:
            raise ValueError(
                f"matplotlib wrote a style sheet the chart cannot carry: {sheet.text!r}"
            )
        for name, value in _declarations(rule.group(1)):
            root.set(name, value)
        holder = parents[sheet]
        holder.remove(sheet)
        if holder.tag == f"{{{SVG}}}defs" and not len(holder) and holder in parents:
            parents[holder].remove(holder)
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if style is not None:
            for name, value in _declarations(style):
                element.set(name, value)


def _inline(svg: str, *, chart_id: str, title: str, description_id: str) -> str:
    """Make matplotlib's SVG document an element fit to put in a page under the Content
    Security Policy: no prologue or metadata, its ids prefixed with ``chart_id`` (matplotlib
    calls its groups ``figure_1``, ``axes_1``…, which two charts on a page would share), its
    styles carried by presentation attributes, and its title as its accessible name."""
    # Parsed with the standard library: the document is matplotlib's, drawn a moment ago from
    # our own figures, so there is no untrusted XML here to defend against.
    root = ET.fromstring(svg)
    for metadata in root.findall(f"{{{SVG}}}metadata"):
        root.remove(metadata)
    _without_styles(root)
    ids = {element.get("id") for element in root.iter()} - {None}
    for element in root.iter():
        for name, value in list(element.attrib.items()):
            if name == "id":
                element.set(name, f"{chart_id}-{value}")
            elif name in (f"{{{XLINK}}}href", "href") and value[1:] in ids:
                element.set(name, f"#{chart_id}-{value[1:]}")
            elif "url(#" in value:
                element.set(
                    name,
                    _LOCAL_URL.sub(
                        lambda m: (
                            f"url(#{chart_id}-{m.group(1)})" if m.group(1) in ids else m.group(0)
                        ),
                        value,
                    ),
                )
    for size in ("width", "height"):
        root.attrib.pop(size, None)  # the page's style sheet sizes it; the viewBox keeps its shape
    title_id = f"{chart_id}-title"
    accessible = {
        "id": chart_id,
        "class": "gt-chart__svg",
        "role": "img",
        "aria-labelledby": title_id,
        **({"aria-describedby": description_id} if description_id else {}),
        "focusable": "false",
        "preserveAspectRatio": "xMidYMid meet",
    }
    root.attrib = {**accessible, **root.attrib}
    heading = ET.Element(f"{{{SVG}}}title", {"id": title_id})
    heading.text = title
    heading.tail = root.text
    root.text = None
    root.insert(0, heading)
    return _written(root)


# ElementTree's table of prefixes is global, and other libraries change it: WeasyPrint takes
# the default prefix for its own namespace the first time it writes a PDF, after which a chart
# would come out as <ns0:svg>, which browsers do not draw. (ElementTree's own
# ``default_namespace`` option refuses the unqualified attributes every SVG has.) So each
# chart is written with SVG's prefixes set for that moment only, and the table put back.
_PREFIXES = threading.Lock()


def _written(root: ET.Element) -> str:
    table = ET._namespace_map  # type: ignore[attr-defined]  # no public way to read it
    with _PREFIXES:
        kept = dict(table)
        try:
            ET.register_namespace("", SVG)
            ET.register_namespace("xlink", XLINK)
            return ET.tostring(root, encoding="unicode").strip()
        finally:
            table.clear()
            table.update(kept)


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    colour: str
    hatch: str = ""  # a pattern too, so colour is not the only difference
