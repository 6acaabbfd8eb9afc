"""The demo's indicator library: National Indicators through the import, then its own PIs,
their links to priorities and objectives, and the Local Area Agreement."""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from pathlib import Path

from goldenthread.demo import content as c
from goldenthread.demo.content_indicators import LAA_LEAD, NI_USE, NOT_IN_LAA, STATUTORY
from goldenthread.demo.content_performance import TOLERANCES
from goldenthread.demo.content_pis import DEPARTMENT_HEALTH_PIS, PIS, UNLINKED_PIS, PIRow
from goldenthread.demo.plans import load_plan_rows
from goldenthread.demo.world import DemoError, World
from goldenthread.indicators.models import (
    Aggregation,
    Frequency,
    Indicator,
    IndicatorPriority,
    IndicatorSet,
    LAADesignation,
    LAAIndicator,
    LocalAreaAgreement,
    Polarity,
)
from goldenthread.organisation.models import User
from goldenthread.planning.imports.exporting import Row

POLARITY = {"+": Polarity.HIGHER, "-": Polarity.LOWER, "0": Polarity.NONE}
FREQUENCY = {"q": Frequency.QUARTERLY, "a": Frequency.ANNUAL, "b": Frequency.BIENNIAL}
AGGREGATION = {"s": Aggregation.SNAPSHOT, "c": Aggregation.CUMULATIVE}
SETS = {"B": IndicatorSet.BVPI, "L": IndicatorSet.LOCAL, "P": IndicatorSet.PARTNER}
DECIMALS = {
    "%": 1,
    "% (gap)": 1,
    "days": 1,
    "weeks": 1,
    "£": 2,
    "ratio": 2,
    "hectares": 1,
    "rate per 1,000": 2,
    "rate per 10,000": 2,
    "rate per 100,000": 1,
    "rate": 2,
    "tonnes per head": 2,
}
INDICATOR_LINK_FILE = "demo-indicator-links.csv"
LAA_NAME = "Demo Borough Local Area Agreement 2008/09–2010/11"


def build_indicators(world: World) -> None:
    rng = random.Random(f"{c.SEED}:indicators")
    links = _national_indicators(world)
    links.update(_own_indicators(world, rng))
    IndicatorPriority.objects.bulk_create(
        IndicatorPriority(
            indicator=world.indicators[code], priority=world.priorities[priority], position=n
        )
        for code, priorities in links.items()
        for n, priority in enumerate(priorities)
    )
    _objective_links(world, links, rng)
    _local_area_agreement(world)


def _national_indicators(world: World) -> dict[str, tuple[str, ...]]:
    """Load the shipped NIs as any council would, then record how Demo Borough uses them."""
    from goldenthread.indicators.services import (
        NATIONAL_INDICATORS_FILE,
        national_indicators_import,
    )

    result = national_indicators_import(acting_user=None)
    if not result.ok:
        raise DemoError(result.error_report())
    blanks = _blank_cells(NATIONAL_INDICATORS_FILE)
    found = {i.code: i for i in Indicator.objects.filter(code__in=list(NI_USE))}
    missing = sorted(set(NI_USE) - set(found))
    if missing:
        raise DemoError(f"the National Indicator file lacks {', '.join(missing)}")
    laa = set(NI_USE) - set(NOT_IN_LAA)
    for code, use in NI_USE.items():
        indicator = found[code]
        indicator.department = world.departments[use.department]
        indicator.responsible_officer = world.heads[use.department]
        indicator.collator = world.collators[use.department]
        indicator.aggregation = AGGREGATION[use.aggregation]
        indicator.decimals = use.decimals
        indicator.is_key = code in laa
        # Only what the reference file leaves blank is the demo's own choice.
        if "polarity" in blanks[code]:
            indicator.polarity = POLARITY[use.polarity]
        if "unit" in blanks[code]:
            indicator.unit = use.unit
        if "frequency" in blanks[code]:
            indicator.frequency = FREQUENCY[use.frequency]
        world.indicators[code] = indicator
    Indicator.objects.bulk_update(
        found.values(),
        [
            "department",
            "responsible_officer",
            "collator",
            "aggregation",
            "decimals",
            "is_key",
            "polarity",
            "unit",
            "frequency",
        ],
    )
    return {code: use.priorities for code, use in NI_USE.items()}


