"""Plan quality assurance and the planning timetable (review sections 3.3b and 4.2,
recommendations 5.2 and 5.3).

- A service plan's QA review for a planning year: how well the plan answers each of the five
  basic questions, whether it has each of the four essential features, whether its risks were
  assessed as it was written, the findings, and its state (draft → in QA → agreed).
- The rolling programme of divisional (and team) plan reviews: which plans are due for review
  in a year, and for each, who reviewed it, when and with what result.
- The planning timetable: a year's dated stages, each due from an audience, done or not.

A planning year is the financial year the plans take effect: 2010 is 2010/11, whose timetable
runs through 2009/10.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from goldenthread.assurance.choices import (
    Answer,
    Audience,
    Feature,
    Presence,
    ProgrammeResult,
    Question,
    ReviewState,
    RiskAssessment,
    StageKind,
)
from goldenthread.planning.models import Plan
from goldenthread.planning.periods import Period

FINDINGS_MAX = 4000
COMMENT_MAX = 1000


def year_label(year: int) -> str:
    """2010 → "2010/11"."""
    return str(Period(year))


class PlanReviewQuerySet(models.QuerySet["PlanReview"]):
    def for_year(self, year: int) -> PlanReviewQuerySet:
        return self.filter(year=year)

    def with_details(self) -> PlanReviewQuerySet:
        return self.select_related(
            "plan__department__directorate", "reviewer", "agreed_by"
        ).prefetch_related("answers", "features")


class PlanReview(models.Model):
    """The performance team's quality assurance of one service plan for one planning year."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="qa_reviews")
    year = models.PositiveSmallIntegerField(help_text="2010 for the plans of 2010/11")
    state = models.CharField(max_length=10, choices=ReviewState.choices, default=ReviewState.DRAFT)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_reviews",
        help_text="The performance officer leading the review",
    )
    risk_assessment = models.CharField(max_length=20, choices=RiskAssessment.choices, blank=True)
    risk_comment = models.TextField(max_length=COMMENT_MAX, blank=True)
    findings = models.TextField(max_length=FINDINGS_MAX, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(default=timezone.now)
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_reviews_agreed",
    )
    version = models.PositiveIntegerField(
        default=1,
        help_text="Goes up by one with every change: what an editor saw, to refuse a save made "
        "over someone else's newer one",
    )

    objects = PlanReviewQuerySet.as_manager()

    class Meta:
        ordering = ["year", "plan__title"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="plan_review_once_a_year"),
            models.CheckConstraint(
                name="plan_review_agreed_with_who_and_when",
                condition=~Q(state=ReviewState.AGREED)
                | Q(agreed_at__isnull=False, agreed_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"QA of {self.plan.code} for {self.year_label}: {self.get_state_display()}"

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    def answer_map(self) -> dict[str, str]:
        """Question value → answer value, for the questions assessed (prefetched rows)."""
        return {row.question: row.answer for row in self.answers.all()}

    def feature_map(self) -> dict[str, str]:
        return {row.feature: row.presence for row in self.features.all()}


class QuestionAssessment(models.Model):
    """How well the plan answers one of the five questions, and why."""

    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=20, choices=Question.choices)
    answer = models.CharField(max_length=20, choices=Answer.choices)
    comment = models.TextField(max_length=COMMENT_MAX, blank=True)

    class Meta:
        ordering = ["review", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "question"], name="question_assessed_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_question_display()}: {self.get_answer_display()}"


class FeatureCheck(models.Model):
    """Whether the plan has one of the four essential features, and where or why not."""

    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="features")
    feature = models.CharField(max_length=30, choices=Feature.choices)
    presence = models.CharField(max_length=10, choices=Presence.choices)
    comment = models.TextField(max_length=COMMENT_MAX, blank=True)

    class Meta:
        ordering = ["review", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "feature"], name="feature_checked_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_feature_display()}: {self.get_presence_display()}"


# -- the rolling programme of divisional-plan reviews ------------------------------------------


class ProgrammeReviewQuerySet(models.QuerySet["ProgrammeReview"]):
    def for_year(self, year: int) -> ProgrammeReviewQuerySet:
        return self.filter(year=year)

    def reviewed(self) -> ProgrammeReviewQuerySet:
        return self.filter(reviewed_on__isnull=False)

    def not_reviewed(self) -> ProgrammeReviewQuerySet:
        return self.filter(reviewed_on__isnull=True)

    def counts(self) -> dict[str, int]:
        """How many are due, reviewed and not yet reviewed: one query."""
        found = self.aggregate(
            due=Count("id"),
            reviewed=Count("id", filter=Q(reviewed_on__isnull=False)),
        )
        return {
            "due": found["due"],
            "reviewed": found["reviewed"],
            "not_reviewed": found["due"] - found["reviewed"],
        }


class ProgrammeReview(models.Model):
    """A divisional or team plan due for review in a year of the rolling programme, and the
    review's result once done."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="programme_reviews")
    year = models.PositiveSmallIntegerField(help_text="2009 for the programme of 2009/10")
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scheduled_at = models.DateTimeField(default=timezone.now)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programme_reviews",
    )
    reviewed_on = models.DateField(null=True, blank=True)
    result = models.CharField(max_length=20, choices=ProgrammeResult.choices, blank=True)
    notes = models.TextField(max_length=COMMENT_MAX, blank=True)

    objects = ProgrammeReviewQuerySet.as_manager()

    class Meta:
        ordering = ["year", "plan__title"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="programme_review_once_a_year"),
            models.CheckConstraint(
                name="programme_review_result_with_who_and_when",
                condition=Q(reviewed_on__isnull=True, result="")
                | Q(reviewed_on__isnull=False, reviewer__isnull=False, result__gt=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.code} in the {year_label(self.year)} programme"

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_on is not None


# -- the planning timetable ----------------------------------------------------------------------


class TimetableStageQuerySet(models.QuerySet["TimetableStage"]):
    def for_year(self, year: int) -> TimetableStageQuerySet:
        return self.filter(year=year)

    def due_from(self, audiences: list[Audience]) -> TimetableStageQuerySet:
        return self.filter(audience__in=audiences)

    def not_done(self) -> TimetableStageQuerySet:
        return self.filter(done_on__isnull=True)


class TimetableStage(models.Model):
    """A dated stage of a planning year's timetable, due from one audience."""

    year = models.PositiveSmallIntegerField(help_text="2010 for the planning of 2010/11's plans")
    name = models.CharField(max_length=200)
    what_is_due = models.CharField(
        max_length=500, blank=True, help_text="What the audience must do or send by the date"
    )
    kind = models.CharField(max_length=20, choices=StageKind.choices, default=StageKind.OTHER)
    audience = models.CharField(max_length=30, choices=Audience.choices)
    due = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    objects = TimetableStageQuerySet.as_manager()

    class Meta:
        ordering = ["year", "due", "id"]
        indexes = [models.Index(fields=["audience", "done_on"], name="stage_audience_done")]

    def __str__(self) -> str:
        return f"{year_label(self.year)}: {self.name} (due {self.due:%d %b %Y})"

    @property
    def year_label(self) -> str:
        return year_label(self.year)
