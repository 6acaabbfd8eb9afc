"""`goldenthread close-round --period P --as USERNAME [--yes]`: say what closing the round will
do, ask, and close it. The work is goldenthread.monitoring.services.round_close; what it will
do is goldenthread.monitoring.closing, the same the browser's confirmation page shows."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from goldenthread import access
from goldenthread.monitoring.closing import ClosingSummary, closing_summary
from goldenthread.monitoring.management.commands._returns import (
    acting_user,
    add_acting_argument,
)
from goldenthread.monitoring.models import ChangeHow, CollectionRound
from goldenthread.monitoring.services import MonitoringError, round_close
from goldenthread.planning.periods import Period, PeriodError, PeriodKind


def summary_lines(summary: ClosingSummary) -> list[str]:
    """What closing will do, as lines for a terminal."""
    quarter = summary.round.quarter
    lines = [
        f"Closing the {quarter} round:",
        "- it takes no more entries, submissions, returns or sign-offs;",
        f"- its {summary.published} published item(s) reach the public, and {quarter} "
        "becomes the latest quarter in every report;"
        if summary.published
        else "- nothing in it is published, so nothing new reaches the public;",
    ]
    totals = summary.totals()
    if totals:
        lines.append(
            f"- {summary.unpublished} of {summary.due} item(s) due are not published, and stay "
            "unpublished:"
        )
        lines += [f"    {count} {state.label}: {after}" for state, count, after in totals]
    else:
        lines.append("- every item due is published.")
    for department in summary.with_unpublished:
        words = department.left_in_words()
        if department.narrative_unpublished:
            words += (", " if words else "") + f"narrative {department.narrative}"
        lines.append(f"    {department.department.name}: {words}")
    unsigned = summary.not_signed_off
    if unsigned:
        lines.append(f"- {len(unsigned)} department(s) have not signed off their return:")
        lines += [
            f"    {d.department.name}" + (" (signed off, then lapsed)" if d.lapsed else "")
            for d in unsigned
        ]
    else:
        lines.append("- every department has signed off its return.")
    return lines


def find_round(text: str) -> CollectionRound:
    try:
        period = Period.parse(text)
    except PeriodError as error:
        raise CommandError(f"--period {text!r}: {error}") from None
    if period.kind is not PeriodKind.QUARTER:
        raise CommandError(
            f"--period: a round collects a quarter, e.g. 2009/10 Q1; {period} is not one."
        )
    round_ = CollectionRound.objects.filter(quarter=period).first()
    if round_ is None:
        raise CommandError(f"There is no {period} round: nothing was opened for that quarter.")
    if round_.closed_at is not None:
        raise CommandError(f"The {period} round is already closed.")
    return round_


class Command(BaseCommand):
    help = (
        "Close a quarter's collection round: its published figures reach the public, and it "
        "takes no more entries. Says what is unpublished and who has not signed off, and asks."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--period",
            required=True,
            metavar="QUARTER",
            help="the round's quarter, e.g. 2009/10 Q1",
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="close without asking (needed when there is no terminal to ask at)",
        )
        add_acting_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["acting"])
        if not access.is_performance_team(user):
            raise CommandError(f"{user.username} is not in the performance team, who close rounds.")
        round_ = find_round(options["period"])
        for line in summary_lines(closing_summary(round_)):
            self.stdout.write(line)
        if not options["yes"]:
            self.confirm(round_)
        try:
            round_close(acting_user=user, round=round_, how=ChangeHow.COMMAND_LINE)
        except (MonitoringError, Http404) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"The {round_.quarter} round is closed.")

    def confirm(self, round_: CollectionRound) -> None:
        stdin = sys.stdin
        if stdin is None or not stdin.isatty():
            raise CommandError(
                "Not closed: no terminal to confirm at; pass --yes to close the round."
            )
        self.stdout.write(f"Close the {round_.quarter} round? [y/N] ", ending="")
        self.stdout.flush()
        answer = stdin.readline().strip().lower()
        if answer not in ("y", "yes"):
            raise CommandError(f"Not closed: the {round_.quarter} round stays open.")
