"""What the pure rating logic needs stored: the council's chosen rules, and the status each
published period was given, with the rule and thresholds that gave it."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from goldenthread.indicators.models import VALUE_DIGITS, Indicator
from goldenthread.performance.assess import CouncilRules
from goldenthread.performance.choices import (
    DirectionChoice,
    ExceptionChoice,
    RatingRule,
    StatusChoice,
    ToleranceKind,
)
from goldenthread.performance.rating import RatingRules, Rule, Tolerance
from goldenthread.performance.rating import ToleranceKind as PureToleranceKind
from goldenthread.performance.spc import SpcSettings
from goldenthread.planning.fields import PeriodField


class RatingSettings(models.Model):
    """The council's default rating rules. There is one row; the performance team edits it."""

    rule = models.CharField(
        max_length=20, choices=RatingRule.choices, default=RatingRule.TOLERANCE_BAND
    )
    tolerance = models.DecimalField(
        max_digits=7, decimal_places=3, default=Decimal(5), help_text="The amber band"
    )
    tolerance_kind = models.CharField(
        max_length=10, choices=ToleranceKind.choices, default=ToleranceKind.PERCENT
    )
    exception_threshold = models.DecimalField(
        max_digits=7,
        decimal_places=3,
        default=Decimal(10),
        help_text="Beating the target by more than this percentage is an over-performance "
        "exception",
    )
    no_change_band = models.DecimalField(
        max_digits=7,
        decimal_places=3,
        default=Decimal(1),
        help_text="A change smaller than this percentage is shown as no change",
    )
    spc_enabled = models.BooleanField("statistical process control", default=False)
    spc_shift_length = models.PositiveSmallIntegerField(default=7)
    spc_trend_length = models.PositiveSmallIntegerField(default=7)
    spc_minimum_points = models.PositiveSmallIntegerField(default=12)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "rating settings"
        verbose_name_plural = "rating settings"

    def __str__(self) -> str:
        return f"{self.get_rule_display()}, tolerance {self.tolerance}"

    @classmethod
    def current(cls) -> RatingSettings:
        """The council's settings; the defaults until the performance team saves some."""
        return cls.objects.first() or cls()

    def council_rules(self) -> CouncilRules:
        return CouncilRules(
            rules=RatingRules(
                rule=Rule(self.rule),
                tolerance=Tolerance(self.tolerance, PureToleranceKind(self.tolerance_kind)),
                exception_threshold=self.exception_threshold,
            ),
            no_change_band=self.no_change_band,
        )

    def spc_settings(self) -> SpcSettings:
        return SpcSettings(
            shift_length=self.spc_shift_length,
            trend_length=self.spc_trend_length,
            minimum_points=self.spc_minimum_points,
        )


class StatusRecordQuerySet(models.QuerySet["StatusRecord"]):
    def for_period(self, period: object) -> StatusRecordQuerySet:
        return self.filter(period=period)


class StatusRecord(models.Model):
    """The rating a published figure was given. It stays as it was when thresholds change,
    until a performance officer recalculates on purpose (which the audit trail records)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="status_records"
    )
    period = PeriodField()
    actual = models.DecimalField(**VALUE_DIGITS)
    target = models.DecimalField(null=True, blank=True, **VALUE_DIGITS)
    status = models.CharField(max_length=20, choices=StatusChoice.choices)
    exception = models.CharField(max_length=10, choices=ExceptionChoice.choices, blank=True)
    direction = models.CharField(max_length=10, choices=DirectionChoice.choices, blank=True)
    explanation = models.TextField()
    direction_explanation = models.TextField(blank=True)
    rule = models.CharField(max_length=20, choices=RatingRule.choices)
    thresholds = models.JSONField(default=dict, help_text="The thresholds the rule used")
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = StatusRecordQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="status_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.status}"
