"""What a report is: which report, over which part of the council, for which periods, showing
what. A spec reads and writes the query string of its stable URL (and so a saved report, and
the command line's options); the standard pack is a set of presets of it.

Pure: no database. Whether a department or board code exists is checked when the report is
built (goldenthread.reporting.build).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from goldenthread.planning.periods import Period, PeriodError, PeriodKind
from goldenthread.reporting.choices import (
    Content,
    Depth,
    IndicatorSetChoice,
    ReportKind,
    ScopeKind,
)

# "awaiting": nothing published yet for a period whose round is still open (see
# goldenthread.performance.rating.as_reported).
STATUSES = ("red", "amber", "green", "no_target", "not_reported", "awaiting")
MAX_PERIODS = 8

# The scope each standard report is drawn for; None: the report takes no scope code.
STANDARD_SCOPES: dict[str, tuple[ScopeKind, ...]] = {
    ReportKind.QMR: (ScopeKind.DEPARTMENT,),
    ReportKind.EXCEPTIONS: (ScopeKind.BOARD, ScopeKind.PRIORITY),
    ReportKind.PRIORITY: (ScopeKind.PRIORITY,),
    ReportKind.DIRECTORATE: (ScopeKind.DIRECTORATE,),
    ReportKind.ORGANISATION: (ScopeKind.COUNCIL,),
    ReportKind.SCORECARD: (ScopeKind.COUNCIL,),
    ReportKind.SIX_MONTHLY: (ScopeKind.COUNCIL, ScopeKind.BOARD, ScopeKind.PRIORITY),
    ReportKind.PORTFOLIO: (ScopeKind.PORTFOLIO,),
    ReportKind.INDICATOR_SET: (ScopeKind.COUNCIL,),
    ReportKind.BUILT: tuple(ScopeKind),
}
# Query-string parameter naming each scope's code.
SCOPE_PARAMETERS = {
    ScopeKind.DEPARTMENT: "department",
    ScopeKind.DIRECTORATE: "directorate",
    ScopeKind.PRIORITY: "priority",
    ScopeKind.BOARD: "board",
    ScopeKind.PORTFOLIO: "portfolio",
}


class SpecError(ValueError):
    """A report asked for in a way that cannot be drawn. The message names the parameter."""


@dataclass(frozen=True)
class ReportSpec:
    kind: ReportKind
    periods: tuple[Period, ...]
    scope: ScopeKind = ScopeKind.COUNCIL
    code: str = ""  # the department, directorate, priority, board or portfolio code
    sets: frozenset[str] = frozenset()  # IndicatorSetChoice values; empty: every indicator
    content: frozenset[str] = field(default_factory=lambda: frozenset(Content.values))
    exceptions_only: bool = False
    statuses: frozenset[str] = frozenset()  # empty: every status
    depth: Depth = Depth.DETAIL

    @property
    def period(self) -> Period:
        """The latest period: the one a single-period report is for."""
        return max(self.periods)

    def shows(self, content: Content) -> bool:
        return content.value in self.content

    # -- the query string of the stable URL ---------------------------------------------

    def query(self) -> list[tuple[str, str]]:
        """The parameters that rebuild this spec, in a fixed order (the URL is stable)."""
        pairs = [("period", period.slug) for period in sorted(self.periods)]
        if self.kind == ReportKind.BUILT or len(STANDARD_SCOPES[self.kind]) > 1:
            pairs.append(("scope", self.scope.value))
        if self.scope in SCOPE_PARAMETERS:
            pairs.append((SCOPE_PARAMETERS[self.scope], self.code))
        defaults = standard_spec(self.kind, self.periods, self.scope, self.code)
        if self.sets != defaults.sets:
            pairs += [("set", s) for s in _ordered(self.sets, IndicatorSetChoice.values)]
        if self.content != defaults.content:
            pairs += [("content", c) for c in _ordered(self.content, Content.values)]
        if self.exceptions_only != defaults.exceptions_only:
            pairs.append(("exceptions", "yes" if self.exceptions_only else "no"))
        if self.statuses != defaults.statuses:
            pairs += [("status", s) for s in _ordered(self.statuses, STATUSES)]
        if self.depth != defaults.depth:
            pairs.append(("depth", self.depth.value))
        return pairs

    def query_string(self) -> str:
        return urlencode(self.query())

    def narrowed(self, **changes: Any) -> ReportSpec:
        """This spec with some choices changed: the list behind one of its figures."""
        return replace(self, **changes)

    def as_built(self) -> ReportSpec:
        """The same choices as a built report, which the builder can open and change."""
        return replace(self, kind=ReportKind.BUILT)


def _ordered(chosen: Iterable[str], order: Iterable[str]) -> list[str]:
    chosen = set(chosen)
    return [value for value in order if value in chosen]


def standard_spec(
    kind: ReportKind | str,
    periods: Iterable[Period] | Period,
    scope: ScopeKind | str | None = None,
    code: str = "",
) -> ReportSpec:
    """The standard pack's report ``kind`` for ``periods``, with its preset choices."""
    kind = ReportKind(kind)
    periods = (periods,) if isinstance(periods, Period) else tuple(sorted(set(periods)))
    scope = ScopeKind(scope) if scope else STANDARD_SCOPES[kind][0]
    spec = ReportSpec(kind=kind, periods=periods, scope=scope, code=code)
    if kind == ReportKind.EXCEPTIONS:
        return replace(spec, exceptions_only=True)
    if kind in (ReportKind.DIRECTORATE, ReportKind.ORGANISATION):
        return replace(spec, depth=Depth.SUMMARY)
    if kind == ReportKind.SCORECARD:
        return replace(spec, depth=Depth.SUMMARY, content=frozenset({Content.INDICATORS}))
    if kind == ReportKind.SIX_MONTHLY:
        return replace(
            spec,
            sets=frozenset({IndicatorSetChoice.LAA, IndicatorSetChoice.KEY}),
            content=frozenset({Content.INDICATORS, Content.COMMENTARY}),
        )
    if kind == ReportKind.INDICATOR_SET:
        return replace(spec, sets=frozenset({IndicatorSetChoice.NI}))
    return spec


