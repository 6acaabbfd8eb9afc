"""Fixed sets of values shared by more than one app."""

from django.db import models


class WorkflowState(models.TextChoices):
    """Where a reported figure is on its way from a manager's entry to publication."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    VALIDATED = "validated", "Validated"
    PUBLISHED = "published", "Published"
