"""Building a report: a spec in, a document (goldenthread.reporting.document) out.

Every report of the standard pack, and every built report, comes from here, so the page, the
PDF, the spreadsheet and the rows all carry the same content. The number of queries depends on
the number of periods, never on the number of items shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from goldenthread import access
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Department, Directorate, OrganisationKind
from goldenthread.performance.rating import AWAITING
from goldenthread.planning.models import Priority
from goldenthread.planning.periods import Period
from goldenthread.reporting.charts import status_chart, trend_charts
from goldenthread.reporting.choices import (
    Content,
    Depth,
    IndicatorSetChoice,
    ReportKind,
    ScopeKind,
)
from goldenthread.reporting.document import (
    STATUS_LABELS,
    Report,
    Section,
    StatusCount,
    SummaryRow,
)
from goldenthread.reporting.facts import Item, PeriodFacts, gather, rating_periods
from goldenthread.reporting.models import Headline, Perspective
from goldenthread.reporting.scope import Scope, resolve_scope
from goldenthread.reporting.spec import STATUSES, ReportSpec, SpecError

BASIS = "Published figures only: what boards, partners and the public see."
AUDIENCES = {
    ReportKind.QMR: "Operational director and department managers; the management team",
    ReportKind.EXCEPTIONS: "Policy and Performance Board",
    ReportKind.PRIORITY: "Policy and Performance Board and partners working on the priority",
    ReportKind.DIRECTORATE: "Strategic director",
    ReportKind.ORGANISATION: "Management team",
    ReportKind.SCORECARD: "Executive Board",
    ReportKind.SIX_MONTHLY: "Policy and Performance Boards, the Executive Board and the LSP",
    ReportKind.PORTFOLIO: "Portfolio holder",
    ReportKind.INDICATOR_SET: "Performance team, regulators and partners",
    ReportKind.BUILT: "",
}


def report_url(spec: ReportSpec) -> str:
    """The stable URL of the report ``spec`` describes."""
    query = spec.query_string()
    return reverse("report", args=[spec.kind.value]) + (f"?{query}" if query else "")


def build_report(
    spec: ReportSpec,
    *,
    charts: bool = True,
    within: Q | None = None,
    plans: bool = True,
    collecting: Iterable[Period] | None = None,
) -> Report:
    """Draw the report ``spec`` describes. ``charts`` False leaves out the pictures (the rows
    formats have no use for them). ``within`` (a filter on Indicator) and ``plans`` are the
    reader's limits (goldenthread.access.report_limits): the indicators they may see, and
    whether milestones and narrative are theirs to read. ``collecting``: the periods whose
    rounds are still open (goldenthread.access.collecting_periods, looked up when not given),
    whose items with nothing published are awaiting publication. Raises SpecError when the
    scope names nothing."""
    still_open = frozenset(access.collecting_periods() if collecting is None else collecting)
    scope = resolve_scope(spec)
    if within is not None:
        scope.indicators &= within
    if not plans:
        scope.milestones = Q(pk__in=[])
        scope.narratives = False
    if spec.kind == ReportKind.SCORECARD:  # only the headline indicators are shown
        scope.indicators &= Q(pk__in=Headline.objects.values("indicator"))
    facts = gather(spec, scope, collecting=still_open)
    being_collected = tuple(
        period
        for period in spec.periods
        if period in still_open or any(at in still_open for at, _ in rating_periods(period))
    )
    builder = _Builder(spec, scope, charts=charts, collecting=bool(being_collected))
    builder.facts = {found.period: found for found in facts}
    sections = BUILDERS[spec.kind](builder, facts)
    if charts:
        builder.add_trends(sections)
    counted = (
        builder.counted
        if builder.counted is not None
        else [_filtered(spec, f.items) for f in facts]
    )
    # A summary's totals open the items behind them; a report that lists its items (the
    # scorecard does, under its perspectives) narrows itself.
    listing = spec.depth == Depth.DETAIL or spec.kind == ReportKind.SCORECARD
    totals = builder.counts(
        counted, spec if listing else replace(spec, kind=ReportKind.BUILT, depth=Depth.DETAIL)
    )
    kind_label = ReportKind(spec.kind).label
    return Report(
        kind=spec.kind.value,
        kind_label=kind_label,
        title=_title(spec, scope),
        scope_label=scope.label,
        scope_code=scope.code or "_".join(sorted(spec.sets)),
        periods=spec.periods,
        generated_at=timezone.now(),
        url=report_url(spec),
        query=spec.query_string(),
        basis=_basis(being_collected),
        sections=[s for s in sections if not s.is_empty or s.others or s.notes],
        totals=totals,
        audience=AUDIENCES[spec.kind],
        collecting=being_collected,
    )


def _basis(collecting: tuple[Period, ...]) -> str:
    """Which figures the report shows, in words: for a period still being collected, that
    its items with nothing published yet are awaiting publication, not missing."""
    if not collecting:
        return BASIS
    named = " and ".join(str(p) for p in collecting)
    return (
        f"{BASIS} {named} {'are' if len(collecting) > 1 else 'is'} still being collected: "
        "its round is open, so items with nothing published yet are awaiting publication. "
        "They are shown as “Awaiting publication” and counted apart from “Not reported”; the "
        "default report is for the latest quarter whose round is closed."
    )


def _title(spec: ReportSpec, scope: Scope) -> str:
    periods = ", ".join(str(p) for p in spec.periods)
    if spec.kind == ReportKind.INDICATOR_SET:
        sets = " and ".join(IndicatorSetChoice(s).label for s in sorted(spec.sets)) or "All"
        return f"{sets}: {periods}"
    if spec.kind == ReportKind.BUILT:
        return f"Report on {scope.label}: {periods}"
    if scope.kind == ScopeKind.COUNCIL:
        return f"{ReportKind(spec.kind).label}: {periods}"
    return f"{ReportKind(spec.kind).label}: {scope.name}, {periods}"


def _filtered(spec: ReportSpec, items: Iterable[Item]) -> list[Item]:
    """The items the spec's content, status and exception choices keep."""
    kept = []
    for item in items:
        if item.indicator is not None and not spec.shows(Content.INDICATORS):
            continue
        if item.milestone is not None and not spec.shows(Content.MILESTONES):
            continue
        if spec.exceptions_only and not item.is_exception:
            continue
        if spec.statuses and item.status not in spec.statuses:
            continue
        kept.append(item)
    return kept


