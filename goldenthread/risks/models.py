"""Risk registers (review section 3.2d and recommendation 5.3): the council's scale, and for
each register (a department's, a directorate's, the corporate one) its risks, each linked to the
service objectives it threatens, scored before and after controls, with actions, the history of
its scores and of its escalation.

A risk escalated to a higher register stays on its own register as "escalated", pointing to the
risk it became there (a new risk with the higher register's code, e.g. ERS R1 → CORP R3): each
register keeps its own numbering and record, as councils' registers do.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from goldenthread.organisation.models import Department, Directorate
from goldenthread.planning.models import Objective
from goldenthread.risks import scoring
from goldenthread.risks.choices import ActionProgress, RiskBand, RiskLevel, RiskStatus

TEXT_MAX = 4000
CORPORATE_PREFIX = "CORP"


def _default_likelihood_words() -> list[str]:
    return list(scoring.DEFAULT_LIKELIHOOD_WORDS)


def _default_impact_words() -> list[str]:
    return list(scoring.DEFAULT_IMPACT_WORDS)


class RiskScale(models.Model):
    """The council's risk scale: its words for each level of likelihood and impact (level 1
    first; 5 × 5 by default) and where its score bands start. There is one row; the
    performance team edits it."""

    likelihood_words = models.JSONField(
        default=_default_likelihood_words,
        help_text="One word per level of likelihood, lowest first, e.g. Rare … Almost certain",
    )
    impact_words = models.JSONField(
        default=_default_impact_words,
        help_text="One word per level of impact, lowest first, e.g. Insignificant … Catastrophic",
    )
    medium_from = models.PositiveSmallIntegerField(
        default=scoring.DEFAULT_MEDIUM_FROM, help_text="The lowest score that is medium"
    )
    high_from = models.PositiveSmallIntegerField(
        default=scoring.DEFAULT_HIGH_FROM, help_text="The lowest score that is high"
    )
    very_high_from = models.PositiveSmallIntegerField(
        default=scoring.DEFAULT_VERY_HIGH_FROM, help_text="The lowest score that is very high"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "risk scale"
        constraints = [
            models.CheckConstraint(
                name="risk_bands_in_order",
                condition=Q(medium_from__gt=1)
                & Q(high_from__gt=F("medium_from"))
                & Q(very_high_from__gt=F("high_from")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.likelihood_levels} × {self.impact_levels} risk scale"

    @classmethod
    def current(cls) -> RiskScale:
        """The council's scale; the default 5 × 5 one until the performance team saves one."""
        return cls.objects.first() or cls()

    @property
    def likelihood_levels(self) -> int:
        return len(self.likelihood_words)

    @property
    def impact_levels(self) -> int:
        return len(self.impact_words)

    def scale(self) -> scoring.Scale:
        return scoring.Scale(
            likelihood_words=tuple(self.likelihood_words),
            impact_words=tuple(self.impact_words),
            medium_from=self.medium_from,
            high_from=self.high_from,
            very_high_from=self.very_high_from,
        )


def current_scale() -> scoring.Scale:
    """The council's scale as the pure scoring functions take it (one query)."""
    return RiskScale.current().scale()


@dataclass(frozen=True)
class Register:
    """One risk register: a department's, a directorate's or the council's corporate register."""

    level: RiskLevel
    department: Department | None = None
    directorate: Directorate | None = None

    @classmethod
    def of(cls, risk: Risk) -> Register:
        return cls(RiskLevel(risk.level), risk.department, risk.directorate)

    @classmethod
    def corporate(cls) -> Register:
        return cls(RiskLevel.CORPORATE)

    @property
    def owner_name(self) -> str:
        unit = self.department or self.directorate
        return str(unit) if unit is not None else "Corporate"

    @property
    def code_prefix(self) -> str:
        """What its risks' codes start with: the department's or directorate's code, or CORP."""
        unit = self.department or self.directorate
        return unit.code if unit is not None else CORPORATE_PREFIX

    def __str__(self) -> str:
        return f"{self.owner_name} risk register"

    def risks_q(self, prefix: str = "") -> Q:
        """Its risks, as a filter on Risk (or through ``prefix``, e.g. ``risk__``)."""
        return Q(
            **{
                f"{prefix}level": self.level,
                f"{prefix}department": self.department,
                f"{prefix}directorate": self.directorate,
            }
        )


