"""Finding a department (or priority) from what someone typed: a code or a name, any case.

Commands that take ``--department D`` call :func:`resolve_department`; a miss raises
:class:`NotFound`, whose message names the nearest matches so the person can retype.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from django.db.models import QuerySet

from goldenthread.organisation.models import Board, Department, Directorate, Portfolio

if TYPE_CHECKING:
    from goldenthread.planning.models import Priority

T = TypeVar("T")


class NotFound(ValueError):
    """Nothing has the code or name given. ``near`` holds the closest candidates' labels."""

    def __init__(self, message: str, near: list[str]) -> None:
        super().__init__(message)
        self.near = near


def _key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _resolve(
    text: str,
    items: Iterable[T],
    keys: list[Callable[[T], str]],
    *,
    noun: str,
    label: Callable[[T], str],
    list_command: str,
) -> T:
    """The item one of whose ``keys`` matches ``text``; earlier keys win (a code beats a name)."""
    wanted = _key(text)
    items = list(items)
    if not wanted:
        raise NotFound(f"Give a {noun} code or name; `{list_command}` lists them.", [])
    for key in keys:
        for item in items:
            if _key(key(item)) == wanted:
                return item
    near = _near(wanted, items, keys, label)
    hint = f"Did you mean {' or '.join(near)}? " if near else ""
    raise NotFound(
        f"No {noun} has the code or name {text.strip()!r}. {hint}"
        f"`{list_command}` lists all {len(items)}.",
        near,
    )


def _near(
    wanted: str, items: list[T], keys: list[Callable[[T], str]], label: Callable[[T], str]
) -> list[str]:
    """Up to three labels: items whose code or name contains what was typed, then those that
    look most like it."""
    by_key: dict[str, T] = {}
    for key in keys:
        for item in items:
            by_key.setdefault(_key(key(item)), item)
    found: list[T] = [item for k, item in by_key.items() if wanted in k]
    for k in difflib.get_close_matches(wanted, list(by_key), n=3, cutoff=0.6):
        found.append(by_key[k])
    labels: list[str] = []
    for item in found:
        if label(item) not in labels:
            labels.append(label(item))
    return labels[:3]


def resolve_department(text: str, *, departments: QuerySet[Department] | None = None) -> Department:
    """The department whose code or name is ``text``, ignoring case and extra spaces.

    ``departments`` narrows the search (for instance to those a person may see).
    """
    queryset = Department.objects.all() if departments is None else departments
    return _resolve(
        text,
        queryset.select_related("directorate").order_by("code"),
        [lambda d: d.code, lambda d: d.name],
        noun="department",
        label=lambda d: f"{d.code} ({d.name})",
        list_command="goldenthread list departments",
    )


def resolve_priority(text: str) -> Priority:
    """The priority whose code, name or short name is ``text``, ignoring case."""
    from goldenthread.planning.models import Priority

    return _resolve(
        text,
        Priority.objects.order_by("number"),
        [lambda p: p.code, lambda p: p.name, lambda p: p.short_name],
        noun="priority",
        label=lambda p: f"{p.code} ({p.name})",
        list_command="goldenthread list priorities",
    )


def resolve_directorate(text: str) -> Directorate:
    """The directorate whose code or name is ``text``, ignoring case."""
    return _resolve(
        text,
        Directorate.objects.order_by("code"),
        [lambda d: d.code, lambda d: d.name],
        noun="directorate",
        label=lambda d: f"{d.code} ({d.name})",
        list_command="goldenthread list directorates",
    )


def resolve_board(text: str) -> Board:
    """The board (PPB, Executive Board, Management Team, LSP or SSP) whose code or name is
    ``text``, ignoring case."""
    return _resolve(
        text,
        Board.objects.order_by("code"),
        [lambda b: b.code, lambda b: b.name],
        noun="board",
        label=lambda b: f"{b.code} ({b.name})",
        list_command="goldenthread list boards",
    )


def resolve_portfolio(text: str) -> Portfolio:
    """The portfolio whose code or name is ``text``, ignoring case."""
    return _resolve(
        text,
        Portfolio.objects.order_by("code"),
        [lambda p: p.code, lambda p: p.name],
        noun="portfolio",
        label=lambda p: f"{p.code} ({p.name})",
        list_command="goldenthread list portfolios",
    )
