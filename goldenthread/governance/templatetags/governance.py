"""Governance pieces other apps' pages show: a flag button on a report row or an item's page,
a board's queue on a PPB member's home, a portfolio's recent briefings on its holder's home."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import QuerySet
from django.http import Http404

from goldenthread import access
from goldenthread.governance.models import Briefing, Flag
from goldenthread.governance.selectors import Flagging
from goldenthread.organisation.models import Board, Portfolio

register = template.Library()

RECENT_BRIEFINGS = 3


@register.inclusion_tag("governance/_flag_button.html")
def flag_button(
    flagging: Flagging, kind: str, code: str, period: Any = None, source: str = ""
) -> dict[str, Any]:
    """The button that opens the flag form for an item; with ``flagging`` (from the page's
    context) only, which is set for PPB members and chairs alone."""
    return {
        "kind": kind,
        "code": code,
        "period": period,
        "source": source,
        "already": flagging.already(kind, code),
    }


@register.simple_tag
def open_flags(board: Board, user: Any) -> int | None:
    """How many items are open on the board's queue; None when the person may not see it."""
    try:
        access.access_flag_queue(user, board.code)
    except Http404:
        return None
    return Flag.objects.open().filter(board=board).count()


@register.simple_tag
def recent_briefings(portfolio: Portfolio, user: Any) -> QuerySet[Briefing]:
    """The portfolio's latest briefings this person may read (none if they may read none)."""
    briefings = access.visible_briefings(user).filter(portfolio=portfolio)
    return briefings.select_related("recorded_by")[:RECENT_BRIEFINGS]
