"""The demo's reporting set-up: the scorecard's headline indicators, and each department's
published narrative (key developments, emerging issues) for every quarter already reported."""

from __future__ import annotations

import datetime
import random

from goldenthread.demo import content as c
from goldenthread.demo.performance import PUBLISHED_QUARTERS
from goldenthread.demo.world import World
from goldenthread.indicators.models import Frequency, Indicator
from goldenthread.monitoring.models import CollectionRound, DepartmentNarrative
from goldenthread.organisation.models import Department, User
from goldenthread.reporting.models import Headline, Perspective
from goldenthread.workflow import WorkflowState

HEADLINES_PER_PERSPECTIVE = 4
# Words in an indicator's title that put it under a perspective, tried in this order; the
# community outcomes are the LAA's key indicators.
PERSPECTIVE_WORDS = {
    "Customers and service quality": ("satisf", "complain", "within", "waiting", "days to"),
    "Resources and value for money": ("cost", "£", "saving", "collected", "funding", "budget"),
    "Internal processes": ("processed", "on time", "determined", "answered", "invoices"),
    "People and learning": ("sickness", "staff", "employee", "training", "appraisal"),
}

DEVELOPMENTS = [
    "The service restructure agreed in the spring is in place and the new teams are settling in.",
    "A new online service went live this quarter; take-up has been ahead of plan.",
    "Inspectors visited in the quarter and their draft findings were positive.",
    "Joint working with partners on the priority's shared targets has started well.",
    "The service plan's review with members took place and its actions are under way.",
    "External funding for the next phase was confirmed.",
]
ISSUES = [
    "Recruitment to two specialist posts remains difficult and may slow delivery.",
    "Demand is rising faster than forecast; the budget position is being watched closely.",
    "A change in national guidance will need the service's procedures to be revised.",
    "Data from a partner arrived late, so one indicator is reported on an estimate.",
    "The IT system replacement has slipped by a quarter.",
    "No significant new issues this quarter.",
]


def build_reporting(world: World) -> None:
    _headlines()
    _narratives()


def _headlines() -> None:
    candidates = list(
        Indicator.objects.filter(
            frequency__in=[Frequency.QUARTERLY, Frequency.MONTHLY], actuals__isnull=False
        )
        .distinct()
        .order_by("code")
    )
    taken: set[int] = set()
    lines = []
    for perspective in Perspective.objects.or_defaults().order_by("position"):
        words = PERSPECTIVE_WORDS.get(perspective.name)
        if words is None:
            chosen = [i for i in candidates if i.is_key and hasattr(i, "laa_membership")] or [
                i for i in candidates if i.is_key
            ]
        else:
            chosen = [
                i for word in words for i in candidates if word in f"{i.title} {i.unit}".casefold()
            ]
        picked: list[Indicator] = []
        for indicator in chosen:
            if indicator.pk not in taken and indicator not in picked:
                picked.append(indicator)
            if len(picked) == HEADLINES_PER_PERSPECTIVE:
                break
        taken.update(i.pk for i in picked)
        lines += [
            Headline(perspective=perspective, indicator=indicator, position=position)
            for position, indicator in enumerate(picked)
        ]
    Headline.objects.bulk_create(lines)


def _narratives() -> None:
    officer = User.objects.get(username="performance.officer")
    departments = list(Department.objects.order_by("code"))
    narratives = []
    for quarter in PUBLISHED_QUARTERS:
        deadline = quarter.end + datetime.timedelta(days=31)
        opened = datetime.datetime.combine(
            quarter.end + datetime.timedelta(days=1), datetime.time(9), tzinfo=datetime.UTC
        )
        closed = datetime.datetime.combine(
            deadline + datetime.timedelta(days=14), datetime.time(17), tzinfo=datetime.UTC
        )
        round_ = CollectionRound.objects.create(
            quarter=quarter, deadline=deadline, opened_by=officer, opened_at=opened
        )
        CollectionRound.objects.filter(pk=round_.pk).update(closed_at=closed)
        for department in departments:
            rng = random.Random(f"{c.SEED}:narrative:{department.code}:{quarter}")
            narratives.append(
                DepartmentNarrative(
                    round=round_,
                    department=department,
                    key_developments=" ".join(rng.sample(DEVELOPMENTS, 2)),
                    emerging_issues=rng.choice(ISSUES),
                    state=WorkflowState.PUBLISHED,
                )
            )
    DepartmentNarrative.objects.bulk_create(narratives)
