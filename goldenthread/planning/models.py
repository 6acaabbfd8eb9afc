"""The golden thread: priorities, plans at every level, objectives, milestones and tasks."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from goldenthread.organisation.models import Board, Department, Organisation, Portfolio
from goldenthread.planning.fields import PeriodField
from goldenthread.planning.periods import plan_span_label
from goldenthread.workflow import WorkflowState


class Priority(models.Model):
    """A corporate and community priority (theme), e.g. "A Healthy Borough"."""

    number = models.PositiveSmallIntegerField(unique=True)
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60)
    ppb = models.ForeignKey(
        Board,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ppb_priorities",
        verbose_name="Policy and Performance Board",
    )
    ssp = models.ForeignKey(
        Board,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ssp_priorities",
        verbose_name="Specialist Strategic Partnership",
    )
    portfolio = models.ForeignKey(
        Portfolio, null=True, blank=True, on_delete=models.SET_NULL, related_name="priorities"
    )

    class Meta:
        ordering = ["number"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.name


class KeyObjective(models.Model):
    """A lettered objective under a priority (A, B, C …)."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="key_objectives")
    letter = models.CharField(max_length=2)
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["priority", "letter"]
        constraints = [
            models.UniqueConstraint(fields=["priority", "letter"], name="key_objective_letter")
        ]

    def __str__(self) -> str:
        return f"{self.letter}: {self.title}"


class AreaOfFocus(models.Model):
    """A numbered sub-area under a priority ("Area of focus 33"), numbered across the plan."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="areas_of_focus")
    key_objective = models.ForeignKey(
        KeyObjective,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="areas_of_focus",
    )
    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["number"]
        verbose_name_plural = "areas of focus"

    def __str__(self) -> str:
        return f"Area of focus {self.number}: {self.title}"


class PlanKind(models.TextChoices):
    COMMUNITY_STRATEGY = "community_strategy", "Community strategy"
    CORPORATE_PLAN = "corporate_plan", "Corporate plan"
    SERVICE_PLAN = "service_plan", "Service plan"
    DIVISIONAL_PLAN = "divisional_plan", "Divisional plan"
    TEAM_PLAN = "team_plan", "Team plan"
    PERSONAL_PLAN = "personal_plan", "Personal plan (EDR)"


# The level each kind of plan sits at; a plan's parent is one level up (team and divisional
# plans share a level).
PLAN_LEVEL = {
    PlanKind.COMMUNITY_STRATEGY: 0,
    PlanKind.CORPORATE_PLAN: 1,
    PlanKind.SERVICE_PLAN: 2,
    PlanKind.DIVISIONAL_PLAN: 3,
    PlanKind.TEAM_PLAN: 3,
    PlanKind.PERSONAL_PLAN: 4,
}
# The kinds of plan that hold tasks: the lower levels of the thread.
TASK_KINDS = frozenset({PlanKind.DIVISIONAL_PLAN, PlanKind.TEAM_PLAN, PlanKind.PERSONAL_PLAN})


class PlanState(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_QA = "in_qa", "In quality assurance"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


class PlanQuerySet(models.QuerySet["Plan"]):
    def service_plans(self) -> PlanQuerySet:
        return self.filter(kind=PlanKind.SERVICE_PLAN)

    def without_parent(self) -> PlanQuerySet:
        return self.filter(parent__isnull=True).exclude(kind=PlanKind.COMMUNITY_STRATEGY)


class Plan(models.Model):
    code = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=PlanKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_plans",
    )
    first_year = models.PositiveSmallIntegerField(help_text="2008 for a plan starting 2008/09")
    last_year = models.PositiveSmallIntegerField(help_text="2010 for a plan ending 2010/11")
    state = models.CharField(max_length=20, choices=PlanState.choices, default=PlanState.DRAFT)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title"]
        constraints = [
            models.CheckConstraint(
                name="plan_years_in_order", condition=Q(first_year__lte=models.F("last_year"))
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.span}"

    @property
    def span(self) -> str:
        return plan_span_label(self.first_year, self.last_year)

    @property
    def level(self) -> int:
        return PLAN_LEVEL[PlanKind(self.kind)]


class ObjectiveQuerySet(models.QuerySet["Objective"]):
    def unlinked(self) -> ObjectiveQuerySet:
        return self.filter(links__isnull=True)

    def multi_linked(self) -> ObjectiveQuerySet:
        return self.annotate(priority_count=models.Count("links__priority", distinct=True)).filter(
            priority_count__gt=1
        )


class Objective(models.Model):
    """A service objective in a plan, linked up the thread to priorities and areas of focus."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=400)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_objectives",
    )

    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ObjectiveLink(models.Model):
    """One link up the thread from an objective: to a priority, optionally to one of its
    areas of focus. Exactly one of an objective's links is primary."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="links")
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="objective_links")
    area_of_focus = models.ForeignKey(
        AreaOfFocus,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objective_links",
    )
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_primary", "priority__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective"],
                condition=Q(is_primary=True),
                name="one_primary_link_per_objective",
            ),
            # Two constraints, not one with nulls_distinct, which SQLite does not support.
            models.UniqueConstraint(
                fields=["objective", "priority"],
                condition=Q(area_of_focus__isnull=True),
                name="objective_priority_link_once",
            ),
            models.UniqueConstraint(
                fields=["objective", "area_of_focus"],
                condition=Q(area_of_focus__isnull=False),
                name="objective_area_link_once",
            ),
        ]

    def __str__(self) -> str:
        target = self.area_of_focus or self.priority
        return f"{self.objective.code} → {target}{' (primary)' if self.is_primary else ''}"


class Milestone(models.Model):
    """A dated deliverable under an objective, reported each quarter."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="milestones")
    code = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=400)
    due = PeriodField(help_text="The quarter it is due, e.g. 2008/09 Q3")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_milestones",
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class MilestoneProgress(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    WILL_MISS = "will_miss", "Will miss"
    MISSED = "missed", "Missed"
    COMPLETE = "complete", "Complete"


class MilestoneUpdate(models.Model):
    """A manager's quarterly report of a milestone's progress."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="updates")
    period = PeriodField()
    progress = models.CharField(max_length=20, choices=MilestoneProgress.choices)
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

    class Meta:
        ordering = ["milestone", "period"]
        constraints = [
            models.UniqueConstraint(fields=["milestone", "period"], name="milestone_update_once")
        ]

    def __str__(self) -> str:
        return f"{self.milestone.code} {self.period}: {self.get_progress_display()}"


def new_task_code() -> str:
    """A code for a task written without one (``T-3F9A0C21D4``), so that every task can be
    exported and imported again as the same task."""
    return f"T-{uuid.uuid4().hex[:10].upper()}"


class Task(models.Model):
    """A task in a divisional, team or personal plan, linked up to the objective it serves."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    code = models.CharField(
        max_length=60,
        unique=True,
        default=new_task_code,
        help_text="Names the task in a plan file, so a re-import updates it (EDR-ERS-1.2)",
    )
    title = models.CharField(max_length=400)
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    due = PeriodField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.title
