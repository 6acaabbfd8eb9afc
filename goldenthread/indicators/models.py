"""The indicator library, targets, actuals and the Local Area Agreement."""

from __future__ import annotations

from typing import TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, OuterRef, Q, Subquery, When

from goldenthread.indicators.editorial import editorial_remarks
from goldenthread.organisation.models import Department, Organisation
from goldenthread.performance.choices import RatingRule, ToleranceKind
from goldenthread.planning.fields import PeriodField
from goldenthread.planning.models import Objective, Priority
from goldenthread.workflow import WorkflowState


class Digits(TypedDict):
    max_digits: int
    decimal_places: int


VALUE_DIGITS: Digits = {"max_digits": 20, "decimal_places": 6}


class IndicatorSet(models.TextChoices):
    NI = "NI", "National Indicator"
    BVPI = "BVPI", "Best Value Performance Indicator"
    LOCAL = "local", "Local indicator"
    PARTNER = "partner", "Partner indicator"


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    NONE = "none", "Not rated"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"
    BIENNIAL = "biennial", "Biennial"


class Aggregation(models.TextChoices):
    SNAPSHOT = "snapshot", "Snapshot (each period stands alone)"
    CUMULATIVE = "cumulative", "Cumulative (year to date)"


class LAADesignation(models.TextChoices):
    DESIGNATED = "designated", "Designated"
    STATUTORY = "statutory", "Statutory"


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def key(self) -> IndicatorQuerySet:
        return self.filter(is_key=True)

    def laa(self) -> IndicatorQuerySet:
        return self.filter(laa_membership__isnull=False)

    def of_set(self, indicator_set: str) -> IndicatorQuerySet:
        if indicator_set == "LAA":
            return self.laa()
        return self.filter(indicator_set=indicator_set)

    # The actuals the person asking may see (goldenthread.access.visible_indicators sets it),
    # so that "latest actual" never shows a draft to someone who may not see drafts.
    _actuals_seen: ActualQuerySet | None = None

    def _clone(self) -> IndicatorQuerySet:
        clone = super()._clone()  # type: ignore[misc]  # private, but how querysets copy state
        clone._actuals_seen = self._actuals_seen
        return clone  # type: ignore[no-any-return]

    def seen_through(self, actuals: ActualQuerySet) -> IndicatorQuerySet:
        """These indicators, whose actuals are read only from ``actuals``."""
        clone = self.all()
        clone._actuals_seen = actuals
        return clone

    def with_latest_actual(self, *, published_only: bool = False) -> IndicatorQuerySet:
        """Annotate each indicator with its latest actual (``latest_period``, ``latest_value``,
        ``latest_state``) and a target (``target_period``, ``target_value``): the target for the
        latest actual's period, or the earliest target while nothing is reported. One query
        whatever the number of indicators."""
        seen = self._actuals_seen if self._actuals_seen is not None else Actual.objects.all()
        actuals = seen.filter(indicator=OuterRef("pk"))
        if published_only:
            actuals = actuals.published()
        latest = actuals.order_by("-period")
        annotated = self.annotate(
            latest_period=Subquery(latest.values("period")[:1]),
            latest_value=Subquery(latest.values("value")[:1]),
            latest_state=Subquery(latest.values("state")[:1]),
        )
        targets = Target.objects.filter(indicator=OuterRef("pk"))
        matching = targets.filter(period=OuterRef("latest_period"))
        earliest = targets.order_by("period")
        return annotated.annotate(
            target_period=Case(
                When(latest_period__isnull=True, then=Subquery(earliest.values("period")[:1])),
                default=Subquery(matching.values("period")[:1]),
            ),
            target_value=Case(
                When(latest_period__isnull=True, then=Subquery(earliest.values("value")[:1])),
                default=Subquery(matching.values("value")[:1]),
            ),
        )


