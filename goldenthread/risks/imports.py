"""`goldenthread import-risks FILE`: a council's risk registers from one CSV or XLSX file.

One table whose ``record`` column says what each row is: a **risk** (matched by its code) or an
**action** (matched by its risk's code and its title). Every row is checked against the file and
the database, then all of it is written in one transaction with one audit entry, or nothing
(the reading and the all-or-nothing run are the indicator imports' own). Scores are checked
against the council's scale; each new or changed score is kept in the risk's score history with
who, when, before → after and why; a risk marked escalated gets its escalation history. A risk
already escalated or closed cannot be changed by a file, as in the browser. docs/imports.md
describes the file.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import models
from django.utils import timezone

from goldenthread.indicators.imports.cells import CellError, NameIndex
from goldenthread.indicators.imports.lookups import UserIndex, code_key
from goldenthread.indicators.imports.reading import Column, ImportSource, Table, source_name
from goldenthread.indicators.imports.result import ImportResult, RowError
from goldenthread.indicators.imports.runner import Plan, RowReader, rows_by_record, run_import
from goldenthread.organisation.models import Department, Directorate
from goldenthread.planning.imports.cells import parse_code, parse_named_choice, parse_words
from goldenthread.planning.imports.matching import held_by_code
from goldenthread.planning.imports.plan import Counts
from goldenthread.planning.models import Objective
from goldenthread.risks import scoring
from goldenthread.risks.choices import LEVEL_RANK, ActionProgress, RiskLevel, RiskStatus
from goldenthread.risks.models import (
    TEXT_MAX,
    Risk,
    RiskAction,
    RiskEscalation,
    RiskObjective,
    RiskScoreChange,
    current_scale,
)

KIND = "risks"


class RecordKind(models.TextChoices):
    """What a row of a risk file describes."""

    RISK = "risk", "risk"
    ACTION = "action", "action"


RISK_ONLY = (
    "code",
    "level",
    "department",
    "directorate",
    "cause",
    "effect",
    "objectives",
    "inherent_likelihood",
    "inherent_impact",
    "residual_likelihood",
    "residual_impact",
    "controls",
    "identified_on",
    "review_date",
    "status",
    "escalated_to",
    "closed_on",
    "reason",
)
ACTION_ONLY = ("risk", "due", "progress", "percent_done", "note", "done_on")
NAMES = ("record", "code", "title", "owner", *RISK_ONLY[1:], *ACTION_ONLY)
COLUMNS = tuple(Column(name) for name in NAMES)
REQUIRED: dict[str, tuple[str, ...]] = {
    RecordKind.RISK: (
        "code",
        "title",
        "owner",
        "inherent_likelihood",
        "inherent_impact",
        "residual_likelihood",
        "residual_impact",
    ),
    RecordKind.ACTION: ("risk", "title", "owner", "due"),
}
USES: dict[str, set[str]] = {
    RecordKind.RISK: {"record", "title", "owner", *RISK_ONLY},
    RecordKind.ACTION: {"record", "title", "owner", *ACTION_ONLY},
}
CODE_MAX = Risk._meta.get_field("code").max_length or 20
TITLE_MAX = Risk._meta.get_field("title").max_length or 300
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_PLURALS = {RecordKind.RISK: "risks", RecordKind.ACTION: "actions"}


# -- cells --------------------------------------------------------------------------------------


def parse_date(raw: str) -> datetime.date | None:
    """A date as 2009-03-31 or 31/03/2009 (day first, as in the UK); empty is None."""
    if not raw:
        return None
    text = raw.strip()[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", raw.strip()) else raw.strip()
    try:
        if found := _UK_DATE.match(text):
            day, month, year = (int(part) for part in found.groups())
            return datetime.date(year, month, day)
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CellError(f"{raw!r} is not a date; write it as 2009-03-31 or 31/03/2009") from None


def parse_percent(raw: str) -> int | None:
    if not raw:
        return None
    text = raw.removesuffix("%").strip()
    if not text.isdigit() or int(text) > 100:
        raise CellError(f"{raw!r} is not a whole number from 0 to 100 (per cent)")
    return int(text)


def _record_kind(raw: str) -> str:
    return parse_named_choice(raw, RecordKind, default=RecordKind.RISK) or RecordKind.RISK


# -- what the import will do --------------------------------------------------------------------


@dataclass
class RiskFile(Plan):
    """What importing a risk file would do, worked out before anything is written."""

    counts: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    new_risks: list[Risk] = field(default_factory=list)
    changed_risks: list[Risk] = field(default_factory=list)
    # By id(risk): the objectives it is to be linked to (exactly these), when the file says.
    links: dict[int, list[Objective]] = field(default_factory=dict)
    # (risk, scores before or None for a first assessment, reason)
    assessments: list[tuple[Risk, dict[str, int] | None, str]] = field(default_factory=list)
    # (risk, the risk it becomes on the higher register, reason)
    escalations: list[tuple[Risk, Risk, str]] = field(default_factory=list)
    new_actions: list[RiskAction] = field(default_factory=list)
    changed_actions: list[RiskAction] = field(default_factory=list)
    acting_user: Any = None

    def count(self, kind: str, outcome: str, label: str) -> None:
        counts = self.counts[kind]
        setattr(counts, outcome, getattr(counts, outcome) + 1)
        if outcome == "created":
            self.created.append(label)
        elif outcome == "updated":
            self.updated.append(label)
        else:
            self.unchanged += 1

    def write(self) -> None:
        now = timezone.now()
        escalating = {id(risk): target for risk, target, _ in self.escalations}
        for risk in self.new_risks:
            if id(risk) in escalating:  # escalated once the risk it became exists
                risk.status, risk.escalated_to = RiskStatus.OPEN, None
            risk.updated_at = now
            risk.save()
        for risk in self.changed_risks:
            if id(risk) in escalating:
                risk.status, risk.escalated_to = RiskStatus.OPEN, None
            risk.version += 1
            risk.updated_at = now
            risk.save()
        for risk, target, reason in self.escalations:
            risk.status, risk.escalated_to = RiskStatus.ESCALATED, target
            risk.save(update_fields=["status", "escalated_to"])
            RiskEscalation.objects.create(
                risk=risk,
                new_risk=target,
                from_level=risk.level,
                to_level=target.level,
                escalated_by=self.acting_user,
                escalated_at=now,
                reason=reason,
            )
        self._write_links(now)
        RiskScoreChange.objects.bulk_create(
            RiskScoreChange(
                risk=risk,
                changed_at=now,
                changed_by=self.acting_user,
                reason=reason,
                **{f"{name}_before": (before or {}).get(name) for name, _ in scoring.SCORE_FIELDS},
                **{name: getattr(risk, name) for name, _ in scoring.SCORE_FIELDS},
            )
            for risk, before, reason in self.assessments
        )
        for action in self.new_actions:
            action.updated_at = now
        RiskAction.objects.bulk_create(self.new_actions)
        for action in self.changed_actions:
            action.version += 1
            action.updated_at = now
            action.save()

    def _write_links(self, now: datetime.datetime) -> None:
        risks = {id(risk): risk for risk in [*self.new_risks, *self.changed_risks]}
        held: dict[int, set[int]] = defaultdict(set)
        for risk_id, objective_id in RiskObjective.objects.filter(
            risk__in=[risks[key] for key in self.links if risks[key].pk]
        ).values_list("risk_id", "objective_id"):
            held[risk_id].add(objective_id)
        for key, objectives in self.links.items():
            risk = risks[key]
            wanted = {objective.pk for objective in objectives}
            gone = held[risk.pk] - wanted
            if gone:
                RiskObjective.objects.filter(risk=risk, objective_id__in=gone).delete()
            RiskObjective.objects.bulk_create(
                RiskObjective(risk=risk, objective=objective, linked_at=now)
                for objective in objectives
                if objective.pk not in held[risk.pk]
            )


# -- checking -----------------------------------------------------------------------------------


class _Checker:
    def __init__(self, table: Table, errors: list[RowError], *, name: str, user: Any) -> None:
        self.table = table
        self.errors = errors
        self.plan = RiskFile(acting_user=user)
        self.default_reason = f"Imported from {name}"
        self.scale = current_scale()
        self.today = timezone.localdate()
        self.rows: dict[str, list[RowReader]] = defaultdict(list)
        self.risks: dict[str, Risk] = {}  # every risk the file or the database has, by code key
        self.held_status: dict[str, str] = {}  # before the import, by code key
        self.file_rows: dict[str, int] = {}  # the row giving each risk, by code key
        self.held_links: dict[int, set[int]] = defaultdict(set)  # objective ids, by risk id

    def run(self) -> RiskFile:
        rows = rows_by_record(
            self.table,
            self.errors,
            kind_of=_record_kind,
            label=str,
            uses=USES,
            required=REQUIRED,
        )
        if rows is None:
            return self.plan
        self.rows = rows
        self.users = UserIndex(r["owner"] for readers in self.rows.values() for r in readers)
        self._risks()
        self._actions()
        self.plan.audit["counts"] = {kind: vars(c) for kind, c in self.plan.counts.items()}
        return self.plan

    # -- risks ----------------------------------------------------------------------------------

    def _risks(self) -> None:
        rows = self.rows[RecordKind.RISK]
        wanted = [r["code"] for r in rows] + [r["escalated_to"] for r in rows]
        wanted += [r["risk"] for r in self.rows[RecordKind.ACTION]]
        found = held_by_code(Risk, wanted)
        related = Risk.objects.select_related("escalated_to", "department").in_bulk(
            [risk.pk for risk in found.values()]
        )
        self.risks = {key: related[risk.pk] for key, risk in found.items()}
        for risk_id, objective_id in RiskObjective.objects.filter(
            risk_id__in=list(related)
        ).values_list("risk_id", "objective_id"):
            self.held_links[risk_id].add(objective_id)
        self.held_status = {key: risk.status for key, risk in self.risks.items()}
        departments = NameIndex(
            Department.objects.select_related("directorate"),
            lambda d: d.code,
            lambda d: d.name,
            noun="department",
            unknown="a department code or name in Golden Thread",
        )
        directorates = NameIndex(
            Directorate.objects.all(),
            lambda d: d.code,
            lambda d: d.name,
            noun="directorate",
            unknown="a directorate code or name in Golden Thread",
        )
        objectives = held_by_code(
            Objective, (code for r in rows for code in r["objectives"].split(";"))
        )
        pending: list[tuple[RowReader, Risk, str]] = []  # escalations, once every risk is known
        for reader in rows:
            code = reader.read("code", partial(_code, max_length=CODE_MAX))
            values = {
                "title": reader.read("title", partial(_text, max_length=TITLE_MAX)),
                "owner": reader.read("owner", self.users.get),
                "cause": reader.read("cause", partial(_text, max_length=TEXT_MAX)),
                "effect": reader.read("effect", partial(_text, max_length=TEXT_MAX)),
                "controls": reader.read("controls", partial(_text, max_length=TEXT_MAX)),
                "identified_on": reader.read("identified_on", parse_date),
                "review_date": reader.read("review_date", parse_date),
            }
            register = self._register(reader, departments, directorates)
            scores = self._scores(reader)
            status = reader.read("status", partial(_choice, choices=RiskStatus))
            closed_on = reader.read("closed_on", parse_date)
            linked = reader.read("objectives", partial(_objectives, index=objectives))
            reason = reader.read("reason", partial(_text, max_length=TEXT_MAX))
            status = status or RiskStatus.OPEN
            if reader["escalated_to"] and status != RiskStatus.ESCALATED:
                reader.refuse("escalated_to", "only an escalated risk names the risk it became")
            if status == RiskStatus.ESCALATED and not reader["escalated_to"]:
                reader.refuse(
                    "status",
                    "an escalated risk needs the code of the risk it became in "
                    "the column 'escalated_to'",
                )
            if closed_on and status != RiskStatus.CLOSED:
                reader.refuse("closed_on", "only a closed risk has a date it was closed")
            if not code:
                continue
            key = code_key(code)
            if key in self.file_rows:
                reader.refuse("code", f"{code!r} is also on row {self.file_rows[key]}")
                continue
            self.file_rows[key] = reader.number
            if not reader.ok or register is None or scores is None:
                continue
            fields = {
                **{name: value for name, value in values.items() if self._has(name)},
                **register,
                **{name: getattr(scores, name) for name, _ in scoring.SCORE_FIELDS},
            }
            if status == RiskStatus.CLOSED:
                fields["closed_on"] = (
                    closed_on or self.risks.get(key, Risk()).closed_on or (self.today)
                )
            why = reason or self.default_reason
            risk = self._settle(reader, key, code, fields, status, linked, why)
            if risk is not None and status == RiskStatus.ESCALATED:
                pending.append((reader, risk, why))
        for reader, risk, why in pending:
            self._escalation(reader, risk, why)

    def _has(self, column: str) -> bool:
        return self.table.has(column)

    def _register(
        self,
        reader: RowReader,
        departments: NameIndex[Department],
        directorates: NameIndex[Directorate],
    ) -> dict[str, Any] | None:
        found = len(self.errors)
        level = reader.read("level", partial(_choice, choices=RiskLevel))
        department = reader.read("department", lambda raw: departments.get(raw) if raw else None)
        directorate = reader.read("directorate", lambda raw: directorates.get(raw) if raw else None)
        if len(self.errors) > found:
            return None
        if level is None:
            level = (
                RiskLevel.DEPARTMENT
                if department
                else RiskLevel.DIRECTORATE
                if directorate
                else RiskLevel.CORPORATE
            )
        if level == RiskLevel.DEPARTMENT and (department is None or directorate is not None):
            reader.refuse("department", "a department risk names its department and no directorate")
        elif level == RiskLevel.DIRECTORATE and (directorate is None or department is not None):
            reader.refuse(
                "directorate", "a directorate risk names its directorate and no department"
            )
        elif level == RiskLevel.CORPORATE and (department or directorate):
            reader.refuse("level", "a corporate risk belongs to no department or directorate")
        if len(self.errors) > found:
            return None
        return {"level": level, "department": department, "directorate": directorate}

    def _scores(self, reader: RowReader) -> scoring.Scores | None:
        values = {name: reader[name] for name, _ in scoring.SCORE_FIELDS}
        try:
            return scoring.check_scores(values, self.scale)
        except scoring.ScoreError as error:
            reader.refuse(error.field, error.message)
            return None

    def _settle(
        self,
        reader: RowReader,
        key: str,
        code: str,
        fields: dict[str, Any],
        status: str,
        linked: list[Objective] | None,
        why: str,
    ) -> Risk | None:
        """Create or update the risk; refuse a change to one already escalated or closed."""
        risk = self.risks.get(key)
        if risk is None:
            identified = fields.pop("identified_on", None) or self.today
            risk = Risk(code=code, status=status, identified_on=identified, **fields)
            self.risks[key] = risk
            self.plan.new_risks.append(risk)
            self.plan.assessments.append((risk, None, why))
            if linked:
                self.plan.links[id(risk)] = linked
            self.plan.count(RecordKind.RISK, "created", f"risk {code}")
            return risk
        if fields.get("identified_on") is None:
            fields.pop("identified_on", None)
        moved = [
            name
            for name in ("level", "department", "directorate")
            if _differs(risk, name, fields[name])
        ]
        if moved:
            reader.refuse(
                moved[0],
                f"{risk.code} is on the {risk.register}; a file cannot move it to another "
                "register (escalate it instead)",
                value=reader[moved[0]],
            )
            return None
        before = {name: getattr(risk, name) for name, _ in scoring.SCORE_FIELDS}
        changed = [name for name, value in fields.items() if _differs(risk, name, value)]
        relinked = linked is not None and {o.pk for o in linked} != self.held_links[risk.pk]
        status_change = status != risk.status and not (
            status == RiskStatus.ESCALATED and risk.status == RiskStatus.ESCALATED
        )
        if not (changed or relinked or status_change or self._retargeted(reader, risk, status)):
            self.plan.count(RecordKind.RISK, "unchanged", f"risk {code}")
            return None
        held = RiskStatus(risk.status)
        if held != RiskStatus.OPEN:
            where = f" to {risk.escalated_to.code}" if risk.escalated_to else ""
            reader.refuse(
                "status" if status_change else (changed[0] if changed else "objectives"),
                f"{risk.code} was {held.label.lower()}{where}: a file cannot change it any more"
                + (" (change the risk it became instead)" if where else ""),
            )
            return None
        for name in changed:
            setattr(risk, name, fields[name])
        risk.status = status
        if status == RiskStatus.CLOSED:
            risk.closed_on = fields["closed_on"]
        self.plan.changed_risks.append(risk)
        if any(name in before for name in changed):
            self.plan.assessments.append((risk, before, why))
        if relinked:
            self.plan.links[id(risk)] = linked or []
        self.plan.count(RecordKind.RISK, "updated", f"risk {code}")
        return risk

    def _retargeted(self, reader: RowReader, risk: Risk, status: str) -> bool:
        if status != RiskStatus.ESCALATED or risk.escalated_to is None:
            return False
        return code_key(risk.escalated_to.code) != code_key(reader["escalated_to"])

    def _escalation(self, reader: RowReader, risk: Risk, why: str) -> None:
        """Check the risk it became: on a higher register (its own directorate's, or the
        corporate one); then note the escalation."""
        raw = reader["escalated_to"]
        target = self.risks.get(code_key(raw))
        if target is None or code_key(raw) not in {*self.file_rows, *self.held_status}:
            reader.refuse(
                "escalated_to", f"{raw!r} is not the code of a risk in the file or in Golden Thread"
            )
            return
        if target is risk:
            reader.refuse("escalated_to", f"{risk.code} cannot be escalated to itself")
            return
        if LEVEL_RANK[RiskLevel(target.level)] <= LEVEL_RANK[RiskLevel(risk.level)]:
            reader.refuse(
                "escalated_to",
                f"{target.code} is on a {RiskLevel(target.level).label.lower()} register; "
                f"{risk.code} is escalated to a higher one than its own",
            )
            return
        if (
            target.level == RiskLevel.DIRECTORATE
            and risk.department is not None
            and risk.department.directorate_id != target.directorate_id
        ):
            reader.refuse(
                "escalated_to",
                f"{target.code} is on the {target.register}; {risk.code} is escalated to its "
                f"own directorate's register ({risk.department.directorate})",
            )
            return
        self.plan.escalations.append((risk, target, why))

    # -- actions --------------------------------------------------------------------------------

    def _actions(self) -> None:
        rows = self.rows[RecordKind.ACTION]
        held: dict[tuple[str, str], RiskAction] = {}
        known = [risk for risk in self.risks.values() if risk.pk]
        for action in RiskAction.objects.filter(risk__in=known).select_related("risk"):
            held[(code_key(action.risk.code), action.title.casefold())] = action
        seen: dict[tuple[str, str], int] = {}
        for reader in rows:
            risk = reader.read("risk", self._risk)
            title = reader.read("title", partial(_text, max_length=TITLE_MAX))
            owner = reader.read("owner", self.users.get)
            due = reader.read("due", parse_date)
            progress = reader.read("progress", partial(_choice, choices=ActionProgress))
            percent = reader.read("percent_done", parse_percent)
            note = reader.read("note", partial(_text, max_length=TEXT_MAX))
            done_on = reader.read("done_on", parse_date)
            progress = progress or ActionProgress.NOT_STARTED
            if progress == ActionProgress.DONE:
                if percent is not None and percent != 100:
                    reader.refuse("percent_done", "a done action is 100% done")
                percent, done_on = 100, done_on or self.today
            elif done_on is not None:
                reader.refuse("done_on", "only a done action has a date it was done")
            if risk is None or not title or not reader.ok:
                continue
            key = (code_key(risk.code), title.casefold())
            if key in seen:
                reader.refuse(
                    "title", f"{risk.code} has the action {title!r} on row {seen[key]} too"
                )
                continue
            seen[key] = reader.number
            values: dict[str, Any] = {"owner": owner, "due": due, "progress": progress}
            if self._has("percent_done") or progress == ActionProgress.DONE:
                values["percent_done"] = percent or 0
            if self._has("note"):
                values["note"] = note
            values["done_on"] = done_on
            self._settle_action(reader, risk, title, held.get(key), values)

    def _risk(self, raw: str) -> Risk | None:
        """The risk an action reduces (None when its own row was refused: that says why)."""
        key = code_key(raw)
        if key not in self.file_rows and key not in self.held_status:
            raise CellError(f"{raw!r} is not the code of a risk in the file or in Golden Thread")
        return self.risks.get(key)

    def _settle_action(
        self,
        reader: RowReader,
        risk: Risk,
        title: str,
        action: RiskAction | None,
        values: dict[str, Any],
    ) -> None:
        label = f"action of {risk.code}: {title}"
        if action is None:
            action = RiskAction(risk=risk, title=title, **values)
            changed = ["created"]
        else:
            changed = [name for name, value in values.items() if _differs(action, name, value)]
        if not changed:
            self.plan.count(RecordKind.ACTION, "unchanged", label)
            return
        held = self.held_status.get(code_key(risk.code))
        if held in (RiskStatus.CLOSED, RiskStatus.ESCALATED):
            reader.refuse(
                "risk",
                f"{risk.code} was {RiskStatus(held).label.lower()}: a file cannot change its "
                "actions any more",
            )
            return
        if action.pk is None:
            self.plan.new_actions.append(action)
            self.plan.count(RecordKind.ACTION, "created", label)
            return
        for name in changed:
            setattr(action, name, values[name])
        self.plan.changed_actions.append(action)
        self.plan.count(RecordKind.ACTION, "updated", label)


def _code(raw: str, *, max_length: int) -> str:
    return parse_code(raw, max_length=max_length)


def _text(raw: str, *, max_length: int) -> str:
    return parse_words(raw, max_length=max_length)


def _choice(raw: str, *, choices: type[models.TextChoices]) -> str | None:
    return parse_named_choice(raw, choices, default=None)


def _objectives(raw: str, *, index: dict[str, Objective]) -> list[Objective] | None:
    """``ERS 2; PP 5``: the objectives the risk threatens, each already in Golden Thread."""
    found: list[Objective] = []
    problems = []
    for part in (part.strip() for part in raw.split(";")):
        if not part:
            continue
        objective = index.get(code_key(part))
        if objective is None:
            problems.append(f"{part!r} is not the code of an objective in Golden Thread")
        elif objective in found:
            problems.append(f"{part!r} is named twice")
        else:
            found.append(objective)
    if problems:
        raise CellError("; ".join(problems))
    return found


def _differs(obj: models.Model, name: str, value: Any) -> bool:
    """Whether the file's value differs from the one held (a related object by its id, so
    comparing reads nothing more from the database)."""
    field_ = obj._meta.get_field(name)
    if field_.is_relation:
        wanted = value.pk if isinstance(value, models.Model) else value
        return bool(getattr(obj, field_.attname) != wanted)  # type: ignore[union-attr]
    return bool(getattr(obj, name) != value)


# -- the import ---------------------------------------------------------------------------------


@dataclass
class RiskImportResult(ImportResult):
    """An import's outcome, with the counts for risks and for actions."""

    counts: dict[str, Counts] = field(default_factory=dict)

    def kind_lines(self) -> list[str]:
        """``risks: 40 created, 0 updated, 0 unchanged``, then the same for actions."""
        return [
            self.counts[kind].line(_PLURALS[RecordKind(kind)])
            for kind in RecordKind.values
            if kind in self.counts
        ]


def risks_import(
    *,
    source: ImportSource,
    acting_user: Any,
    dry_run: bool = False,
    filename: str | None = None,
) -> RiskImportResult:
    """Check every row of a risk file and, unless ``dry_run`` or a row is refused, create or
    update the risks and actions it describes (risks matched by code, actions by their risk
    and title): all of it in one transaction with one audit entry, or nothing."""
    name = source_name(source, filename) or "a risk file"
    checked: list[RiskFile] = []

    def prepare(table: Table, errors: list[RowError]) -> RiskFile:
        plan = _Checker(table, errors, name=name, user=acting_user).run()
        checked.append(plan)
        return plan

    result = run_import(
        kind=KIND,
        columns=COLUMNS,
        prepare=prepare,
        source=source,
        acting_user=acting_user,
        dry_run=dry_run,
        filename=filename,
    )
    counts = dict(checked[0].counts) if checked and result.ok else {}
    return RiskImportResult(**vars(result), counts=counts)


__all__ = ["COLUMNS", "KIND", "NAMES", "RiskImportResult", "risks_import"]
