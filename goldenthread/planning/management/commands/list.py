"""`goldenthread list KIND`: the codes and names other commands accept.

goldenthread list departments
goldenthread list indicators --department ERS --format csv
goldenthread list risks --format json
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, Prefetch

from goldenthread.indicators.models import Indicator, IndicatorPriority
from goldenthread.organisation.lookups import NotFound, resolve_department
from goldenthread.organisation.models import Board, Department, Directorate, Portfolio
from goldenthread.planning.management.commands._tables import (
    FORMATS,
    text_table,
    write_csv,
    write_json,
)
from goldenthread.planning.models import Objective, Priority
from goldenthread.risks import scoring
from goldenthread.risks.models import Risk, current_scale

Rows = tuple[list[str], list[list[Any]]]


def departments(options: dict[str, Any]) -> Rows:
    rows = Department.objects.select_related("directorate").order_by("code")
    return (["code", "name", "directorate"], [[d.code, d.name, d.directorate.name] for d in rows])


def directorates(options: dict[str, Any]) -> Rows:
    rows = (
        Directorate.objects.select_related("organisation")
        .annotate(department_count=Count("departments"))
        .order_by("code")
    )
    return (
        ["code", "name", "organisation", "departments"],
        [[d.code, d.name, d.organisation.name, d.department_count] for d in rows],
    )


def priorities(options: dict[str, Any]) -> Rows:
    rows = Priority.objects.select_related("ppb", "ssp").order_by("number")
    return (
        ["code", "name", "short_name", "ppb", "ssp"],
        [
            [
                p.code,
                p.name,
                p.short_name,
                p.ppb.code if p.ppb else None,
                p.ssp.code if p.ssp else None,
            ]
            for p in rows
        ],
    )


def boards(options: dict[str, Any]) -> Rows:
    rows = Board.objects.order_by("kind", "code")
    return (["code", "name", "kind"], [[b.code, b.name, b.kind] for b in rows])


def portfolios(options: dict[str, Any]) -> Rows:
    rows = Portfolio.objects.prefetch_related(
        Prefetch("departments", queryset=Department.objects.order_by("code"))
    ).order_by("code")
    return (
        ["code", "name", "departments"],
        [[p.code, p.name, ";".join(d.code for d in p.departments.all())] for p in rows],
    )


def indicators(options: dict[str, Any]) -> Rows:
    rows = (
        Indicator.objects.select_related("department")
        .prefetch_related(
            Prefetch(
                "priority_links",
                queryset=IndicatorPriority.objects.select_related("priority").order_by("position"),
            )
        )
        .order_by("code")
    )
    if options.get("department"):
        try:
            rows = rows.filter(department=resolve_department(options["department"]))
        except NotFound as error:
            raise CommandError(str(error)) from error
    if options.get("set"):
        rows = rows.of_set(options["set"])
    return (
        ["code", "title", "set", "department", "priorities"],
        [
            [
                i.code,
                i.title,
                i.indicator_set,
                i.department.code if i.department else None,
                ";".join(link.priority.code for link in i.priority_links.all()),
            ]
            for i in rows
        ],
    )


def risks(options: dict[str, Any]) -> Rows:
    """Every risk on every register: its register (level, and the department's or
    directorate's code), the objectives it threatens, and its residual score and band on the
    council's scale."""
    scale = current_scale()
    rows = (
        Risk.objects.select_related("department", "directorate")
        .prefetch_related(Prefetch("objectives", queryset=Objective.objects.order_by("code")))
        .order_by("code")
    )
    if options.get("department"):
        try:
            rows = rows.filter(department=resolve_department(options["department"]))
        except NotFound as error:
            raise CommandError(str(error)) from error
    return (
        ["code", "title", "level", "register", "objectives", "residual", "band", "status"],
        [
            [
                r.code,
                r.title,
                r.level,
                r.register.code_prefix,
                ";".join(objective.code for objective in r.objectives.all()),
                r.residual,
                scoring.band(r.residual, scale).value,
                r.status,
            ]
            for r in rows
        ],
    )


KINDS: dict[str, Callable[[dict[str, Any]], Rows]] = {
    "departments": departments,
    "directorates": directorates,
    "priorities": priorities,
    "boards": boards,
    "portfolios": portfolios,
    "indicators": indicators,
    "risks": risks,
}


class Command(BaseCommand):
    help = "List departments, directorates, priorities, boards, portfolios, indicators or risks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind", choices=list(KINDS), metavar="KIND", help=f"What to list: {', '.join(KINDS)}."
        )
        parser.add_argument(
            "--format", choices=FORMATS, default="text", help="text (the default), json or csv."
        )
        parser.add_argument(
            "--department",
            metavar="D",
            help="Indicators and risks only: those of department D (a code or name).",
        )
        parser.add_argument(
            "--set",
            choices=["NI", "BVPI", "local", "partner", "LAA"],
            help="Indicators only: those of one set, or the LAA.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["kind"]
        if kind != "indicators" and options["set"]:
            raise CommandError("--set applies only to `list indicators`.")
        if kind not in ("indicators", "risks") and options["department"]:
            raise CommandError("--department applies only to `list indicators` and `list risks`.")
        columns, rows = KINDS[kind](options)
        out = io.StringIO()
        if options["format"] == "json":
            write_json(
                out, {"list": kind, "rows": [dict(zip(columns, row, strict=True)) for row in rows]}
            )
        elif options["format"] == "csv":
            write_csv(out, columns, rows)
        else:
            out.write(text_table(columns, rows) + "\n" if rows else f"No {kind}.\n")
        self.stdout.write(out.getvalue(), ending="")