class Indicator(models.Model):
    code = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=400)
    indicator_set = models.CharField(
        "set", max_length=10, choices=IndicatorSet.choices, default=IndicatorSet.LOCAL
    )
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.HIGHER)
    unit = models.CharField(max_length=40, blank=True)
    decimals = models.PositiveSmallIntegerField(default=0)
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    aggregation = models.CharField(
        max_length=10, choices=Aggregation.choices, default=Aggregation.SNAPSHOT
    )
    tolerance = models.DecimalField(
        max_digits=7,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="Amber band (a percentage of the target unless tolerance_kind says "
        "otherwise); empty means the council default",
    )
    tolerance_kind = models.CharField(
        max_length=10, choices=ToleranceKind.choices, default=ToleranceKind.PERCENT
    )
    rating_rule = models.CharField(
        max_length=20,
        choices=RatingRule.choices,
        blank=True,
        help_text="Empty means the council's default rule",
    )
    profile = models.JSONField(
        null=True,
        blank=True,
        help_text="Cumulative indicators: the share of the annual target due in each quarter, "
        "e.g. [1, 1, 2, 4]; empty means an even profile",
    )
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="indicators"
    )
    priorities = models.ManyToManyField(
        Priority, through="IndicatorPriority", blank=True, related_name="indicators"
    )
    objectives = models.ManyToManyField(Objective, blank=True, related_name="indicators")
    is_key = models.BooleanField("key indicator", default=False)
    description = models.TextField(blank=True)
    note = models.TextField(
        blank=True,
        help_text="An editorial note about the indicator or its title, e.g. that the title is "
        "truncated in its source; shown as a note, never in the title",
    )
    data_source = models.CharField(max_length=300, blank=True)
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_for",
    )
    collator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="collates",
    )
    provenance = models.TextField(blank=True, help_text="Where the definition came from")
    spc_baseline_first = PeriodField(
        "SPC baseline from",
        null=True,
        blank=True,
        help_text="The first period whose figure sets the process limits; empty means from "
        "the first figure",
    )
    spc_baseline_last = PeriodField(
        "SPC baseline to",
        null=True,
        blank=True,
        help_text="The last period whose figure sets the process limits; empty means to the "
        "latest figure",
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(name="indicator_decimals_0_to_4", condition=Q(decimals__lte=4))
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        """A title says what is measured; a remark about it in square brackets goes in the
        note (the admin's form shows this message beside the title)."""
        super().clean()
        remarks = editorial_remarks(self.title)
        if remarks:
            raise ValidationError(
                {
                    "title": f"Take the editorial note '[{remarks[0]}]' out of the title and "
                    "put it in the note."
                }
            )


class IndicatorPriority(models.Model):
    """An indicator's link to a priority. The first listed (position 0) is its primary."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="priority_links"
    )
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="indicator_links")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["indicator", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "priority"], name="indicator_priority_once"
            ),
            models.UniqueConstraint(
                fields=["indicator", "position"], name="indicator_priority_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} → {self.priority} (#{self.position + 1})"


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = PeriodField()
    value = models.DecimalField(**VALUE_DIGITS)
    floor = models.DecimalField(
        null=True, blank=True, help_text="Below this is red whatever the tolerance", **VALUE_DIGITS
    )

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="target_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.value}"


class ActualQuerySet(models.QuerySet["Actual"]):
    def published(self) -> ActualQuerySet:
        return self.filter(state=WorkflowState.PUBLISHED)

    def validated_or_published(self) -> ActualQuerySet:
        return self.filter(state__in=[WorkflowState.VALIDATED, WorkflowState.PUBLISHED])


class Actual(models.Model):
    """The figure reported for an indicator in a period, on its way to publication."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="actuals")
    period = PeriodField()
    value = models.DecimalField(**VALUE_DIGITS)
    numerator = models.DecimalField(null=True, blank=True, **VALUE_DIGITS)
    denominator = models.DecimalField(null=True, blank=True, **VALUE_DIGITS)
    commentary = models.TextField(blank=True)
    state = models.CharField(
        max_length=20, choices=WorkflowState.choices, default=WorkflowState.DRAFT
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        help_text="Goes up by one with every change: what an editor saw, to refuse a "
        "save made over someone else's newer one",
    )
    revision = models.PositiveSmallIntegerField(
        default=0, help_text="How many times the figure has been corrected since publication"
    )

    objects = ActualQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="actual_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.value} ({self.state})"


class LocalAreaAgreement(models.Model):
    """A three-year agreement between government and the Local Strategic Partnership."""

    name = models.CharField(max_length=200)
    first_year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField()
    lead_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)

    class Meta:
        ordering = ["-first_year"]

    def __str__(self) -> str:
        return self.name


class LAAIndicator(models.Model):
    """An indicator in the LAA. Its targets for each year are annual Target rows."""

    agreement = models.ForeignKey(
        LocalAreaAgreement, on_delete=models.CASCADE, related_name="members"
    )
    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="laa_membership"
    )
    designation = models.CharField(max_length=20, choices=LAADesignation.choices)
    lead_partner = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="laa_leads",
    )

    class Meta:
        ordering = ["agreement", "indicator"]
        verbose_name = "LAA indicator"

    def __str__(self) -> str:
        return f"{self.indicator.code} ({self.get_designation_display()})"
