"""The plans of the golden thread, their objectives, milestones and tasks."""

from __future__ import annotations

import random
from collections import defaultdict

from goldenthread.demo import content as c
from goldenthread.demo.content_objectives import (
    LOWER_PLANS,
    MILESTONE_STEPS,
    OBJECTIVES,
    PERSONAL_PLANS,
    LowerPlanRow,
)
from goldenthread.demo.world import World
from goldenthread.organisation.models import User
from goldenthread.planning.models import (
    Milestone,
    Objective,
    ObjectiveLink,
    Plan,
    PlanKind,
    PlanState,
    Task,
)
from goldenthread.planning.periods import Period, PeriodKind, period_range

PLAN_FIRST_YEAR, PLAN_LAST_YEAR = 2008, 2010  # the 2008-11 service plans
MILESTONE_QUARTERS = period_range(
    Period(PLAN_FIRST_YEAR, PeriodKind.QUARTER, 1), Period(PLAN_LAST_YEAR, PeriodKind.QUARTER, 4)
)
MOST_MILESTONES = 5


def build_plans(world: World) -> None:
    _council_plans(world)
    _service_plans(world)
    subjects = _objectives(world)
    _milestones(world, subjects)
    _lower_plans(world, LOWER_PLANS)
    _lower_plans(world, PERSONAL_PLANS)


def _council_plans(world: World) -> None:
    owner = world.users["management.team"]
    strategy = Plan.objects.create(
        code="CS-2006",
        title="Demo Borough Community Strategy",
        kind=PlanKind.COMMUNITY_STRATEGY,
        organisation=world.council,
        owner=owner,
        first_year=2006,
        last_year=2010,
        state=PlanState.PUBLISHED,
    )
    corporate = Plan.objects.create(
        code="CP-2006",
        title="Demo Borough Council Corporate Plan",
        kind=PlanKind.CORPORATE_PLAN,
        parent=strategy,
        organisation=world.council,
        owner=owner,
        first_year=2006,
        last_year=2010,
        state=PlanState.PUBLISHED,
    )
    world.plans = {strategy.code: strategy, corporate.code: corporate}


def _service_plans(world: World) -> None:
    corporate = world.plans["CP-2006"]
    plans = Plan.objects.bulk_create(
        Plan(
            code=f"SP-{row.code}",
            title=f"{row.name} Service Plan",
            kind=PlanKind.SERVICE_PLAN,
            parent=corporate,
            organisation=world.council,
            department=world.departments[row.code],
            owner=world.heads[row.code],
            first_year=PLAN_FIRST_YEAR,
            last_year=PLAN_LAST_YEAR,
            state=PlanState.PUBLISHED,
        )
        for row in c.DEPARTMENTS
    )
    world.plans.update({plan.code: plan for plan in plans})


def _objectives(world: World) -> dict[str, str]:
    """Create the objectives and their links up; return each one's subject, by code."""
    numbers: dict[str, int] = defaultdict(int)
    objectives = []
    for row in OBJECTIVES:
        numbers[row.department] += 1
        code = f"{row.department} {numbers[row.department]}"
        objectives.append(
            Objective(
                plan=world.plans[f"SP-{row.department}"],
                code=code,
                title=row.title,
                owner=world.heads[row.department],
            )
        )
        world.objective_priority[code] = row.priority
    world.objectives = {o.code: o for o in Objective.objects.bulk_create(objectives)}
    links = []
    for objective, row in zip(objectives, OBJECTIVES, strict=True):
        if row.priority is None:
            continue
        links.append(
            ObjectiveLink(
                objective=objective,
                priority=world.priorities[row.priority],
                area_of_focus=world.areas[row.area] if row.area else None,
                is_primary=True,
            )
        )
        links.extend(
            ObjectiveLink(objective=objective, priority=world.priorities[code]) for code in row.also
        )
    ObjectiveLink.objects.bulk_create(links)
    return {o.code: row.subject for o, row in zip(objectives, OBJECTIVES, strict=True)}


def _milestones(world: World, subjects: dict[str, str]) -> None:
    """Each priority's objectives share out the milestones Table 2 leaves after counting the
    objectives themselves; linked-to-nothing objectives get none."""
    rng = random.Random(f"{c.SEED}:milestones")
    milestones: list[Milestone] = []
    for priority in c.PRIORITIES:
        codes = [code for code, p in world.objective_priority.items() if p == priority.code]
        wanted = c.TABLE_2[priority.code][0] - len(codes)
        for code, count in zip(codes, _share(wanted, len(codes), rng), strict=True):
            objective = world.objectives[code]
            steps = sorted(rng.sample(range(len(MILESTONE_STEPS)), count))
            dues = sorted(rng.sample(MILESTONE_QUARTERS, count))
            milestones.extend(
                Milestone(
                    objective=objective,
                    code=f"{code}.{n}",
                    title=MILESTONE_STEPS[step].format(s=subjects[code]),
                    due=str(due),
                    owner=objective.owner,
                )
                for n, (step, due) in enumerate(zip(steps, dues, strict=True), start=1)
            )
    world.milestones = Milestone.objects.bulk_create(milestones)


def _share(total: int, slots: int, rng: random.Random) -> list[int]:
    """``total`` split into ``slots`` counts, each 1 to MOST_MILESTONES."""
    if not slots <= total <= slots * MOST_MILESTONES:
        raise ValueError(f"cannot share {total} milestones among {slots} objectives")
    counts = [1] * slots
    for _ in range(total - slots):
        slot = rng.choice([i for i, n in enumerate(counts) if n < MOST_MILESTONES])
        counts[slot] += 1
    return counts


def _lower_plans(world: World, rows: list[LowerPlanRow]) -> None:
    personal = rows is PERSONAL_PLANS
    plans = Plan.objects.bulk_create(
        Plan(
            code=row.code,
            title=row.title,
            kind=row.kind,
            parent=world.plans[row.parent] if row.parent else None,
            organisation=world.council,
            department=world.departments[row.department],
            owner=world.users[row.owner] if row.owner else _plan_owner(world, row, personal),
            first_year=2009 if personal else PLAN_FIRST_YEAR,
            last_year=2009 if personal else PLAN_LAST_YEAR,
            state=PlanState.APPROVED if personal else PlanState.PUBLISHED,
        )
        for row in rows
    )
    world.plans.update({plan.code: plan for plan in plans})
    Task.objects.bulk_create(
        Task(
            plan=plan,
            title=task.title,
            objective=world.objectives[task.objective] if task.objective else None,
            owner=plan.owner,
            due=task.due,
        )
        for plan, row in zip(plans, rows, strict=True)
        for task in row.tasks
    )


def _plan_owner(world: World, row: LowerPlanRow, personal: bool) -> User:
    return (world.collators if personal else world.heads)[row.department]
