"""The trend chart: an inline SVG that names itself, draws the target line and, with statistical
process control, the mean, the limits and the special-cause points; the same bytes every time,
nothing fetched from elsewhere, no inline style for the Content Security Policy to block, and
quick to draw."""

import re
import xml.etree.ElementTree as ET

from goldenthread.performance.charts import (
    INK,
    SPC_LINE,
    SPECIAL,
    TARGET,
    ChartPoint,
    ProcessLimits,
    trend_chart_svg,
)

QUARTERS = [f"{2006 + i // 4}/{(7 + i // 4) % 100:02d} Q{i % 4 + 1}" for i in range(12)]


def chart(**overrides) -> str:
    arguments = {
        "chart_id": "trend-1",
        "title": "Chart of NI 8: the actual and the target by quarter",
        "points": [
            ChartPoint(label, 50 + (i % 3) * 2.5, 52, "concerning" if i == 7 else "")
            for i, label in enumerate(QUARTERS)
        ],
        "limits": ProcessLimits(mean=52.4, lower=45.1, upper=59.7),
        "format_value": lambda value: f"{value:.0f}%",
        "description_id": "trend-1-summary",
    }
    return trend_chart_svg(**{**arguments, **overrides})


def texts(svg: str) -> list[str]:
    return [t.strip() for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)]


def elements(svg: str) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter())


def lines(svg: str, colour: str) -> list[ET.Element]:
    """The paths stroked in ``colour``: the series' lines, not their markers or the axes'."""
    return [
        e
        for e in elements(svg)
        if e.tag.endswith("}path") and e.get("stroke") == colour and e.get("fill") == "none"
    ]


def test_the_chart_is_an_image_named_by_its_title_and_described_by_the_summary():
    svg = chart()

    opening = re.match(r"<svg\b[^>]*>", svg)
    assert opening, "the chart starts with its <svg> element, ready to put in a page"
    assert 'role="img"' in opening.group(0)
    assert 'aria-labelledby="trend-1-title"' in opening.group(0)
    assert 'aria-describedby="trend-1-summary"' in opening.group(0)
    assert (
        '<title id="trend-1-title">Chart of NI 8: the actual and the target by quarter</title>'
    ) in svg


def test_the_legend_names_the_actual_the_target_and_the_process_lines_in_words():
    words = texts(chart())

    for name in ("Actual", "Target", "Mean", "Process limits", "Special cause: concerning"):
        assert name in words
    assert "52%" in words  # the axis in the indicator's unit


def test_the_target_line_is_drawn_dashed_in_its_own_colour():
    svg = chart(limits=None)

    target_lines = [line for line in lines(svg, TARGET) if line.get("stroke-dasharray")]
    assert target_lines, "a dashed blue line for the target"
    assert "Mean" not in texts(svg) and "Process limits" not in texts(svg)


def test_the_chart_carries_its_colours_in_attributes_with_no_inline_style_to_block():
    # The Content Security Policy forbids inline styles (docs/security.md): a style="…" or a
    # <style> here would be blocked and the chart drawn in black.
    svg = chart()

    assert not [e.tag for e in elements(svg) if "style" in e.attrib or e.tag.endswith("}style")]
    root = ET.fromstring(svg)
    assert root.get("stroke-linejoin") == "round" and root.get("stroke-linecap") == "butt"
    target = lines(svg, TARGET)[0]
    assert (target.get("stroke-width"), target.get("stroke-dasharray")) == ("2", "12,6")
    actual = lines(svg, INK)[0]
    assert actual.get("stroke-width") == "2" and not actual.get("stroke-dasharray")
    limits = [line for line in lines(svg, SPC_LINE) if line.get("stroke-dasharray")]
    assert limits, "dotted grey process limits"
    special = [e for e in elements(svg) if e.get("stroke") == SPECIAL["concerning"]]
    assert special, "the special-cause point ringed in red"
    axis_figures = [e for e in elements(svg) if e.tag.endswith("}text") and e.text == "52%"]
    assert axis_figures[0].get("fill") == INK
    assert axis_figures[0].get("font-family") == "'DejaVu Sans', sans-serif"
    assert axis_figures[0].get("text-anchor") == "end"


def test_provisional_limits_say_so():
    words = texts(chart(limits=ProcessLimits(52, 45, 59, provisional=True)))

    assert "Mean (provisional)" in words and "Process limits (provisional)" in words


def test_a_chart_with_no_target_has_no_target_in_its_legend():
    points = [ChartPoint(label, 10 + i) for i, label in enumerate(QUARTERS[:4])]

    assert "Target" not in texts(chart(points=points, limits=None))


def test_the_same_figures_draw_the_same_bytes():
    assert chart() == chart()


def test_the_chart_fetches_nothing_and_carries_no_metadata_or_date():
    svg = chart()

    assert not svg.startswith("<?xml") and "<!DOCTYPE" not in svg
    assert "<metadata" not in svg and "<dc:date" not in svg
    addresses = set(re.findall(r"https?://[^\s\"')]+", svg))
    assert addresses <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert "<image" not in svg and "@import" not in svg


def test_two_charts_on_one_page_share_no_ids():
    first, second = chart(), chart(chart_id="trend-2")

    ids = [set(re.findall(r'\bid="([^"]+)"', svg)) for svg in (first, second)]
    assert not ids[0] & ids[1]
    assert all(i.startswith("trend-1") for i in ids[0])
    references = re.findall(r'(?:href="#|url\(#)([^")]+)', first)
    assert references and set(references) <= ids[0]


def test_a_chart_drawn_after_a_pdf_is_written_is_still_an_svg_chart():
    """WeasyPrint claims XML's default prefix for its own namespace when it first writes a
    PDF; a chart drawn after that must still be plain <svg>, or browsers draw nothing."""
    from weasyprint import HTML

    HTML(string="<p>A report</p>").write_pdf()

    svg = chart()
    assert svg.startswith("<svg ") and 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert "ns0:" not in svg and "xmlns:ns0" not in svg
