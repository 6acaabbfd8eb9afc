"""Which indicators and milestones a report's scope covers: a department, a directorate, a
priority, a board's priorities, a portfolio's departments, the LAA or the whole council."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from goldenthread.organisation.lookups import (
    NotFound,
    resolve_board,
    resolve_department,
    resolve_directorate,
    resolve_portfolio,
    resolve_priority,
)
from goldenthread.organisation.models import BoardKind, Department, OrganisationKind
from goldenthread.planning.models import Priority
from goldenthread.reporting.choices import IndicatorSetChoice, ScopeKind
from goldenthread.reporting.spec import ReportSpec, SpecError

NOTHING = Q(pk__in=[])
COUNCIL = OrganisationKind.COUNCIL  # the whole council is its own departments, not partners'


@dataclass
class Scope:
    kind: ScopeKind
    code: str
    label: str  # e.g. "Environment and Regulatory Services (ERS)"
    name: str  # e.g. "Environment and Regulatory Services"
    indicators: Q  # on Indicator
    milestones: Q  # on Milestone
    departments: list[Department] = field(default_factory=list)  # whose narratives to show
    priorities: list[Priority] = field(default_factory=list)  # the priorities it serves
    narratives: bool = True  # whether the reader may read departments' narratives


def resolve_scope(spec: ReportSpec) -> Scope:
    """The part of the council ``spec`` covers. Raises SpecError when its code names
    nothing."""
    try:
        return _resolve(spec)
    except NotFound as error:
        raise SpecError(f"{spec.scope.value}: {error}") from None


def _resolve(spec: ReportSpec) -> Scope:
    all_priorities = list(Priority.objects.order_by("number"))
    if spec.scope == ScopeKind.DEPARTMENT:
        department = resolve_department(spec.code)
        return Scope(
            spec.scope,
            department.code,
            f"{department.name} ({department.code})",
            department.name,
            Q(department=department),
            Q(objective__plan__department=department),
            [department],
            [],
        )
    if spec.scope == ScopeKind.DIRECTORATE:
        directorate = resolve_directorate(spec.code)
        return Scope(
            spec.scope,
            directorate.code,
            f"{directorate.name} directorate",
            directorate.name,
            Q(department__directorate=directorate),
            Q(objective__plan__department__directorate=directorate),
            list(directorate.departments.order_by("name")),
            [],
        )
    if spec.scope == ScopeKind.PRIORITY:
        priority = resolve_priority(spec.code)
        return _of_priorities(spec, priority.code, priority.name, [priority])
    if spec.scope == ScopeKind.BOARD:
        board = resolve_board(spec.code)
        if board.kind == BoardKind.PPB:
            served = [p for p in all_priorities if p.ppb_id == board.pk]
        elif board.kind == BoardKind.SSP:
            served = [p for p in all_priorities if p.ssp_id == board.pk]
        else:
            served = all_priorities
        return _of_priorities(spec, board.code, board.name, served)
    if spec.scope == ScopeKind.PORTFOLIO:
        portfolio = resolve_portfolio(spec.code)
        departments = list(portfolio.departments.order_by("name"))
        return Scope(
            spec.scope,
            portfolio.code,
            f"{portfolio.name} portfolio",
            portfolio.name,
            Q(department__in=departments),
            Q(objective__plan__department__in=departments),
            departments,
            [p for p in all_priorities if p.portfolio_id == portfolio.pk],
        )
    if spec.scope == ScopeKind.LAA:
        return Scope(
            spec.scope,
            "",
            "the Local Area Agreement",
            "Local Area Agreement",
            Q(laa_membership__isnull=False),
            NOTHING,
            [],
            all_priorities,
        )
    return Scope(
        ScopeKind.COUNCIL,
        "",
        "the whole council",
        "Council",
        Q(department__isnull=True) | Q(department__directorate__organisation__kind=COUNCIL),
        Q(objective__plan__organisation__kind=COUNCIL),
        [],
        all_priorities,
    )


def _of_priorities(
    spec: ReportSpec,
    code: str,
    name: str,
    priorities: list[Priority],
) -> Scope:
    return Scope(
        spec.scope,
        code,
        name,
        name,
        Q(priority_links__priority__in=priorities),
        Q(objective__links__priority__in=priorities),
        [],
        priorities,
    )


def set_filter(sets: frozenset[str]) -> Q:
    """Indicators in any of ``sets``; every indicator when none is chosen."""
    if not sets:
        return Q()
    chosen = Q(pk__in=[])
    named = [s for s in sets if s not in (IndicatorSetChoice.LAA, IndicatorSetChoice.KEY)]
    if named:
        chosen |= Q(indicator_set__in=named)
    if IndicatorSetChoice.LAA in sets:
        chosen |= Q(laa_membership__isnull=False)
    if IndicatorSetChoice.KEY in sets:
        chosen |= Q(is_key=True)
    return chosen
