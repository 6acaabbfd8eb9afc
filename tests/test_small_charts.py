"""The small charts reports draw: a trend per indicator and a status summary per section."""

import xml.etree.ElementTree as ET

from goldenthread.performance.charts import Bar, ChartPoint, ProcessLimits
from goldenthread.performance.small_charts import sparkline_svg, status_bars_svg

SVG = "{http://www.w3.org/2000/svg}"
POINTS = [
    ChartPoint("2008/09 Q1", 50, 55),
    ChartPoint("2008/09 Q2", 52, 55),
    ChartPoint("2008/09 Q3", None, 55),
    ChartPoint("2008/09 Q4", 61, 55, special="improving"),
]


def parse(svg):
    return ET.fromstring(svg.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))


def test_a_trend_is_named_by_its_title_and_draws_actuals_target_and_limits():
    limits = ProcessLimits(mean=54, lower=45, upper=63)
    chart = parse(sparkline_svg(chart_id="t1", title="NI 1 <trend>", points=POINTS, limits=limits))
    assert chart.get("role") == "img" and chart.get("aria-labelledby") == "t1-title"
    assert chart.find(f"{SVG}title").text == "NI 1 <trend>"
    assert len(chart.findall(f"{SVG}line")) == 3  # the mean and the two process limits
    lines = chart.findall(f"{SVG}polyline")
    # The gap in Q3 breaks the actuals in two runs; the first has two points, the second
    # only one, so it is a dot: one actual line and the target line.
    assert [p.get("stroke-dasharray") for p in lines] == ["4 2", None]
    dots = chart.findall(f"{SVG}circle")
    assert len(dots) == 3
    assert float(dots[-1].get("r")) > float(dots[0].get("r"))  # the special cause stands out


def test_a_trend_without_statistical_process_control_draws_no_limits():
    chart = parse(sparkline_svg(chart_id="t2", title="t", points=POINTS, limits=None))
    assert chart.findall(f"{SVG}line") == []


def test_the_status_summary_writes_each_statuss_label_and_count():
    bars = [Bar("Red", 3, "#d4351c", "////"), Bar("Green", 0, "#00703c")]
    chart = parse(status_bars_svg(chart_id="s1", title="ERS: items by status", bars=bars))
    texts = [t.text for t in chart.iter(f"{SVG}text")]
    assert texts == ["Red", "3", "Green", "0"]
    assert len(chart.findall(f"{SVG}rect")) == 1  # no bar for a count of nought
    assert chart.find(f".//{SVG}pattern").get("id") == "s1-p0"  # red is patterned, not only red
