"""A digest of the demo's data by natural keys (codes, usernames, periods), never by row ids
or the time it was loaded, so two builds can be compared: same digest, same data."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Manager

from goldenthread.indicators.models import (
    Actual,
    Indicator,
    IndicatorPriority,
    LAAIndicator,
    Target,
)
from goldenthread.organisation.models import (
    Board,
    Department,
    Directorate,
    Organisation,
    Portfolio,
    RoleAssignment,
    User,
)
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

SCOPES = [
    "department__code",
    "directorate__code",
    "board__code",
    "portfolio__code",
    "organisation__code",
]


def _rows(queryset: Manager[Any], *fields: str) -> list[tuple[Any, ...]]:
    return sorted(queryset.values_list(*fields), key=lambda row: json.dumps(row, default=_plain))


def _tables() -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    yield "organisations", _rows(Organisation.objects, "code", "name", "kind", "sector")
    yield "directorates", _rows(Directorate.objects, "code", "name", "organisation__code")
    yield "departments", _rows(Department.objects, "code", "name", "directorate__code")
    yield "boards", _rows(Board.objects, "code", "name", "kind")
    yield "portfolios", _rows(Portfolio.objects, "code", "name", "departments__code")
    yield (
        "people",
        _rows(
            User.objects,
            "username",
            "first_name",
            "last_name",
            "email",
            "organisation__code",
            "job_title",
            "is_active",
        ),
    )
    yield "roles", _rows(RoleAssignment.objects, "user__username", "role", *SCOPES)
    yield (
        "priorities",
        _rows(
            Priority.objects,
            "number",
            "code",
            "name",
            "short_name",
            "ppb__code",
            "ssp__code",
            "portfolio__code",
        ),
    )
    yield "key objectives", _rows(KeyObjective.objects, "priority__code", "letter", "title")
    yield (
        "areas",
        _rows(AreaOfFocus.objects, "number", "title", "priority__code", "key_objective__letter"),
    )
    yield (
        "plans",
        _rows(
            Plan.objects,
            "code",
            "title",
            "kind",
            "parent__code",
            "department__code",
            "owner__username",
            "first_year",
            "last_year",
            "state",
        ),
    )
    yield "objectives", _rows(Objective.objects, "code", "title", "plan__code", "owner__username")
    yield (
        "links",
        _rows(
            ObjectiveLink.objects,
            "objective__code",
            "priority__code",
            "area_of_focus__number",
            "is_primary",
        ),
    )
    yield (
        "milestones",
        _rows(Milestone.objects, "code", "title", "objective__code", "due", "owner__username"),
    )
    yield (
        "updates",
        _rows(
            MilestoneUpdate.objects, "milestone__code", "period", "progress", "commentary", "state"
        ),
    )
    yield (
        "tasks",
        _rows(Task.objects, "plan__code", "title", "objective__code", "due", "owner__username"),
    )
    yield (
        "indicators",
        _rows(
            Indicator.objects,
            "code",
            "title",
            "indicator_set",
            "polarity",
            "unit",
            "decimals",
            "frequency",
            "aggregation",
            "tolerance",
            "department__code",
            "is_key",
            "responsible_officer__username",
            "collator__username",
            "objectives__code",
        ),
    )
    yield (
        "indicator priorities",
        _rows(IndicatorPriority.objects, "indicator__code", "priority__code", "position"),
    )
    yield (
        "laa",
        _rows(
            LAAIndicator.objects,
            "agreement__name",
            "indicator__code",
            "designation",
            "lead_partner__code",
        ),
    )
    yield "targets", _rows(Target.objects, "indicator__code", "period", "value", "floor")
    yield (
        "actuals",
        _rows(
            Actual.objects,
            "indicator__code",
            "period",
            "value",
            "numerator",
            "denominator",
            "commentary",
            "state",
            "updated_at",
        ),
    )


def demo_fingerprint() -> str:
    """A SHA-256 of every table the demo fills, row ids and load times left out."""
    digest = hashlib.sha256()
    for name, rows in _tables():
        digest.update(json.dumps([name, rows], default=_plain).encode())
    return digest.hexdigest()


def _plain(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 92.5 whether stored as 92.5 or 92.500000
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    return str(value)
