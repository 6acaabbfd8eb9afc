"""Whose return, for which round, and what it holds."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from goldenthread import access
from goldenthread.monitoring.models import CollectionRound, ItemType
from goldenthread.monitoring.selectors import DueItem, round_returns
from goldenthread.monitoring.services import MonitoringError
from goldenthread.organisation.models import Department
from goldenthread.planning.periods import Period, PeriodError


def department_for(acting_user: Any, department: Department | str) -> Department:
    """The department, if this person may enter anything in its return; Http404 otherwise,
    the same as a department that does not exist."""
    code = department.code if isinstance(department, Department) else department
    found = Department.objects.filter(code=code).first()
    if found is None:
        raise Http404("Not found")
    if access.narratable_departments(acting_user).filter(pk=found.pk).exists():
        return found
    if (
        access.enterable_indicators(acting_user).filter(department=found).exists()
        or access.enterable_milestones(acting_user)
        .filter(objective__plan__department=found)
        .exists()
    ):
        return found
    raise Http404("Not found")


def round_for(period: Period | str) -> CollectionRound:
    try:
        quarter = period if isinstance(period, Period) else Period.parse(period)
    except PeriodError as error:
        raise MonitoringError(str(error)) from None
    found = CollectionRound.objects.filter(quarter=quarter).first()
    if found is None:
        raise MonitoringError(f"No collection round is open for {quarter}.")
    return found


def due_items(round_: CollectionRound, department: Department) -> list[DueItem]:
    for department_return in round_returns(round_):
        if department_return.department.pk == department.pk:
            return department_return.items
    return []


def own_items(acting_user: Any, round_: CollectionRound, department: Department) -> list[DueItem]:
    """The department's due items this person may enter: the items their return page shows
    them (the same goldenthread.access selection), and nobody else's."""
    due = due_items(round_, department)
    indicators = set(
        access.enterable_indicators(acting_user)
        .filter(department=department, code__in=[d.code for d in due if d.kind == ItemType.ACTUAL])
        .values_list("code", flat=True)
    )
    milestones = set(
        access.enterable_milestones(acting_user)
        .filter(
            objective__plan__department=department,
            code__in=[d.code for d in due if d.kind == ItemType.MILESTONE_UPDATE],
        )
        .values_list("code", flat=True)
    )
    theirs: dict[str, set[str]] = {
        ItemType.ACTUAL: indicators,
        ItemType.MILESTONE_UPDATE: milestones,
    }
    return [d for d in due if d.code in theirs.get(d.kind, set())]


def narrates(acting_user: Any, department: Department) -> bool:
    """Whether this person writes the department's narrative (the return page shows it them)."""
    return access.narratable_departments(acting_user).filter(pk=department.pk).exists()
