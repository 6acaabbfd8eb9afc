"""Finding what a plan file names and setting its values: what every kind of row shares."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from goldenthread.indicators.imports.cells import CellError
from goldenthread.indicators.imports.lookups import code_key
from goldenthread.indicators.imports.runner import RowReader

M = TypeVar("M", bound=models.Model)


def held_by_code(model: type[M], codes: Iterable[str]) -> dict[str, M]:
    """The ``model`` rows with these codes, keyed by code_key (case and spaces ignored)."""
    written = {" ".join(code.split()) for code in codes if code.strip()}
    if not written:
        return {}
    keys = {code_key(code) for code in written}
    found = model._default_manager.annotate(code_lower=Lower("code")).filter(
        # The exact match finds codes whose case SQLite's LOWER() cannot fold.
        Q(code_lower__in=keys) | Q(code__in=written)
    )
    return {code_key(obj.code): obj for obj in found}  # type: ignore[attr-defined]


def apply_values(obj: models.Model, values: dict[str, Any]) -> list[str]:
    """Set the values that differ on a held thing; the names of those that did."""
    changed = []
    for name, value in values.items():
        field_ = obj._meta.get_field(name)
        if field_.is_relation:
            current = getattr(obj, field_.attname)  # type: ignore[union-attr]
            wanted = value.pk if value is not None else None
            if current == wanted and (value is None or wanted is not None):
                continue
        elif getattr(obj, name) == value:
            continue
        setattr(obj, name, value)
        changed.append(name)
    return changed


def assign(obj: M, **values: Any) -> M:
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


def by_code(things: Iterable[M], noun: str) -> Callable[[str], M | None]:
    index = {code_key(t.code): t for t in things}  # type: ignore[attr-defined]

    def find(raw: str) -> M | None:
        if not raw:
            return None
        found = index.get(code_key(raw))
        if found is None:
            raise CellError(f"{raw!r} is not the code of a {noun} in Golden Thread")
        return found

    return find


def refuse_shared(
    things: list[Any], field_: str, column: str, rows: dict[int, RowReader], *, noun: str
) -> None:
    """Refuse the file's rows that give a value another thing of their kind already has."""
    holders: dict[Any, list[Any]] = defaultdict(list)
    for thing in things:
        value = getattr(thing, field_)
        holders[value.casefold() if isinstance(value, str) else value].append(thing)
    for group in holders.values():
        if len(group) < 2:
            continue
        for thing in group:
            reader = rows.get(id(thing))
            if reader is None:
                continue
            others = ", ".join(o.code for o in group if o is not thing)
            reader.refuse(
                column,
                f"{getattr(thing, field_)!r} is also the {field_} of the {noun} {others}",
                value=str(getattr(thing, field_)),
            )
