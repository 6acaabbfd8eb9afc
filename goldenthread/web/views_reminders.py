"""The performance team's reminders page for a round: who gets which reminder today, a button
to send them (the same as `goldenthread send-reminders`, for this round), and every reminder
sent so far."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from goldenthread import access
from goldenthread.monitoring.models import CollectionRound
from goldenthread.monitoring.reminders import (
    DEFAULT_DAYS,
    ReminderCounts,
    ReminderStatus,
    reminders_due,
    reminders_send,
    reminders_sent,
)
from goldenthread.web.selectors import collection


def _page(round: CollectionRound, *, confirm: bool) -> dict[str, Any]:  # noqa: A002
    today = timezone.localdate()
    due = reminders_due(today=today, round=round)
    return {
        "round": round,
        "today": today,
        "days": DEFAULT_DAYS,
        "days_left": (round.deadline - today).days,
        "days_late": (today - round.deadline).days,
        "due": due,
        "to_send": [d for d in due if d.status == ReminderStatus.TO_SEND],
        "sent": reminders_sent(round),
        "confirm": confirm,
    }


def round_reminders(request: HttpRequest, period: str) -> HttpResponse:
    """Who would be e-mailed today and about what, and the round's reminders sent so far."""
    access.access_collection(request.user)
    round = collection.round_for(collection.parse_quarter(period))  # noqa: A001
    return render(request, "web/collection/reminders.html", _page(round, confirm=False))


def round_reminders_send(request: HttpRequest, period: str) -> HttpResponse:
    """GET: the reminders a send would e-mail now, and a button to confirm. POST: send them,
    once a day each, exactly as `goldenthread send-reminders` would for this round."""
    user = access.access_collection(request.user)
    round = collection.round_for(collection.parse_quarter(period))  # noqa: A001
    if request.method != "POST":
        return render(request, "web/collection/reminders.html", _page(round, confirm=True))
    counts = reminders_send(round=round, acting_user=user)
    if counts.failed:
        messages.error(request, _failed(counts))
    elif counts.sent:
        messages.success(request, _sent(counts))
    else:
        messages.success(request, "No reminder was sent: none was due that had not gone today.")
    return redirect("round_reminders", round.quarter.slug)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _sent(counts: ReminderCounts) -> str:
    kinds = [
        _plural(counts.due_soon, "due soon reminder") if counts.due_soon else "",
        _plural(counts.overdue, "overdue reminder") if counts.overdue else "",
        _plural(counts.escalation, "escalation") if counts.escalation else "",
    ]
    return f"Sent {_plural(counts.sent, 'reminder')}: {', '.join(k for k in kinds if k)}."


def _failed(counts: ReminderCounts) -> str:
    sent = _sent(counts) if counts.sent else "No reminder was sent."
    return (
        f"{sent} {_plural(counts.failed, 'reminder')} could not be sent: the mail server "
        "refused. Sending again tries only those."
    )
