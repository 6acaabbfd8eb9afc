"""`goldenthread send-reminders`: e-mail officers about items due soon or overdue in open
collection rounds, and operational directors about late returns. Safe to run from cron: a
second run the same day sends nothing. The work is goldenthread.monitoring.reminders, which the
performance team's reminders page (/collection/<quarter>/reminders/) calls too."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.monitoring.models import CollectionRound
from goldenthread.monitoring.reminders import DEFAULT_DAYS, reminders_send
from goldenthread.planning.periods import Period, PeriodError


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def days(text: str) -> int:
    number = int(text)
    if number < 0:
        raise ValueError(text)
    return number


def _round(text: str) -> CollectionRound:
    try:
        quarter = Period.parse(text)
    except PeriodError as error:
        raise CommandError(f"--period: {error}") from error
    found = CollectionRound.objects.filter(quarter=quarter).first()
    if found is None:
        raise CommandError(f"--period: there is no collection round for {quarter}")
    return found


class Command(BaseCommand):
    help = "E-mail reminders about items due soon or overdue in open collection rounds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=days,
            default=DEFAULT_DAYS,
            help=f"remind this many days before the deadline (default {DEFAULT_DAYS})",
        )
        parser.add_argument(
            "--today",
            type=day,
            metavar="YYYY-MM-DD",
            help="act as if it were this day (default: today, in the council's time zone)",
        )
        parser.add_argument(
            "--period",
            metavar="QUARTER",
            help="only the round for this quarter, e.g. '2009/10 Q2' (default: every open round)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="say who would be e-mailed; send and record nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = reminders_send(
            today=options["today"],
            days=options["days"],
            dry_run=options["dry_run"],
            round=_round(options["period"]) if options["period"] else None,
        )
        verb = "Would send" if counts.dry_run else "Sent"
        for reminder in counts.reminders:
            self.stdout.write(
                f"{verb} {reminder.kind.label.lower()} to "
                f"{reminder.person.email}: {len(reminder.items)} item(s), {reminder.round.quarter}"
            )
        self.stdout.write(
            f"{verb} {counts.sent} reminder(s): {counts.due_soon} due soon, {counts.overdue} "
            f"overdue, {counts.escalation} escalation(s); {counts.already_sent} already sent "
            f"today, {counts.no_address} without an e-mail address, {counts.failed} failed."
        )
        if counts.failed:
            raise CommandError(f"{counts.failed} reminder(s) could not be sent; see the log.")
