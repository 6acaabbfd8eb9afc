"""Saving, sharing and deleting reports, each with an audit entry; and which periods a report
can be drawn for (those with published figures), and which it is drawn for when the reader
does not say (the latest that no open collection round is still collecting)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from goldenthread import access
from goldenthread.audit.services import audit_record
from goldenthread.indicators.models import Actual
from goldenthread.organisation.models import Board, User
from goldenthread.planning.periods import Period, PeriodKind
from goldenthread.reporting.choices import ReportKind
from goldenthread.reporting.models import SavedReport


def published_periods() -> list[Period]:
    """Every period a report can be drawn for, latest first: each quarter with a published
    figure, each half year whose second quarter has one, and each year with a published
    figure or a published fourth quarter."""
    periods = set(Actual.objects.published().values_list("period", flat=True).distinct())
    for period in list(periods):
        if period.kind is PeriodKind.QUARTER and period.number in (2, 4):
            periods.add(Period(period.year, PeriodKind.HALF, period.number // 2))
        if period.kind is PeriodKind.QUARTER and period.number == 4:
            periods.add(Period(period.year))
    return sorted(periods, reverse=True)


def latest_period(
    periods: Iterable[Period],
    kind: PeriodKind = PeriodKind.QUARTER,
    *,
    collecting: Iterable[Period] = (),
) -> Period | None:
    """The latest quarter (or half year, or year) among ``periods`` that is not among the
    ``collecting`` ones (goldenthread.access.collecting_periods: a round still open for it)."""
    still_open = set(collecting)
    chosen = [p for p in periods if p.kind is kind and p not in still_open]
    return max(chosen) if chosen else None


def default_period(
    kind: PeriodKind = PeriodKind.QUARTER, periods: Iterable[Period] | None = None
) -> Period | None:
    """The period a report is drawn for when the reader does not choose one: the latest
    quarter (or half year, or year) with published figures whose collection is over. A quarter
    whose round is still open is left out however much of it is published, so that publishing
    the first few figures of a quarter never turns a report into rows of "not reported". Two
    queries (one when ``periods`` is given)."""
    found = published_periods() if periods is None else periods
    return latest_period(found, kind, collecting=access.collecting_periods())


def _board_codes(boards: Iterable[Board]) -> list[str]:
    return sorted(board.code for board in boards)


def saved_report_save(
    *,
    acting_user: User,
    name: str,
    query: str,
    boards: Iterable[Board] = (),
    kind: ReportKind = ReportKind.BUILT,
) -> SavedReport:
    """Save a report under ``name`` for ``acting_user``, shared with ``boards``. Saving again
    under a name already used replaces that report's choices and who it is shared with."""
    boards = list(boards)
    with transaction.atomic():
        # get_or_create: two saves under one name at once make one report, not an error.
        saved, created = SavedReport.objects.select_for_update().get_or_create(
            owner=acting_user, name=name, defaults={"kind": kind, "query": query}
        )
        if not created:
            saved.kind = kind
            saved.query = query
            saved.save(update_fields=["kind", "query", "updated_at"])
        saved.shared_with.set(boards)
        shared = _board_codes(boards)
        audit_record(
            acting_user=acting_user,
            action="saved_report_create" if created else "saved_report_update",
            target=saved,
            summary=f"Report {name!r} {'saved' if created else 'saved again'}"
            + (f", shared with {', '.join(shared)}" if shared else ""),
            data={"kind": str(kind), "query": query, "shared_with": shared},
        )
    return saved


def saved_report_share(
    *, acting_user: User, saved: SavedReport, boards: Iterable[Board]
) -> SavedReport:
    """Share ``saved`` with exactly ``boards`` (none: only its owner and the performance
    team see it)."""
    boards = list(boards)
    with transaction.atomic():
        before = _board_codes(saved.shared_with.all())
        saved.shared_with.set(boards)
        after = _board_codes(boards)
        audit_record(
            acting_user=acting_user,
            action="saved_report_share",
            target=saved,
            summary=f"Report {saved.name!r} shared with "
            + (", ".join(after) if after else "no board"),
            data={"from": before, "to": after},
        )
    return saved


def saved_report_delete(*, acting_user: User, saved: SavedReport) -> None:
    with transaction.atomic():
        audit_record(
            acting_user=acting_user,
            action="saved_report_delete",
            target=saved,
            summary=f"Report {saved.name!r} deleted",
            data={"kind": saved.kind, "query": saved.query},
        )
        saved.delete()