class _Builder:
    """Section makers shared by every kind of report."""

    def __init__(
        self, spec: ReportSpec, scope: Scope, *, charts: bool, collecting: bool = False
    ) -> None:
        self.spec = spec
        self.scope = scope
        self.charts = charts
        # The statuses counted: "awaiting" only in a report of a period still being collected,
        # where it can be anything but 0.
        self.statuses = STATUSES if collecting else tuple(s for s in STATUSES if s != AWAITING)
        self.departments = {d.code: d for d in Department.objects.select_related("directorate")}
        self.priorities = {p.code: p for p in Priority.objects.order_by("number")}
        self._ids: Counter[str] = Counter()
        self.counted: list[list[Item]] | None = None  # what the totals count, when not all
        self.facts: dict[Period, PeriodFacts] = {}

    def add_trends(self, sections: list[Section]) -> None:
        """Give each indicator shown its trend chart, the first time it is shown for a period
        (an element's id is unique in a page). One batch of queries per period."""
        shown: dict[Period, dict[str, Indicator]] = {}
        for section in sections:
            if section.period is None:
                continue
            described = self.facts[section.period].described
            for row in section.indicators:
                shown.setdefault(section.period, {})[row.code] = described[row.code]
        charts = {
            period: trend_charts(list(found.values()), until=period)
            for period, found in shown.items()
        }
        charted: set[tuple[str, Period]] = set()
        for section in sections:
            for position, row in enumerate(section.indicators):
                period = section.period
                if period is None or (row.code, period) in charted:
                    continue
                charted.add((row.code, period))
                chart = charts[period].get(row.code)
                if chart is not None:
                    section.indicators[position] = replace(row, chart=chart)

    # -- drill-down -----------------------------------------------------------------------

    def drill(self, period: Period, scope: ScopeKind, code: str = "") -> ReportSpec:
        """A built report of the items behind a figure: this report's choices, narrowed to one
        part of the council and one period, in detail."""
        return replace(
            self.spec,
            kind=ReportKind.BUILT,
            periods=(period,),
            scope=scope,
            code=code,
            depth=Depth.DETAIL,
        )

    def counts(self, groups: Iterable[list[Item]], drill: ReportSpec | None) -> list[StatusCount]:
        """Items by status, each item once however many groups hold it, linking to the list
        of those items."""
        seen: dict[tuple[str, str], str] = {}
        for group in groups:
            for item in group:
                row = item.indicator or item.milestone
                assert row is not None
                seen[(item.key, str(row.period))] = item.status
        tally = Counter(seen.values())
        return [
            StatusCount(
                status,
                tally[status],
                report_url(replace(drill, statuses=frozenset({status}))) if drill else "",
            )
            for status in self.statuses
        ]

    # -- sections -------------------------------------------------------------------------

    def anchor(self, text: str) -> str:
        base = "".join(ch.lower() if ch.isalnum() else "-" for ch in text).strip("-")
        base = "-".join(part for part in base.split("-") if part) or "section"
        self._ids[base] += 1
        return base if self._ids[base] == 1 else f"{base}-{self._ids[base]}"

    def overview(
        self, heading: str, period: Period, items: list[Item], drill: ReportSpec
    ) -> Section:
        section = Section(self.anchor(heading), heading, period=period)
        self.add_counts(section, items, drill)
        return section

    def add_counts(self, section: Section, items: list[Item], drill: ReportSpec | None) -> None:
        """The section's status summary: its items by status (each count linking to ``drill``
        narrowed to that status, or to the section's own list) and their chart."""
        section.counts = self.counts([items], drill)
        if drill is None:
            section.counts = [replace(c, url=f"#{section.id}") for c in section.counts]
        if self.charts and items:
            section.chart = status_chart(
                section.counts,
                chart_id=f"{section.id}-chart",
                title=f"{section.heading}: items by status",
            )

    def detail(
        self,
        heading: str,
        period: Period,
        items: list[Item],
        *,
        level: int = 2,
        intro: str = "",
        others: str = "",
    ) -> Section:
        """Every item in ``items``: indicators, then milestones."""
        rows = [i.indicator for i in items if i.indicator is not None]
        section = Section(
            self.anchor(heading),
            heading,
            level=level,
            period=period,
            intro=intro,
            indicators=rows,
            milestones=[i.milestone for i in items if i.milestone is not None],
            others=others,
        )
        if items:
            self.add_counts(section, items, None)
        return section

    def summary(
        self,
        heading: str,
        period: Period,
        groups: list[tuple[str, ScopeKind, str, list[Item]]],
        *,
        level: int = 2,
        intro: str = "",
    ) -> Section:
        """One line per group (label, scope kind, code, items) with its counts by status."""
        rows = []
        for label, scope, code, items in groups:
            drill = self.drill(period, scope, code)
            counts = self.counts([items], drill)
            rows.append(
                SummaryRow(
                    label=label,
                    url=report_url(drill),
                    counts=counts,
                    total=sum(c.count for c in counts),
                    exceptions=sum(1 for i in items if i.is_exception),
                )
            )
        return Section(
            self.anchor(heading), heading, level=level, period=period, intro=intro, summary=rows
        )

    def notes(self, items: list[Item]) -> list[str]:
        """What a reader should know about the quality of these figures."""
        notes = []
        missing = [i.indicator.code for i in items if i.indicator and i.status == "not_reported"]
        if missing:
            notes.append(
                f"{_n(len(missing), 'indicator')} due but not published: {', '.join(missing)}."
            )
        awaited = [i.indicator.code for i in items if i.indicator and i.status == AWAITING]
        if awaited:
            notes.append(
                f"{_n(len(awaited), 'indicator')} awaiting publication, the quarter still being "
                f"collected: {', '.join(awaited)}."
            )
        untargeted = [i.indicator.code for i in items if i.indicator and i.status == "no_target"]
        if untargeted:
            notes.append(
                f"{_n(len(untargeted), 'figure')} with no target, reported as data only: "
                f"{', '.join(untargeted)}."
            )
        corrected = [
            f"{i.indicator.code} ({_n(i.revision, 'correction')})"
            for i in items
            if i.indicator and i.revision
        ]
        if corrected:
            notes.append(
                f"{_n(len(corrected), 'figure')} corrected since publication: "
                f"{', '.join(corrected)}. Each correction and its reason is in the "
                "figure's history."
            )
        silent = [
            (i.indicator or i.milestone).code  # type: ignore[union-attr]
            for i in items
            if i.status == "red" and not (i.indicator or i.milestone).commentary  # type: ignore[union-attr]
        ]
        if silent:
            notes.append(
                f"{_n(len(silent), 'red item')} with no commentary explaining it: "
                f"{', '.join(silent)}."
            )
        unreported = [i.milestone.code for i in items if i.milestone and i.status == "not_reported"]
        if unreported:
            notes.append(
                f"{_n(len(unreported), 'milestone')} with no published progress this quarter: "
                f"{', '.join(unreported)}."
            )
        awaiting = [i.milestone.code for i in items if i.milestone and i.status == AWAITING]
        if awaiting:
            notes.append(
                f"{_n(len(awaiting), 'milestone')} awaiting published progress, the quarter still "
                f"being collected: {', '.join(awaiting)}."
            )
        return notes

    def others_line(self, all_items: list[Item], shown: list[Item], what: str) -> str:
        """One line counting the items a section leaves out, by status."""
        shown_keys = {i.key for i in shown}
        rest = [i for i in all_items if i.key not in shown_keys]
        if not rest:
            return f"Nothing else to report {what}."
        tally = Counter(i.status for i in rest)
        parts = [f"{tally[s]} {STATUS_LABELS[s].lower()}" for s in self.statuses if tally[s]]
        return f"Also {what}: {_n(len(rest), 'other item')}, not exceptions ({', '.join(parts)})."

    # -- groupings ------------------------------------------------------------------------

    def by_department(self, items: list[Item]) -> list[tuple[Department | None, list[Item]]]:
        """Items by department, departments in name order, items with none last."""
        groups: dict[str, list[Item]] = {}
        for item in items:
            groups.setdefault(item.department, []).append(item)
        named = sorted(
            ((self.departments[code], found) for code, found in groups.items() if code),
            key=lambda pair: pair[0].name,
        )
        return [*named, *([(None, groups[""])] if "" in groups else [])]

    def by_priority(
        self, items: list[Item], priorities: list[Priority] | None = None
    ) -> list[tuple[Priority, list[Item]]]:
        """Items under each of their priorities: an item linked to two appears under both."""
        wanted = priorities if priorities is not None else list(self.priorities.values())
        return [
            (priority, [i for i in items if priority.code in i.priorities]) for priority in wanted
        ]


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


