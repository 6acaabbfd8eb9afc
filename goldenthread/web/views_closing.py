"""Closing a round from the browser: a page that says what closing will do (what is still
unpublished, who has not signed off), and its button. Closing itself is
goldenthread.monitoring.services.round_close, as `goldenthread close-round` does."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from goldenthread import access
from goldenthread.monitoring.closing import closing_summary
from goldenthread.monitoring.services import MonitoringError, round_close
from goldenthread.web.selectors import collection


def round_close_confirm(request: HttpRequest, period: str) -> HttpResponse:
    """GET: what closing the round will do, and the button. POST: close it, and go back to the
    round's page with what happened."""
    user = access.access_collection(request.user)
    round = collection.round_for(collection.parse_quarter(period))  # noqa: A001
    if request.method == "POST":
        try:
            round_close(acting_user=user, round=round)
        except MonitoringError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"The {round.quarter} round is closed. Its published figures are now on the "
                "public pages, and it takes no more entries.",
            )
        return redirect("collection_round", period=round.quarter.slug)
    summary = closing_summary(round) if round.is_open else None
    return render(request, "web/collection/close.html", {"round": round, "summary": summary})
