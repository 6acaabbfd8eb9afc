"""The rating vocabulary as Django choices, for models and forms. Values match the pure enums
in goldenthread.performance.rating, which tests check."""

from django.db import models


class RatingRule(models.TextChoices):
    TOLERANCE_BAND = "tolerance_band", "Tolerance band (green on target, amber within tolerance)"
    FLOOR_STANDARD = "floor_standard", "Floor standard (amber between floor and target)"
    DIRECTION_AWARE = "direction_aware", "Direction-aware (amber when short but improving)"


class ToleranceKind(models.TextChoices):
    PERCENT = "percent", "Percentage of the target"
    ABSOLUTE = "absolute", "Amount in the indicator's unit"


class StatusChoice(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
    NO_TARGET = "no_target", "Data only"
    NOT_REPORTED = "not_reported", "Not reported"


class ExceptionChoice(models.TextChoices):
    OVER = "over", "Over-performing"
    UNDER = "under", "Under-performing"


class DirectionChoice(models.TextChoices):
    IMPROVING = "improving", "Improving"
    NO_CHANGE = "no_change", "No change"
    WORSENING = "worsening", "Worsening"
