"""What the builder has made so far, by code, for the next step to hang things on."""

from __future__ import annotations

from dataclasses import dataclass, field

from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import (
    Board,
    Department,
    Directorate,
    Organisation,
    Portfolio,
    User,
)
from goldenthread.planning.models import AreaOfFocus, Milestone, Objective, Plan, Priority


@dataclass
class World:
    organisations: dict[str, Organisation] = field(default_factory=dict)
    directorates: dict[str, Directorate] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    boards: dict[str, Board] = field(default_factory=dict)
    portfolios: dict[str, Portfolio] = field(default_factory=dict)
    priorities: dict[str, Priority] = field(default_factory=dict)
    areas: dict[int, AreaOfFocus] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)  # by username
    heads: dict[str, User] = field(default_factory=dict)  # head of service, by department code
    collators: dict[str, User] = field(default_factory=dict)  # data officer, by department
    partner_officers: dict[str, User] = field(default_factory=dict)  # by organisation code
    plans: dict[str, Plan] = field(default_factory=dict)
    objectives: dict[str, Objective] = field(default_factory=dict)
    objective_priority: dict[str, str | None] = field(default_factory=dict)  # code -> primary
    milestones: list[Milestone] = field(default_factory=list)
    indicators: dict[str, Indicator] = field(default_factory=dict)

    @property
    def council(self) -> Organisation:
        from goldenthread.demo.content import COUNCIL

        return self.organisations[COUNCIL]


class DemoError(Exception):
    """The demo cannot be loaded as asked."""
