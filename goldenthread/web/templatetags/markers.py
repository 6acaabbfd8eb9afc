"""Rating markers for the templates: ``{% load markers %}``.

``{% rating_cell indicator.rating %}`` is what a list shows for an indicator: its status,
direction and exception markers and, behind "Why", the words that explain them.
The single markers (``status_marker`` and the rest) are for pages that lay them out themselves.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from goldenthread.performance.milestones import MilestoneRating
from goldenthread.web import markers
from goldenthread.web.markers import Marker

register = template.Library()


def render_marker(marker: Marker | None, *, extra: str = "") -> SafeString:
    """A marker as HTML: a GOV.UK tag (or plain words) led by its shape. The shape is hidden
    from screen readers, which hear the hidden prefix and the words instead."""
    if marker is None:
        return mark_safe("")
    shape = mark_safe(
        '<svg class="gt-marker__shape" viewBox="0 0 16 16" width="16" height="16" '
        f'aria-hidden="true" focusable="false" fill="currentColor">{markers.SHAPES[marker.shape]}'
        "</svg>"
    )
    prefix = (
        format_html('<span class="govuk-visually-hidden">{} </span>', marker.hidden_prefix)
        if marker.hidden_prefix else ""
    )
    if marker.colour:
        return format_html('<strong class="govuk-tag {} gt-marker{}">{}{}{}</strong>',
                           marker.colour, f" {extra}" if extra else "", prefix, shape,
                           marker.text)
    return format_html('<span class="gt-marker gt-marker--plain{}">{}{}{}</span>',
                       f" {extra}" if extra else "", prefix, shape, marker.text)


@register.simple_tag
def status_marker(status: str | None) -> SafeString:
    """``green`` → ● On target; None (nothing rated) → Not rated yet."""
    return render_marker(markers.STATUS.get(status or "", markers.NOT_RATED))


@register.simple_tag
def direction_marker(direction: str | None) -> SafeString:
    """``improving`` → ↑ Improving; None → nothing to compare with."""
    return render_marker(markers.DIRECTION.get(direction or "", markers.NO_DIRECTION))


@register.simple_tag
def exception_marker(exception: str | None) -> SafeString:
    """``over`` or ``under`` → a flag; no exception → nothing at all."""
    return render_marker(markers.EXCEPTION.get(exception or ""))


@register.simple_tag
def variation_marker(variation: str | None) -> SafeString:
    return render_marker(markers.VARIATION.get(variation or ""))


@register.simple_tag
def assurance_marker(assurance: str | None) -> SafeString:
    return render_marker(markers.ASSURANCE.get(assurance or ""))


@register.simple_tag
def milestone_marker(rating: MilestoneRating | None, progress: str | None = None) -> SafeString:
    """A milestone's status: Complete and Overdue say so; otherwise the status's words."""
    if rating is None:
        return mark_safe("")
    if progress == "complete":
        return render_marker(markers.MILESTONE_COMPLETE)
    if rating.overdue:
        return render_marker(markers.MILESTONE_OVERDUE)
    return render_marker(markers.MILESTONE.get(str(rating.status)))


@register.inclusion_tag("web/ratings/_rating_cell.html")
def rating_cell(rating: Any, label: str = "") -> dict[str, Any]:
    """An indicator's rating in a list: markers, then its reasons behind a "Why" summary.
    ``label`` names the row for a screen reader ("Why NI 123 is rated as it is")."""
    return {"rating": rating, "label": label}
