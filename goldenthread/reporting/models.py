"""Saved reports, and the balanced scorecard's perspectives."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Board, User
from goldenthread.reporting.choices import ReportKind

DEFAULT_PERSPECTIVES = [
    ("Community outcomes", "What the borough's people experience: the priorities' outcomes."),
    ("Customers and service quality", "How well services meet the needs of those who use them."),
    ("Resources and value for money", "Money, assets and efficiency."),
    ("Internal processes", "How well the council runs its own business."),
    ("People and learning", "The workforce: skills, health and development."),
]


class PerspectiveQuerySet(models.QuerySet["Perspective"]):
    def or_defaults(self) -> PerspectiveQuerySet:
        """The council's perspectives; the five defaults first, when it has none (a new
        database has them from its migrations, but a flushed one has not)."""
        if not self.exists():
            for position, (name, description) in enumerate(DEFAULT_PERSPECTIVES):
                Perspective.objects.get_or_create(
                    name=name, defaults={"position": position, "description": description}
                )
        return self.all()


class Perspective(models.Model):
    """A perspective of the Executive Board's balanced scorecard, with its headline
    indicators. The council chooses them; five come with Golden Thread."""

    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(max_length=300, blank=True)
    headlines = models.ManyToManyField(
        Indicator, through="Headline", blank=True, related_name="perspectives"
    )

    objects = PerspectiveQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Headline(models.Model):
    """An indicator the scorecard shows under a perspective."""

    perspective = models.ForeignKey(Perspective, on_delete=models.CASCADE, related_name="lines")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["perspective", "position", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["perspective", "indicator"], name="headline_once")
        ]

    def __str__(self) -> str:
        return f"{self.perspective}: {self.indicator.code}"


class SavedReportQuerySet(models.QuerySet["SavedReport"]):
    def open_to(self, user: User) -> SavedReportQuerySet:
        """Reports this person saved, and those shared with a board they sit on."""
        boards = Board.objects.filter(roleassignment__user=user)
        return self.filter(Q(owner=user) | Q(shared_with__in=boards)).distinct()


class SavedReport(models.Model):
    """A report built in the builder, saved under a name to be opened again, and shared with
    boards whose members then see it in their list."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ReportKind.choices, default=ReportKind.BUILT)
    query = models.TextField(help_text="The report's choices, as its URL's query string")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_reports"
    )
    shared_with = models.ManyToManyField(Board, blank=True, related_name="saved_reports")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SavedReportQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_report_name_once")
        ]

    def __str__(self) -> str:
        return self.name