class RiskQuerySet(models.QuerySet["Risk"]):
    def on_register(self, register: Register) -> RiskQuerySet:
        return self.filter(register.risks_q())

    def current(self) -> RiskQuerySet:
        """The risks managed on their register now: open ones (not escalated, not closed)."""
        return self.filter(status=RiskStatus.OPEN)

    def with_scores(self) -> RiskQuerySet:
        """Each risk's inherent and residual scores worked out in SQL."""
        return self.annotate(
            inherent_score=F("inherent_likelihood") * F("inherent_impact"),
            residual_score=F("residual_likelihood") * F("residual_impact"),
        )

    def residual_at_least(self, value: int) -> RiskQuerySet:
        """Risks whose residual score is ``value`` or more (e.g. the scale's ``high_from``)."""
        return self.alias(residual_product=F("residual_likelihood") * F("residual_impact")).filter(
            residual_product__gte=value
        )

    def threatening(self, objectives: models.QuerySet[Objective]) -> RiskQuerySet:
        """Risks linked to any of these objectives (each risk once)."""
        return self.filter(
            pk__in=RiskObjective.objects.filter(objective__in=objectives).values("risk_id")
        )

    def with_details(self) -> RiskQuerySet:
        return self.select_related(
            "owner", "department__directorate", "directorate", "escalated_to"
        ).prefetch_related("objectives")


