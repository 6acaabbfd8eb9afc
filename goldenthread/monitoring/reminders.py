"""Reminders for open collection rounds: who is e-mailed about what, and sending it once a day.

For each open round, on a given day:

- within ``days`` of the deadline (up to and including the deadline day), each officer with
  items not yet submitted gets a **due soon** reminder listing them;
- after the deadline, the same officers get an **overdue** reminder instead, and each
  operational director of a department with late items gets an **escalation**: who is late
  and with what, as the return shows it.

An item's officers are its indicator's responsible officer and collator, or its milestone's
owner; an item with none of them goes to its department's managers (and is listed as "no one
named" in the escalation). One e-mail per person,
round and kind a day lists all of that person's items.

Each e-mail is sent in its own transaction with a ReminderSent row, whose unique constraint
(person, round, kind, day) makes a second run the same day, or two at once, send nothing more.
A mail server failure rolls the row back, so the next run tries that person again. A crash
between the mail server accepting a message and the commit can send it twice; never sending
a reminder at all is the worse failure.

`goldenthread send-reminders` and the performance team's reminders page (one round at a time)
call the same functions here: ``reminders_due`` says who would get what today, and
``reminders_send`` sends it. A run that sends anything writes one audit entry: who ran it,
and to whom each kind went.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from goldenthread.audit.services import audit_record
from goldenthread.indicators.models import Indicator
from goldenthread.monitoring.models import CollectionRound, ItemType, ReminderKind, ReminderSent
from goldenthread.monitoring.selectors import DueItem, LatePerson, round_progress
from goldenthread.notifications import absolute_url, send_templated_mail
from goldenthread.organisation.models import Department, Role, RoleAssignment, User
from goldenthread.planning.periods import Period
from goldenthread.workflow import WorkflowState

logger = logging.getLogger(__name__)

DEFAULT_DAYS = 7
TEMPLATES = {
    ReminderKind.DUE_SOON: "reminder",
    ReminderKind.OVERDUE: "reminder",
    ReminderKind.ESCALATION: "escalation",
}


def return_path(department: Department, quarter: Period) -> str:
    """The department's return page for the round's quarter (goldenthread/web)."""
    return f"/returns/{department.code}/{quarter.slug}/"


def return_url(department: Department, quarter: Period) -> str:
    return absolute_url(return_path(department, quarter))


@dataclass
class Reminder:
    """One e-mail to one person about one round."""

    person: User
    round: CollectionRound
    kind: ReminderKind
    items: list[DueItem]
    late: list[LatePerson] = field(default_factory=list)  # escalations only

    def recorded_items(self) -> list[dict[str, str]]:
        return [
            {"kind": item.kind, "code": item.code, "period": str(item.period)}
            for item in self.items
        ]

    def context(self, today: datetime.date) -> dict[str, Any]:
        quarter = self.round.quarter
        departments: dict[int, Department] = {}
        for item in self.items:
            departments.setdefault(item.department.pk, item.department)
        return {
            "person": self.person,
            "round": self.round,
            "quarter": quarter,
            "deadline": self.round.deadline,
            "kind": self.kind,
            "overdue": self.kind != ReminderKind.DUE_SOON,
            "days_left": (self.round.deadline - today).days,
            "days_late": (today - self.round.deadline).days,
            "items": [_row(item, quarter) for item in self.items],
            "departments": [
                {"name": d.name, "url": return_url(d, quarter)} for d in departments.values()
            ],
            "late_people": [
                {
                    "person": str(late.person) if late.person else "",
                    "department": late.department.name,
                    "url": return_url(late.department, quarter),
                    "items": [_row(item, quarter) for item in late.items],
                }
                for late in self.late
            ],
        }


def _row(item: DueItem, quarter: Period) -> dict[str, str]:
    return {
        "kind": "Indicator" if item.kind == ItemType.ACTUAL else "Milestone",
        "code": item.code,
        "title": item.title,
        "period": str(item.period),
        "department": item.department.name,
        "state": "Draft, not submitted" if item.state == WorkflowState.DRAFT else "Not entered",
        "url": return_url(item.department, quarter),
    }


@dataclass
class ReminderCounts:
    """What a run sent (or, in a dry run, would send)."""

    dry_run: bool = False
    due_soon: int = 0
    overdue: int = 0
    escalation: int = 0
    already_sent: int = 0  # sent earlier the same day
    no_address: int = 0  # the person has no e-mail address
    failed: int = 0  # the mail server refused; tried again on the next run
    reminders: list[Reminder] = field(default_factory=list)  # sent, or would be

    @property
    def sent(self) -> int:
        return self.due_soon + self.overdue + self.escalation

    def add(self, reminder: Reminder) -> None:
        setattr(self, reminder.kind, getattr(self, reminder.kind) + 1)
        self.reminders.append(reminder)


def _department_people() -> tuple[dict[int, list[User]], dict[int, list[User]]]:
    """Managers and operational directors, by department id. One query."""
    managers: dict[int, list[User]] = defaultdict(list)
    directors: dict[int, list[User]] = defaultdict(list)
    assignments = RoleAssignment.objects.filter(
        role__in=[Role.MANAGER, Role.OPERATIONAL_DIRECTOR], department__isnull=False
    ).select_related("user")
    for assignment in assignments:
        if not assignment.user.is_active:
            continue
        people = managers if assignment.role == Role.MANAGER else directors
        people[assignment.department_id].append(assignment.user)  # type: ignore[index]
    return managers, directors


def _named(item: DueItem, collators: dict[str, User]) -> list[User]:
    """The item's own officers: responsible officer and collator, or milestone owner."""
    named = [item.responsible]
    if item.kind == ItemType.ACTUAL:
        named.append(collators.get(item.code))
    return list({p.pk: p for p in named if p is not None and p.is_active}.values())


