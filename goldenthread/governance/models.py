"""Governance records the review asks for: items a Policy and Performance Board member flags
for discussion at the board's next meeting, and a strategic director's record of briefing a
portfolio holder."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Board, Portfolio
from goldenthread.planning.fields import PeriodField
from goldenthread.planning.models import Milestone

REASON_MAX = 500
OUTCOME_MAX = 1000


class FlagStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLEARED = "cleared", "Cleared"


class ItemKind(models.TextChoices):
    """What a flag is about; the value is what links and forms write."""

    INDICATOR = "indicator", "Indicator"
    MILESTONE = "milestone", "Milestone"


class FlagQuerySet(models.QuerySet["Flag"]):
    def open(self) -> FlagQuerySet:
        return self.filter(status=FlagStatus.OPEN)

    def cleared(self) -> FlagQuerySet:
        return self.filter(status=FlagStatus.CLEARED)

    def about(self, item: Indicator | Milestone) -> FlagQuerySet:
        if isinstance(item, Indicator):
            return self.filter(indicator=item)
        return self.filter(milestone=item)

    def with_people(self) -> FlagQuerySet:
        return self.select_related(
            "board", "indicator", "milestone__objective", "flagged_by", "cleared_by"
        )


class Flag(models.Model):
    """An indicator or milestone a PPB member wants the board to discuss: on the board's queue
    while open, until the chair clears it (usually once the board has discussed it)."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="flags")
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="flags"
    )
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.PROTECT, related_name="flags"
    )
    period = PeriodField(help_text="The period of the report it was flagged from")
    source_url = models.CharField(
        max_length=1000, blank=True, help_text="The page it was flagged from, path and query"
    )
    reason = models.TextField(max_length=REASON_MAX)
    status = models.CharField(max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="flags_raised"
    )
    flagged_at = models.DateTimeField(default=timezone.now)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="flags_cleared",
    )
    cleared_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(max_length=OUTCOME_MAX, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["flagged_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="flag_is_about_one_item",
                condition=Q(indicator__isnull=False, milestone__isnull=True)
                | Q(indicator__isnull=True, milestone__isnull=False),
            ),
            models.CheckConstraint(
                name="flag_cleared_with_who_and_when",
                condition=Q(status=FlagStatus.OPEN, cleared_at__isnull=True)
                | Q(status=FlagStatus.CLEARED, cleared_at__isnull=False, cleared_by__isnull=False),
            ),
            # An item is on a board's queue once per period while open.
            models.UniqueConstraint(
                fields=["board", "indicator", "period"],
                condition=Q(status=FlagStatus.OPEN, indicator__isnull=False),
                name="flag_open_once_per_indicator",
            ),
            models.UniqueConstraint(
                fields=["board", "milestone", "period"],
                condition=Q(status=FlagStatus.OPEN, milestone__isnull=False),
                name="flag_open_once_per_milestone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.board.code}: {self.item_code} {self.period} ({self.get_status_display()})"

    @property
    def item(self) -> Indicator | Milestone:
        item = self.indicator or self.milestone
        assert item is not None  # the check constraint says exactly one is set
        return item

    @property
    def item_kind(self) -> ItemKind:
        return ItemKind.INDICATOR if self.indicator_id else ItemKind.MILESTONE

    @property
    def item_code(self) -> str:
        return self.item.code

    @property
    def item_url(self) -> str:
        """The item's own page: an indicator's page, or a milestone's objective."""
        if self.indicator is not None:
            return reverse("indicator", args=[self.indicator.code])
        assert self.milestone is not None
        return reverse("objective", args=[self.milestone.objective.code])

    @property
    def is_open(self) -> bool:
        return self.status == FlagStatus.OPEN


class BriefingQuerySet(models.QuerySet["Briefing"]):
    def with_details(self) -> BriefingQuerySet:
        return self.select_related("portfolio", "holder", "recorded_by").prefetch_related(
            "indicators", "milestones", "actions"
        )


class Briefing(models.Model):
    """A record of a strategic director's briefing of a portfolio holder: when, what was
    covered, what came of it and who will do what by when."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.PROTECT, related_name="briefings")
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="briefings_received"
    )
    held_on = models.DateField()
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="briefings")
    milestones = models.ManyToManyField(Milestone, blank=True, related_name="briefings")
    other_items = models.TextField(blank=True)
    outcomes = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="briefings_recorded"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = BriefingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.portfolio} briefing, {self.held_on:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("briefing", args=[self.pk])


class BriefingAction(models.Model):
    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField()
    action = models.CharField(max_length=500)
    owner = models.CharField(max_length=200, help_text="Who will do it: a name or a post")
    due = models.DateField()

    class Meta:
        ordering = ["briefing", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["briefing", "position"], name="briefing_action_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} ({self.owner}, by {self.due:%d %B %Y})"