# -- the reports ----------------------------------------------------------------------------


def _parts(
    b: _Builder, facts: list[PeriodFacts]
) -> Iterator[tuple[PeriodFacts, list[Item], str, ReportSpec]]:
    """Each period of a report: its facts, the items the spec keeps, the words that tell its
    headings from other periods', and the list behind its figures."""
    for found in facts:
        suffix = f" ({found.period})" if len(facts) > 1 else ""
        drill = b.drill(found.period, b.scope.kind, b.scope.code)
        yield found, _filtered(b.spec, found.items), suffix, drill


def _qmr(b: _Builder, facts: list[PeriodFacts]) -> list[Section]:
    spec, sections = b.spec, []
    department = b.scope.departments[0]
    for found, items, suffix, drill in _parts(b, facts):
        overview = b.overview(f"Summary{suffix}", found.period, items, drill)
        sections.append(overview)
        narrative = found.narratives.get(department.code)
        if spec.shows(Content.COMMENTARY):
            section = Section(
                b.anchor(f"Key developments{suffix}"),
                f"Key developments and emerging issues{suffix}",
                period=found.period,
            )
            if narrative is not None:
                section.narrative = [
                    ("Key developments", narrative.key_developments),
                    ("Emerging issues", narrative.emerging_issues),
                ]
            else:
                section.intro = "No narrative was published for this quarter."
            sections.append(section)
        milestones = [i for i in items if i.milestone]
        sections.append(
            b.detail(
                f"Progress against objectives and milestones{suffix}", found.period, milestones
            )
        )
        key = [i for i in items if i.indicator and i.indicator.is_key]
        other = [i for i in items if i.indicator and not i.indicator.is_key]
        sections.append(b.detail(f"Key performance indicators{suffix}", found.period, key))
        sections.append(b.detail(f"Other performance indicators{suffix}", found.period, other))
        laa = [i for i in items if i.indicator and i.indicator.in_laa]
        if laa:
            sections.append(
                b.detail(
                    f"Local Area Agreement{suffix}",
                    found.period,
                    laa,
                    intro="The department's indicators in the LAA, also listed above.",
                )
            )
        notes = b.notes(found.items)
        sections.append(
            Section(
                b.anchor(f"Data quality{suffix}"),
                f"Data quality{suffix}",
                period=found.period,
                notes=notes or ["Every figure due was published, with a target."],
            )
        )
    return sections


