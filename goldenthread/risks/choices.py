"""The fixed sets of values of risk management, in the words registers use."""

from __future__ import annotations

from django.db import models


class RiskLevel(models.TextChoices):
    """Which register a risk is on, lowest first: a risk is escalated up this order."""

    DEPARTMENT = "department", "Department"
    DIRECTORATE = "directorate", "Directorate"
    CORPORATE = "corporate", "Corporate"


# The order a risk is escalated in: each level's rank.
LEVEL_RANK = {RiskLevel.DEPARTMENT: 1, RiskLevel.DIRECTORATE: 2, RiskLevel.CORPORATE: 3}


class RiskStatus(models.TextChoices):
    """Open risks are managed on their register; an escalated one is managed on the higher
    register it was escalated to; a closed one is kept for the record."""

    OPEN = "open", "Open"
    ESCALATED = "escalated", "Escalated"
    CLOSED = "closed", "Closed"


class RiskBand(models.TextChoices):
    """How serious a score is, by the council's score bands (lowest first)."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


class Assessment(models.TextChoices):
    """Which of a risk's two scores: before controls (inherent) or after them (residual)."""

    INHERENT = "inherent", "Inherent (before controls)"
    RESIDUAL = "residual", "Residual (after controls)"


class Trend(models.TextChoices):
    """How a risk's score moved between two assessments."""

    RISING = "rising", "Rising"
    STEADY = "steady", "No change"
    FALLING = "falling", "Falling"


class ActionProgress(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