class Risk(models.Model):
    """A risk on a register: what may happen (cause → effect) to the objectives it threatens,
    how likely and how bad before controls (inherent) and after them (residual)."""

    code = models.CharField(max_length=20, unique=True, help_text="e.g. ERS R1, CORP R3")
    title = models.CharField(max_length=300)
    level = models.CharField(max_length=20, choices=RiskLevel.choices)
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risks",
        help_text="The department whose register it is on (department risks only)",
    )
    directorate = models.ForeignKey(
        Directorate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risks",
        help_text="The directorate whose register it is on (directorate risks only)",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_risks"
    )
    cause = models.TextField(max_length=TEXT_MAX, blank=True)
    effect = models.TextField(max_length=TEXT_MAX, blank=True)
    objectives = models.ManyToManyField(
        Objective, through="RiskObjective", blank=True, related_name="risks"
    )
    inherent_likelihood = models.PositiveSmallIntegerField()
    inherent_impact = models.PositiveSmallIntegerField()
    residual_likelihood = models.PositiveSmallIntegerField()
    residual_impact = models.PositiveSmallIntegerField()
    controls = models.TextField(
        max_length=TEXT_MAX, blank=True, help_text="What is in place now to reduce the risk"
    )
    identified_on = models.DateField(default=timezone.localdate)
    review_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    escalated_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalated_from",
        help_text="The risk on the higher register this one became",
    )
    closed_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(
        default=1,
        help_text="Goes up by one with every change: what an editor saw, to refuse a save made "
        "over someone else's newer one",
    )

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="risk_on_one_register",
                condition=Q(
                    level=RiskLevel.DEPARTMENT,
                    department__isnull=False,
                    directorate__isnull=True,
                )
                | Q(
                    level=RiskLevel.DIRECTORATE,
                    department__isnull=True,
                    directorate__isnull=False,
                )
                | Q(level=RiskLevel.CORPORATE, department__isnull=True, directorate__isnull=True),
            ),
            models.CheckConstraint(
                name="risk_levels_from_one",
                condition=Q(inherent_likelihood__gte=1)
                & Q(inherent_impact__gte=1)
                & Q(residual_likelihood__gte=1)
                & Q(residual_impact__gte=1),
            ),
            models.CheckConstraint(
                name="risk_escalated_points_on",
                condition=Q(status=RiskStatus.ESCALATED, escalated_to__isnull=False)
                | (~Q(status=RiskStatus.ESCALATED) & Q(escalated_to__isnull=True)),
            ),
            models.CheckConstraint(
                name="risk_closed_on_a_date",
                condition=Q(status=RiskStatus.CLOSED, closed_on__isnull=False)
                | (~Q(status=RiskStatus.CLOSED) & Q(closed_on__isnull=True)),
            ),
        ]
        indexes = [models.Index(fields=["level", "status"], name="risk_register_status")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def register(self) -> Register:
        return Register.of(self)

    @property
    def scores(self) -> scoring.Scores:
        return scoring.Scores(
            self.inherent_likelihood,
            self.inherent_impact,
            self.residual_likelihood,
            self.residual_impact,
        )

    @property
    def inherent(self) -> int:
        return self.scores.inherent

    @property
    def residual(self) -> int:
        return self.scores.residual

    def residual_band(self, scale: scoring.Scale) -> RiskBand:
        return scoring.band(self.residual, scale)

    def inherent_band(self, scale: scoring.Scale) -> RiskBand:
        return scoring.band(self.inherent, scale)

    @property
    def is_open(self) -> bool:
        return self.status == RiskStatus.OPEN

    def review_overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.review_date is not None and self.review_date < today


class RiskObjective(models.Model):
    """A risk's link to an objective it threatens; when it was made shows whether the risk was
    assessed as the plan was written (recommendation 5.3)."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="objective_links")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="risk_links")
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["risk", "objective__code"]
        constraints = [
            models.UniqueConstraint(fields=["risk", "objective"], name="risk_objective_once")
        ]

    def __str__(self) -> str:
        return f"{self.risk.code} threatens {self.objective.code}"


class RiskScoreChangeQuerySet(models.QuerySet["RiskScoreChange"]):
    def of(self, risk: Risk) -> RiskScoreChangeQuerySet:
        return self.filter(risk=risk).order_by("changed_at", "pk")


class RiskScoreChange(models.Model):
    """One assessment of a risk's scores: who changed them, when, from what to what and why.
    The first row of a risk is its first assessment (nothing before)."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="score_changes")
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    inherent_likelihood_before = models.PositiveSmallIntegerField(null=True, blank=True)
    inherent_impact_before = models.PositiveSmallIntegerField(null=True, blank=True)
    residual_likelihood_before = models.PositiveSmallIntegerField(null=True, blank=True)
    residual_impact_before = models.PositiveSmallIntegerField(null=True, blank=True)
    inherent_likelihood = models.PositiveSmallIntegerField()
    inherent_impact = models.PositiveSmallIntegerField()
    residual_likelihood = models.PositiveSmallIntegerField()
    residual_impact = models.PositiveSmallIntegerField()
    reason = models.TextField(max_length=TEXT_MAX, blank=True)

    objects = RiskScoreChangeQuerySet.as_manager()

    class Meta:
        ordering = ["risk", "changed_at", "pk"]
        indexes = [models.Index(fields=["risk", "changed_at"], name="risk_score_history")]

    def __str__(self) -> str:
        return f"{self.risk.code} scored {self.residual} on {self.changed_at:%d/%m/%Y}"

    @property
    def residual(self) -> int:
        return scoring.score(self.residual_likelihood, self.residual_impact)

    @property
    def residual_before(self) -> int | None:
        if self.residual_likelihood_before is None or self.residual_impact_before is None:
            return None
        return scoring.score(self.residual_likelihood_before, self.residual_impact_before)

    @property
    def inherent(self) -> int:
        return scoring.score(self.inherent_likelihood, self.inherent_impact)


class RiskEscalation(models.Model):
    """A risk escalated from its register to a higher one: the risk it became there, who
    escalated it, when and why."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="escalations")
    new_risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="escalated_into")
    from_level = models.CharField(max_length=20, choices=RiskLevel.choices)
    to_level = models.CharField(max_length=20, choices=RiskLevel.choices)
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(max_length=TEXT_MAX)

    class Meta:
        ordering = ["escalated_at", "pk"]

    def __str__(self) -> str:
        return f"{self.risk.code} escalated to {self.new_risk.code}"


class RiskActionQuerySet(models.QuerySet["RiskAction"]):
    def overdue(self, today: datetime.date) -> RiskActionQuerySet:
        """Actions not done whose due date has passed (worked out as read, never stored)."""
        return self.exclude(progress=ActionProgress.DONE).filter(due__lt=today)


class RiskAction(models.Model):
    """Something to be done to reduce a risk: who does it, by when, and how far it has got."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="risk_actions"
    )
    due = models.DateField()
    progress = models.CharField(
        max_length=20, choices=ActionProgress.choices, default=ActionProgress.NOT_STARTED
    )
    percent_done = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(max_length=TEXT_MAX, blank=True)
    done_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = RiskActionQuerySet.as_manager()

    class Meta:
        ordering = ["risk", "due", "pk"]
        constraints = [
            models.CheckConstraint(name="risk_action_percent", condition=Q(percent_done__lte=100)),
            models.CheckConstraint(
                name="risk_action_done_on_a_date",
                condition=Q(progress=ActionProgress.DONE, done_on__isnull=False)
                | (~Q(progress=ActionProgress.DONE) & Q(done_on__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.risk.code}: {self.title}"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.progress != ActionProgress.DONE and self.due < today