def _exceptions(b: _Builder, facts: list[PeriodFacts]) -> list[Section]:
    sections = []
    for found, shown, suffix, drill in _parts(b, facts):
        everything = found.items
        overview = b.overview(f"Exceptions{suffix}", found.period, shown, drill)
        overview.intro = (
            "Items significantly under target (red) or over it (beating the target by more "
            "than the exception threshold), with their commentary."
        )
        overview.others = b.others_line(everything, shown, f"in {b.scope.name}")
        sections.append(overview)
        for priority, items in b.by_priority(shown, b.scope.priorities):
            if not items:
                continue
            sections.append(
                b.detail(
                    f"{priority.name}{suffix}",
                    found.period,
                    items,
                    level=3,
                    others=b.others_line(
                        [i for i in everything if priority.code in i.priorities],
                        items,
                        f"under {priority.short_name}",
                    ),
                )
            )
    return sections


def _grouped_detail(
    b: _Builder, found: PeriodFacts, items: list[Item], suffix: str, *, level: int = 2
) -> list[Section]:
    sections = []
    for department, found_items in b.by_department(items):
        heading = department.name if department else "No department"
        sections.append(b.detail(f"{heading}{suffix}", found.period, found_items, level=level))
    return sections


def _priority(b: _Builder, facts: list[PeriodFacts]) -> list[Section]:
    spec, sections = b.spec, []
    for found, items, suffix, drill in _parts(b, facts):
        overview = b.overview(f"Summary{suffix}", found.period, items, drill)
        overview.intro = (
            "Everything that contributes to the priority, across departments. An item linked "
            "to several priorities is listed under each and counted once in any total."
        )
        sections.append(overview)
        sections.append(
            b.summary(
                f"By department{suffix}",
                found.period,
                [
                    (d.name if d else "No department", ScopeKind.DEPARTMENT, d.code if d else "", i)
                    for d, i in b.by_department(items)
                    if d
                ],
            )
        )
        if spec.depth == Depth.DETAIL:
            sections += _grouped_detail(b, found, items, suffix, level=3)
    return sections


