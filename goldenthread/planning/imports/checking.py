"""Checking a plan file: every row read, every reference resolved, nothing written.

Rows may come in any order: a row names what it hangs from by code, found among the file's
own rows first and then in the database. The kinds are checked top down (priorities, key
objectives, areas of focus, plans, objectives, their links, milestones, tasks, indicator
links), each in one pass over its rows with every lookup loaded beforehand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import partial
from typing import Any

from goldenthread.indicators.imports.cells import CellError, NameIndex
from goldenthread.indicators.imports.lookups import UserIndex, code_key
from goldenthread.indicators.imports.reading import Table
from goldenthread.indicators.imports.result import RowError
from goldenthread.indicators.imports.runner import RowReader, rows_by_record
from goldenthread.planning import rules
from goldenthread.planning.imports import cells
from goldenthread.planning.imports.columns import REQUIRED, USES, RecordKind
from goldenthread.planning.imports.hierarchy import check_plans
from goldenthread.planning.imports.matching import apply_values, held_by_code
from goldenthread.planning.imports.plan import PlanFile
from goldenthread.planning.imports.structure import (
    check_areas_of_focus,
    check_key_objectives,
    check_priorities,
)
from goldenthread.planning.models import (
    AreaOfFocus,
    KeyObjective,
    Milestone,
    Objective,
    Plan,
    Priority,
    Task,
)

K = RecordKind


def check(table: Table, errors: list[RowError]) -> PlanFile:
    """Every row of ``table`` checked; errors added to ``errors``; what writing would do."""
    return _Checker(table, errors).run()


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
        # Everything held or in the file, filled in as each kind is checked.
        self.priority_by_pk: dict[int, Priority] = {}
        self.key_objectives: dict[tuple[int, str], KeyObjective] = {}  # (id(priority), letter)
        self.areas: dict[int, AreaOfFocus] = {}  # by number
        self.users = UserIndex(())

    # -- reading ---------------------------------------------------------------------------

    def run(self) -> PlanFile:
        rows = rows_by_record(
            self.table,
            self.errors,
            kind_of=_record_kind,
            label=_label,
            uses=USES,
            required=REQUIRED,
        )
        if rows is None:
            return self.plan
        self.rows = rows
        self.users = UserIndex(
            reader["owner"] for readers in self.rows.values() for reader in readers
        )
        check_priorities(self)
        check_key_objectives(self)
        check_areas_of_focus(self)
        check_plans(self)
        self._objectives()
        self._objective_links()
        self._milestones()
        self._tasks()
        self._indicator_links()
        return self.plan

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
        changed = apply_values(held, present)
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

    # -- objectives, milestones, tasks --------------------------------------------------------

    def _priority(self, raw: str) -> Priority:
        assert self.priorities is not None
        return self.priorities.get(raw)

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
            if plan is not None and plan.kind:  # no kind: its row is refused for it
                problem = rules.misplaced_task(plan.code, plan.kind)
                if problem:
                    reader.refuse("plan", problem)
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


def _record_kind(raw: str) -> str:
    if not raw:
        raise CellError(f"no record given; write one of {', '.join(RecordKind.labels)}")
    kind = cells.parse_named_choice(raw, RecordKind, default=None)
    assert kind is not None
    return kind
