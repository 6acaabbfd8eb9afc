"""Data sharing protocols: what the council has agreed to share with which partners, and why.

A partner officer sees only the published figures a protocol in force grants their
organisation (goldenthread.access applies it to every partner read). A protocol names its
parties, the indicators or whole datasets it covers, its purpose and the dates it is valid.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Organisation


class Dataset(models.TextChoices):
    """A whole dataset a protocol may cover, rather than naming its indicators one by one."""

    NI = "NI", "National Indicators"
    BVPI = "BVPI", "Best Value Performance Indicators"
    LOCAL = "local", "Local indicators"
    PARTNER = "partner", "Partner indicators"
    LAA = "LAA", "Local Area Agreement indicators"


class ProtocolQuerySet(models.QuerySet["DataSharingProtocol"]):
    def in_force(self, on: datetime.date | None = None) -> ProtocolQuerySet:
        """The protocols valid on ``on`` (today by default): started, not yet ended."""
        day = on or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class DataSharingProtocol(models.Model):
    reference = models.CharField(max_length=40, unique=True, help_text="e.g. DSP-2008-03")
    title = models.CharField(max_length=200)
    purpose = models.TextField(help_text="Why the data is shared and what it may be used for")
    parties = models.ManyToManyField(
        Organisation,
        related_name="data_sharing_protocols",
        help_text="The partner organisations whose officers may see the data",
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="data_sharing_protocols"
    )
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True, help_text="Blank: until withdrawn")
    approved_by = models.CharField(
        max_length=200, blank=True, help_text="The gatekeeper who approved the sharing"
    )

    objects = ProtocolQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        verbose_name = "data sharing protocol"
        constraints = [
            models.CheckConstraint(
                name="protocol_ends_after_it_starts",
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class ProtocolDataset(models.Model):
    """A whole dataset a protocol covers: every indicator in it, now and later."""

    protocol = models.ForeignKey(
        DataSharingProtocol, on_delete=models.CASCADE, related_name="datasets"
    )
    dataset = models.CharField(max_length=10, choices=Dataset.choices)

    class Meta:
        ordering = ["protocol", "dataset"]
        constraints = [
            models.UniqueConstraint(fields=["protocol", "dataset"], name="dataset_once_a_protocol")
        ]

    def __str__(self) -> str:
        return self.get_dataset_display()


def dataset_q(dataset: str, prefix: str = "") -> Q:
    """The indicators in a dataset, as a filter on Indicator (or through ``prefix``)."""
    if dataset == Dataset.LAA:
        return Q(**{f"{prefix}laa_membership__isnull": False})
    return Q(**{f"{prefix}indicator_set": dataset})
