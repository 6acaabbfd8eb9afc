"""Template helpers: figures in an indicator's own format, workflow states as labelled tags,
the service navigation and GOV.UK pagination."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.core.paginator import Page
from django.urls import reverse

from goldenthread.planning.periods import Period
from goldenthread.workflow import WorkflowState

register = template.Library()

# Units written before the number; every other unit follows it ("12 days", "45%").
PREFIX_UNITS = {"£"}
# Units that say "a plain number" and are not written at all.
BARE_UNITS = {"", "number", "count", "no.", "#"}


def format_figure(value: Any, *, decimals: int = 0, unit: str = "") -> str:
    """``12.5%``, ``£1,250``, ``3.2 days``: rounded half up to ``decimals`` places, with
    thousands separators. An empty value gives an empty string."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    places = max(int(decimals or 0), 0)
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):,.{places}f}"
    unit = (unit or "").strip()
    if unit.lower() in BARE_UNITS:
        return f"{sign}{text}"
    if unit in PREFIX_UNITS:
        return f"{sign}{unit}{text}"
    if unit == "%":
        return f"{sign}{text}%"
    return f"{sign}{text} {unit}"


@register.filter
def figure(value: Any, indicator: Any) -> str:
    """``{{ actual.value|figure:indicator }}``: the value in the indicator's own format."""
    return format_figure(
        value, decimals=getattr(indicator, "decimals", 0), unit=getattr(indicator, "unit", "")
    )


@register.filter
def plain(value: Any) -> str:
    """A setting's number as written, no trailing zeros: ``5.000`` → ``5``, ``2.500`` → ``2.5``."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).normalize()
    except InvalidOperation:
        return str(value)
    return f"{number:f}"


@register.filter
def financial_year(year: int) -> str:
    """``2008`` → ``2008/09``."""
    return Period(int(year)).year_label


STATE_TAG_COLOURS = {
    WorkflowState.DRAFT: "govuk-tag--grey",
    WorkflowState.SUBMITTED: "govuk-tag--blue",
    WorkflowState.VALIDATED: "govuk-tag--turquoise",
    WorkflowState.PUBLISHED: "govuk-tag--green",
}


@register.inclusion_tag("web/_state_tag.html")
def state_tag(state: str | None) -> dict[str, Any]:
    """A workflow state as a GOV.UK tag: the word carries the meaning, the colour only helps."""
    if not state:
        return {"label": "", "colour": ""}
    try:
        workflow_state = WorkflowState(state)
    except ValueError:
        return {"label": state, "colour": "govuk-tag--grey"}
    return {"label": workflow_state.label, "colour": STATE_TAG_COLOURS[workflow_state]}


NAVIGATION = [
    ("Home", "home", ("/home/",)),
    ("Plans", "plans", ("/plans/", "/objectives/")),
    ("Indicators", "indicators", ("/indicators/",)),
    ("Coverage", "coverage", ("/coverage/",)),
    ("Timetable", "assurance_timetable", ("/assurance/",)),
]


@register.inclusion_tag("web/_service_navigation.html", takes_context=True)
def service_navigation(context: template.Context) -> dict[str, Any]:
    """The signed-in navigation. The item for the section you are in is marked; the item for
    the very page you are on is also ``aria-current="page"``."""
    request = context["request"]
    items = []
    for text, url_name, prefixes in NAVIGATION:
        href = reverse(url_name)
        items.append(
            {
                "text": text,
                "href": href,
                "current": request.path == href,
                "active": request.path.startswith(prefixes),
            }
        )
    return {"items": items, "user": context["user"], "request": request}


@register.inclusion_tag("web/_pagination.html", takes_context=True)
def pagination(context: template.Context, page: Page) -> dict[str, Any]:
    """GOV.UK pagination for a page of results; links keep the other query parameters."""
    numbers = (
        list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
        if page.paginator.num_pages > 1
        else []
    )
    return {
        "page": page,
        "numbers": numbers,
        "request": context["request"],
        "ellipsis": page.paginator.ELLIPSIS,
    }
