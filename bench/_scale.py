"""Scales Demo Borough Council up for the benchmarks: more departments, more years, more
authorities, to a million published actuals and beyond.

On top of the demo (load it first), ``scale_up(SCALE)`` adds:

- more departments: new council directorates, each with departments whose indicators are drawn
  from the demo's own (same units, polarities, frequencies; linked to the same priorities), and
  shared out among the existing portfolios;
- more years: published quarterly (or annual) actuals and targets for every indicator, the
  demo's included, back to ``first_year``; the demo's own years are left exactly as they are;
- more authorities: partner organisations, each with its own directorates, departments and
  indicators. The data model has no authority on an actual yet (benchmarking comes later, in
  DESIGN.md), so an authority's figures are simply more indicators; the "whole council" scope
  covers them like everything else.

Scales are cumulative: a larger one adds only what a smaller one has not made, so a bench can
measure at each size in turn on one database. Deterministic: each indicator-year's figures come
from their own seeded generator, whatever was made before. Written with bulk_create in large
batches, one transaction per step; the new figures get no stored status (rated when read).
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db import transaction
from django.db.models import Min, Model

from goldenthread.demo import content as c
from goldenthread.demo.content_performance import (
    COLLECTING,
    OVER_COMMENTARY,
    ROUTINE_COMMENTARY,
    UNDER_COMMENTARY,
)
from goldenthread.demo.content_pis import DEPARTMENT_HEALTH_PIS, PIS, PIRow
from goldenthread.indicators.models import (
    Actual,
    Aggregation,
    Frequency,
    Indicator,
    IndicatorPriority,
    IndicatorSet,
    Polarity,
    Target,
)
from goldenthread.organisation.models import (
    Department,
    Directorate,
    Organisation,
    OrganisationKind,
    Portfolio,
)
from goldenthread.planning.models import Priority
from goldenthread.planning.periods import Period
from goldenthread.workflow import WorkflowState

PROVENANCE = "Benchmark data (bench/_scale.py)"  # marks what the generator made
LAST = Period.parse(COLLECTING).previous()  # the demo's last published quarter, 2009/10 Q1
DEMO_FIRST_YEAR = 2007  # the demo's own figures start in 2007/08
DEPARTMENTS_PER_DIRECTORATE = 6
CHUNK = 20_000  # model instances built and written per bulk_create call
SERVICES = [row.name for row in c.DEPARTMENTS]
PLACES = [
    "Northby", "Southwick", "Eastham", "Westbury", "Kingsford", "Ashdale", "Millbrook",
    "Redcliffe", "Stonebridge", "Fairhaven", "Oakmere", "Brackenfield", "Hollowell", "Thornbury",
    "Marshgate", "Elmstead", "Ravensworth", "Highmoor", "Lowdale", "Kettleby", "Sandcroft",
    "Whitmore", "Greystoke", "Blackwater", "Copperfield", "Dunmore", "Foxley", "Glenholm",
    "Harwood", "Ivybridge",
]  # fmt: skip
POLARITY = {"+": Polarity.HIGHER, "-": Polarity.LOWER, "0": Polarity.NONE}
LEVELS = {"%": (60.0, 92.0), "days": (5.0, 30.0), "number": (40.0, 900.0), "£": (20.0, 300.0)}
SETS = {"B": IndicatorSet.BVPI, "L": IndicatorSet.LOCAL}


@dataclass(frozen=True)
class Scale:
    label: str
    first_year: int  # the earliest financial year with published figures (the demo's: 2007)
    departments: int  # extra council departments
    authorities: int  # extra authorities
    authority_departments: int  # departments in each extra authority
    indicators_per_department: int = 25


SCALES = [
    Scale("about 100,000 actuals", 2000, 40, 6, 13),
    Scale("about 1,000,000 actuals", 1990, 60, 24, 24),
]


@dataclass(frozen=True)
class Generated:
    rows: dict[str, int]  # model name -> rows added
    seconds: float

    def line(self) -> str:
        return ", ".join(f"{count:,} {name}" for name, count in self.rows.items() if count)


def scale_up(scale: Scale, *, seed: int = c.SEED) -> Generated:
    """Grow the demo council in this database to ``scale``. Returns what was added."""
    started = time.perf_counter()
    rows: dict[str, int] = {}
    with transaction.atomic():
        departments = _structure(scale, rows)
        _indicators(departments, scale, seed, rows)
    with transaction.atomic():
        _figures(scale, seed, rows)
    return Generated(rows, time.perf_counter() - started)


def counts() -> dict[str, int]:
    """What the database holds, for the figures a bench prints."""
    models: list[type[Model]] = [Organisation, Department, Indicator, Actual, Target]
    return {str(model._meta.verbose_name_plural): model.objects.count() for model in models}


# -- structure -------------------------------------------------------------------------------


def _structure(scale: Scale, rows: dict[str, int]) -> list[Department]:
    """Directorates and departments for the council's extra departments and for each extra
    authority, making only those not made before. Returns the new departments."""
    council = Organisation.objects.get(code=c.COUNCIL)
    wanted: list[tuple[Organisation | str, str, str, list[tuple[str, str]]]] = []
    council_departments = [(f"X{n:03d}", _service(n, "")) for n in range(1, scale.departments + 1)]
    for first in range(0, len(council_departments), DEPARTMENTS_PER_DIRECTORATE):
        number = first // DEPARTMENTS_PER_DIRECTORATE + 1
        part = council_departments[first : first + DEPARTMENTS_PER_DIRECTORATE]
        wanted.append((council, f"XD{number:02d}", f"Extra Directorate {number}", part))
    for a in range(1, scale.authorities + 1):
        place = f"{PLACES[(a - 1) % len(PLACES)]}{'' if a <= len(PLACES) else f' {a}'}"
        code = f"A{a:02d}"
        departments = [
            (f"{code}D{n:02d}", _service(n, place))
            for n in range(1, scale.authority_departments + 1)
        ]
        for first in range(0, len(departments), DEPARTMENTS_PER_DIRECTORATE):
            number = first // DEPARTMENTS_PER_DIRECTORATE + 1
            part = departments[first : first + DEPARTMENTS_PER_DIRECTORATE]
            wanted.append((code, f"{code}X{number}", f"{place} Directorate {number}", part))
    organisations = {o.code: o for o in Organisation.objects.all()}
    new_organisations = [
        Organisation(
            code=code,
            name=f"{PLACES[(int(code[1:]) - 1) % len(PLACES)]} Borough Council ({code})",
            kind=OrganisationKind.PARTNER,
            sector="local government",
        )
        for code in dict.fromkeys(o for o, *_ in wanted if isinstance(o, str))
        if code not in organisations
    ]
    organisations.update(_by_code(Organisation.objects.bulk_create(new_organisations)))
    directorates = {d.code: d for d in Directorate.objects.all()}
    new_directorates = Directorate.objects.bulk_create(
        Directorate(
            organisation=o if isinstance(o, Organisation) else organisations[o],
            code=code,
            name=name,
        )
        for o, code, name, _ in wanted
        if code not in directorates
    )
    directorates.update(_by_code(new_directorates))
    existing = set(Department.objects.values_list("code", flat=True))
    new_departments = Department.objects.bulk_create(
        Department(directorate=directorates[directorate], code=code, name=name)
        for _, directorate, _, part in wanted
        for code, name in part
        if code not in existing
    )
    # The council's new departments join its portfolios in turn; an authority's join none.
    portfolios = list(Portfolio.objects.order_by("code"))
    Portfolio.departments.through.objects.bulk_create(
        Portfolio.departments.through(
            portfolio=portfolios[n % len(portfolios)], department=department
        )
        for n, department in enumerate(d for d in new_departments if d.code.startswith("X"))
    )
    rows["organisations"] = len(new_organisations)
    rows["directorates"] = len(new_directorates)
    rows["departments"] = len(new_departments)
    return new_departments


def _service(n: int, place: str) -> str:
    service = SERVICES[(n - 1) % len(SERVICES)]
    round_ = (n - 1) // len(SERVICES) + 1
    name = f"{place} {service}" if place else f"{service} (extra {round_})"
    return name if place == "" or round_ == 1 else f"{name} {round_}"


def _by_code(rows: Iterable[Any]) -> dict[str, Any]:
    return {row.code: row for row in rows}


# -- indicators ------------------------------------------------------------------------------


def _templates() -> list[tuple[PIRow, str]]:
    """The demo's own council indicators, each with the priority it serves."""
    rows = [
        (row, priority)
        for priority, pis in PIS.items()
        for row in pis
        if row.set in SETS and row.frequency != "b"
    ]
    return rows + [(row, "CORP") for row in DEPARTMENT_HEALTH_PIS]