# -- reading a spec from a query string or the command line ---------------------------------


def _choice(value: str, choices: type[Any], name: str) -> Any:
    try:
        return choices(value)
    except ValueError:
        allowed = ", ".join(choices.values)
        raise SpecError(f"{name}: {value!r} is not one of {allowed}") from None


def _values(params: Mapping[str, Any], name: str) -> list[str]:
    """Every value given for ``name``: repeated parameters, or one comma-separated value."""
    getlist = getattr(params, "getlist", None)
    raw = getlist(name) if getlist else params.get(name, [])
    if isinstance(raw, str):
        raw = [raw]
    return [part.strip() for value in raw or [] for part in str(value).split(",") if part.strip()]


def parse_periods(values: Iterable[str]) -> tuple[Period, ...]:
    periods = []
    for value in values:
        try:
            periods.append(Period.parse(value))
        except PeriodError as error:
            raise SpecError(f"period: {error}") from None
    if not periods:
        raise SpecError("period: choose the period the report is for, e.g. 2009/10 Q1")
    if len(set(periods)) > MAX_PERIODS:
        raise SpecError(f"period: choose at most {MAX_PERIODS} periods")
    return tuple(sorted(set(periods)))


def spec_from_query(kind_name: ReportKind | str, params: Mapping[str, Any]) -> ReportSpec:
    """Read a spec from a URL's query string (a QueryDict) or a plain mapping of the same
    names (the command line passes its options so). Raises SpecError naming the parameter."""
    kind: ReportKind = _choice(str(kind_name), ReportKind, "report")
    periods = parse_periods(_values(params, "period"))
    allowed = STANDARD_SCOPES[kind]
    scope_values = _values(params, "scope")
    scope = _choice(scope_values[0], ScopeKind, "scope") if scope_values else None
    if scope is None:
        given = [
            s for s in allowed if s in SCOPE_PARAMETERS and _values(params, SCOPE_PARAMETERS[s])
        ]
        scope = given[0] if given else allowed[0]
    if scope not in allowed:
        names = ", ".join(s.label.lower() for s in allowed)
        raise SpecError(f"scope: the {kind.label.lower()} is drawn for: {names}")
    code = ""
    if scope in SCOPE_PARAMETERS:
        codes = _values(params, SCOPE_PARAMETERS[scope])
        if not codes:
            raise SpecError(
                f"{SCOPE_PARAMETERS[scope]}: choose the {scope.label.lower()} the report is for"
            )
        code = codes[0]
    spec = standard_spec(kind, periods, scope, code)
    sets = _values(params, "set")
    if sets:
        spec = replace(
            spec, sets=frozenset(_choice(s, IndicatorSetChoice, "set").value for s in sets)
        )
    content = _values(params, "content")
    if content:
        spec = replace(
            spec, content=frozenset(_choice(c, Content, "content").value for c in content)
        )
    exceptions = _values(params, "exceptions")
    if exceptions:
        if exceptions[0] not in ("yes", "no"):
            raise SpecError(f"exceptions: {exceptions[0]!r} is not yes or no")
        spec = replace(spec, exceptions_only=exceptions[0] == "yes")
    statuses = _values(params, "status")
    for status in statuses:
        if status not in STATUSES:
            raise SpecError(f"status: {status!r} is not one of {', '.join(STATUSES)}")
    if statuses:
        spec = replace(spec, statuses=frozenset(statuses))
    depth = _values(params, "depth")
    if depth:
        spec = replace(spec, depth=_choice(depth[0], Depth, "depth"))
    if kind == ReportKind.SIX_MONTHLY and any(p.kind is not PeriodKind.HALF for p in periods):
        raise SpecError("period: the six-monthly summary is for a half year, e.g. 2009/10 H1")
    return spec
