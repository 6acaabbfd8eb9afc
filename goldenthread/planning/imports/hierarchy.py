"""Checking the plans of a plan file: each hangs from a plan one level up."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from goldenthread.indicators.imports.cells import NameIndex
from goldenthread.indicators.imports.lookups import code_key
from goldenthread.indicators.imports.runner import RowReader
from goldenthread.organisation.models import Department, Organisation, OrganisationKind
from goldenthread.planning import rules
from goldenthread.planning.imports import cells
from goldenthread.planning.imports.columns import RecordKind
from goldenthread.planning.imports.matching import assign, by_code, held_by_code
from goldenthread.planning.models import Plan, PlanKind, PlanState, Task

if TYPE_CHECKING:
    from goldenthread.planning.imports.checking import _Checker

K = RecordKind
PLAN_KIND = partial(cells.parse_named_choice, choices=PlanKind)
PLAN_STATE = partial(cells.parse_named_choice, choices=PlanState)


def check_plans(c: _Checker) -> None:
    rows = c.rows[K.PLAN]
    wanted = [r["code"] for r in rows] + [r["parent"] for r in rows]
    wanted += [r["plan"] for r in (*c.rows[K.OBJECTIVE], *c.rows[K.TASK])]
    c.plans = held_by_code(Plan, wanted)
    departments = NameIndex(
        Department.objects.only("pk", "code", "name"),
        lambda d: d.code,
        lambda d: d.name,
        noun="department",
        unknown="a department code or name in Golden Thread",
    )
    organisations = by_code(Organisation.objects.all(), "organisation")
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
        department = reader.read("department", lambda raw: departments.get(raw) if raw else None)
        organisation = reader.read(
            "organisation", lambda raw: organisations(raw) if raw else council
        )
        owner = reader.read("owner", c.users.get)
        if first is not None and last is not None:
            _refuse(reader, "last_year", rules.years_out_of_order(first, last))
        if reader.ok and organisation is None:
            reader.refuse(
                "organisation",
                "no organisation given, and no organisation is recorded as the council",
            )
        if not code or not c._first(K.PLAN, code_key(code), reader, code):
            continue
        held = c.plans.get(code_key(code))
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
        c.plans[code_key(code)] = plan
        pending.append((reader, values, held, plan))
    regraded: list[tuple[RowReader, Plan]] = []
    for reader, values, held, plan in pending:
        found, parent = _parent(c, reader, plan, values["kind"][0])
        if not found:
            continue
        values["parent"] = (parent, "parent")
        was = held.kind if held is not None else None
        c._settle(K.PLAN, reader, held, values, partial(assign, plan), f"plan {values['code'][0]}")
        if held is not None and held.kind != was:
            regraded.append((reader, held))
    if regraded:
        _regraded(c, regraded)


def _regraded(c: _Checker, regraded: list[tuple[RowReader, Plan]]) -> None:
    """A held plan whose kind the file changes must still fit what hangs from it: the
    plans under it that the file does not move, and its tasks."""
    plans = {plan.pk: (reader, plan) for reader, plan in regraded}
    in_file = set(c.seen[K.PLAN])
    for code, kind, parent_id in Plan.objects.filter(parent_id__in=plans).values_list(
        "code", "kind", "parent_id"
    ):
        reader, plan = plans[parent_id]
        if code_key(code) not in in_file:
            _refuse(reader, "kind", rules.wrong_child(plan.kind, code, kind))
    for plan_id in Task.objects.filter(plan_id__in=plans).values_list("plan_id", flat=True):
        reader, plan = plans[plan_id]
        if reader.ok:
            _refuse(reader, "kind", rules.stranded_tasks(plan.kind))


def _refuse(reader: RowReader, column: str, problem: str | None) -> None:
    """A broken rule's words (goldenthread.planning.rules) as the row's error in ``column``."""
    if problem is not None:
        reader.refuse(column, problem)


def _parent(
    c: _Checker, reader: RowReader, plan: Plan, kind: str | None
) -> tuple[bool, Plan | None]:
    """A plan hangs from a plan one level up, or from none; a community strategy from none.
    (False, None) when the row names a parent it may not have."""
    written = reader["parent"]
    if not written:
        return True, None
    parent = c.plans.get(code_key(cells.unescape(written)))
    if parent is None:
        reader.refuse(
            "parent",
            f"{written!r} is not the code of a plan in the file or in Golden Thread",
        )
        return False, None
    if not kind or not parent.kind:  # a row refused for its kind already
        return True, parent
    problem = rules.wrong_parent(kind, repr(written), parent.kind, itself=parent is plan)
    if problem is None:
        return True, parent
    reader.refuse("parent", problem)
    return False, None
