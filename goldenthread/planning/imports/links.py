"""Checking the file's links: objective ↔ priority / area of focus, and indicator ↔ objective.

An objective's links are given as a set: when the file lists any link of an objective, the
links it lists become that objective's links (a held link the file leaves out is removed, and
counted as removed). An objective the file lists no links for keeps its links.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from goldenthread.indicators.imports.cells import CellError, parse_yes_no
from goldenthread.indicators.imports.lookups import find_indicator, indicators_by_code
from goldenthread.indicators.imports.runner import RowReader
from goldenthread.planning import rules
from goldenthread.planning.imports.cells import parse_area_number
from goldenthread.planning.imports.columns import RecordKind
from goldenthread.planning.models import AreaOfFocus, Objective, ObjectiveLink, Priority

if TYPE_CHECKING:
    from goldenthread.indicators.models import Indicator
    from goldenthread.planning.imports.checking import _Checker

K = RecordKind
LOAD_THE_LIBRARY = (
    "; load the indicator library first (goldenthread import-indicators), then this file"
)


@dataclass
class _Link:
    reader: RowReader
    priority: Priority
    area: AreaOfFocus | None
    primary: bool | None

    @property
    def label(self) -> str:
        area = f" area of focus {self.area.number}" if self.area else ""
        return f"{self.priority.code}{area}"


def check_objective_links(checker: _Checker) -> None:
    groups: dict[int, list[_Link]] = defaultdict(list)
    objectives: dict[int, Objective] = {}
    for reader in checker.rows[K.OBJECTIVE_LINK]:
        objective = reader.read("objective", checker._objective)
        priority = reader.read("priority", checker._priority)
        area = reader.read("area_of_focus", partial(_area, checker))
        primary = reader.read("primary", lambda raw: parse_yes_no(raw) if raw else None)
        if area is not None and priority is not None and area.priority is not priority:
            reader.refuse(
                "area_of_focus",
                f"area of focus {area.number} is under the priority {area.priority.code}, "
                f"not {priority.code}",
            )
        if not reader.ok or objective is None or priority is None:
            continue
        key = (id(objective), id(priority), area.number if area else None)
        link = _Link(reader, priority, area, primary)
        if not checker._first(K.OBJECTIVE_LINK, key, reader, f"{objective.code} → {link.label}"):
            continue
        groups[id(objective)].append(link)
        objectives[id(objective)] = objective
    held: dict[int, dict[tuple[int, int | None], bool]] = defaultdict(dict)
    saved = [o.pk for o in objectives.values() if o.pk is not None]
    for objective_id, priority_id, area_id, primary in ObjectiveLink.objects.filter(
        objective_id__in=saved
    ).values_list("objective_id", "priority_id", "area_of_focus_id", "is_primary"):
        held[objective_id][(priority_id, area_id)] = primary
    for group, links in groups.items():
        objective = objectives[group]
        _settle_links(checker, objective, links, held.get(objective.pk or 0, {}))


def _area(checker: _Checker, raw: str) -> AreaOfFocus | None:
    if not raw:
        return None
    number = parse_area_number(raw)
    area = checker.areas.get(number)
    if area is None:
        raise CellError(f"there is no area of focus {number} in the file or in Golden Thread")
    return area


def _settle_links(
    checker: _Checker,
    objective: Objective,
    links: list[_Link],
    held: dict[tuple[int, int | None], bool],
) -> None:
    primaries = [link for link in links if link.primary]
    if not primaries and len(links) == 1:
        links[0].primary = True  # an objective's only link is its primary one
        primaries = links
    rule = rules.primary_links_wrong(len(primaries), len(links))
    if rule is not None:
        rows = ", ".join(str(link.reader.number) for link in primaries or links)
        problem = (
            f"none of the {len(links)} links of {objective.code} (rows {rows}) is marked "
            f"primary; {rule}: write yes in one of them"
            if not primaries
            else f"{len(primaries)} links of {objective.code} (rows {rows}) are marked "
            f"primary; {rule}"
        )
        for link in primaries or links:
            link.reader.refuse("primary" if checker.table.has("primary") else None, problem)
        return
    plan = checker.plan
    seen: set[tuple[int | None, int | None]] = set()
    outcomes = []
    for link in links:
        key = (link.priority.pk, link.area.pk if link.area else None)
        seen.add(key)
        if key[0] is None or (link.area is not None and key[1] is None) or key not in held:
            outcomes.append("created")
        elif held[key] != bool(link.primary):
            outcomes.append("updated")
        else:
            outcomes.append("unchanged")
    removed = [key for key in held if key not in seen]
    for link, outcome in zip(links, outcomes, strict=True):
        plan.count(K.OBJECTIVE_LINK, outcome, f"objective link {objective.code} → {link.label}")
    plan.counts[K.OBJECTIVE_LINK].removed += len(removed)
    if removed or any(outcome != "unchanged" for outcome in outcomes):
        if objective.pk is not None:
            plan.links_dropped.add(objective.pk)
        plan.new_links.extend(
            ObjectiveLink(
                objective=objective,
                priority=link.priority,
                area_of_focus=link.area,
                is_primary=bool(link.primary),
            )
            for link in links
        )


def check_indicator_links(checker: _Checker) -> None:
    from goldenthread.indicators.models import Indicator

    rows = checker.rows[K.INDICATOR_LINK]
    if not rows:
        return
    library = indicators_by_code(reader["indicator"] for reader in rows)
    listed: list[tuple[RowReader, int, Objective]] = []  # in the file's order
    objectives: dict[int, Objective] = {}
    for reader in rows:
        objective = reader.read("objective", checker._objective)
        indicator = reader.read("indicator", partial(_indicator, library))
        if not reader.ok or objective is None or indicator is None:
            continue
        key = (indicator, id(objective))
        if not checker._first(
            K.INDICATOR_LINK, key, reader, f"{reader['indicator']} → {objective.code}"
        ):
            continue
        listed.append((reader, indicator, objective))
        objectives[id(objective)] = objective
    through = Indicator.objectives.through
    held: dict[int, dict[int, int]] = defaultdict(dict)
    saved = [o.pk for o in objectives.values() if o.pk is not None]
    for pk, objective_id, indicator_id in through.objects.filter(
        objective_id__in=saved
    ).values_list("pk", "objective_id", "indicator_id"):
        held[objective_id][indicator_id] = pk
    plan = checker.plan
    kept: dict[int, set[int]] = defaultdict(set)
    for reader, indicator, objective in listed:
        label = f"indicator link {reader['indicator']} → {objective.code}"
        kept[id(objective)].add(indicator)
        if indicator in held.get(objective.pk or 0, {}):
            plan.count(K.INDICATOR_LINK, "unchanged", label)
        else:
            plan.count(K.INDICATOR_LINK, "created", label)
            plan.indicator_links_added.append((indicator, objective))
    for ident, objective in objectives.items():
        holding = held.get(objective.pk or 0, {})
        dropped = [pk for indicator, pk in holding.items() if indicator not in kept[ident]]
        plan.indicator_links_dropped.extend(dropped)
        plan.counts[K.INDICATOR_LINK].removed += len(dropped)


def _indicator(library: dict[str, Indicator], raw: str) -> int:
    try:
        return find_indicator(library, raw).pk
    except CellError as error:
        raise CellError(f"{error}{LOAD_THE_LIBRARY}") from None