def _unique(items: list[DueItem]) -> list[DueItem]:
    return list({(item.kind, item.code, str(item.period)): item for item in items}.values())


def reminders_plan(
    *,
    today: datetime.date,
    days: int = DEFAULT_DAYS,
    round: CollectionRound | None = None,  # noqa: A002
) -> list[Reminder]:
    """The reminders due on ``today``, sent or not, for every open round (or only ``round``).
    Three queries, then six per open round within ``days`` of its deadline or past it,
    whatever the number of items."""
    open_rounds = CollectionRound.objects.filter(closed_at__isnull=True).order_by("quarter")
    if round is not None:
        open_rounds = open_rounds.filter(pk=round.pk)
    rounds = [r for r in open_rounds if (r.deadline - today).days <= days]
    if not rounds:
        return []
    collators = {
        i.code: i.collator
        for i in Indicator.objects.filter(
            department__isnull=False, collator__isnull=False
        ).select_related("collator")
        if i.collator is not None
    }
    managers, directors = _department_people()
    reminders: list[Reminder] = []
    for round_ in rounds:
        progress = round_progress(round_, as_of=today)
        kind = ReminderKind.OVERDUE if progress.past_deadline else ReminderKind.DUE_SOON
        people: dict[int, User] = {}
        items: dict[int, list[DueItem]] = defaultdict(list)
        late_by_director: dict[int, list[LatePerson]] = defaultdict(list)
        for department_return in progress.returns:
            department = department_return.department
            late: dict[int | None, LatePerson] = {}
            for item in department_return.outstanding():
                named = _named(item, collators)
                for person in named or managers.get(department.pk, []):
                    people[person.pk] = person
                    items[person.pk].append(item)
                whom: list[User | None] = [*named] or [None]  # None: no one named
                for who in whom:
                    key = who.pk if who else None
                    late.setdefault(key, LatePerson(who, department, [])).items.append(item)
            if progress.past_deadline and late:
                ordered = sorted(late.values(), key=lambda p: (p.person is None, str(p.person)))
                for director in directors.get(department.pk, []):
                    people[director.pk] = director
                    late_by_director[director.pk] += ordered
        reminders += [Reminder(people[pk], round_, kind, mine) for pk, mine in items.items()]
        reminders += [
            Reminder(
                people[pk],
                round_,
                ReminderKind.ESCALATION,
                _unique([item for person in lates for item in person.items]),
                late=lates,
            )
            for pk, lates in late_by_director.items()
        ]
    return reminders


def reminders_sent(round: CollectionRound) -> list[ReminderSent]:  # noqa: A002
    """Every reminder sent for the round, newest first, with whom it went to. One query."""
    return list(
        ReminderSent.objects.filter(round=round)
        .select_related("person")
        .order_by("-sent_at", "-id")
    )


