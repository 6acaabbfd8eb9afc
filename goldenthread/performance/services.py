"""Writes for ratings: storing the status of published figures, recalculating history on
purpose, and changing the council's rules. Each is one transaction with an audit entry."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from goldenthread.audit.services import audit_record
from goldenthread.indicators.models import Actual, Indicator
from goldenthread.performance.models import RatingSettings, StatusRecord
from goldenthread.performance.selectors import IndicatorAssessment, period_assessments
from goldenthread.planning.periods import Period
from goldenthread.workflow import WorkflowState

PUBLISHED = (WorkflowState.PUBLISHED,)
RECORD_FIELDS = [
    "actual",
    "target",
    "status",
    "exception",
    "direction",
    "explanation",
    "direction_explanation",
    "rule",
    "thresholds",
    "recorded_at",
    "recorded_by",
]


def _thresholds(result: IndicatorAssessment, settings: RatingSettings) -> dict[str, Any]:
    rules = result.assessment.rules
    return {
        "tolerance": str(rules.tolerance.amount),
        "tolerance_kind": str(rules.tolerance.kind),
        "exception_threshold": str(rules.exception_threshold),
        "no_change_band": str(settings.no_change_band),
        "target_basis": result.assessment.target_note,
    }


def _record_fields(result: IndicatorAssessment, settings: RatingSettings) -> dict[str, Any]:
    assessment = result.assessment
    assert result.actual is not None
    return {
        "actual": result.actual.value,
        "target": assessment.rating.target,
        "status": str(assessment.rating.status),
        "exception": str(assessment.rating.exception or ""),
        "direction": str(assessment.travel.direction or ""),
        "explanation": assessment.explanation,
        "direction_explanation": assessment.travel.explanation,
        "rule": str(assessment.rules.rule),
        "thresholds": _thresholds(result, settings),
    }


def _assess_published(
    pairs: dict[Period, set[int]], settings: RatingSettings
) -> list[IndicatorAssessment]:
    council = settings.council_rules()
    results = []
    for period, indicator_ids in sorted(pairs.items()):
        indicators = Indicator.objects.filter(pk__in=indicator_ids)
        results += [
            r
            for r in period_assessments(
                indicators, period, council=council, states=PUBLISHED, use_records=False
            )
            if r.actual is not None
        ]
    return results


@dataclass(frozen=True)
class RecordCounts:
    created: int
    updated: int
    changed_status: int


def statuses_record_published(
    *, acting_user: Any, indicators: QuerySet[Indicator] | None = None
) -> RecordCounts:
    """Store a status for every published figure that has none, or whose figure has changed
    since its status was stored. Existing statuses of unchanged figures are left as they are,
    whatever the current thresholds: that is what keeps history from being recoloured."""
    stale = StatusRecord.objects.filter(
        indicator=OuterRef("indicator"), period=OuterRef("period"), actual=OuterRef("value")
    )
    actuals = Actual.objects.published().filter(~Exists(stale))
    if indicators is not None:
        actuals = actuals.filter(indicator__in=indicators)
    pairs: dict[Period, set[int]] = defaultdict(set)
    for indicator_id, period in actuals.values_list("indicator_id", "period"):
        pairs[period].add(indicator_id)
    if not pairs:
        return RecordCounts(0, 0, 0)
    settings = RatingSettings.current()
    return _store(
        _assess_published(pairs, settings),
        settings,
        acting_user,
        action="statuses_record",
        why="published figures rated",
    )


def statuses_recalculate(*, acting_user: Any, period: Period | None = None) -> RecordCounts:
    """Re-rate stored statuses with the current settings, on purpose, and record that."""
    records = StatusRecord.objects.all()
    if period is not None:
        records = records.filter(period=period)
    pairs: dict[Period, set[int]] = defaultdict(set)
    for indicator_id, record_period in records.values_list("indicator_id", "period"):
        pairs[record_period].add(indicator_id)
    settings = RatingSettings.current()
    scope = f"for {period}" if period else "for every published period"
    return _store(
        _assess_published(pairs, settings),
        settings,
        acting_user,
        action="statuses_recalculate",
        why=f"statuses recalculated {scope} with the current rating settings",
    )


def _store(
    results: list[IndicatorAssessment],
    settings: RatingSettings,
    acting_user: Any,
    *,
    action: str,
    why: str,
) -> RecordCounts:
    now = timezone.now()
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    with transaction.atomic():
        existing = {
            (r.indicator_id, r.period): r
            for r in StatusRecord.objects.filter(
                indicator__in={r.indicator.pk for r in results},
                period__in={r.period for r in results},
            )
        }
        to_create, to_update, changes = [], [], []
        for result in results:
            fields = _record_fields(result, settings)
            record = existing.get((result.indicator.pk, result.period))
            if record is None:
                to_create.append(
                    StatusRecord(
                        indicator=result.indicator,
                        period=result.period,
                        recorded_at=now,
                        recorded_by=user,
                        **fields,
                    )
                )
                continue
            if record.status != fields["status"]:
                changes.append(
                    f"{result.indicator.code} {result.period}: {record.status} → {fields['status']}"
                )
            for name, value in fields.items():
                setattr(record, name, value)
            record.recorded_at, record.recorded_by = now, user
            to_update.append(record)
        StatusRecord.objects.bulk_create(to_create, batch_size=500)
        StatusRecord.objects.bulk_update(to_update, RECORD_FIELDS, batch_size=500)
        audit_record(
            acting_user=acting_user,
            action=action,
            summary=f"{why}: {len(to_create)} stored, {len(to_update)} re-rated, "
            f"{len(changes)} changed status",
            data={"changed": changes[:500], "settings": str(settings)},
        )
    return RecordCounts(len(to_create), len(to_update), len(changes))


SETTINGS_FIELDS = (
    "rule",
    "tolerance",
    "tolerance_kind",
    "exception_threshold",
    "no_change_band",
    "spc_enabled",
    "spc_shift_length",
    "spc_trend_length",
    "spc_minimum_points",
)


def rating_settings_update(*, acting_user: Any, **values: Any) -> RatingSettings:
    """Save the council's rating settings. Published statuses keep their colours until a
    performance officer recalculates."""
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"not rating settings: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        settings = RatingSettings.objects.select_for_update().first() or RatingSettings()
        before = {name: str(getattr(settings, name)) for name in SETTINGS_FIELDS}
        for name, value in values.items():
            setattr(settings, name, Decimal(str(value)) if isinstance(value, float) else value)
        settings.updated_by = (
            acting_user if getattr(acting_user, "is_authenticated", False) else None
        )
        settings.full_clean()
        settings.save()
        after = {name: str(getattr(settings, name)) for name in SETTINGS_FIELDS}
        changed = {k: [before[k], after[k]] for k in SETTINGS_FIELDS if before[k] != after[k]}
        audit_record(
            acting_user=acting_user,
            action="rating_settings_update",
            target=settings,
            summary="rating settings changed: " + (", ".join(changed) or "nothing"),
            data={"changed": changed},
        )
    return settings
