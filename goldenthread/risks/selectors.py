"""Risk register reads: a register's risks with their scores, bands and trend, the heat map's
counts (likelihood × impact → number of risks, counted in SQL), each risk's score history, and
the objectives no risk assessment covers. Each takes the risks the person may see (from
goldenthread.access) and runs a fixed number of queries, however many risks there are."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery

from goldenthread.organisation.models import Department, Directorate
from goldenthread.planning.models import Objective
from goldenthread.risks import scoring
from goldenthread.risks.choices import (
    ActionProgress,
    Assessment,
    RiskBand,
    RiskLevel,
    RiskStatus,
    Trend,
)
from goldenthread.risks.models import (
    Register,
    Risk,
    RiskObjective,
    RiskQuerySet,
    RiskScoreChange,
)


@dataclass(frozen=True)
class RiskRow:
    """One risk as a register lists it."""

    risk: Risk
    inherent_band: RiskBand
    residual_band: RiskBand
    trend: Trend  # of the residual score, since the assessment before the latest
    overdue_actions: int
    open_actions: int

    @property
    def rising(self) -> bool:
        return self.trend == Trend.RISING


def _latest_change() -> QuerySet[RiskScoreChange]:
    return RiskScoreChange.objects.filter(risk=OuterRef("pk")).order_by("-changed_at", "-pk")


def register_rows(
    risks: RiskQuerySet, *, scale: scoring.Scale, today: datetime.date
) -> list[RiskRow]:
    """The risks given (e.g. ``visible.on_register(register)``), highest residual score first,
    each with its bands, whether its residual score rose at its latest assessment, and its
    open and overdue actions: two queries (the risks, their objectives)."""
    not_done = ~Q(actions__progress=ActionProgress.DONE)
    annotated = (
        risks.with_details()
        .annotate(
            residual_before=Subquery(
                _latest_change()
                .annotate(before=F("residual_likelihood_before") * F("residual_impact_before"))
                .values("before")[:1]
            ),
            open_action_count=Count("actions", filter=not_done, distinct=True),
            overdue_action_count=Count(
                "actions", filter=not_done & Q(actions__due__lt=today), distinct=True
            ),
        )
        .order_by(
            (F("residual_likelihood") * F("residual_impact")).desc(),
            (F("inherent_likelihood") * F("inherent_impact")).desc(),
            "code",
        )
    )
    return [
        RiskRow(
            risk=risk,
            inherent_band=scoring.band(risk.inherent, scale),
            residual_band=scoring.band(risk.residual, scale),
            trend=scoring.trend(risk.residual_before, risk.residual),  # type: ignore[attr-defined]
            overdue_actions=risk.overdue_action_count,  # type: ignore[attr-defined]
            open_actions=risk.open_action_count,  # type: ignore[attr-defined]
        )
        for risk in annotated
    ]


# -- heat maps --------------------------------------------------------------------------------


def heat_map_counts(
    risks: RiskQuerySet, *, assessment: Assessment = Assessment.RESIDUAL
) -> dict[tuple[int, int], int]:
    """How many of these risks have each likelihood and impact, (likelihood, impact) → count,
    counted in one GROUP BY query. Residual scores unless ``assessment`` says inherent."""
    likelihood, impact = f"{assessment.value}_likelihood", f"{assessment.value}_impact"
    rows = risks.order_by().values_list(likelihood, impact).annotate(count=Count("pk"))
    return {(row[0], row[1]): row[2] for row in rows}


def in_cell(
    risks: RiskQuerySet,
    *,
    likelihood: int,
    impact: int,
    assessment: Assessment = Assessment.RESIDUAL,
) -> RiskQuerySet:
    """The open risks a heat map's cell counts: its drill-down."""
    return risks.current().filter(
        **{f"{assessment.value}_likelihood": likelihood, f"{assessment.value}_impact": impact}
    )


@dataclass(frozen=True)
class HeatMap:
    """A heat map's grid (impact rows, highest first; likelihood columns, lowest first), for a
    table of counts with its bands named in words as well as colour."""

    scale: scoring.Scale
    assessment: Assessment
    rows: list[tuple[int, list[scoring.Cell]]]
    total: int
    off_scale: int = 0  # risks scored outside the scale (a scale narrowed since): not in a cell
    by_band: dict[RiskBand, int] = field(default_factory=dict)


def heat_map(
    risks: RiskQuerySet,
    *,
    scale: scoring.Scale,
    assessment: Assessment = Assessment.RESIDUAL,
) -> HeatMap:
    """The heat map of these risks (open ones only: an escalated risk is counted on the register
    it went to, a closed one no longer counts), in one query. Pass a register's risks for its
    heat map, or every risk the person may see for the council-wide one."""
    counts = heat_map_counts(risks.current(), assessment=assessment)
    rows = scoring.heat_map_rows(counts, scale)
    in_grid = sum(cell.count for _, cells in rows for cell in cells)
    by_band = {band: 0 for band in RiskBand}
    for _, cells in rows:
        for cell in cells:
            by_band[cell.band] += cell.count
    return HeatMap(
        scale=scale,
        assessment=assessment,
        rows=rows,
        total=sum(counts.values()),
        off_scale=sum(counts.values()) - in_grid,
        by_band=by_band,
    )


# -- registers, history, coverage -------------------------------------------------------------


@dataclass(frozen=True)
class RegisterSummary:
    register: Register
    open_risks: int


def register_summaries(risks: RiskQuerySet) -> list[RegisterSummary]:
    """Each register these risks are on, with its number of open risks: corporate first, then
    directorates' and departments' by name (three queries)."""
    rows = (
        risks.current()
        .order_by()
        .values_list("level", "department", "directorate")
        .annotate(count=Count("pk"))
    )
    counts = {(level, dept, dirn): count for level, dept, dirn, count in rows}
    departments = Department.objects.in_bulk({dept for _, dept, _ in counts if dept})
    directorates = Directorate.objects.in_bulk({dirn for _, _, dirn in counts if dirn})
    summaries = [
        RegisterSummary(
            Register(
                RiskLevel(level),
                departments.get(dept) if dept else None,
                directorates.get(dirn) if dirn else None,
            ),
            count,
        )
        for (level, dept, dirn), count in counts.items()
    ]
    rank = {RiskLevel.CORPORATE: 0, RiskLevel.DIRECTORATE: 1, RiskLevel.DEPARTMENT: 2}
    return sorted(summaries, key=lambda s: (rank[s.register.level], s.register.owner_name))


def score_history(risk: Risk) -> list[RiskScoreChange]:
    """A risk's assessments, oldest first, with who made each (one query)."""
    return list(RiskScoreChange.objects.of(risk).select_related("changed_by"))


def objectives_without_risk_assessment(objectives: QuerySet[Objective]) -> QuerySet[Objective]:
    """The objectives no open or escalated risk is linked to: not yet risk-assessed."""
    return objectives.exclude(
        pk__in=RiskObjective.objects.exclude(risk__status=RiskStatus.CLOSED).values("objective_id")
    )