def _directorate(b: _Builder, facts: list[PeriodFacts]) -> list[Section]:
    sections = []
    for found, items, suffix, drill in _parts(b, facts):
        sections.append(b.overview(f"Summary{suffix}", found.period, items, drill))
        exceptions = [i for i in items if i.is_exception]
        sections.append(
            b.detail(
                f"Exceptions first{suffix}",
                found.period,
                exceptions,
                intro="Items significantly under or over target, across the directorate.",
                others=b.others_line(items, exceptions, "in the directorate"),
            )
        )
        groups = dict(b.by_department(items))
        sections.append(
            b.summary(
                f"Departments{suffix}",
                found.period,
                [
                    (d.name, ScopeKind.DEPARTMENT, d.code, groups.get(d, []))
                    for d in b.scope.departments
                ],
                intro="Each line links to the department's items; its quarterly monitoring "
                "report has the detail.",
            )
        )
    return sections


def _organisation(b: _Builder, facts: list[PeriodFacts]) -> list[Section]:
    sections = []
    directorates = list(
        Directorate.objects.filter(organisation__kind=OrganisationKind.COUNCIL).order_by("name")
    )
    for found, items, suffix, drill in _parts(b, facts):
        sections.append(b.overview(f"Summary{suffix}", found.period, items, drill))
        by_department = dict(b.by_department(items))
        sections.append(
            b.summary(
                f"By directorate{suffix}",
                found.period,
                [
                    (
                        d.name,
                        ScopeKind.DIRECTORATE,
                        d.code,
                        [
                            i
                            for dep, found_items in by_department.items()
                            if dep and dep.directorate_id == d.pk
                            for i in found_items
                        ],
                    )
                    for d in directorates
                ],
            )
        )
        for directorate in directorates:
            sections.append(
                b.summary(
                    f"{directorate.name}{suffix}",
                    found.period,
                    [
                        (d.name, ScopeKind.DEPARTMENT, d.code, found_items)
                        for d, found_items in by_department.items()
                        if d and d.directorate_id == directorate.pk
                    ],
                    level=3,
                )
            )
        sections.append(
            b.summary(
                f"By priority{suffix}",
                found.period,
                [(p.name, ScopeKind.PRIORITY, p.code, i) for p, i in b.by_priority(items)],
                intro="An item linked to several priorities is counted under each.",
            )
        )
    return sections


