"""Checking the priorities, key objectives and areas of focus of a plan file."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from goldenthread.indicators.imports.cells import NameIndex
from goldenthread.indicators.imports.lookups import code_key
from goldenthread.indicators.imports.runner import RowReader
from goldenthread.organisation.models import Board, Portfolio
from goldenthread.planning.imports import cells
from goldenthread.planning.imports.columns import RecordKind
from goldenthread.planning.imports.matching import by_code, refuse_shared
from goldenthread.planning.models import AreaOfFocus, KeyObjective, Priority

if TYPE_CHECKING:
    from goldenthread.planning.imports.checking import _Checker

K = RecordKind


def check_priorities(c: _Checker) -> None:
    held = {code_key(p.code): p for p in Priority.objects.all()}
    boards = by_code(Board.objects.all(), "board")
    portfolios = by_code(Portfolio.objects.all(), "portfolio")
    numbers: list[tuple[RowReader, Priority]] = []
    for reader in c.rows[K.PRIORITY]:
        code = reader.read("code", partial(cells.parse_code, max_length=20))
        name = reader.read("title", partial(cells.parse_words, max_length=200))
        number = reader.read("number", cells.parse_priority_number)
        short = reader.read("short_name", partial(cells.parse_words, max_length=60))
        ppb = reader.read("ppb", boards)
        ssp = reader.read("ssp", boards)
        portfolio = reader.read("portfolio", portfolios)
        if not code or not c._first(K.PRIORITY, code_key(code), reader, code):
            continue
        known = held.get(code_key(code))
        values: dict[str, tuple[Any, str | None]] = {
            "code": (code, None),
            "name": (name, None),
            "short_name": (short or (name or "")[:60], "short_name" if known else None),
            "ppb": (ppb, "ppb"),
            "ssp": (ssp, "ssp"),
            "portfolio": (portfolio, "portfolio"),
        }
        if number is not None:
            values["number"] = (number, None)
        priority = c._settle(K.PRIORITY, reader, known, values, Priority, f"priority {code}")
        held[code_key(code)] = priority
        numbers.append((reader, priority))
    free = max((p.number or 0 for p in held.values()), default=0)
    for _reader, priority in numbers:
        if priority.number is None:
            free += 1
            priority.number = free
    everyone = list(held.values())
    c.priority_by_pk = {p.pk: p for p in everyone if p.pk is not None}
    rows = {id(priority): reader for reader, priority in numbers}
    for field_, column in (("number", "number"), ("name", "title")):
        refuse_shared(everyone, field_, column, rows, noun="priority")
    c.priorities = NameIndex(
        everyone,
        lambda p: p.code,
        lambda p: p.name,
        lambda p: p.short_name,
        noun="priority",
        unknown="a priority code or name in the file or in Golden Thread",
    )


def check_key_objectives(c: _Checker) -> None:
    c.key_objectives = {
        (id(c.priority_by_pk[k.priority_id]), k.letter.upper()): k
        for k in KeyObjective.objects.all()
    }
    for reader in c.rows[K.KEY_OBJECTIVE]:
        priority = reader.read("priority", c._priority)
        letter = reader.read("code", cells.parse_letter)
        title = reader.read("title", partial(cells.parse_words, max_length=300))
        if priority is None or letter is None:
            continue
        key = (id(priority), letter)
        if not c._first(K.KEY_OBJECTIVE, key, reader, f"{priority.code} {letter}"):
            continue
        values = {
            "priority": (priority, None),
            "letter": (letter, None),
            "title": (title, None),
        }
        c.key_objectives[key] = c._settle(
            K.KEY_OBJECTIVE,
            reader,
            c.key_objectives.get(key),
            values,
            KeyObjective,
            f"key objective {priority.code} {letter}",
        )


def check_areas_of_focus(c: _Checker) -> None:
    c.areas = {a.number: a for a in AreaOfFocus.objects.all()}
    for area in c.areas.values():  # the same priorities as the file's rows are given
        area.priority = c.priority_by_pk[area.priority_id]
    for reader in c.rows[K.AREA_OF_FOCUS]:
        number = reader.read("code", cells.parse_area_number)
        title = reader.read("title", partial(cells.parse_words, max_length=300))
        priority = reader.read("priority", c._priority)
        letter = reader.read("key_objective", lambda raw: cells.parse_letter(raw) if raw else None)
        key_objective = None
        if priority is not None and letter is not None:
            key_objective = c.key_objectives.get((id(priority), letter))
            if key_objective is None:
                reader.refuse(
                    "key_objective",
                    f"{priority.code} has no key objective {letter} in the file or in "
                    "Golden Thread",
                )
        if number is None or priority is None:
            continue
        if not c._first(K.AREA_OF_FOCUS, number, reader, str(number)):
            continue
        values = {
            "number": (number, None),
            "title": (title, None),
            "priority": (priority, None),
            "key_objective": (key_objective, "key_objective"),
        }
        c.areas[number] = c._settle(
            K.AREA_OF_FOCUS,
            reader,
            c.areas.get(number),
            values,
            AreaOfFocus,
            f"area of focus {number}",
        )
