"""Writes for quarterly collection: opening a round, entering figures, milestone progress and
narratives, and moving each through draft → submitted → validated → published.

Every function is one transaction; it records each changed field as an ItemChange (who, when,
old value, new value, how) and writes one audit entry. Who may do what is decided in
goldenthread.access; these functions ask it and never decide themselves.

A closed round takes no more entries: saving, submitting or returning an item of its quarter,
and signing off one of its returns, raise RoundClosed. The performance team may still validate,
publish and correct (goldenthread.monitoring.closing says what closing leaves behind).

Concurrency: an edit carries the ``version`` of the item the person saw (``expected_version``).
The write is a conditional ``UPDATE … WHERE version = expected``, so of two people saving the
same item only the first succeeds, on SQLite and PostgreSQL alike; the second gets StaleEdit,
which carries the item as it now is.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from goldenthread import access
from goldenthread.audit.services import audit_record
from goldenthread.indicators.models import Actual, Indicator
from goldenthread.monitoring.checks import (
    DEFAULT_MOVEMENT_THRESHOLD,
    CheckResult,
    check_milestone_progress,
)
from goldenthread.monitoring.models import (
    ActualRevision,
    ChangeHow,
    CollectionRound,
    DepartmentNarrative,
    ItemChange,
    ItemType,
    ReturnSignOff,
)
from goldenthread.monitoring.models import (
    history_text as _text,
)
from goldenthread.monitoring.selectors import entry_figures
from goldenthread.organisation.models import Department
from goldenthread.performance.models import RatingSettings
from goldenthread.planning.models import Milestone, MilestoneUpdate
from goldenthread.planning.periods import Period, PeriodError, PeriodKind
from goldenthread.workflow import WorkflowState

if TYPE_CHECKING:
    from goldenthread.monitoring.selectors import DepartmentReturn

DRAFT, SUBMITTED, VALIDATED, PUBLISHED = (
    WorkflowState.DRAFT,
    WorkflowState.SUBMITTED,
    WorkflowState.VALIDATED,
    WorkflowState.PUBLISHED,
)

# action: (the states it may start from, the state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], WorkflowState]] = {
    "submit": (frozenset({DRAFT}), SUBMITTED),
    "validate": (frozenset({SUBMITTED}), VALIDATED),
    "return": (frozenset({SUBMITTED, VALIDATED}), DRAFT),
    "publish": (frozenset({VALIDATED}), PUBLISHED),
}
ACTUAL_FIELDS = ("value", "numerator", "denominator", "commentary")
MILESTONE_FIELDS = ("progress", "commentary")
NARRATIVE_FIELDS = ("key_developments", "emerging_issues")


# -- errors ----------------------------------------------------------------------------------


class MonitoringError(Exception):
    """A change refused, with a message for the person who asked for it."""


class EntryRefused(MonitoringError):
    """The entry failed its checks: errors, or warnings without an explanation."""

    def __init__(self, result: CheckResult) -> None:
        self.result = result
        super().__init__(" ".join(result.messages()))


class TransitionRefused(MonitoringError):
    def __init__(self, *, label: str, state: str, action: str) -> None:
        self.state, self.action = state, action
        allowed = TRANSITIONS.get(action, (frozenset({DRAFT}), None))[0]
        super().__init__(
            f"{label} is {state}, so it cannot be {_past(action)}; only "
            f"{' or '.join(sorted(allowed))} items can."
        )


class RoundClosed(MonitoringError):
    """The item belongs to a round that is closed: it takes no more entries or sign-offs."""

    def __init__(self, *, quarter: Period, refused: str) -> None:
        self.quarter = quarter
        super().__init__(f"The {quarter} round is closed: {refused}.")


class StaleEdit(MonitoringError):
    """Someone else changed the item since this person opened it."""

    def __init__(self, *, current: models.Model, expected_version: int | None) -> None:
        self.current = current
        self.current_version: int = current.version  # type: ignore[attr-defined]
        self.expected_version = expected_version
        super().__init__(
            f"{current} was changed by someone else while you were editing it (you opened "
            f"version {expected_version or 'none'}; it is now version {self.current_version}). "
            "Nothing you entered was saved: check the newer value and enter your change again."
        )


def _past(action: str) -> str:
    return {
        "submit": "submitted",
        "validate": "validated",
        "return": "returned",
        "publish": "published",
        "save": "edited",
    }[action]


# -- helpers ---------------------------------------------------------------------------------


def _period(value: Period | str) -> Period:
    return value if isinstance(value, Period) else Period.parse(value)


def _actor(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _history(
    item_type: ItemType,
    item: models.Model,
    before: dict[str, Any],
    after: dict[str, Any],
    *,
    acting_user: Any,
    how: ChangeHow | str,
    period: Period,
    note: str = "",
    at: datetime.datetime,
    **about: Any,
) -> list[ItemChange]:
    """One ItemChange per field whose written form differs between ``before`` and ``after``."""
    changes = [
        ItemChange(
            item_type=item_type,
            item_id=item.pk,
            period=period,
            field=name,
            old_value=_text(before.get(name)),
            new_value=_text(value),
            how=ChangeHow(how),
            actor=_actor(acting_user),
            at=at,
            note=note,
            **about,
        )
        for name, value in after.items()
        if _text(before.get(name)) != _text(value)
    ]
    ItemChange.objects.bulk_create(changes)
    return changes


def _about_actual(actual: Actual) -> dict[str, Any]:
    return {"indicator_id": actual.indicator_id, "department_id": actual.indicator.department_id}


def _about_update(update: MilestoneUpdate) -> dict[str, Any]:
    return {
        "milestone_id": update.milestone_id,
        "department_id": update.milestone.objective.plan.department_id,
    }


def _about_narrative(narrative: DepartmentNarrative) -> dict[str, Any]:
    return {"department_id": narrative.department_id}


def _guarded_update(
    model: type[models.Model],
    item: Any,
    *,
    expected_version: int | None,
    states: Iterable[str],
    **values: Any,
) -> None:
    """UPDATE the row only if it is still in one of ``states`` at the version expected (the
    version read, when the caller did not say); otherwise raise StaleEdit with the row as it
    is now. The condition is in the UPDATE itself, so two writers cannot both pass it."""
    version = item.version if expected_version is None else expected_version
    updated = model._default_manager.filter(
        pk=item.pk, version=version, state__in=list(states)
    ).update(version=F("version") + 1, updated_at=timezone.now(), **values)
    if updated != 1:
        raise StaleEdit(
            current=model._default_manager.get(pk=item.pk), expected_version=expected_version
        )


def collecting_quarter(period: Period) -> Period | None:
    """The quarter whose round collects figures for ``period``: the period itself, or the
    quarter a half year or a year ends with; None for any other period."""
    quarter = Period.quarter_of(period.end)
    return quarter if quarter.end == period.end else None


def _refuse_if_closed(period: Period, refused: str) -> None:
    """Raise RoundClosed when the round collecting ``period`` is closed. A period no round was
    ever opened for (history loaded from a council's old spreadsheets) stays open to entry."""
    quarter = collecting_quarter(period)
    if (
        quarter is not None
        and CollectionRound.objects.filter(quarter=quarter, closed_at__isnull=False).exists()
    ):
        raise RoundClosed(quarter=quarter, refused=refused)


NO_ENTRIES = "it takes no more entries, submissions or returns"
NO_SIGN_OFFS = "its returns can no longer be signed off"


def _check_version(item: Any, expected_version: int | None) -> None:
    if expected_version is not None and item.version != expected_version:
        raise StaleEdit(current=item, expected_version=expected_version)


def _refuse_unless_draft(current: Any, expected_version: int | None) -> None:
    """Refuse to save over an item the person did not see, saw at an older version, or that
    has left draft. Nothing to refuse when there is no item yet."""
    if current is None:
        return
    if expected_version is None:
        raise StaleEdit(current=current, expected_version=None)
    _check_version(current, expected_version)
    if current.state != DRAFT:
        raise TransitionRefused(label=str(current), state=current.state, action="save")


def _write_draft(
    model: type[models.Model],
    current: Any,
    *,
    key: dict[str, Any],
    values: dict[str, Any],
    fields: Iterable[str],
    expected_version: int | None,
) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """Create the draft at ``key``, or update ``current`` (still a draft, at the version
    expected); the item as saved, with its fields before and after for its history. Two people
    creating the same item at once: the second gets StaleEdit with the first's."""
    if current is None:
        try:
            with transaction.atomic():
                item = model._default_manager.create(**key, state=DRAFT, **values)
        except IntegrityError:
            raise StaleEdit(
                current=model._default_manager.get(**key), expected_version=None
            ) from None
        return item, {}, {**values, "state": DRAFT}
    _guarded_update(model, current, expected_version=expected_version, states=[DRAFT], **values)
    before = {name: getattr(current, name) for name in fields}
    current.refresh_from_db()
    return current, before, values


def _transition(
    item_type: ItemType,
    item: Any,
    action: str,
    *,
    acting_user: Any,
    how: ChangeHow | str,
    expected_version: int | None,
    period: Period,
    about: dict[str, Any],
    note: str = "",
) -> None:
    """Move one item along the workflow; the caller holds the transaction."""
    allowed, to_state = TRANSITIONS[action]
    if item.state not in allowed:
        raise TransitionRefused(label=str(item), state=item.state, action=action)
    _check_version(item, expected_version)
    model = type(item)
    _guarded_update(model, item, expected_version=expected_version, states=allowed, state=to_state)
    before = item.state
    item.refresh_from_db()
    _history(
        item_type,
        item,
        {"state": before},
        {"state": to_state},
        acting_user=acting_user,
        how=how,
        period=period,
        note=note,
        at=timezone.now(),
        **about,
    )
    audit_record(
        acting_user=acting_user,
        action=f"{item_type}_{action}",
        target=item,
        summary=f"{item} {_past(action)}" + (f": {note}" if note else ""),
        data={"from": before, "to": str(to_state), "how": str(how), "note": note},
    )


# -- rounds ----------------------------------------------------------------------------------


def round_open(
    *,
    acting_user: Any,
    quarter: Period | str,
    deadline: datetime.date,
    how: ChangeHow | str = ChangeHow.FORM,
) -> CollectionRound:
    """Open collection for a quarter, with the deadline for departments' returns."""
    user = access.access_performance_team(acting_user)
    try:
        period = _period(quarter)
    except PeriodError as error:
        raise MonitoringError(str(error)) from None
    if period.kind is not PeriodKind.QUARTER:
        raise MonitoringError(f"A round collects a quarter; {period} is not one.")
    if deadline <= period.end:
        raise MonitoringError(
            f"The deadline {deadline:%d %B %Y} must be after the quarter ends "
            f"({period.end:%d %B %Y})."
        )
    with transaction.atomic():
        if CollectionRound.objects.filter(quarter=period).exists():
            raise MonitoringError(f"A round for {period} is already open.")
        round_ = CollectionRound.objects.create(quarter=period, deadline=deadline, opened_by=user)
        audit_record(
            acting_user=acting_user,
            action="round_open",
            target=round_,
            summary=f"{period} collection opened, deadline {deadline:%d %B %Y}",
            data={"quarter": str(period), "deadline": deadline.isoformat(), "how": str(how)},
        )
    return round_


def round_close(
    *,
    acting_user: Any,
    round: CollectionRound,  # noqa: A002
    how: ChangeHow | str = ChangeHow.FORM,
) -> CollectionRound:
    """Close the round: its published figures reach the public, and it takes no more entries,
    submissions, returns or sign-offs. Items left submitted or validated may still be validated
    and published by the performance team (and then reach the public at once); anything else
    left unpublished stays unreported for the quarter. The audit entry records what was left
    (goldenthread.monitoring.closing)."""
    from goldenthread.monitoring.closing import closing_summary

    access.access_performance_team(acting_user)
    with transaction.atomic():
        summary = closing_summary(round)
        updated = CollectionRound.objects.filter(pk=round.pk, closed_at__isnull=True).update(
            closed_at=timezone.now()
        )
        if not updated:
            raise MonitoringError(f"The {round.quarter} round is already closed.")
        round.refresh_from_db()
        audit_record(
            acting_user=acting_user,
            action="round_close",
            target=round,
            summary=f"{round.quarter} collection closed: {summary.in_words()}",
            data={"how": str(how), **summary.as_data()},
        )
    return round


# -- actuals ---------------------------------------------------------------------------------


def movement_threshold() -> Decimal:
    """The council's threshold for the movement warning: settings.MONITORING_MOVEMENT_THRESHOLD
    (a percentage), 25 when not set."""
    return Decimal(
        str(getattr(settings, "MONITORING_MOVEMENT_THRESHOLD", DEFAULT_MOVEMENT_THRESHOLD))
    )


def actual_check(
    *,
    indicator: Indicator,
    period: Period,
    value: object,
    numerator: object = None,
    denominator: object = None,
    commentary: str = "",
    explanation: str = "",
) -> CheckResult:
    """Run the entry checks against the figures held around ``period``, read as the entry page
    reads them (goldenthread.monitoring.selectors.entry_figures). Three queries."""
    (figures,) = entry_figures([(indicator, period)]).values()
    return figures.check(
        council=RatingSettings.current().council_rules(),
        movement_threshold=movement_threshold(),
        value=value,
        numerator=numerator,
        denominator=denominator,
        commentary=commentary,
        explanation=explanation,
    )


def actual_save(
    *,
    acting_user: Any,
    indicator: Indicator,
    period: Period | str,
    value: object = None,
    numerator: object = None,
    denominator: object = None,
    commentary: str = "",
    explanation: str = "",
    expected_version: int | None = None,
    how: ChangeHow | str = ChangeHow.FORM,
) -> Actual:
    """Create or change the draft figure for ``indicator`` in ``period``.

    ``expected_version`` is the version the person saw, None when they saw no figure. Raises
    EntryRefused when the checks fail (nothing is written), TransitionRefused when the figure
    is no longer a draft, StaleEdit when someone else saved it first.
    """
    period = _period(period)
    indicator = access.access_indicator_to_enter(acting_user, indicator.code)
    with transaction.atomic():
        _refuse_if_closed(period, NO_ENTRIES)
        current = (
            Actual.objects.select_related("indicator")
            .filter(indicator=indicator, period=period)
            .first()
        )
        _refuse_unless_draft(current, expected_version)
        result = actual_check(
            indicator=indicator,
            period=period,
            value=value,
            numerator=numerator,
            denominator=denominator,
            commentary=commentary,
            explanation=explanation,
        )
        if not result.accepted:
            raise EntryRefused(result)
        values = {
            "value": result.value,
            "numerator": result.numerator,
            "denominator": result.denominator,
            "commentary": commentary,
        }
        actual, before, after = _write_draft(
            Actual,
            current,
            key={"indicator": indicator, "period": period},
            values=values,
            fields=ACTUAL_FIELDS,
            expected_version=expected_version,
        )
        actual.indicator = indicator
        changes = _history(
            ItemType.ACTUAL,
            actual,
            before,
            after,
            acting_user=acting_user,
            how=how,
            period=period,
            note=explanation if result.warnings else "",
            at=timezone.now(),
            **_about_actual(actual),
        )
        audit_record(
            acting_user=acting_user,
            action="actual_save",
            target=actual,
            summary=f"{indicator.code} {period}: {_text(actual.value)} saved as a draft",
            data={
                "changed": [c.field for c in changes],
                "warnings": [w.message for w in result.warnings],
                "explanation": explanation if result.warnings else "",
                "how": str(how),
            },
        )
    return actual


def actual_submit(
    *,
    acting_user: Any,
    actual: Actual,
    expected_version: int | None = None,
    how: ChangeHow | str = ChangeHow.FORM,
) -> Actual:
    return _move(
        access.access_actual_to_enter, "submit", acting_user, actual, expected_version, how
    )


def actual_validate(
    *,
    acting_user: Any,
    actual: Actual,
    expected_version: int | None = None,
    how: ChangeHow | str = ChangeHow.FORM,
) -> Actual:
    return _move(
        access.access_actual_to_validate, "validate", acting_user, actual, expected_version, how
    )


def actual_return(
    *,
    acting_user: Any,
    actual: Actual,
    note: str,
    expected_version: int | None = None,
    how: ChangeHow | str = ChangeHow.FORM,
) -> Actual:
    """Send a submitted or validated figure back to its department as a draft, saying why."""
    if not note.strip():
        raise MonitoringError("Say why the figure is returned, so the department can fix it.")
    return _move(
        access.access_actual_to_validate,
        "return",
        acting_user,
        actual,
        expected_version,
        how,
        note=note.strip(),
    )


def _move(
    find: Any,
    action: str,
    acting_user: Any,
    item: Any,
    expected_version: int | None,
    how: ChangeHow | str,
    note: str = "",
) -> Any:
    """Move one item (a figure, a milestone update or a narrative) through the workflow: found
    again through ``find`` (the access check), in one transaction, with its history."""
    with transaction.atomic():
        current = find(acting_user, item.pk)
        item_type, period, about = _describe(current)
        if action in ("submit", "return"):  # the department could no longer act on it
            _refuse_if_closed(period, NO_ENTRIES)
        _transition(
            item_type,
            current,
            action,
            acting_user=acting_user,
            how=how,
            expected_version=expected_version,
            period=period,
            about=about,
            note=note,
        )
        if action == "return":
            _sign_off_lapse(current, acting_user=acting_user, note=note)
    return current


def _describe(item: Any) -> tuple[ItemType, Period, dict[str, Any]]:
    """An item's type, period and what its history rows point at."""
    if isinstance(item, Actual):
        return ItemType.ACTUAL, item.period, _about_actual(item)
    if isinstance(item, MilestoneUpdate):
        return ItemType.MILESTONE_UPDATE, item.period, _about_update(item)
    return ItemType.NARRATIVE, item.round.quarter, _about_narrative(item)


def actual_publish(
    *,
    acting_user: Any,
    actuals: Iterable[Actual],
    how: ChangeHow | str = ChangeHow.FORM,
) -> list[Actual]:
    """Publish validated figures, one or many, and store their ratings as history. All or
    nothing: if any is not validated, none is published. A constant number of queries."""
    access.access_performance_team(acting_user)
    ids = sorted({a.pk for a in actuals})
    with transaction.atomic():
        held = list(
            Actual.objects.filter(pk__in=ids)
            .select_related("indicator")
            .order_by("indicator__code", "period")
        )
        refused = [a for a in held if a.state != VALIDATED]
        if refused or len(held) != len(ids):
            first = refused[0] if refused else None
            raise TransitionRefused(
                label=str(first) if first else "A figure that no longer exists",
                state=first.state if first else "missing",
                action="publish",
            )
        now = timezone.now()
        published = Actual.objects.filter(pk__in=ids, state=VALIDATED).update(
            state=PUBLISHED, version=F("version") + 1, updated_at=now
        )
        if published != len(ids):  # another publisher or a return got there first
            raise TransitionRefused(label="One of these figures", state="changed", action="publish")
        ItemChange.objects.bulk_create(
            ItemChange(
                item_type=ItemType.ACTUAL,
                item_id=a.pk,
                period=a.period,
                field="state",
                old_value=VALIDATED,
                new_value=PUBLISHED,
                how=ChangeHow(how),
                actor=_actor(acting_user),
                at=now,
                **_about_actual(a),
            )
            for a in held
        )
        from goldenthread.performance.services import statuses_record_published

        statuses_record_published(
            acting_user=acting_user,
            indicators=Indicator.objects.filter(pk__in={a.indicator_id for a in held}),
        )
        audit_record(
            acting_user=acting_user,
            action="actual_publish",
            summary=f"{len(held)} figure{'s' if len(held) != 1 else ''} published",
            data={"published": [f"{a.indicator.code} {a.period}" for a in held][:500]},
        )
    return list(Actual.objects.filter(pk__in=ids).select_related("indicator"))


def actual_correct(
    *,
    acting_user: Any,
    actual: Actual,
    reason: str,
    value: object = None,
    numerator: object = None,
    denominator: object = None,
    commentary: str | None = None,
    explanation: str = "",
    expected_version: int | None = None,
    how: ChangeHow | str = ChangeHow.FORM,
) -> Actual:
    """Correct a published figure: a new revision, with the reason, that stays published and
    is rated again. The figure before is kept in the revision and in the item's history."""
    if not reason.strip():
        raise MonitoringError("A correction to a published figure needs a reason.")
    reason = reason.strip()
    with transaction.atomic():
        current = access.access_actual_to_validate(acting_user, actual.pk)
        if current.state != PUBLISHED:
            raise MonitoringError(
                f"{current} is {current.state}: only published figures are corrected; "
                "edit a draft instead."
            )
        _check_version(current, expected_version)
        new_commentary = current.commentary if commentary is None else commentary
        result = actual_check(
            indicator=current.indicator,
            period=current.period,
            value=value,
            numerator=numerator,
            denominator=denominator,
            commentary=new_commentary,
            explanation=explanation or reason,
        )
        if not result.accepted:
            raise EntryRefused(result)
        assert result.value is not None
        values = {
            "value": result.value,
            "numerator": result.numerator,
            "denominator": result.denominator,
            "commentary": new_commentary,
        }
        before = {name: getattr(current, name) for name in ACTUAL_FIELDS}
        if all(_text(before[name]) == _text(v) for name, v in values.items()):
            raise MonitoringError(f"{current} already reads that; there is nothing to correct.")
        number = current.revision + 1
        _guarded_update(
            Actual,
            current,
            expected_version=expected_version,
            states=[PUBLISHED],
            revision=number,
            **values,
        )
        ActualRevision.objects.create(
            actual=current,
            number=number,
            previous_value=current.value,
            value=result.value,
            numerator=result.numerator,
            denominator=result.denominator,
            reason=reason,
            corrected_by=_actor(acting_user),
        )
        _history(
            ItemType.ACTUAL,
            current,
            {**before, "revision": current.revision},
            {**values, "revision": number},
            acting_user=acting_user,
            how=how,
            period=current.period,
            note=reason,
            at=timezone.now(),
            **_about_actual(current),
        )
        from goldenthread.performance.services import statuses_record_published

        statuses_record_published(
            acting_user=acting_user, indicators=Indicator.objects.filter(pk=current.indicator_id)
        )
        audit_record(
            acting_user=acting_user,
            action="actual_correct",
            target=current,
            summary=f"{current.indicator.code} {current.period} corrected from "
            f"{_text(before['value'])} to {_text(result.value)} (revision {number}): {reason}",
            data={"revision": number, "reason": reason, "how": str(how)},
        )
        current.refresh_from_db()
    return current


# -- milestone progress ----------------------------------------------------------------------


def milestone_progress_save(
    *,
    acting_user: Any,
    milestone: Milestone,
    period: Period | str,
    progress: str,
    commentary: str = "",
    expected_version: int | None = None,
    how: ChangeHow | str = ChangeHow.FORM,
) -> MilestoneUpdate:
    """Create or change the draft progress report for ``milestone`` in ``period``."""
    period = _period(period)
    milestone = access.access_milestone_to_enter(acting_user, milestone.code)
    with transaction.atomic():
        _refuse_if_closed(period, NO_ENTRIES)
        current = MilestoneUpdate.objects.filter(milestone=milestone, period=period).first()
        _refuse_unless_draft(current, expected_version)
        result = check_milestone_progress(
            progress=progress, commentary=commentary, due=milestone.due, period=period
        )
        if not result.accepted:
            raise EntryRefused(result)
        values = {"progress": progress, "commentary": commentary}
        update, before, after = _write_draft(
            MilestoneUpdate,
            current,
            key={"milestone": milestone, "period": period},
            values=values,
            fields=MILESTONE_FIELDS,
            expected_version=expected_version,
        )
        update.milestone = milestone
        _history(
            ItemType.MILESTONE_UPDATE,
            update,
            before,
            after,
            acting_user=acting_user,
            how=how,
            period=period,
            at=timezone.now(),
            **_about_update(update),
        )
        audit_record(
            acting_user=acting_user,
            action="milestone_progress_save",
            target=update,
            summary=f"{milestone.code} {period}: {update.get_progress_display()} saved as a draft",
            data={"how": str(how)},
        )
    return update


def milestone_progress_submit(
    *,
    acting_user: Any,
    update: MilestoneUpdate,
    expected_version: int | None = None,
    how: ChangeHow | str = ChangeHow.FORM,
) -> MilestoneUpdate:
    return _move(
        access.access_milestone_update_to_enter,
        "submit",
        acting_user,
        update,
        expected_version,
        how,
    )


def milestone_progress_validate(
    *,
    acting_user: Any,
    update: MilestoneUpdate,
    expected_version: int | None = None,
    how: ChangeHow | str = ChangeHow.FORM,
) -> MilestoneUpdate:
    return _move(
        access.access_milestone_update_to_validate,
        "validate",
        acting_user,
        update,
        expected_version,
        how,
    )


def milestone_progress_return(
    *,
    acting_user: Any,
    update: MilestoneUpdate,
    note: str,
    expected_version: int | None = None,
    how: ChangeHow | str = ChangeHow.FORM,
) -> MilestoneUpdate:
    if not note.strip():
        raise MonitoringError("Say why the progress report is returned.")
    return _move(
        access.access_milestone_update_to_validate,
        "return",
        acting_user,
        update,
        expected_version,
        how,
        note=note.strip(),
    )


def milestone_progress_publish(
    *,
    acting_user: Any,
    update: MilestoneUpdate,
    expected_version: int | None = None,
    how: ChangeHow | str = ChangeHow.FORM,
) -> MilestoneUpdate:
    return _move(
        access.access_milestone_update_to_validate,
        "publish",
        acting_user,
        update,
        expected_version,
        how,
    )


# -- department narratives -------------------------------------------------------------------


def narrative_save(
    *,
    acting_user: Any,
    round: CollectionRound,  # noqa: A002
    department_code: str,
    key_developments: str = "",
    emerging_issues: str = "",
    expected_version: int | None = None,
    how: ChangeHow | str = ChangeHow.FORM,
) -> DepartmentNarrative:
    """Create or change the department's draft narrative for the round's quarter."""
    department = access.access_department_to_narrate(acting_user, department_code)
    values = {"key_developments": key_developments, "emerging_issues": emerging_issues}
    with transaction.atomic():
        _refuse_if_closed(round.quarter, NO_ENTRIES)
        current = DepartmentNarrative.objects.filter(round=round, department=department).first()
        _refuse_unless_draft(current, expected_version)
        narrative, before, after = _write_draft(
            DepartmentNarrative,
            current,
            key={"round": round, "department": department},
            values=values,
            fields=NARRATIVE_FIELDS,
            expected_version=expected_version,
        )
        _history(
            ItemType.NARRATIVE,
            narrative,
            before,
            after,
            acting_user=acting_user,
            how=how,
            period=round.quarter,
            at=timezone.now(),
            **_about_narrative(narrative),
        )
        audit_record(
            acting_user=acting_user,
            action="narrative_save",
            target=narrative,
            summary=f"{department} narrative for {round.quarter} saved as a draft",
            data={"how": str(how)},
        )
    return narrative


def narrative_submit(
    *,
    acting_user: Any,
    narrative: DepartmentNarrative,
    expected_version: int | None = None,
    how: ChangeHow | str = ChangeHow.FORM,
) -> DepartmentNarrative:
    return _move(
        access.access_narrative_to_enter, "submit", acting_user, narrative, expected_version, how
    )


def narrative_validate(
    *,
    acting_user: Any,
    narrative: DepartmentNarrative,
    expected_version: int | None = None,
    how: ChangeHow | str = ChangeHow.FORM,
) -> DepartmentNarrative:
    return _move(
        access.access_narrative_to_validate,
        "validate",
        acting_user,
        narrative,
        expected_version,
        how,
    )


def narrative_return(
    *,
    acting_user: Any,
    narrative: DepartmentNarrative,
    note: str,
    expected_version: int | None = None,
    how: ChangeHow | str = ChangeHow.FORM,
) -> DepartmentNarrative:
    if not note.strip():
        raise MonitoringError("Say why the narrative is returned.")
    return _move(
        access.access_narrative_to_validate,
        "return",
        acting_user,
        narrative,
        expected_version,
        how,
        note=note.strip(),
    )


def narrative_publish(
    *,
    acting_user: Any,
    narrative: DepartmentNarrative,
    expected_version: int | None = None,
    how: ChangeHow | str = ChangeHow.FORM,
) -> DepartmentNarrative:
    return _move(
        access.access_narrative_to_validate,
        "publish",
        acting_user,
        narrative,
        expected_version,
        how,
    )


# -- a department's return, and a round's publication, as one act -----------------------------


def return_submit(
    *,
    acting_user: Any,
    round: CollectionRound,  # noqa: A002
    department: Department,
    how: ChangeHow | str = ChangeHow.FORM,
) -> int:
    """Submit every draft in the department's return for the round that this person may enter:
    figures, milestone progress and the narrative. All or nothing; returns how many."""
    from goldenthread.monitoring.selectors import due_periods

    with transaction.atomic():
        _refuse_if_closed(round.quarter, NO_ENTRIES)
        actuals = Actual.objects.filter(
            indicator__in=access.enterable_indicators(acting_user),
            indicator__department=department,
            period__in=due_periods(round.quarter),
            state=DRAFT,
        )
        updates = MilestoneUpdate.objects.filter(
            milestone__in=access.enterable_milestones(acting_user),
            milestone__objective__plan__department=department,
            period=round.quarter,
            state=DRAFT,
        )
        narratives = DepartmentNarrative.objects.filter(
            round=round,
            department=department,
            department__in=access.narratable_departments(acting_user),
            state=DRAFT,
        )
        count = 0
        for actual in actuals:
            actual_submit(acting_user=acting_user, actual=actual, how=how)
            count += 1
        for update in updates:
            milestone_progress_submit(acting_user=acting_user, update=update, how=how)
            count += 1
        for narrative in narratives:
            narrative_submit(acting_user=acting_user, narrative=narrative, how=how)
            count += 1
    return count


def round_publish(
    *,
    acting_user: Any,
    round: CollectionRound,  # noqa: A002
    how: ChangeHow | str = ChangeHow.FORM,
) -> int:
    """Publish every validated figure, milestone progress report and narrative of the round.
    All or nothing; returns how many."""
    from goldenthread.monitoring.selectors import due_periods

    access.access_performance_team(acting_user)
    with transaction.atomic():
        actuals = list(
            Actual.objects.filter(
                indicator__department__isnull=False,
                period__in=due_periods(round.quarter),
                state=VALIDATED,
            )
        )
        if actuals:
            actual_publish(acting_user=acting_user, actuals=actuals, how=how)
        count = len(actuals)
        for update in MilestoneUpdate.objects.filter(period=round.quarter, state=VALIDATED):
            milestone_progress_publish(acting_user=acting_user, update=update, how=how)
            count += 1
        for narrative in DepartmentNarrative.objects.filter(round=round, state=VALIDATED):
            narrative_publish(acting_user=acting_user, narrative=narrative, how=how)
            count += 1
    return count


# -- the operational director's sign-off of a department's return ----------------------------


def _person_name(user: Any) -> str:
    return (user.get_full_name() or user.username) if user is not None else "someone"


def _day(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"


def _department_return(
    round: CollectionRound,  # noqa: A002
    department: Department,
) -> DepartmentReturn | None:
    from goldenthread.monitoring.selectors import round_returns

    return next((r for r in round_returns(round) if r.department.pk == department.pk), None)


def return_sign_off(
    *,
    acting_user: Any,
    department: Department,
    round: CollectionRound,  # noqa: A002
    note: str = "",
) -> ReturnSignOff:
    """The operational director signs off their department's return for the round: every due
    item submitted (or further on), and the narrative too if one is written. Refused, naming
    what is outstanding, when not, and when it is signed off already. A sign-off that lapsed
    (an item was returned) is given again in the same row."""
    department = access.access_department_return_to_sign_off(acting_user, department.code)
    label = f"The {department.name} return for {round.quarter}"
    with transaction.atomic():
        _refuse_if_closed(round.quarter, NO_SIGN_OFFS)
        found = _department_return(round, department)
        if found is None:
            raise MonitoringError(f"Nothing is due from {department.name} in {round.quarter}.")
        outstanding = found.holding_up_sign_off()
        if outstanding:
            count = len(outstanding)
            raise MonitoringError(
                f"{label} cannot be signed off: {count} "
                f"{'items are' if count != 1 else 'item is'} not submitted yet: "
                f"{', '.join(outstanding)}."
            )
        now, note = timezone.now(), note.strip()
        values = {"signed_by": acting_user, "signed_at": now, "note": note}
        existing = ReturnSignOff.objects.filter(round=round, department=department).first()
        if existing is None:
            try:
                with transaction.atomic():
                    sign_off = ReturnSignOff.objects.create(
                        round=round, department=department, **values
                    )
            except IntegrityError:
                existing = ReturnSignOff.objects.get(round=round, department=department)
        if existing is not None:
            # Only a lapsed sign-off is given again; of two directors at once, one succeeds.
            renewed = ReturnSignOff.objects.filter(pk=existing.pk, lapsed_at__isnull=False).update(
                lapsed_at=None, lapsed_because="", **values
            )
            existing.refresh_from_db()
            if not renewed:
                raise MonitoringError(
                    f"{label} is already signed off, by {_person_name(existing.signed_by)} "
                    f"on {_day(existing.signed_at)}."
                )
            sign_off = existing
        audit_record(
            acting_user=acting_user,
            action="return_sign_off",
            target=sign_off,
            summary=f"{label} signed off" + (f": {note}" if note else ""),
            data={"department": department.code, "quarter": str(round.quarter), "note": note},
        )
    return sign_off


def _return_of(item: Any) -> tuple[Period | None, int | None, str]:
    """The quarter of the round an item is collected in, its department, and how to name it."""
    if isinstance(item, DepartmentNarrative):
        return item.round.quarter, item.department_id, "the narrative"
    if isinstance(item, MilestoneUpdate):
        department_id = item.milestone.objective.plan.department_id
        return item.period, department_id, f"{item.milestone.code} {item.period}"
    period = item.period  # an Actual: its quarter, or a year collected in the Q4 round
    if period.kind is PeriodKind.YEAR:
        period = period.quarters()[-1]
    elif period.kind is not PeriodKind.QUARTER:
        return None, None, ""
    return period, item.indicator.department_id, f"{item.indicator.code} {item.period}"


def _sign_off_lapse(item: Any, *, acting_user: Any, note: str) -> None:
    """An item returned to its department reopens the return: its sign-off, if there is one,
    lapses, and the director signs again once the item is submitted again. The caller holds
    the transaction."""
    quarter, department_id, name = _return_of(item)
    if quarter is None or department_id is None:
        return
    sign_off = (
        ReturnSignOff.objects.filter(
            round__quarter=quarter, department_id=department_id, lapsed_at__isnull=True
        )
        .select_related("round", "department")
        .first()
    )
    if sign_off is None:
        return
    because = f"{name} was returned to the department" + (f": {note}" if note else "")
    ReturnSignOff.objects.filter(pk=sign_off.pk, lapsed_at__isnull=True).update(
        lapsed_at=timezone.now(), lapsed_because=because
    )
    audit_record(
        acting_user=acting_user,
        action="return_sign_off_lapse",
        target=sign_off,
        summary=(
            f"The {sign_off.department.name} return for {sign_off.round.quarter}: "
            f"sign-off lapsed, {because}"
        ),
        data={
            "department": sign_off.department.code,
            "quarter": str(quarter),
            "because": because,
        },
    )