def _indicators(
    departments: list[Department], scale: Scale, seed: int, rows: dict[str, int]
) -> None:
    templates = _templates()
    priorities = {p.code: p for p in Priority.objects.all()}
    others = sorted(code for code in priorities if code != "CORP")
    indicators, links = [], []
    for department in departments:
        rng = random.Random(f"{seed}:departments:{department.code}")
        for n, (row, priority) in enumerate(
            rng.sample(templates, scale.indicators_per_department), start=1
        ):
            indicator = Indicator(
                code=f"{department.code} LI {n}",
                title=row.title.format(department=department.name),
                indicator_set=SETS[row.set],
                polarity=POLARITY[row.polarity],
                unit=row.unit,
                decimals=1 if row.unit in ("%", "days") else 0,
                frequency=Frequency.ANNUAL if row.frequency == "a" else Frequency.QUARTERLY,
                aggregation=(
                    Aggregation.CUMULATIVE if row.aggregation == "c" else Aggregation.SNAPSHOT
                ),
                department=department,
                is_key=rng.random() < 0.25,
                data_source=f"{department.name} records",
                provenance=PROVENANCE,
            )
            indicators.append(indicator)
            links.append((indicator, priority))
            if rng.random() < 0.2:  # a second priority, as some of the demo's have
                links.append((indicator, rng.choice([p for p in others if p != priority])))
    Indicator.objects.bulk_create(indicators, batch_size=2000)
    positions: dict[int, int] = {}
    link_rows = []
    for indicator, priority in links:
        position = positions.get(indicator.pk, 0)
        positions[indicator.pk] = position + 1
        link_rows.append(
            IndicatorPriority(indicator=indicator, priority=priorities[priority], position=position)
        )
    IndicatorPriority.objects.bulk_create(link_rows, batch_size=5000)
    rows["indicators"] = len(indicators)
    rows["indicator priority links"] = len(link_rows)


