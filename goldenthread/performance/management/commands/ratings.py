"""`goldenthread ratings show|set|recalculate`: the council's rating rules from the command
line, as the performance team. The settings page does the same in the browser."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.performance.choices import RatingRule, ToleranceKind
from goldenthread.performance.models import RatingSettings, StatusRecord
from goldenthread.performance.services import (
    SETTINGS_FIELDS,
    rating_settings_update,
    statuses_recalculate,
    statuses_record_published,
)
from goldenthread.planning.periods import Period, PeriodError


def decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None


def switch(text: str) -> bool:
    word = text.strip().lower()
    if word in {"on", "yes", "true", "1"}:
        return True
    if word in {"off", "no", "false", "0"}:
        return False
    raise ValueError(text)


class Command(BaseCommand):
    help = "Show or change the council's rating rules, or recalculate published statuses."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        show = actions.add_parser("show", help="the rules in force")
        show.add_argument("--format", choices=["text", "json"], default="text")
        change = actions.add_parser(
            "set",
            help="change the rules; published statuses keep their colours",
        )
        change.add_argument("--rule", choices=RatingRule.values)
        change.add_argument("--tolerance", type=decimal, help="the amber band, e.g. 5")
        change.add_argument("--tolerance-kind", choices=ToleranceKind.values)
        change.add_argument(
            "--exception-threshold",
            type=decimal,
            help="%% better than target that is an over-performance exception",
        )
        change.add_argument(
            "--no-change-band",
            type=decimal,
            help="%% change shown as no change in direction of travel",
        )
        change.add_argument("--spc", type=switch, dest="spc_enabled", help="on or off")
        change.add_argument("--spc-shift-length", type=int)
        change.add_argument("--spc-trend-length", type=int)
        change.add_argument("--spc-minimum-points", type=int)
        recalc = actions.add_parser(
            "recalculate",
            help="re-rate stored statuses with the current rules (audited)",
        )
        recalc.add_argument("--period", help="only this period, e.g. 2008/09 Q4")
        actions.add_parser("record", help="store statuses for published figures that have none")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "show":
            self.show(options["format"])
        elif action == "set":
            values = {
                name: options[name] for name in SETTINGS_FIELDS if options.get(name) is not None
            }
            if not values:
                raise CommandError("Give at least one setting to change (see --help).")
            try:
                rating_settings_update(acting_user=None, **values)
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from error
            self.stdout.write(
                "Saved. Published statuses keep their colours until you run "
                "`goldenthread ratings recalculate`."
            )
            self.show("text")
        elif action == "recalculate":
            period = None
            if options["period"]:
                try:
                    period = Period.parse(options["period"])
                except PeriodError as error:
                    raise CommandError(f"--period: {error}") from error
            counts = statuses_recalculate(acting_user=None, period=period)
            self.stdout.write(
                f"Recalculated {counts.updated} stored statuses: "
                f"{counts.changed_status} changed colour (see the audit trail)."
            )
        else:
            counts = statuses_record_published(acting_user=None)
            self.stdout.write(
                f"Stored {counts.created} statuses; re-rated {counts.updated} revised figures."
            )

    def show(self, fmt: str) -> None:
        current = RatingSettings.current()
        values = {name: getattr(current, name) for name in SETTINGS_FIELDS}
        values["stored_statuses"] = StatusRecord.objects.count()
        if fmt == "json":
            self.stdout.write(json.dumps(values, default=str, indent=2))
            return
        width = max(map(len, values))
        for name, value in values.items():
            self.stdout.write(f"{name.replace('_', ' '):<{width}}  {value}")
