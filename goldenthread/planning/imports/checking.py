"""Checking a plan file: every row read, every reference resolved, nothing written.

Rows may come in any order: a row names what it hangs from by code, found among the file's
own rows first and then in the database. The kinds are checked top down (priorities, key
objectives, areas of focus, plans, objectives, their links, milestones, tasks, indicator
links), each in one pass over its rows with every lookup loaded beforehand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from goldenthread.indicators.imports.cells import CellError, NameIndex
from goldenthread.indicators.imports.lookups import UserIndex, code_key
from goldenthread.indicators.imports.reading import Table
from goldenthread.indicators.imports.result import RowError
from goldenthread.indicators.imports.runner import RowReader
from goldenthread.organisation.models import (
    Board,
    Department,
    Organisation,
    OrganisationKind,
    Portfolio,
)
from goldenthread.planning.imports import cells
from goldenthread.planning.imports.columns import REQUIRED, USES, RecordKind
from goldenthread.planning.imports.plan import PlanFile
from goldenthread.planning.models import (
    PLAN_LEVEL,
    AreaOfFocus,
    KeyObjective,
    Milestone,
    Objective,
    Plan,
    PlanKind,
    PlanState,
    Priority,
    Task,
)

M = TypeVar("M", bound=models.Model)
# The plans that hold tasks: divisional, team and personal plans.
TASK_LEVELS = frozenset({PLAN_LEVEL[PlanKind.DIVISIONAL_PLAN], PLAN_LEVEL[PlanKind.PERSONAL_PLAN]})
PLAN_KIND = partial(cells.parse_named_choice, choices=PlanKind)
PLAN_STATE = partial(cells.parse_named_choice, choices=PlanState)
K = RecordKind


def check(table: Table, errors: list[RowError]) -> PlanFile:
    """Every row of ``table`` checked; errors added to ``errors``; what writing would do."""
    return _Checker(table, errors).run()


def held_by_code(model: type[M], codes: Iterable[str]) -> dict[str, M]:
    """The ``model`` rows with these codes, keyed by code_key (case and spaces ignored)."""
    written = {" ".join(code.split()) for code in codes if code.strip()}
    if not written:
        return {}
    keys = {code_key(code) for code in written}
    found = model._default_manager.annotate(code_lower=Lower("code")).filter(
        # The exact match finds codes whose case SQLite's LOWER() cannot fold.
        Q(code_lower__in=keys) | Q(code__in=written)
    )
    return {code_key(obj.code): obj for obj in found}  # type: ignore[attr-defined]


def _label(kind: str) -> str:
    return str(RecordKind(kind).label)


class _Checker:
    def __init__(self, table: Table, errors: list[RowError]) -> None:
        self.table = table
        self.errors = errors
        self.plan = PlanFile()
        self.rows: dict[str, list[RowReader]] = defaultdict(list)
        # The row that gave each code of each kind, to name it when a code comes twice.
        self.seen: dict[str, dict[Any, int]] = defaultdict(dict)
        self.priorities: NameIndex[Priority] | None = None
        self.plans: dict[str, Plan] = {}
        self.objectives: dict[str, Objective] = {}

    # -- reading ---------------------------------------------------------------------------

    def run(self) -> PlanFile:
        for row in self.table.rows:
            reader = RowReader(row, self.errors)
            kind = reader.read("record", _record_kind)
            if kind is None:
                continue
            for column in self.table.columns:
                if row[column] and column not in USES[kind]:
                    reader.refuse(
                        column,
                        f"a {_label(kind)} row does not use the column '{column}'; "
                        "leave it empty (is the row shifted by a column?)",
                    )
            for column in REQUIRED[kind]:
                if self.table.has(column) and not row[column]:
                    reader.refuse(
                        column, f"no {column.replace('_', ' ')} given; a {_label(kind)} needs one"
                    )
            self.rows[kind].append(reader)
        if self._columns_missing():
            return self.plan
        self.users = UserIndex(
            reader["owner"] for readers in self.rows.values() for reader in readers
        )
        self._priorities()
        self._key_objectives()
        self._areas_of_focus()
        self._plans()
        self._objectives()
        self._objective_links()
        self._milestones()
        self._tasks()
        self._indicator_links()
        return self.plan

    def _columns_missing(self) -> bool:
        missing = False
        for kind, readers in self.rows.items():
            for column in REQUIRED[kind]:
                if not self.table.has(column):
                    missing = True
                    self.errors.append(
                        RowError(
                            row=None,
                            column=None,
                            value="",
                            message=f"the file has {_label(kind)} rows (the first is row "
                            f"{readers[0].number}) but no '{column}' column, which they need",
                        )
                    )
        return missing

    def _first(self, kind: str, key: Any, reader: RowReader, written: str) -> bool:
        """True the first time the file gives this key for this kind; else refuse the row."""
        earlier = self.seen[kind].get(key)
        if earlier is not None:
            reader.refuse(
                "code" if self.table.has("code") else None,
                f"{written!r} is also on row {earlier}; give each {_label(kind)} one row",
                value=written,
            )
            return False
        self.seen[kind][key] = reader.number
        return True

    def _settle(
        self,
        kind: str,
        reader: RowReader,
        held: Any,
        values: dict[str, Any],
        make: Callable[..., Any],
        label: str,
    ) -> Any:
        """Create or update one thing from its row's values; count what happens. A refused
        row still gives the thing it names, so rows that name it are checked on their own
        merits rather than refused for naming it."""
        present = {name: value for name, (value, column) in values.items() if self._has(column)}
        if not reader.ok:
            return held if held is not None else make(**present)
        if held is None:
            obj = make(**present)
            self.plan.to_create[kind].append(obj)
            self.plan.count(kind, "created", label)
            return obj
        changed = _apply(held, present)
        if changed:
            self.plan.to_update[kind].append(held)
            self.plan.update_fields[kind].update(changed)
            self.plan.count(kind, "updated", label)
        else:
            self.plan.count(kind, "unchanged", label)
        return held

    def _has(self, column: str | None) -> bool:
        """A value whose column the file leaves out is left alone (None: always set)."""
        return column is None or self.table.has(column)

    # -- priorities, key objectives, areas of focus ----------------------------------------

    def _priorities(self) -> None:
        held = {code_key(p.code): p for p in Priority.objects.all()}
        boards = _by_code(Board.objects.all(), "board")
        portfolios = _by_code(Portfolio.objects.all(), "portfolio")
        numbers: list[tuple[RowReader, Priority]] = []
        for reader in self.rows[K.PRIORITY]:
            code = reader.read("code", partial(cells.parse_code, max_length=20))
            name = reader.read("title", partial(cells.parse_words, max_length=200))
            number = reader.read("number", cells.parse_priority_number)
            short = reader.read("short_name", partial(cells.parse_words, max_length=60))
            ppb = reader.read("ppb", boards)
            ssp = reader.read("ssp", boards)
            portfolio = reader.read("portfolio", portfolios)
            if not code or not self._first(K.PRIORITY, code_key(code), reader, code):
                continue
            known = held.get(code_key(code))
            values: dict[str, tuple[Any, str | None]] = {
                "code": (code, None),
                "name": (name, None),
                "short_name": (short or (name or "")[:60], "short_name" if known else None),
                "ppb": (ppb, "ppb"),
                "ssp": (ssp, "ssp"),
                "portfolio": (portfolio, "portfolio"),
            }
            if number is not None:
                values["number"] = (number, None)
            priority = self._settle(K.PRIORITY, reader, known, values, Priority, f"priority {code}")
            held[code_key(code)] = priority
            numbers.append((reader, priority))
        free = max((p.number or 0 for p in held.values()), default=0)
        for _reader, priority in numbers:
            if priority.number is None:
                free += 1
                priority.number = free
        everyone = list(held.values())
        self.priority_by_pk = {p.pk: p for p in everyone if p.pk is not None}
        rows = {id(priority): reader for reader, priority in numbers}
        for field_, column in (("number", "number"), ("name", "title")):
            _refuse_shared(everyone, field_, column, rows, noun="priority")
        self.priorities = NameIndex(
            everyone,
            lambda p: p.code,
            lambda p: p.name,
            lambda p: p.short_name,
            noun="priority",
            unknown="a priority code or name in the file or in Golden Thread",
        )

    def _priority(self, raw: str) -> Priority:
        assert self.priorities is not None
        return self.priorities.get(raw)

    def _key_objectives(self) -> None:
        self.key_objectives: dict[tuple[int, str], KeyObjective] = {
            (id(self.priority_by_pk[k.priority_id]), k.letter.upper()): k
            for k in KeyObjective.objects.all()
        }
        for reader in self.rows[K.KEY_OBJECTIVE]:
            priority = reader.read("priority", self._priority)
            letter = reader.read("code", cells.parse_letter)
            title = reader.read("title", partial(cells.parse_words, max_length=300))
            if priority is None or letter is None:
                continue
            key = (id(priority), letter)
            if not self._first(K.KEY_OBJECTIVE, key, reader, f"{priority.code} {letter}"):
                continue
            values = {
                "priority": (priority, None),
                "letter": (letter, None),
                "title": (title, None),
            }
            self.key_objectives[key] = self._settle(
                K.KEY_OBJECTIVE,
                reader,
                self.key_objectives.get(key),
                values,
                KeyObjective,
                f"key objective {priority.code} {letter}",
            )

    def _areas_of_focus(self) -> None:
        self.areas: dict[int, AreaOfFocus] = {a.number: a for a in AreaOfFocus.objects.all()}
        for area in self.areas.values():  # the same priorities as the file's rows are given
            area.priority = self.priority_by_pk[area.priority_id]
        for reader in self.rows[K.AREA_OF_FOCUS]:
            number = reader.read("code", cells.parse_area_number)
            title = reader.read("title", partial(cells.parse_words, max_length=300))
            priority = reader.read("priority", self._priority)
            letter = reader.read(
                "key_objective", lambda raw: cells.parse_letter(raw) if raw else None
            )
            key_objective = None
            if priority is not None and letter is not None:
                key_objective = self.key_objectives.get((id(priority), letter))
                if key_objective is None:
                    reader.refuse(
                        "key_objective",
                        f"{priority.code} has no key objective {letter} in the file or in "
                        "Golden Thread",
                    )
            if number is None or priority is None:
                continue
            if not self._first(K.AREA_OF_FOCUS, number, reader, str(number)):
                continue
            values = {
                "number": (number, None),
                "title": (title, None),
                "priority": (priority, None),
                "key_objective": (key_objective, "key_objective"),
            }
            self.areas[number] = self._settle(
                K.AREA_OF_FOCUS,
                reader,
                self.areas.get(number),
                values,
                AreaOfFocus,
                f"area of focus {number}",
            )

    # -- plans, objectives, milestones, tasks ----------------------------------------------

    def _plans(self) -> None:
        rows = self.rows[K.PLAN]
        wanted = [r["code"] for r in rows] + [r["parent"] for r in rows]
        wanted += [r["plan"] for r in (*self.rows[K.OBJECTIVE], *self.rows[K.TASK])]
        self.plans = held_by_code(Plan, wanted)
        departments = NameIndex(
            Department.objects.only("pk", "code", "name"),
            lambda d: d.code,
            lambda d: d.name,
            noun="department",
            unknown="a department code or name in Golden Thread",
        )
        organisations = _by_code(Organisation.objects.all(), "organisation")
        council = Organisation.objects.filter(kind=OrganisationKind.COUNCIL).order_by("pk").first()
        pending: list[tuple[RowReader, dict[str, Any], Plan | None, Plan]] = []
        for reader in rows:
            code = reader.read("code", partial(cells.parse_code, max_length=40))
            title = reader.read("title", partial(cells.parse_words, max_length=300))
            kind = reader.read(
                "kind", partial(cells.parse_named_choice, choices=PlanKind, default=None)
            )
            first = reader.read("first_year", cells.parse_year)
            last = reader.read("last_year", cells.parse_year)
            state = reader.read(
                "state",
                partial(PLAN_STATE, default=PlanState.DRAFT),
            )
            department = reader.read(
                "department", lambda raw: departments.get(raw) if raw else None
            )
            organisation = reader.read(
                "organisation", lambda raw: organisations(raw) if raw else council
            )
            owner = reader.read("owner", self.users.get)
            if first is not None and last is not None and first > last:
                reader.refuse(
                    "last_year", f"the plan ends ({reader['last_year']}) before it starts"
                )
            if reader.ok and organisation is None:
                reader.refuse(
                    "organisation",
                    "no organisation given, and no organisation is recorded as the council",
                )
            if not code or not self._first(K.PLAN, code_key(code), reader, code):
                continue
            held = self.plans.get(code_key(code))
            values: dict[str, tuple[Any, str | None]] = {
                "code": (code, None),
                "title": (title, None),
                "kind": (kind, None),
                "first_year": (first, None),
                "last_year": (last, None),
                "state": (state, "state"),
                "department": (department, "department"),
                "organisation": (organisation, "organisation" if held else None),
                "owner": (owner, "owner"),
            }
            # Registered before any parent is looked up: a parent may come later in the file.
            plan = held or Plan(**{name: value for name, (value, _c) in values.items()})
            self.plans[code_key(code)] = plan
            pending.append((reader, values, held, plan))
        regraded: list[tuple[RowReader, Plan]] = []
        for reader, values, held, plan in pending:
            found, parent = self._parent(reader, plan, values["kind"][0])
            if not found:
                continue
            values["parent"] = (parent, "parent")
            was = held.kind if held is not None else None
            self._settle(
                K.PLAN, reader, held, values, partial(_assign, plan), f"plan {values['code'][0]}"
            )
            if held is not None and held.kind != was:
                regraded.append((reader, held))
        if regraded:
            self._regraded(regraded)

    def _regraded(self, regraded: list[tuple[RowReader, Plan]]) -> None:
        """A held plan whose kind the file changes must still fit what hangs from it: the
        plans under it that the file does not move, and its tasks."""
        plans = {plan.pk: (reader, plan) for reader, plan in regraded}
        in_file = set(self.seen[K.PLAN])
        for code, kind, parent_id in Plan.objects.filter(parent_id__in=plans).values_list(
            "code", "kind", "parent_id"
        ):
            reader, plan = plans[parent_id]
            level = PLAN_LEVEL[PlanKind(plan.kind)]
            if code_key(code) not in in_file and PLAN_LEVEL[PlanKind(kind)] != level + 1:
                reader.refuse(
                    "kind",
                    f"{code} ({kind_name(kind)}) sits under this plan; a "
                    f"{kind_name(plan.kind)} cannot hold it: move it first",
                )
        for plan_id in Task.objects.filter(plan_id__in=plans).values_list("plan_id", flat=True):
            reader, plan = plans[plan_id]
            if PLAN_LEVEL[PlanKind(plan.kind)] not in TASK_LEVELS and reader.ok:
                reader.refuse(
                    "kind",
                    f"this plan has tasks, which belong in divisional, team and personal "
                    f"plans; a {kind_name(plan.kind)} cannot hold them",
                )

    def _parent(self, reader: RowReader, plan: Plan, kind: str | None) -> tuple[bool, Plan | None]:
        """A plan hangs from a plan one level up, or from none; a community strategy from none.
        (False, None) when the row names a parent it may not have."""
        written = reader["parent"]
        if not written:
            return True, None
        parent = self.plans.get(code_key(cells.unescape(written)))
        if parent is None:
            reader.refuse(
                "parent",
                f"{written!r} is not the code of a plan in the file or in Golden Thread",
            )
            return False, None
        if not kind or not parent.kind:  # a row refused for its kind already
            return True, parent
        level = PLAN_LEVEL[PlanKind(kind)]
        if parent is not plan and PLAN_LEVEL[PlanKind(parent.kind)] == level - 1:
            return True, parent
        above = [kind_name(k) for k, n in PLAN_LEVEL.items() if n == level - 1]
        rule = (
            f"a {kind_name(kind)}'s parent must be a {' or '.join(above)}"
            if above
            else f"a {kind_name(kind)} is at the top and has no parent"
        )
        reader.refuse("parent", f"{written!r} is a {kind_name(parent.kind)}; {rule}")
        return False, None

    def _objectives(self) -> None:
        rows = self.rows[K.OBJECTIVE]
        wanted = [r["code"] for r in rows]
        wanted += [
            r["objective"]
            for kind in (K.OBJECTIVE_LINK, K.MILESTONE, K.TASK, K.INDICATOR_LINK)
            for r in self.rows[kind]
        ]
        self.objectives = held_by_code(Objective, wanted)
        for reader in rows:
            code = reader.read("code", partial(cells.parse_code, max_length=40))
            title = reader.read("title", partial(cells.parse_words, max_length=400))
            plan = reader.read("plan", self._plan)
            owner = reader.read("owner", self.users.get)
            description = reader.read("description", partial(cells.parse_words, max_length=20_000))
            if not code:
                continue
            if not self._first(K.OBJECTIVE, code_key(code), reader, code):
                continue
            values = {
                "code": (code, None),
                "title": (title, None),
                "plan": (plan, None),
                "owner": (owner, "owner"),
                "description": (description, "description"),
            }
            self.objectives[code_key(code)] = self._settle(
                K.OBJECTIVE,
                reader,
                self.objectives.get(code_key(code)),
                values,
                Objective,
                f"objective {code}",
            )

    def _plan(self, raw: str) -> Plan:
        found = self.plans.get(code_key(cells.unescape(raw)))
        if found is None:
            raise CellError(f"{raw!r} is not the code of a plan in the file or in Golden Thread")
        return found

    def _objective(self, raw: str) -> Objective | None:
        if not raw:
            return None
        found = self.objectives.get(code_key(cells.unescape(raw)))
        if found is None:
            raise CellError(
                f"{raw!r} is not the code of an objective in the file or in Golden Thread"
            )
        return found

    def _milestones(self) -> None:
        rows = self.rows[K.MILESTONE]
        held = held_by_code(Milestone, (r["code"] for r in rows))
        for reader in rows:
            code = reader.read("code", partial(cells.parse_code, max_length=40))
            title = reader.read("title", partial(cells.parse_words, max_length=400))
            objective = reader.read("objective", self._objective)
            due = reader.read("due", cells.parse_quarter)
            owner = reader.read("owner", self.users.get)
            if not code:
                continue
            if not self._first(K.MILESTONE, code_key(code), reader, code):
                continue
            values = {
                "code": (code, None),
                "title": (title, None),
                "objective": (objective, None),
                "due": (due, None),
                "owner": (owner, "owner"),
            }
            self._settle(
                K.MILESTONE,
                reader,
                held.get(code_key(code)),
                values,
                Milestone,
                f"milestone {code}",
            )

    def _tasks(self) -> None:
        rows = self.rows[K.TASK]
        held = held_by_code(Task, (r["code"] for r in rows))
        for reader in rows:
            code = reader.read("code", partial(cells.parse_code, max_length=60))
            title = reader.read("title", partial(cells.parse_words, max_length=400))
            plan = reader.read("plan", self._plan)
            objective = reader.read("objective", self._objective)
            due = reader.read("due", lambda raw: cells.parse_quarter(raw) if raw else None)
            owner = reader.read("owner", self.users.get)
            if (
                plan is not None
                and plan.kind
                and PLAN_LEVEL[PlanKind(plan.kind)] not in TASK_LEVELS
            ):
                reader.refuse(
                    "plan",
                    f"tasks belong in divisional, team and personal plans; {plan.code} is a "
                    f"{kind_name(plan.kind)}",
                )
            if not code:
                continue
            if not self._first(K.TASK, code_key(code), reader, code):
                continue
            values = {
                "code": (code, None),
                "title": (title, None),
                "plan": (plan, None),
                "objective": (objective, "objective"),
                "due": (due, "due"),
                "owner": (owner, "owner"),
            }
            self._settle(K.TASK, reader, held.get(code_key(code)), values, Task, f"task {code}")

    # -- links -----------------------------------------------------------------------------

    def _objective_links(self) -> None:
        from goldenthread.planning.imports.links import check_objective_links

        check_objective_links(self)

    def _indicator_links(self) -> None:
        from goldenthread.planning.imports.links import check_indicator_links

        check_indicator_links(self)


def kind_name(kind: str) -> str:
    """``personal plan`` for PlanKind.PERSONAL_PLAN, as a sentence names it."""
    return str(PlanKind(kind).label).split(" (")[0].lower()


def _record_kind(raw: str) -> str:
    if not raw:
        raise CellError(f"no record given; write one of {', '.join(RecordKind.labels)}")
    kind = cells.parse_named_choice(raw, RecordKind, default=None)
    assert kind is not None
    return kind


def _apply(obj: models.Model, values: dict[str, Any]) -> list[str]:
    """Set the values that differ on a held thing; the names of those that did."""
    changed = []
    for name, value in values.items():
        field_ = obj._meta.get_field(name)
        if field_.is_relation:
            current = getattr(obj, field_.attname)  # type: ignore[union-attr]
            wanted = value.pk if value is not None else None
            if current == wanted and (value is None or wanted is not None):
                continue
        elif getattr(obj, name) == value:
            continue
        setattr(obj, name, value)
        changed.append(name)
    return changed


def _assign(obj: M, **values: Any) -> M:
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


def _by_code(things: Iterable[M], noun: str) -> Callable[[str], M | None]:
    index = {code_key(t.code): t for t in things}  # type: ignore[attr-defined]

    def find(raw: str) -> M | None:
        if not raw:
            return None
        found = index.get(code_key(raw))
        if found is None:
            raise CellError(f"{raw!r} is not the code of a {noun} in Golden Thread")
        return found

    return find


def _refuse_shared(
    things: list[Any], field_: str, column: str, rows: dict[int, RowReader], *, noun: str
) -> None:
    """Refuse the file's rows that give a value another thing of their kind already has."""
    holders: dict[Any, list[Any]] = defaultdict(list)
    for thing in things:
        value = getattr(thing, field_)
        holders[value.casefold() if isinstance(value, str) else value].append(thing)
    for group in holders.values():
        if len(group) < 2:
            continue
        for thing in group:
            reader = rows.get(id(thing))
            if reader is None:
                continue
            others = ", ".join(o.code for o in group if o is not thing)
            reader.refuse(
                column,
                f"{getattr(thing, field_)!r} is also the {field_} of the {noun} {others}",
                value=str(getattr(thing, field_)),
            )
