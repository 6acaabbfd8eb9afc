"""The golden thread of Demo Borough: priorities, plans at every level, objectives, their
milestones and tasks, written as a plan file and loaded through the same import a council
uses (goldenthread.planning.imports)."""

from __future__ import annotations

import io
import random
from collections import defaultdict
from collections.abc import Iterator

from goldenthread.demo import content as c
from goldenthread.demo.content_objectives import (
    LOWER_PLANS,
    MILESTONE_STEPS,
    OBJECTIVES,
    PERSONAL_PLANS,
    LowerPlanRow,
    ObjectiveRow,
)
from goldenthread.demo.world import DemoError, World
from goldenthread.organisation.models import User
from goldenthread.planning.imports import plans_import
from goldenthread.planning.imports.exporting import Row, write_rows
from goldenthread.planning.models import (
    AreaOfFocus,
    Milestone,
    Objective,
    Plan,
    PlanKind,
    PlanState,
    Priority,
)
from goldenthread.planning.periods import Period, PeriodKind, period_range

PLAN_FIRST_YEAR, PLAN_LAST_YEAR = 2008, 2010  # the 2008-11 service plans
MILESTONE_QUARTERS = period_range(
    Period(PLAN_FIRST_YEAR, PeriodKind.QUARTER, 1), Period(PLAN_LAST_YEAR, PeriodKind.QUARTER, 4)
)
MOST_MILESTONES = 5
PLAN_FILE = "demo-plans.csv"


def build_plans(world: World) -> None:
    """Write the demo's plan file and import it, then note what was made for later steps."""
    numbered = _numbered()
    for code, row in numbered:
        world.objective_priority[code] = row.priority
    rows = [
        *_priorities(),
        *_council_plans(world),
        *_service_plans(world),
        *_lower_plans(world, LOWER_PLANS),
        *_lower_plans(world, PERSONAL_PLANS),
        *_objectives(world, numbered),
    ]
    milestones = list(_milestones(world, {code: row.subject for code, row in numbered}))
    tasks = [*_tasks(world, LOWER_PLANS), *_tasks(world, PERSONAL_PLANS)]
    load_plan_rows([*rows, *milestones, *tasks], PLAN_FILE)
    world.priorities = {p.code: p for p in Priority.objects.all()}
    world.areas = {area.number: area for area in AreaOfFocus.objects.all()}
    world.plans = {plan.code: plan for plan in Plan.objects.all()}
    held = {o.code: o for o in Objective.objects.all()}
    world.objectives = {code: held[code] for code in world.objective_priority}
    by_code = {m.code: m for m in Milestone.objects.all()}
    world.milestones = [by_code[row["code"]] for row in milestones]


def load_plan_rows(rows: list[Row], filename: str) -> None:
    """Load rows as a council would: written as a plan file and read by `import-plans`."""
    source = io.BytesIO(write_rows(iter(rows), fmt="csv"))
    result = plans_import(source=source, acting_user=None, filename=filename)
    if not result.ok:
        raise DemoError(result.error_report())


def _priorities() -> Iterator[Row]:
    for row in c.PRIORITIES:
        yield {
            "record": "priority",
            "code": row.code,
            "title": row.name,
            "number": row.number,
            "short_name": row.short_name,
            "ppb": row.ppb,
            "ssp": row.ssp or "",
            "portfolio": row.portfolio,
        }
    for row in c.PRIORITIES:
        for key in row.key_objectives:
            yield {
                "record": "key objective",
                "priority": row.code,
                "code": key.letter,
                "title": key.title,
            }
    for row in c.PRIORITIES:
        for area in row.areas:
            yield {
                "record": "area of focus",
                "code": area.number,
                "title": area.title,
                "priority": row.code,
                "key_objective": area.letter,
            }


def _plan_row(
    code: str,
    title: str,
    kind: str,
    *,
    parent: str | None,
    owner: User,
    years: tuple[int, int],
    state: str,
    department: str = "",
) -> Row:
    return {
        "record": "plan",
        "code": code,
        "title": title,
        "kind": kind,
        "parent": parent or "",
        "organisation": c.COUNCIL,
        "department": department,
        "owner": owner.email,
        "first_year": Period(years[0]).year_label,
        "last_year": Period(years[1]).year_label,
        "state": state,
    }


def _council_plans(world: World) -> Iterator[Row]:
    owner = world.users["management.team"]
    yield _plan_row(
        "CS-2006",
        "Demo Borough Community Strategy",
        PlanKind.COMMUNITY_STRATEGY,
        parent=None,
        owner=owner,
        years=(2006, 2010),
        state=PlanState.PUBLISHED,
    )
    yield _plan_row(
        "CP-2006",
        "Demo Borough Council Corporate Plan",
        PlanKind.CORPORATE_PLAN,
        parent="CS-2006",
        owner=owner,
        years=(2006, 2010),
        state=PlanState.PUBLISHED,
    )


