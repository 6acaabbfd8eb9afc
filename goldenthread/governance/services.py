"""Governance writes: raising and clearing a flag on a PPB's queue, and recording a briefing.
Each is one transaction with its audit entry inside it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from goldenthread.audit.services import audit_record
from goldenthread.governance.models import Briefing, BriefingAction, Flag, FlagStatus
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Board, Portfolio, User
from goldenthread.planning.models import Milestone
from goldenthread.planning.periods import Period


class FlagRefused(Exception):
    """The flag cannot be raised or cleared as asked; the message says why, for the person."""


def _day(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"


def _already_flagged(flag: Flag) -> str:
    return (
        f"{flag.item_code} is already on the {flag.board.name} queue for {flag.period}: "
        f"flagged by {flag.flagged_by} on {_day(flag.flagged_at)}."
    )


def flag_raise(
    *,
    acting_user: User,
    board: Board,
    item: Indicator | Milestone,
    period: Period,
    reason: str,
    source_url: str = "",
) -> Flag:
    """Put an item on a board's queue for discussion; refused while it is already there for
    the same period."""
    item_field = "indicator" if isinstance(item, Indicator) else "milestone"
    with transaction.atomic():
        existing = (
            Flag.objects.open().about(item).filter(board=board, period=period).with_people().first()
        )
        if existing is not None:
            raise FlagRefused(_already_flagged(existing))
        try:
            with transaction.atomic():
                flag = Flag.objects.create(
                    board=board,
                    period=period,
                    reason=reason.strip(),
                    source_url=source_url,
                    flagged_by=acting_user,
                    **{item_field: item},
                )
        except IntegrityError:  # flagged by someone else a moment ago
            raise FlagRefused(
                f"{item.code} is already on the {board.name} queue for {period}."
            ) from None
        audit_record(
            acting_user=acting_user,
            action="flag_raise",
            summary=f"Flagged {item.code} ({period}) for discussion at {board.name}",
            target=flag,
            data={
                "board": board.code,
                "item": item_field,
                "code": item.code,
                "period": str(period),
                "reason": flag.reason,
                "from": source_url,
            },
        )
    return flag


def flag_clear(*, acting_user: User, flag: Flag, outcome: str = "") -> Flag:
    """Take a flag off its board's queue, with what came of it; refused if already cleared."""
    with transaction.atomic():
        current = Flag.objects.select_for_update().get(pk=flag.pk)
        if current.status != FlagStatus.OPEN:
            raise FlagRefused(
                f"{flag.item_code} was already cleared from the queue by {current.cleared_by}."
            )
        current.status = FlagStatus.CLEARED
        current.cleared_by = acting_user
        current.cleared_at = timezone.now()
        current.outcome = outcome.strip()
        current.save(update_fields=["status", "cleared_by", "cleared_at", "outcome"])
        audit_record(
            acting_user=acting_user,
            action="flag_clear",
            summary=f"Cleared {flag.item_code} ({flag.period}) from the {flag.board.name} queue",
            target=current,
            data={
                "board": flag.board.code,
                "code": flag.item_code,
                "period": str(flag.period),
                "outcome": current.outcome,
            },
        )
    return current


@dataclass(frozen=True)
class ActionDraft:
    action: str
    owner: str
    due: datetime.date


def briefing_record(
    *,
    acting_user: User,
    portfolio: Portfolio,
    holder: User,
    held_on: datetime.date,
    indicators: Iterable[Indicator] = (),
    milestones: Iterable[Milestone] = (),
    other_items: str = "",
    outcomes: str,
    actions: Sequence[ActionDraft],
) -> Briefing:
    """Record a portfolio holder's briefing with its actions, all or nothing."""
    if not actions:
        raise ValueError("a briefing records at least one action")
    with transaction.atomic():
        briefing = Briefing.objects.create(
            portfolio=portfolio,
            holder=holder,
            held_on=held_on,
            other_items=other_items.strip(),
            outcomes=outcomes.strip(),
            recorded_by=acting_user,
        )
        indicators, milestones = list(indicators), list(milestones)
        briefing.indicators.set(indicators)
        briefing.milestones.set(milestones)
        BriefingAction.objects.bulk_create(
            BriefingAction(
                briefing=briefing,
                position=position,
                action=draft.action.strip(),
                owner=draft.owner.strip(),
                due=draft.due,
            )
            for position, draft in enumerate(actions, start=1)
        )
        audit_record(
            acting_user=acting_user,
            action="briefing_record",
            summary=f"Recorded the briefing of {holder} on {portfolio.name}, {held_on:%d %B %Y}",
            target=briefing,
            data={
                "portfolio": portfolio.code,
                "holder": holder.username,
                "held_on": held_on.isoformat(),
                "indicators": [i.code for i in indicators],
                "milestones": [m.code for m in milestones],
                "actions": len(actions),
            },
        )
    return briefing
