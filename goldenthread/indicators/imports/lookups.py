"""Finding the things a file names, in one query per kind of thing however long the file."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Lower

from goldenthread.indicators.imports.cells import CellError
from goldenthread.indicators.models import Indicator


def code_key(code: str) -> str:
    """How codes are compared: case and runs of spaces do not matter (``ni  39`` is NI 39)."""
    return " ".join(code.split()).lower()


def indicators_by_code(codes: Iterable[str]) -> dict[str, Indicator]:
    """The indicators with these codes, keyed by :func:`code_key`; one query."""
    written = {" ".join(code.split()) for code in codes if code}
    if not written:
        return {}
    keys = {code_key(code) for code in written}
    found = (
        Indicator.objects.annotate(code_lower=Lower("code"))
        # The exact match finds codes whose case SQLite's LOWER() cannot fold.
        .filter(Q(code_lower__in=keys) | Q(code__in=written))
    )
    return {code_key(indicator.code): indicator for indicator in found}


def find_indicator(index: dict[str, Indicator], raw: str) -> Indicator:
    try:
        return index[code_key(raw)]
    except KeyError:
        raise CellError(f"{raw!r} is not the code of an indicator in the library") from None


class UserIndex:
    """People by e-mail address, ignoring case; one query for every address in the file."""

    def __init__(self, addresses: Iterable[str]) -> None:
        wanted = {address.strip().lower() for address in addresses if address.strip()}
        self._users: dict[str, list[object]] = defaultdict(list)
        if wanted:
            users = get_user_model().objects.annotate(email_lower=Lower("email"))
            for user in users.filter(email_lower__in=wanted):
                self._users[user.email.lower()].append(user)

    def get(self, raw: str) -> object | None:
        """The one active user with this address; None for an empty cell."""
        if not raw:
            return None
        users = self._users.get(raw.strip().lower(), [])
        if not users:
            raise CellError(f"{raw!r} is not the e-mail address of anyone in Golden Thread")
        if len(users) > 1:
            raise CellError(f"{raw!r} is the e-mail address of more than one person")
        user = users[0]
        if not getattr(user, "is_active", True):
            raise CellError(f"{raw!r} belongs to {user}, whose account is closed")
        return user
