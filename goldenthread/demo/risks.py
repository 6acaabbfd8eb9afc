"""Demo Borough's risk registers, loaded as a council would: two risk files read by
`import-risks` (goldenthread.risks.imports), the registers agreed in March 2009 and the first
quarter's review in July 2009 (content_risks describes both).

Nothing depends on today: every date is in the files, and the times the import stamps (score
history, escalations, links, last changes) are set afterwards to the day each file stands for,
with each score change and escalation made by the risk's owner. Which actions are overdue is
worked out when they are read.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from goldenthread.demo import content as c
from goldenthread.demo import content_risks as r
from goldenthread.demo.world import DemoError, World
from goldenthread.organisation.models import Role, RoleAssignment, User
from goldenthread.risks.imports import NAMES, risks_import
from goldenthread.risks.models import (
    Risk,
    RiskAction,
    RiskEscalation,
    RiskObjective,
    RiskScoreChange,
)
from goldenthread.spreadsheet_cells import csv_cell

Row = dict[str, Any]
MARCH_FILE = "demo-risks-2009-03.csv"
JULY_FILE = "demo-risks-2009-q1-review.csv"
LOADED_BY = "performance.officer"


def build_risks(world: World) -> None:
    """Load the March registers, then the July review, each dated to its day."""
    owners = _Owners(world)
    march_risks = [_risk_row(row, owners) for row in r.REGISTERS]
    march_actions = [_action_row(row, owners) for row in r.ACTIONS]
    _load([*march_risks, *march_actions], MARCH_FILE, world, r.MARCH)
    _load(_review(march_risks, march_actions, owners), JULY_FILE, world, r.JULY)


class _Owners:
    """Owners named by role in content_risks, as e-mail addresses for the file."""

    def __init__(self, world: World) -> None:
        self.world = world
        directors = RoleAssignment.objects.filter(
            role=Role.STRATEGIC_DIRECTOR, directorate__isnull=False
        ).select_related("user", "directorate")
        self.directors = {
            assignment.directorate.code: assignment.user
            for assignment in directors.order_by("pk")
            if assignment.directorate is not None
        }

    def email(self, spec: str) -> str:
        kind, _, code = spec.partition(":")
        people: dict[str, dict[str, User]] = {
            "head": self.world.heads,
            "collator": self.world.collators,
            "director": self.directors,
            "user": self.world.users,
        }
        try:
            return people[kind][code].email
        except KeyError:
            raise DemoError(f"no demo person for the risk owner {spec!r}") from None


def _register_columns(register: str) -> Row:
    """The level and unit columns of a register named by its code (CORP: the corporate one)."""
    if register == "CORP":
        return {"level": "corporate"}
    if register in {row.code for row in c.DIRECTORATES}:
        return {"level": "directorate", "directorate": register}
    return {"level": "department", "department": register}


def _risk_row(row: r.RiskRow, owners: _Owners) -> Row:
    status = {"status": "escalated", "escalated_to": row.escalated_to} if row.escalated_to else {}
    return {
        "record": "risk",
        "code": row.code,
        "title": row.title,
        **_register_columns(row.register),
        "owner": owners.email(row.owner),
        "cause": row.cause,
        "effect": row.effect,
        "objectives": "; ".join(row.objectives),
        "inherent_likelihood": row.inherent[0],
        "inherent_impact": row.inherent[1],
        "residual_likelihood": row.residual[0],
        "residual_impact": row.residual[1],
        "controls": row.controls,
        "identified_on": row.identified_on,
        "review_date": r.REVIEW_DATE,
        "reason": row.reason,
        **status,
    }


def _action_row(row: r.ActionRow, owners: _Owners) -> Row:
    progress = "done" if row.done_on else "in progress" if row.percent else "not started"
    return {
        "record": "action",
        "risk": row.risk,
        "title": row.title,
        "owner": owners.email(row.owner),
        "due": row.due,
        "progress": progress,
        "percent_done": row.percent,
        "done_on": row.done_on,
        "note": row.note,
    }


def _review(risks: list[Row], actions: list[Row], owners: _Owners) -> list[Row]:
    """The whole register again as the Q1 review leaves it: some scores changed, some risks
    escalated (with the risks they become) or closed, actions done."""
    rescores = {row.code: row for row in r.REVIEW_RESCORES}
    escalations = {row.code: row for row in r.REVIEW_ESCALATIONS}
    closures = {row.code: row for row in r.REVIEW_CLOSURES}
    reviewed = []
    for risk in risks:
        row = dict(risk)
        code = row["code"]
        if code in rescores:
            likelihood, impact = rescores[code].residual
            row.update(
                residual_likelihood=likelihood,
                residual_impact=impact,
                reason=rescores[code].reason,
            )
        if code in escalations:
            escalation = escalations[code]
            row.update(
                status="escalated", escalated_to=escalation.to.code, reason=escalation.reason
            )
        if code in closures:
            closure = closures[code]
            row.update(status="closed", closed_on=closure.closed_on, reason=closure.reason)
        reviewed.append(row)
    reviewed += [_risk_row(escalation.to, owners) for escalation in r.REVIEW_ESCALATIONS]
    done = {(code, title): day for code, title, day in r.REVIEW_DONE}
    for action in actions:
        row = dict(action)
        day = done.get((row["risk"], row["title"]))
        if day:
            row.update(progress="done", percent_done=100, done_on=day)
        reviewed.append(row)
    return reviewed


def _load(rows: list[Row], filename: str, world: World, day: str) -> None:
    """Load rows as a council would, written as a risk file and read by `import-risks`; then
    date what the import stamped with the time it ran."""
    started = timezone.now()
    result = risks_import(
        source=io.BytesIO(_csv(rows)), acting_user=world.users[LOADED_BY], filename=filename
    )
    if not result.ok:
        raise DemoError(result.error_report())
    _date(started, datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(10, 0), tzinfo=datetime.UTC
    ))  # fmt: skip


def _csv(rows: list[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(NAMES)
    writer.writerows([csv_cell(row.get(name, "")) for name in NAMES] for row in rows)
    return out.getvalue().encode("utf-8")


def _date(started: datetime.datetime, when: datetime.datetime) -> None:
    """Everything the import just stamped, dated ``when``; score changes and escalations made
    by the risk's owner, as the review has it."""
    owner = Subquery(Risk.objects.filter(pk=OuterRef("risk_id")).values("owner_id")[:1])
    RiskScoreChange.objects.filter(changed_at__gte=started).update(
        changed_at=when, changed_by=owner
    )
    RiskEscalation.objects.filter(escalated_at__gte=started).update(
        escalated_at=when, escalated_by=owner
    )
    RiskObjective.objects.filter(linked_at__gte=started).update(linked_at=when)
    Risk.objects.filter(updated_at__gte=started).update(updated_at=when)
    RiskAction.objects.filter(updated_at__gte=started).update(updated_at=when)


def demo_risk_codes() -> Iterator[str]:
    """Every risk code the demo loads, in the order of the files."""
    yield from (row.code for row in r.REGISTERS)
    yield from (escalation.to.code for escalation in r.REVIEW_ESCALATIONS)
