"""Accounts locked from every address after failed sign-ins (accounts/lockout.py): the
performance team unlocks one sooner by deleting it here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from goldenthread.accounts.models import AccountLockout


@admin.register(AccountLockout)
class AccountLockoutAdmin(admin.ModelAdmin):
    list_display = ["username", "locked_at", "until", "failures", "addresses"]
    search_fields = ["username"]
    readonly_fields = ["username", "locked_at", "until", "failures", "addresses"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