# -- figures ---------------------------------------------------------------------------------


def _figures(scale: Scale, seed: int, rows: dict[str, int]) -> None:
    """Published actuals and targets for every year from ``first_year`` up to each indicator's
    first figure (the demo's up to 2007/08; the generator's new ones up to 2009/10 Q1)."""
    first = dict(
        Actual.objects.values("indicator_id")
        .annotate(first=Min("period"))
        .values_list("indicator_id", "first")
    )
    plans = []
    for indicator in Indicator.objects.order_by("pk").iterator(chunk_size=5000):
        made_here = indicator.provenance == PROVENANCE
        found = first.get(indicator.pk)
        until = LAST.year + 1 if found is None else int(str(found)[:4])
        if not made_here:
            until = min(until, DEMO_FIRST_YEAR)
        if until > scale.first_year:
            plans.append((indicator, range(scale.first_year, until)))
    actuals = targets = 0
    for batch in _chunks(_actuals_of(plans, seed), CHUNK):
        Actual.objects.bulk_create(batch)
        actuals += len(batch)
    for batch in _chunks(_targets_of(plans, seed), CHUNK):
        Target.objects.bulk_create(batch)
        targets += len(batch)
    rows["actuals"] = actuals
    rows["targets"] = targets


class _Series:
    """One indicator's invented level and trend; each year's noise from its own generator."""

    def __init__(self, indicator: Indicator, seed: int) -> None:
        rng = random.Random(f"{seed}:series:{indicator.code}")
        self.indicator = indicator
        low, high = LEVELS.get(indicator.unit, (5.0, 80.0))
        self.level = rng.uniform(low, high)
        self.good = -1 if indicator.polarity == Polarity.LOWER else 1
        self.trend = rng.uniform(0.0, 0.02)
        self.stretch = rng.uniform(-0.04, 0.02)
        self.rated = indicator.polarity != Polarity.NONE
        self.cumulative = indicator.aggregation == Aggregation.CUMULATIVE
        self.quarterly = indicator.frequency != Frequency.ANNUAL
        self.places = Decimal(1).scaleb(-indicator.decimals)
        self.seed = seed

    def expected(self, year: float) -> float:
        return self.level * (1 + self.good * self.trend * (year - DEMO_FIRST_YEAR))

    def value(self, raw: float) -> Decimal:
        if self.indicator.unit.startswith("%"):
            raw = min(raw, 100.0)
        return Decimal(str(round(max(raw, 0.0), 4))).quantize(self.places)

    def year_target(self, year: int) -> float:
        return self.expected(year) * (1 + self.good * self.stretch)

    def periods(self, year: int) -> list[tuple[Period, float]]:
        """The periods of ``year`` with a figure, and the share of the year each covers."""
        if not self.quarterly:
            return [(Period(year), 1.0)]
        quarters = [q for q in Period(year).quarters() if q <= LAST]
        return [(q, q.number / 4 if self.cumulative else 1.0) for q in quarters]

    def actuals(self, year: int) -> Iterator[Actual]:
        rng = random.Random(f"{self.seed}:actuals:{self.indicator.code}:{year}")
        for period, share in self.periods(year):
            raw = self.expected(year + share / 4) * share * (1 + rng.gauss(0, 0.05))
            target = self.year_target(year) * share
            better = self.good * (raw - target) / target if target else 0.0
            draw = rng.random()
            commentary = ""
            if self.rated and better < -0.05 and draw < 0.6:
                commentary = rng.choice(UNDER_COMMENTARY)
            elif self.rated and better > 0.10 and draw < 0.5:
                commentary = rng.choice(OVER_COMMENTARY)
            elif draw < 0.06:
                commentary = rng.choice(ROUTINE_COMMENTARY)
            yield Actual(
                indicator_id=self.indicator.pk,
                period=period,
                value=self.value(raw),
                commentary=commentary,
                state=WorkflowState.PUBLISHED,
            )

    def targets(self, year: int) -> Iterator[Target]:
        if not self.rated:
            return
        annual = self.year_target(year)
        yield Target(indicator_id=self.indicator.pk, period=Period(year), value=self.value(annual))
        if self.quarterly:
            for period, share in self.periods(year):
                yield Target(
                    indicator_id=self.indicator.pk, period=period, value=self.value(annual * share)
                )


def _actuals_of(plans: list[tuple[Indicator, range]], seed: int) -> Iterator[Actual]:
    for indicator, years in plans:
        series = _Series(indicator, seed)
        for year in years:
            yield from series.actuals(year)


def _targets_of(plans: list[tuple[Indicator, range]], seed: int) -> Iterator[Target]:
    for indicator, years in plans:
        series = _Series(indicator, seed)
        for year in years:
            yield from series.targets(year)


def _chunks(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(islice(rows, size)):
        yield batch