class ReminderStatus(models.TextChoices):
    """What a run today would do with a planned reminder."""

    TO_SEND = "to_send", "To send"
    ALREADY_SENT = "already_sent", "Already sent today"
    NO_ADDRESS = "no_address", "Not sent: no e-mail address"


@dataclass(frozen=True)
class DueReminder:
    reminder: Reminder
    status: ReminderStatus


def reminders_due(
    *,
    today: datetime.date | None = None,
    days: int = DEFAULT_DAYS,
    round: CollectionRound | None = None,  # noqa: A002
) -> list[DueReminder]:
    """Who gets which reminder today, and whether a run now would send it: the same plan
    ``reminders_send`` follows. One query more than the plan."""
    today = today or timezone.localdate()
    reminders = reminders_plan(today=today, days=days, round=round)
    if not reminders:
        return []
    sent_today = set(
        ReminderSent.objects.filter(date=today).values_list("person_id", "round_id", "kind")
    )

    def status(reminder: Reminder) -> ReminderStatus:
        if not reminder.person.email:
            return ReminderStatus.NO_ADDRESS
        if (reminder.person.pk, reminder.round.pk, reminder.kind) in sent_today:
            return ReminderStatus.ALREADY_SENT
        return ReminderStatus.TO_SEND

    return [DueReminder(reminder, status(reminder)) for reminder in reminders]


def reminders_send(
    *,
    today: datetime.date | None = None,
    days: int = DEFAULT_DAYS,
    dry_run: bool = False,
    round: CollectionRound | None = None,  # noqa: A002
    acting_user: User | None = None,
) -> ReminderCounts:
    """E-mail the reminders due today that have not been sent today, for every open round (or
    only ``round``). A dry run sends and records nothing, and counts what it would send.
    ``acting_user`` is who sent them from the browser; None for the command line."""
    today = today or timezone.localdate()
    counts = ReminderCounts(dry_run=dry_run)
    for due in reminders_due(today=today, days=days, round=round):
        reminder = due.reminder
        if due.status == ReminderStatus.NO_ADDRESS:
            counts.no_address += 1
            continue
        if due.status == ReminderStatus.ALREADY_SENT:
            counts.already_sent += 1
            continue
        if dry_run:
            counts.add(reminder)
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    person=reminder.person,
                    round=reminder.round,
                    kind=reminder.kind,
                    date=today,
                    items=reminder.recorded_items(),
                )
                send_templated_mail(
                    template=TEMPLATES[reminder.kind],
                    to=[reminder.person.email],
                    context=reminder.context(today),
                )
        except IntegrityError:  # another run sent it since we looked
            counts.already_sent += 1
            continue
        except (OSError, smtplib.SMTPException):
            logger.exception("Could not send a %s reminder to %s", reminder.kind, reminder.person)
            counts.failed += 1
            continue
        counts.add(reminder)
    if counts.sent and not dry_run:
        _audit(counts, today=today, round=round, acting_user=acting_user)
    return counts


def _audit(
    counts: ReminderCounts,
    *,
    today: datetime.date,
    round: CollectionRound | None,  # noqa: A002
    acting_user: User | None,
) -> None:
    """One entry for the run. Each e-mail committed on its own (a refused one must not undo
    the rest), so the entry follows them rather than sharing their transactions."""
    where = f"the {round.quarter} round" if round else "open rounds"
    audit_record(
        acting_user=acting_user,
        action="reminders_send",
        summary=(
            f"Sent {counts.sent} reminder(s) for {where}: {counts.due_soon} due soon, "
            f"{counts.overdue} overdue, {counts.escalation} escalation(s)"
        ),
        target=round,
        data={
            "date": today.isoformat(),
            "from": "browser" if acting_user else "command line",
            "sent": [
                {
                    "person": r.person.pk,
                    "email": r.person.email,
                    "round": str(r.round.quarter),
                    "kind": str(r.kind),
                    "items": len(r.items),
                }
                for r in counts.reminders
            ],
            "already_sent": counts.already_sent,
            "no_address": counts.no_address,
            "failed": counts.failed,
        },
    )