def _service_plans(world: World) -> Iterator[Row]:
    for row in c.DEPARTMENTS:
        yield _plan_row(
            f"SP-{row.code}",
            f"{row.name} Service Plan",
            PlanKind.SERVICE_PLAN,
            parent="CP-2006",
            owner=world.heads[row.code],
            years=(PLAN_FIRST_YEAR, PLAN_LAST_YEAR),
            state=PlanState.PUBLISHED,
            department=row.code,
        )


def _numbered() -> list[tuple[str, ObjectiveRow]]:
    """Each objective with its code: its department's code and its number there (``ERS 2``)."""
    numbers: dict[str, int] = defaultdict(int)
    numbered = []
    for row in OBJECTIVES:
        numbers[row.department] += 1
        numbered.append((f"{row.department} {numbers[row.department]}", row))
    return numbered


def _objectives(world: World, numbered: list[tuple[str, ObjectiveRow]]) -> Iterator[Row]:
    """The objectives, then their links up the thread."""
    for code, row in numbered:
        yield {
            "record": "objective",
            "code": code,
            "title": row.title,
            "plan": f"SP-{row.department}",
            "owner": world.heads[row.department].email,
        }
    for code, row in numbered:
        if row.priority is None:
            continue
        yield {
            "record": "objective link",
            "objective": code,
            "priority": row.priority,
            "area_of_focus": row.area or "",
            "primary": "yes",
        }
        for also in row.also:
            yield {"record": "objective link", "objective": code, "priority": also, "primary": "no"}


def _milestones(world: World, subjects: dict[str, str]) -> Iterator[Row]:
    """Each priority's objectives share out the milestones Table 2 leaves after counting the
    objectives themselves; linked-to-nothing objectives get none."""
    rng = random.Random(f"{c.SEED}:milestones")
    for priority in c.PRIORITIES:
        codes = [code for code, p in world.objective_priority.items() if p == priority.code]
        wanted = c.TABLE_2[priority.code][0] - len(codes)
        for code, count in zip(codes, _share(wanted, len(codes), rng), strict=True):
            department = code.split(" ")[0]
            steps = sorted(rng.sample(range(len(MILESTONE_STEPS)), count))
            dues = sorted(rng.sample(MILESTONE_QUARTERS, count))
            for n, (step, due) in enumerate(zip(steps, dues, strict=True), start=1):
                yield {
                    "record": "milestone",
                    "code": f"{code}.{n}",
                    "title": MILESTONE_STEPS[step].format(s=subjects[code]),
                    "objective": code,
                    "due": str(due),
                    "owner": world.heads[department].email,
                }


def _share(total: int, slots: int, rng: random.Random) -> list[int]:
    """``total`` split into ``slots`` counts, each 1 to MOST_MILESTONES."""
    if not slots <= total <= slots * MOST_MILESTONES:
        raise ValueError(f"cannot share {total} milestones among {slots} objectives")
    counts = [1] * slots
    for _ in range(total - slots):
        slot = rng.choice([i for i, n in enumerate(counts) if n < MOST_MILESTONES])
        counts[slot] += 1
    return counts


def _lower_plans(world: World, rows: list[LowerPlanRow]) -> Iterator[Row]:
    personal = rows is PERSONAL_PLANS
    for row in rows:
        year = 2009 if personal else None
        yield _plan_row(
            row.code,
            row.title,
            row.kind,
            parent=row.parent,
            owner=_plan_owner(world, row, personal),
            years=(year, year) if year else (PLAN_FIRST_YEAR, PLAN_LAST_YEAR),
            state=PlanState.APPROVED if personal else PlanState.PUBLISHED,
            department=row.department,
        )


def _tasks(world: World, rows: list[LowerPlanRow]) -> Iterator[Row]:
    """Each plan's tasks, numbered within it (``EDR-ERS-1.2``); owned by the plan's owner."""
    personal = rows is PERSONAL_PLANS
    for row in rows:
        owner = _plan_owner(world, row, personal)
        for n, task in enumerate(row.tasks, start=1):
            yield {
                "record": "task",
                "code": f"{row.code}.{n}",
                "title": task.title,
                "plan": row.code,
                "objective": task.objective or "",
                "due": task.due,
                "owner": owner.email,
            }


def _plan_owner(world: World, row: LowerPlanRow, personal: bool) -> User:
    if row.owner:
        return world.users[row.owner]
    return (world.collators if personal else world.heads)[row.department]