def _scorecard(b: _Builder, facts: list[PeriodFacts]) -> list[Section]:
    sections = []
    perspectives = list(Perspective.objects.or_defaults().prefetch_related("lines__indicator"))
    b.counted = []
    for found in facts:
        suffix = f" ({found.period})" if len(facts) > 1 else ""
        by_code = {i.indicator.code: i for i in found.items if i.indicator}
        for perspective in perspectives:
            items = [
                by_code[line.indicator.code]
                for line in perspective.lines.all()
                if line.indicator.code in by_code
            ]
            b.counted.append(items)
            section = b.detail(
                f"{perspective.name}{suffix}",
                found.period,
                items,
                intro=perspective.description,
            )
            if not items:
                section.intro = (
                    perspective.description + " "
                ).lstrip() + "No headline indicator with a figure for this period."
            sections.append(section)
        if not perspectives:
            sections.append(
                Section(
                    b.anchor("No perspectives"),
                    "No perspectives",
                    intro="The council has no scorecard perspectives yet.",
                )
            )
    return sections


def _six_monthly(b: _Builder, facts: list[PeriodFacts]) -> list[Section]:
    sections = []
    for found, items, suffix, drill in _parts(b, facts):
        overview = b.overview(f"Summary{suffix}", found.period, items, drill)
        overview.intro = (
            f"Progress at the end of {found.period} against Local Area Agreement and Corporate "
            "Plan targets, from the year-to-date figures of its last quarter."
        )
        sections.append(overview)
        for heading, chosen in (
            ("Local Area Agreement", [i for i in items if i.indicator and i.indicator.in_laa]),
            ("Corporate Plan", [i for i in items if i.indicator and i.indicator.is_key]),
        ):
            sections.append(
                b.summary(
                    f"{heading}{suffix}",
                    found.period,
                    [
                        (p.name, ScopeKind.PRIORITY, p.code, i)
                        for p, i in b.by_priority(chosen, b.scope.priorities)
                    ],
                )
            )
            if b.spec.depth == Depth.DETAIL:
                for priority, found_items in b.by_priority(chosen, b.scope.priorities):
                    if found_items:
                        sections.append(
                            b.detail(
                                f"{heading}: {priority.name}{suffix}",
                                found.period,
                                found_items,
                                level=3,
                            )
                        )
    return sections


