"""Every return still open for some departments: one row per open round and department, oldest
round first, with its deadline, whether it is overdue and how many items are still to do.

Opening the next round must not hide an overdue one, so a manager's and a director's home list
every open round, not only the newest. What is due, and what is still to do, is counted by
goldenthread.monitoring.selectors.return_counts, the round page's own count, for every open
round at once.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from goldenthread.monitoring.models import CollectionRound, ReturnSignOff
from goldenthread.monitoring.selectors import return_counts
from goldenthread.organisation.models import Department


@dataclass(frozen=True)
class OpenReturn:
    """One department's return in one open round."""

    round: CollectionRound
    department: Department
    due: int  # items the round asks the department for
    to_do: int  # of which not yet submitted: nothing entered, or still a draft
    today: datetime.date
    sign_off: ReturnSignOff | None = None

    @property
    def overdue(self) -> bool:
        return self.today > self.round.deadline

    @property
    def days_late(self) -> int:
        return (self.today - self.round.deadline).days

    @property
    def signed_off(self) -> bool:
        return self.sign_off is not None and self.sign_off.in_force

    @property
    def url(self) -> str:
        return reverse("department_return", args=[self.department.code, self.round.quarter.slug])


def open_returns(
    departments: Iterable[Department], *, today: datetime.date | None = None
) -> list[OpenReturn]:
    """Each department's return in every round still open, oldest round first, then by
    department name; a return with nothing due is left out. Four queries, whatever the number
    of rounds, departments and items."""
    today = today or timezone.localdate()
    departments = list(departments)
    rounds = list(CollectionRound.objects.filter(closed_at__isnull=True).order_by("quarter"))
    counts = [c for c in return_counts(rounds, departments) if c.due]  # not a narrative alone
    if not counts:
        return []
    sign_offs = {
        (s.round_id, s.department_id): s
        for s in ReturnSignOff.objects.filter(
            round__in=rounds, department__in=departments
        ).select_related("signed_by")
    }
    return [
        OpenReturn(
            c.round,
            c.department,
            c.due,
            c.to_do,
            today,
            sign_offs.get((c.round.pk, c.department.pk)),
        )
        for c in counts
    ]
