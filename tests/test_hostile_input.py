"""No page answers hostile input with a server error.

Every page of the access matrix (tests/test_access_matrix.py) that takes a POST gets, from a
person allowed to write through it, payloads a careless or hostile user could send: the right
fields with junk in them, every field empty, text far too long, NUL bytes and odd Unicode, a
file that is not what it says. Every page the matrix reads gets junk in its query string. Each
must answer with a page that says what is wrong (or ignores the junk), never a 500; a 500 here
is what a user would meet as "Sorry, there is a problem with the service".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from tests.test_access_matrix import (
    MATRIX,
    PERSONAS,
    World,
    _path,
    client_for,
    world_fixture,  # noqa: F401
)

LONG = "x" * 100_000
ODD = "\u202e\ufeff🙂 =cmd|' /C calc'!A0 <script>alert(1)</script> ' OR 1=1 --"
JUNK_QUERY = "?period=2031-32-Q9&year=%FF%FE&quarter=junk&parent=../../etc&page=-1&format=exe"


def _junk(value: Any) -> Any:
    return ["a", "b"] if isinstance(value, list) else "not-a-valid-value"


def _emptied(value: Any) -> Any:
    return [] if isinstance(value, list) else ""


PAYLOADS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "junk in every field": lambda data: {key: _junk(value) for key, value in data.items()},
    "every field empty": lambda data: {key: _emptied(value) for key, value in data.items()},
    "nothing at all": lambda data: {},
    "far too long": lambda data: {key: LONG for key in data} or {"name": LONG},
    "NUL bytes and odd Unicode": lambda data: {key: f"a\x00{ODD}" for key in data} or {"note": ODD},
    "a file that is not what it says": lambda data: {
        **data,
        "file": SimpleUploadedFile("plans.xlsx", b"PK\x03\x04 not really a zip" * 10),
        "spreadsheet": SimpleUploadedFile("return.xlsx", b"\x00\x01garbage"),
        "plan_file": SimpleUploadedFile("plans.csv", b"\xff\xfe\x00bad,csv\n\x00"),
    },
}


def _writers() -> Iterator[Any]:
    for name, row in MATRIX.items():
        if row.write is None or not row.write.allowed:
            continue
        role = sorted(row.write.allowed)[0]
        for path in row.paths:
            for payload in PAYLOADS:
                yield pytest.param(name, path, role, payload, id=f"{name}-{payload}")


def _readers() -> Iterator[Any]:
    for name, row in MATRIX.items():
        if not row.read:
            continue
        role = "performance officer" if "performance officer" in row.read else sorted(row.read)[0]
        for path in row.paths:
            yield pytest.param(name, path, role, id=f"{name}-{path}")


@pytest.mark.parametrize(("name", "path", "role", "payload"), list(_writers()))
def test_no_write_answers_hostile_input_with_a_server_error(
    world: World, db, name: str, path: str, role: str, payload: str
) -> None:
    row = MATRIX[name]
    assert row.write is not None and PERSONAS[role] is not None
    data = row.write.data(world) if callable(row.write.data) else dict(row.write.data)
    with transaction.atomic():
        if row.write.given is not None:
            row.write.given(world)
        response = client_for(world, role).post(_path(path, world), PAYLOADS[payload](data))
        transaction.set_rollback(True)
    assert response.status_code < 500, f"{path} answered {response.status_code} to {payload}"


@pytest.mark.parametrize(("name", "path", "role"), list(_readers()))
def test_no_page_answers_a_junk_query_string_with_a_server_error(
    world: World, db, name: str, path: str, role: str
) -> None:
    separator = "&" if "?" in path else "?"
    junk = _path(path, world) + separator + JUNK_QUERY.lstrip("?")
    response = client_for(world, role).get(junk)
    assert response.status_code < 500, f"{junk} answered {response.status_code}"
