"""`goldenthread demo`: load Demo Borough Council, or print its sign-ins."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from goldenthread.demo import DEMO_PASSWORD, DemoSummary, build_demo
from goldenthread.demo.builder import database_is_empty
from goldenthread.demo.logins import demo_logins
from goldenthread.demo.world import DemoError

NOT_EMPTY = (
    "The database already holds data, so the demo was not loaded. Run "
    "`goldenthread demo --if-empty` to leave it as it is, or `goldenthread demo --flush` to "
    "delete ALL of its data and load the demo."
)
NOT_DEVELOPMENT = (
    "The demo creates accounts whose password is published, so it loads only when "
    "GOLDENTHREAD_DEBUG or GOLDENTHREAD_TESTING is on. Add --force to load it anyway."
)


class Command(BaseCommand):
    help = (
        "Load Demo Borough Council (a fictional council with plans, indicators and two years "
        "of figures) into an empty database, or print its sign-ins with --logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="When the database already holds data, leave it and succeed.",
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Delete ALL data first (Django's flush), then load the demo.",
        )
        parser.add_argument(
            "--logins",
            action="store_true",
            help="Print a sign-in for each audience and the demo password. On its own it "
            "loads nothing.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with GOLDENTHREAD_DEBUG and GOLDENTHREAD_TESTING off.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and options["flush"]:
            raise CommandError("Choose --if-empty or --flush, not both.")
        loading = options["if_empty"] or options["flush"] or not options["logins"]
        if loading:
            self._load(flush=options["flush"], if_empty=options["if_empty"], force=options["force"])
        if options["logins"]:
            self._print_logins()

    def _load(self, *, flush: bool, if_empty: bool, force: bool) -> None:
        if not (settings.DEBUG or settings.TESTING or force):
            raise CommandError(NOT_DEVELOPMENT)
        try:
            if flush:
                with transaction.atomic():
                    call_command("flush", interactive=False, verbosity=0)
                    summary = build_demo()
            elif database_is_empty():
                summary = build_demo()
            elif if_empty:
                self.stdout.write("The database already holds data; the demo was not loaded.")
                return
            else:
                raise CommandError(NOT_EMPTY)
        except DemoError as error:
            raise CommandError(f"The demo was not loaded: {error}.") from error
        self._print_summary(summary)

    def _print_summary(self, summary: DemoSummary) -> None:
        self.stdout.write(
            self.style.SUCCESS(f"Loaded Demo Borough Council in {summary.seconds:.1f} s:")
        )
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(
            "Sign in as any audience with `goldenthread demo --logins` "
            f"(password: {DEMO_PASSWORD})."
        )

    def _print_logins(self) -> None:
        try:
            logins = demo_logins()
        except DemoError as error:
            raise CommandError(f"No logins to show: {error}.") from error
        header = ("Role", "Username", "Name", "What they see")
        rows = [header, *((x.role, x.username, x.name, x.sees) for x in logins)]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for n, row in enumerate(rows):
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[3]]).rstrip())
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in [*widths, len(header[3])]))
        self.stdout.write(f"\nEvery demo account's password is: {DEMO_PASSWORD}")
