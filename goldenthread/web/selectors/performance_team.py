"""The pages about rating itself: the guide everyone may read, the performance team's settings
and recalculation pages, and the golden-thread integrity report."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from goldenthread.access import Person, is_performance_team
from goldenthread.audit.models import AuditEntry
from goldenthread.indicators.models import Actual, Target
from goldenthread.performance.models import RatingSettings, StatusRecord
from goldenthread.planning.integrity import Finding, Item, ThreadCheck, check_thread
from goldenthread.planning.periods import Period, PeriodError, PeriodKind

RATING_ACTIONS = ("rating_settings_update", "statuses_recalculate", "statuses_record")


@dataclass(frozen=True)
class RatingsGuide:
    settings: RatingSettings
    can_change: bool  # the reader is in the performance team


def ratings_guide(user: Person) -> RatingsGuide:
    settings = RatingSettings.current()
    return RatingsGuide(settings, is_performance_team(user))


@dataclass(frozen=True)
class SettingsPage:
    settings: RatingSettings
    stored_statuses: int
    audit: list[AuditEntry]


def settings_page(*, audit_entries: int = 8) -> SettingsPage:
    """The rules in force, how many statuses are stored, and the latest audit entries about
    ratings. Three queries."""
    return SettingsPage(
        settings=RatingSettings.current(),
        stored_statuses=StatusRecord.objects.count(),
        audit=list(
            AuditEntry.objects.filter(action__in=RATING_ACTIONS)
            .select_related("actor")
            .order_by("-at", "-id")[:audit_entries]
        ),
    )


# -- the golden thread's integrity -------------------------------------------------------------

# The page each kind of finding's items live on, by the start of the finding's key.
ITEM_PAGES = {
    "objectives": "objective",
    "indicators": "indicator",
    "plans": "plan",
    "tasks": "plan",  # a flagged task is listed by its personal plan's code
}


@dataclass(frozen=True)
class LinkedItem:
    item: Item
    url: str


@dataclass(frozen=True)
class IntegrityFinding:
    finding: Finding
    items: list[LinkedItem]


@dataclass(frozen=True)
class IntegrityPage:
    check: ThreadCheck
    findings: list[IntegrityFinding]
    years: list[Period]


def _linked(finding: Finding) -> IntegrityFinding:
    url_name = ITEM_PAGES.get(finding.key.split("_", 1)[0], "")
    return IntegrityFinding(
        finding,
        [
            LinkedItem(item, reverse(url_name, args=[item.code]) if url_name else "")
            for item in finding.items
        ],
    )


def years_with_figures() -> list[Period]:
    """Financial years with a target or an actual, newest first. Two queries."""
    periods: set[Period] = set(Target.objects.values_list("period", flat=True).distinct())  # type: ignore[arg-type]
    periods |= set(Actual.objects.values_list("period", flat=True).distinct())  # type: ignore[arg-type]
    return sorted({p.financial_year for p in periods if p is not None}, reverse=True)


def parse_year(text: str | None) -> Period | None:
    """A financial year from the query string (``2008-09`` or ``2008/09``), or None."""
    if not text:
        return None
    try:
        period = Period.parse(text)
    except PeriodError:
        return None
    return period if period.kind is PeriodKind.YEAR else None


def integrity_page(year: Period | None = None) -> IntegrityPage:
    check = check_thread(year)
    years = years_with_figures()
    if check.year not in years:
        years = sorted([*years, check.year], reverse=True)
    return IntegrityPage(check, [_linked(f) for f in check.findings], years)
