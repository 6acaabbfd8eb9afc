"""Collection rounds, departments' narratives, corrections of published figures, and the
history of every change to a reported item."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from goldenthread.indicators.models import VALUE_DIGITS, Actual, Indicator
from goldenthread.organisation.models import Department
from goldenthread.planning.fields import PeriodField
from goldenthread.planning.models import Milestone
from goldenthread.workflow import WorkflowState


class CollectionRound(models.Model):
    """One quarter's collection: opened by the performance team, with a deadline for returns."""

    quarter = PeriodField(unique=True, help_text="The quarter being reported, e.g. 2009/10 Q2")
    deadline = models.DateField(help_text="The last day for departments to submit")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-quarter"]

    def __str__(self) -> str:
        return f"{self.quarter} collection (deadline {self.deadline:%d %B %Y})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class DepartmentNarrative(models.Model):
    """A department's words for the quarter: key developments and emerging issues."""

    round = models.ForeignKey(CollectionRound, on_delete=models.CASCADE, related_name="narratives")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    key_developments = models.TextField(blank=True)
    emerging_issues = models.TextField(blank=True)
    state = models.CharField(
        max_length=20, choices=WorkflowState.choices, default=WorkflowState.DRAFT
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["round", "department"]
        constraints = [
            models.UniqueConstraint(fields=["round", "department"], name="narrative_once")
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.round.quarter} narrative ({self.state})"


class ItemType(models.TextChoices):
    ACTUAL = "actual", "Actual"
    TARGET = "target", "Target"
    MILESTONE_UPDATE = "milestone_update", "Milestone progress"
    NARRATIVE = "narrative", "Department narrative"


class ChangeHow(models.TextChoices):
    FORM = "form", "Form"
    UPLOAD = "upload", "Upload"
    COMMAND_LINE = "command_line", "Command line"
    API = "api", "API"
    IMPORT = "import", "Import"


def history_text(value: object) -> str:
    """How a value is written in an ItemChange: empty for none, decimals without trailing
    zeros (78.500000 from the database and 78.5 typed are the same figure)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


class ItemChangeQuerySet(models.QuerySet["ItemChange"]):
    def of_item(self, item_type: str, item_id: int) -> ItemChangeQuerySet:
        return self.filter(item_type=item_type, item_id=item_id).order_by("at", "id")

    def of_actual(self, actual: Actual) -> ItemChangeQuerySet:
        return self.of_item(ItemType.ACTUAL, actual.pk)

    def state_changes(self) -> ItemChangeQuerySet:
        return self.filter(field="state")


class ItemChange(models.Model):
    """One field of one reported item changed: who, when, from what, to what, and how.

    A new item is recorded as changes from an empty old value. ``indicator``, ``milestone``
    and ``department`` are there to query by; the item itself is ``item_type`` and
    ``item_id``, so history outlives a deleted item.
    """

    item_type = models.CharField(max_length=20, choices=ItemType.choices)
    item_id = models.PositiveBigIntegerField()
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    period = PeriodField()
    field = models.CharField(max_length=40)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    how = models.CharField(max_length=20, choices=ChangeHow.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    note = models.TextField(
        blank=True, help_text="A return note, a warning's explanation, or a correction's reason"
    )

    objects = ItemChangeQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["item_type", "item_id"], name="item_change_item"),
            models.Index(fields=["period", "field"], name="item_change_period_field"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.item_type} {self.item_id} {self.field}: {self.old_value!r} → {self.new_value!r}"
        )


class ActualRevision(models.Model):
    """A correction of a published figure: the figure before and after, and why."""

    actual = models.ForeignKey(Actual, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField()
    previous_value = models.DecimalField(**VALUE_DIGITS)
    value = models.DecimalField(**VALUE_DIGITS)
    numerator = models.DecimalField(null=True, blank=True, **VALUE_DIGITS)
    denominator = models.DecimalField(null=True, blank=True, **VALUE_DIGITS)
    reason = models.TextField()
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["actual", "number"]
        constraints = [
            models.UniqueConstraint(fields=["actual", "number"], name="actual_revision_once")
        ]

    def __str__(self) -> str:
        return f"{self.actual} revision {self.number}: {self.previous_value} → {self.value}"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    ESCALATION = "escalation", "Escalation"


class ReminderSent(models.Model):
    """A reminder e-mailed to one person about one round, of one kind, on one day.

    The unique constraint is what makes `goldenthread send-reminders` safe to run twice a day
    or from two machines at once: the row is written in the same transaction as the e-mail is
    sent, and a second run's insert fails instead of sending again."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    round = models.ForeignKey(CollectionRound, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    date = models.DateField(help_text="The day the reminder is for, in the council's time zone")
    items = models.JSONField(default=list, blank=True, help_text="The items it listed")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "round", "kind", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "round", "kind", "date"], name="reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder to {self.person} on {self.date}"


class ReturnSignOff(models.Model):
    """The operational director's word that their department's return for a round is complete.

    One a department and round. Returning any item of the return to the department makes the
    sign-off lapse (``lapsed_at`` and why): the director signs again, and the same row then
    holds the new sign-off. Every sign-off and lapse is in the audit trail as well."""

    round = models.ForeignKey(CollectionRound, on_delete=models.CASCADE, related_name="sign_offs")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    lapsed_at = models.DateTimeField(null=True, blank=True)
    lapsed_because = models.TextField(
        blank=True, help_text="What the performance team returned, and its note"
    )

    class Meta:
        ordering = ["round", "department"]
        constraints = [
            models.UniqueConstraint(fields=["round", "department"], name="return_sign_off_once")
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.round.quarter} return sign-off"

    @property
    def in_force(self) -> bool:
        return self.lapsed_at is None