def _portfolio(b: _Builder, facts: list[PeriodFacts]) -> list[Section]:
    spec, sections = b.spec, []
    for found, items, suffix, drill in _parts(b, facts):
        sections.append(b.overview(f"Summary{suffix}", found.period, items, drill))
        groups = dict(b.by_department(items))
        sections.append(
            b.summary(
                f"Departments{suffix}",
                found.period,
                [
                    (d.name, ScopeKind.DEPARTMENT, d.code, groups.get(d, []))
                    for d in b.scope.departments
                ],
            )
        )
        exceptions = [i for i in items if i.is_exception]
        sections.append(
            b.detail(
                f"Exceptions{suffix}",
                found.period,
                exceptions,
                others=b.others_line(items, exceptions, "in the portfolio"),
            )
        )
        key = [i for i in items if i.indicator and i.indicator.is_key]
        sections.append(b.detail(f"Key performance indicators{suffix}", found.period, key))
        if spec.depth == Depth.DETAIL:
            sections.append(
                b.detail(f"Milestones{suffix}", found.period, [i for i in items if i.milestone])
            )
    return sections


def _by_department_report(b: _Builder, facts: list[PeriodFacts]) -> list[Section]:
    """The indicator-set views and built reports: a summary, then (in detail) the items by
    department, or by priority when the scope is a priority or a board."""
    spec, sections = b.spec, []
    for found, items, suffix, drill in _parts(b, facts):
        sections.append(b.overview(f"Summary{suffix}", found.period, items, drill))
        by_priority = (
            b.scope.kind in (ScopeKind.PRIORITY, ScopeKind.BOARD) and len(b.scope.priorities) > 1
        )
        if by_priority:
            groups = [
                (p.name, ScopeKind.PRIORITY, p.code, i)
                for p, i in b.by_priority(items, b.scope.priorities)
            ]
        else:
            groups = [
                (d.name, ScopeKind.DEPARTMENT, d.code, i) for d, i in b.by_department(items) if d
            ]
        if b.scope.kind != ScopeKind.DEPARTMENT:
            sections.append(
                b.summary(
                    f"By {'priority' if by_priority else 'department'}{suffix}",
                    found.period,
                    groups,
                )
            )
        if spec.depth == Depth.DETAIL:
            if b.scope.kind == ScopeKind.DEPARTMENT:
                sections.append(b.detail(f"Items{suffix}", found.period, items))
            else:
                for label, _scope, _code, group_items in groups:
                    if group_items:
                        sections.append(
                            b.detail(f"{label}{suffix}", found.period, group_items, level=3)
                        )
        if spec.shows(Content.COMMENTARY):
            notes = b.notes(found.items)
            if notes:
                sections.append(
                    Section(
                        b.anchor(f"Data quality{suffix}"),
                        f"Data quality{suffix}",
                        period=found.period,
                        notes=notes,
                    )
                )
    return sections


BUILDERS: dict[str, Callable[[_Builder, list[PeriodFacts]], list[Section]]] = {
    ReportKind.QMR: _qmr,
    ReportKind.EXCEPTIONS: _exceptions,
    ReportKind.PRIORITY: _priority,
    ReportKind.DIRECTORATE: _directorate,
    ReportKind.ORGANISATION: _organisation,
    ReportKind.SCORECARD: _scorecard,
    ReportKind.SIX_MONTHLY: _six_monthly,
    ReportKind.PORTFOLIO: _portfolio,
    ReportKind.INDICATOR_SET: _by_department_report,
    ReportKind.BUILT: _by_department_report,
}

__all__ = ["BUILDERS", "SpecError", "build_report", "report_url"]
