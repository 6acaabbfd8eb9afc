"""Rating markers for the templates: ``{% load markers %}``.

``{% rating_cell indicator %}`` is what a list shows for an indicator: its status, direction
and exception markers and, behind "Why", the words that explain them; ``{% milestone_cell
milestone %}`` the same for a milestone.
The single markers (``status_marker`` and the rest) are for pages that lay them out themselves.
"""

from __future__ import annotations

import functools
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from goldenthread.performance.milestones import MilestoneRating
from goldenthread.web import markers
from goldenthread.web.markers import Marker

register = template.Library()


@functools.cache
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
        if marker.hidden_prefix
        else ""
    )
    if marker.colour:
        return format_html(
            '<strong class="govuk-tag {} gt-marker{}">{}{}{}</strong>',
            marker.colour,
            f" {extra}" if extra else "",
            prefix,
            shape,
            marker.text,
        )
    return format_html(
        '<span class="gt-marker gt-marker--plain{}">{}{}{}</span>',
        f" {extra}" if extra else "",
        prefix,
        shape,
        marker.text,
    )


@register.simple_tag
def status_marker(status: str | None) -> SafeString:
    """``green`` → ● On target; None (nothing rated) → Not rated yet."""
    return render_marker(markers.STATUS.get(status or "", markers.NOT_RATED))


@register.simple_tag
def pending_marker(published_only: bool) -> SafeString:
    """A figure entered for the period that is not yet validated (or, for readers who see
    published figures only, not yet published)."""
    return render_marker(
        markers.AWAITING_PUBLICATION if published_only else markers.AWAITING_VALIDATION
    )


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


# -- a rating in a list: markers, then the reasons behind "Why" -------------------------------
#
# Built here rather than in an included template: a list may show hundreds of them, and an
# included template per row would double the time the page takes to render.


def _why(label: str, paragraphs: list[SafeString], guide: str) -> SafeString:
    """A GOV.UK details component: "Why" (naming the row for a screen reader), then the
    reasons and a link to the guide."""
    body = format_html_join("", '<p class="govuk-body-s">{}</p>', ((p,) for p in paragraphs))
    return format_html(
        '<details class="govuk-details gt-why"><summary class="govuk-details__summary">'
        '<span class="govuk-details__summary-text">Why<span class="govuk-visually-hidden"> {}'
        " is rated like this</span></span></summary>"
        '<div class="govuk-details__text">{}<p class="govuk-body-s"><a class="govuk-link" '
        'href="{}">How ratings work</a></p></div></details>',
        label,
        body,
        guide,
    )


def _cell(markers_html: SafeString, why: SafeString | str = "") -> SafeString:
    return format_html(
        '<div class="gt-rating"><div class="gt-rating__markers">{}</div>{}</div>', markers_html, why
    )


@register.simple_tag(takes_context=True)
def rating_cell(context: template.Context, indicator: Any) -> SafeString:
    """An indicator's rating in a list (set on it by web.selectors.ratings): its markers and,
    behind "Why", the numbers and rule that gave them."""
    rating = getattr(indicator, "rating", None)
    if rating is None:
        return _cell(status_marker(None))
    pending = getattr(indicator, "rating_pending", "")
    published_only = getattr(context.get("ratings"), "published_only", False)
    period = format_html("<strong>{}.</strong> ", rating.period)
    if pending:
        needed = "published" if published_only else "validated"
        reasons = [
            format_html(
                "{}A figure has been entered and is {}. It is rated once it is {}.",
                period,
                pending.lower(),
                needed,
            )
        ]
        return _cell(pending_marker(published_only), _why(indicator.code, reasons, _guide()))
    shown = [status_marker(rating.status)]
    if rating.direction:
        shown.append(direction_marker(rating.direction))
    if rating.exception:
        shown.append(exception_marker(rating.exception))
    reasons = [format_html("{}{}", period, rating.explanation)]
    if rating.actual is not None and rating.direction_explanation:
        reasons.append(format_html("Direction of travel: {}", rating.direction_explanation))
    if rating.record is not None:
        reasons.append(
            mark_safe(
                "Rated when the figure was published; later changes to the "
                "rules do not recolour it."
            )
        )
    return _cell(mark_safe(" ".join(shown)), _why(indicator.code, reasons, _guide()))


@register.simple_tag
def milestone_cell(milestone: Any) -> SafeString:
    """A milestone's status (set on it by web.selectors.ratings), and why, as in a list."""
    rating = getattr(milestone, "rating", None)
    if rating is None:
        return mark_safe("")
    marker = milestone_marker(rating, getattr(milestone, "rated_progress", None))
    why = _why(
        f"milestone {milestone.code}",
        [format_html("{}", rating.explanation)],
        _guide("#milestones"),
    )
    return _cell(marker, why)


@functools.cache
def _guide_url() -> str:
    return reverse("ratings")


def _guide(anchor: str = "") -> str:
    return _guide_url() + anchor
