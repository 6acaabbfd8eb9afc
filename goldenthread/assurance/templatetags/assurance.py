"""The planning timetable on other pages: what is due from the person reading, for the homes."""

from __future__ import annotations

from typing import Any

from django import template

from goldenthread.assurance import selectors

register = template.Library()

DUE_SHOWN = 5


@register.inclusion_tag("assurance/_due_from_you.html")
def planning_timetable_due(user: Any) -> dict[str, Any]:
    """The timetable stages not yet done that are due from this person's audiences (from their
    roles), earliest first, overdue ones said in words: ``{% planning_timetable_due user %}``.
    Renders nothing when nothing is due from them (or they are signed out). Two or three
    queries, whatever the number of stages."""
    audiences = selectors.audiences_of_user(user)
    return {"due": selectors.due_from(audiences, selectors.today(), DUE_SHOWN)}
