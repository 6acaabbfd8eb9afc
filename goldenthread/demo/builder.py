"""Build Demo Borough Council: structure and people here, then plans, indicators and figures.

Everything is written with bulk_create inside one transaction. Nothing depends on today's
date or on the order rows come back from the database, so two builds give the same data.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Model

from goldenthread.demo import content as c
from goldenthread.demo.assurance import build_assurance
from goldenthread.demo.content_performance import COLLECTING
from goldenthread.demo.governance import build_governance
from goldenthread.demo.indicators import build_indicators
from goldenthread.demo.performance import build_performance
from goldenthread.demo.plans import build_plans
from goldenthread.demo.reporting import build_reporting
from goldenthread.demo.risks import build_risks
from goldenthread.demo.sharing import build_sharing
from goldenthread.demo.world import DemoError, World
from goldenthread.indicators.models import (
    Actual,
    Indicator,
    IndicatorPriority,
    LAAIndicator,
    Target,
)
from goldenthread.monitoring.models import CollectionRound
from goldenthread.organisation.models import (
    Board,
    Department,
    Directorate,
    Organisation,
    OrganisationKind,
    Portfolio,
    Role,
    RoleAssignment,
    User,
)
from goldenthread.performance.services import statuses_record_published
from goldenthread.planning.models import (
    AreaOfFocus,
    KeyObjective,
    Milestone,
    MilestoneUpdate,
    Objective,
    ObjectiveLink,
    Plan,
    Priority,
    Task,
)

# The apps whose tables hold a council's data; "empty" means none of them has a row.
DATA_APPS = ["organisation", "planning", "indicators", "audit"]

SUMMARY: list[tuple[str, type[Model]]] = [
    ("organisations", Organisation),
    ("directorates", Directorate),
    ("departments", Department),
    ("boards", Board),
    ("portfolios", Portfolio),
    ("people", User),
    ("role assignments", RoleAssignment),
    ("priorities", Priority),
    ("key objectives", KeyObjective),
    ("areas of focus", AreaOfFocus),
    ("plans", Plan),
    ("objectives", Objective),
    ("objective links", ObjectiveLink),
    ("milestones", Milestone),
    ("milestone updates", MilestoneUpdate),
    ("tasks", Task),
    ("indicators", Indicator),
    ("indicator priority links", IndicatorPriority),
    ("LAA indicators", LAAIndicator),
    ("targets", Target),
    ("actuals", Actual),
]

__all__ = ["DemoError", "DemoSummary", "build_demo", "database_is_empty", "demo_counts"]


@dataclass(frozen=True)
class DemoSummary:
    counts: dict[str, int]  # model verbose_name_plural -> rows
    seconds: float

    def lines(self) -> list[str]:
        width = max(len(name) for name in self.counts)
        return [f"  {name:<{width}}  {count:>6}" for name, count in self.counts.items()]


def database_is_empty() -> bool:
    """True when no council data is loaded (Django's own tables may have rows)."""
    return not any(
        model._default_manager.exists()
        for label in DATA_APPS
        for model in apps.get_app_config(label).get_models()
    )


def demo_counts() -> dict[str, int]:
    """How many of each thing the database holds, for the summary the command prints."""
    return {label: model._default_manager.count() for label, model in SUMMARY}


def build_demo() -> DemoSummary:
    """Load Demo Borough Council into an empty database, all in one transaction."""
    started = time.perf_counter()
    with transaction.atomic():
        if not database_is_empty():
            raise DemoError(
                "the database already holds data; the demo loads only into an empty one"
            )
        world = World()
        build_structure(world)
        build_people(world)
        build_plans(world)
        build_indicators(world)
        build_performance(world)
        build_reporting(world)
        build_sharing(world)
        build_governance(world)
        build_assurance(world)
        build_risks(world)
        # Published figures keep the rating they were published with: store it, as
        # publishing through the product would.
        statuses_record_published(acting_user=None)
        open_current_round()
    return DemoSummary(demo_counts(), time.perf_counter() - started)


def open_current_round() -> None:
    """2009/10 Q2 is being collected: its round is open, with the deadline councils set, a
    month after the quarter ends. Dated in 2009 so the demo stays the same every time."""
    CollectionRound.objects.create(
        quarter=COLLECTING,
        deadline=datetime.date(2009, 10, 31),
        opened_by=User.objects.get(username="performance.officer"),
        opened_at=datetime.datetime(2009, 10, 1, 9, 0, tzinfo=datetime.UTC),
    )


# -- organisations, boards, portfolios (priorities come with the plans) ------------------------


def build_structure(world: World) -> None:
    """The council, its partners, directorates, departments, boards and portfolios."""
    world.organisations = _by_code(
        Organisation.objects.bulk_create(
            Organisation(code=row.code, name=row.name, kind=row.kind, sector=row.sector)
            for row in c.ORGANISATIONS
        )
    )
    world.directorates = _by_code(
        Directorate.objects.bulk_create(
            Directorate(organisation=world.council, code=row.code, name=row.name)
            for row in c.DIRECTORATES
        )
    )
    world.departments = _by_code(
        Department.objects.bulk_create(
            Department(
                directorate=world.directorates[row.directorate], code=row.code, name=row.name
            )
            for row in c.DEPARTMENTS
        )
    )
    world.boards = _by_code(
        Board.objects.bulk_create(
            Board(code=row.code, name=row.name, kind=row.kind) for row in c.BOARDS
        )
    )
    world.portfolios = _by_code(
        Portfolio.objects.bulk_create(
            Portfolio(code=row.code, name=row.name) for row in c.PORTFOLIOS
        )
    )
    Portfolio.departments.through.objects.bulk_create(
        Portfolio.departments.through(
            portfolio=world.portfolios[row.code], department=world.departments[code]
        )
        for row in c.PORTFOLIOS
        for code in row.departments
    )


# -- people ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    username: str
    first_name: str
    last_name: str
    organisation: str
    job_title: str
    roles: tuple[tuple[str, str | None, str | None], ...]  # (role, scope field, scope code)


def _people() -> list[_Person]:
    """The audience logins, then a head of service and a data officer for each department,
    a strategic director for each other directorate and an officer for each other partner."""
    people = [
        _Person(
            row.username,
            row.first_name,
            row.last_name,
            row.organisation,
            row.job_title,
            ((row.role, row.scope_field, row.scope_code), *c.EXTRA_ROLES.get(row.username, ())),
        )
        for row in c.LOGINS
    ]
    names = _names()
    for department in c.DEPARTMENTS:
        if department.code == "ERS":  # its director and manager are audience logins
            continue
        for job in (f"Head of {department.name}", f"Performance Officer, {department.name}"):
            first, last = next(names)
            people.append(
                _Person(
                    _username(first, last),
                    first,
                    last,
                    c.COUNCIL,
                    job,
                    ((Role.MANAGER, "department", department.code),),
                )
            )
    for directorate in c.DIRECTORATES:
        if directorate.code == "ENVD":
            continue
        first, last = next(names)
        people.append(
            _Person(
                _username(first, last),
                first,
                last,
                c.COUNCIL,
                f"Strategic Director, {directorate.name}",
                (
                    (Role.STRATEGIC_DIRECTOR, "directorate", directorate.code),
                    (Role.MANAGEMENT_TEAM, "board", "MT"),
                ),
            )
        )
    for organisation in c.ORGANISATIONS:
        if organisation.kind != OrganisationKind.PARTNER or organisation.code == "PCT":
            continue
        first, last = next(names)
        people.append(
            _Person(
                _username(first, last),
                first,
                last,
                organisation.code,
                f"Performance Lead, {organisation.name}",
                ((Role.PARTNER_OFFICER, "organisation", organisation.code),),
            )
        )
    return people


def _username(first: str, last: str) -> str:
    """``olivia.obrien`` for Olivia O'Brien: the characters Django's username rule allows."""
    return ".".join("".join(ch for ch in name.lower() if ch.isalnum()) for name in (first, last))


def _names() -> Iterator[tuple[str, str]]:
    """First and last names paired in a fixed order, never repeating a pair."""
    count = len(c.FIRST_NAMES)
    for index in range(count * count):
        yield c.FIRST_NAMES[index % count], c.LAST_NAMES[(index + 5 * (index // count)) % count]


def build_people(world: World) -> None:
    people = _people()
    password = make_password(c.DEMO_PASSWORD)  # hashed once: every demo user shares it
    users = User.objects.bulk_create(
        User(
            username=person.username,
            first_name=person.first_name,
            last_name=person.last_name,
            email=_email(person),
            password=password,
            organisation=world.organisations[person.organisation],
            job_title=person.job_title,
        )
        for person in people
    )
    world.users = {user.username: user for user in users}
    scopes: dict[str, dict[str, Any]] = {
        "department": world.departments,
        "directorate": world.directorates,
        "board": world.boards,
        "portfolio": world.portfolios,
        "organisation": world.organisations,
    }
    RoleAssignment.objects.bulk_create(
        RoleAssignment(
            user=world.users[person.username],
            role=role,
            **({field: scopes[field][code]} if field and code else {}),
        )
        for person in people
        for role, field, code in person.roles
    )
    for person in people:
        user = world.users[person.username]
        for role, _field, code in person.roles:
            if role == Role.MANAGER and code:
                slot = world.heads if person.job_title.startswith("Head") else world.collators
                slot[code] = user
            if role == Role.PARTNER_OFFICER and code:
                world.partner_officers[code] = user
    world.heads["ERS"] = world.users["operational.director"]
    world.collators["ERS"] = world.users["department.manager"]


def _email(person: _Person) -> str:
    if person.organisation == c.COUNCIL:
        return f"{person.username}@{c.EMAIL_DOMAIN}"
    return f"{person.username}@{person.organisation.lower()}.example.org"


class _Coded(Protocol):
    code: str


CodedT = TypeVar("CodedT", bound=_Coded)


def _by_code(rows: Iterable[CodedT]) -> dict[str, CodedT]:
    return {row.code: row for row in rows}