def _blank_cells(path: Path) -> dict[str, set[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            " ".join(row["code"].split()): {name for name, value in row.items() if not value}
            for row in csv.DictReader(handle)
        }


def _own_rows() -> list[tuple[PIRow, tuple[str, ...]]]:
    """Every local, BVPI and partner indicator with its priorities, in code-numbering order."""
    rows: list[tuple[PIRow, tuple[str, ...]]] = [
        (row, (priority,)) for priority, pis in PIS.items() for row in pis
    ]
    rows += [
        (
            row._replace(owner=department.code, title=row.title.format(department=department.name)),
            ("CORP",),
        )
        for department in c.DEPARTMENTS
        for row in DEPARTMENT_HEALTH_PIS
    ]
    rows += [(row, ()) for row in UNLINKED_PIS]
    return rows


def _own_indicators(world: World, rng: random.Random) -> dict[str, tuple[str, ...]]:
    numbers: dict[str, int] = defaultdict(int)
    indicators, links = [], {}
    for row, priorities in _own_rows():
        partner = row.set == "P"
        if row.code:
            code = row.code
        else:
            numbers[row.owner] += 1
            code = f"{row.owner} {'PI' if partner else 'LI'} {numbers[row.owner]}"
        officer: User | None
        if partner:
            department = None
            officer = collator = (
                world.partner_officers.get(row.owner) or world.users["partner.officer"]
            )
            source = f"{world.organisations[row.owner].name} performance return"
        else:
            department = world.departments[row.owner]
            officer, collator = world.heads[row.owner], world.collators[row.owner]
            source = f"{department.name} records"
        if not priorities and row is UNLINKED_PIS[0]:
            officer = None  # nobody answers for it: an integrity finding
        indicators.append(
            Indicator(
                code=code,
                title=row.title,
                indicator_set=SETS[row.set],
                polarity=POLARITY[row.polarity],
                unit=row.unit,
                decimals=DECIMALS.get(row.unit, 0),
                frequency=FREQUENCY[row.frequency],
                aggregation=AGGREGATION[row.aggregation],
                tolerance=TOLERANCES.get(code),
                department=department,
                is_key=rng.random() < 0.25,
                data_source=source,
                responsible_officer=officer,
                collator=collator,
                provenance="Demo Borough Council demo data (invented for the demo)",
            )
        )
        links[code] = priorities
    for indicator in Indicator.objects.bulk_create(indicators):
        world.indicators[indicator.code] = indicator
    return {code: priorities for code, priorities in links.items() if priorities}


def _objective_links(world: World, links: dict[str, tuple[str, ...]], rng: random.Random) -> None:
    """Most indicators measure one objective of their department under the same priority; a
    few measure two, and some measure none (the review found links missing). Loaded as the
    plan file's indicator links, once the library is in, as a council would load them."""
    candidates: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, priority in world.objective_priority.items():
        if priority:
            candidates[code.split(" ")[0], priority].append(code)
    rows: list[Row] = []
    for code, indicator in world.indicators.items():
        if indicator.department is None or not links.get(code):
            continue
        choices = candidates.get((indicator.department.code, links[code][0]), [])
        draw = rng.random()
        if not choices or draw < 0.08:
            continue
        count = 2 if draw > 0.9 and len(choices) > 1 else 1
        rows.extend(
            {"record": "indicator link", "indicator": code, "objective": objective}
            for objective in rng.sample(choices, count)
        )
    load_plan_rows(rows, INDICATOR_LINK_FILE)


def _local_area_agreement(world: World) -> None:
    agreement = LocalAreaAgreement.objects.create(
        name=LAA_NAME, first_year=2008, last_year=2010, lead_organisation=world.council
    )
    LAAIndicator.objects.bulk_create(
        LAAIndicator(
            agreement=agreement,
            indicator=world.indicators[code],
            designation=(
                LAADesignation.STATUTORY if code in STATUTORY else LAADesignation.DESIGNATED
            ),
            lead_partner=world.organisations[LAA_LEAD.get(code, c.COUNCIL)],
        )
        for code in NI_USE
        if code not in NOT_IN_LAA
    )
