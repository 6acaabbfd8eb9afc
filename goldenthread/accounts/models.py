"""The lockout of a whole account, over and above django-axes' lockout of one username from one
address (docs/security.md). Both live in the database, so every server process sees them."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone


class AccountLockoutQuerySet(models.QuerySet["AccountLockout"]):
    def in_force(self, now: datetime.datetime | None = None) -> AccountLockoutQuerySet:
        return self.filter(until__gt=now or timezone.now())


class SignInFailure(models.Model):
    """A wrong password or two-step code given for a username, from any address: counted
    towards locking the whole account. Rows older than the counting window are deleted."""

    username = models.CharField(max_length=255)
    address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["username", "at"])]

    def __str__(self) -> str:
        return f"{self.username} from {self.address or 'unknown'} at {self.at:%H:%M:%S}"


class AccountLockout(models.Model):
    """A username that may not sign in from anywhere until ``until``, after ``failures`` wrong
    passwords or codes from ``addresses`` addresses. Deleting the row unlocks it."""

    username = models.CharField(max_length=255, unique=True)
    locked_at = models.DateTimeField()
    until = models.DateTimeField()
    failures = models.PositiveIntegerField()
    addresses = models.PositiveIntegerField()

    objects = AccountLockoutQuerySet.as_manager()

    class Meta:
        ordering = ["-locked_at"]

    def __str__(self) -> str:
        return f"{self.username}, locked until {self.until:%Y-%m-%d %H:%M}"
