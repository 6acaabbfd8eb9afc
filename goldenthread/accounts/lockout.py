"""django-axes' database handler (AXES_HANDLER) with a lockout of the whole account on top.

Axes locks one username at one address after GOLDENTHREAD_LOCKOUT_FAILURES wrong passwords, so a
stranger cannot lock a colleague out from elsewhere. Someone guessing from many addresses
(password spraying, credential stuffing: ASVS 2.2.1) is caught instead by a count per account
across addresses (services.sign_in_failure_count), which locks it from every address.

Only attempts whose password or code was actually checked are counted towards the account: an
attempt that a lockout refused unchecked tells nothing about the password, and counting it would
let one address lock the account everywhere by asking again and again.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from django.http import HttpRequest

from goldenthread.accounts import services
from goldenthread.accounts.addresses import client_address
from goldenthread.accounts.models import AccountLockout, SignInFailure


def account_lockout(username: str | None) -> AccountLockout | None:
    """The lockout of the whole account now in force for this username, if any."""
    if not username:
        return None
    return AccountLockout.objects.in_force().filter(username=username).first()


class LockoutHandler(AxesDatabaseHandler):
    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return account_lockout(get_client_username(request, credentials)) is not None

    def user_login_failed(
        self,
        sender: Any,
        credentials: dict[str, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        # Set before any password is checked when a lockout refuses the attempt (axes' backend
        # does so with AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off; so does the code step).
        refused = bool(getattr(request, "axes_locked_out", False))
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or refused or self.is_whitelisted(request, credentials):
            return
        username = get_client_username(request, credentials)
        if not username:
            return  # e.g. a refused single sign-on: no account was named
        address = client_address(request) or None
        if services.sign_in_failure_count(username=username, address=address) is not None:
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]

    def reset_attempts(
        self,
        *,
        ip_address: str | None = None,
        username: str | None = None,
        ip_or_username: bool = False,
    ) -> int:
        """`goldenthread axes_reset_username NAME` (and `axes_reset`, for everyone) also lifts the
        lockout of the whole account; resetting an address leaves it."""
        count = super().reset_attempts(
            ip_address=ip_address, username=username, ip_or_username=ip_or_username
        )
        if ip_address:
            return count
        which = {"username": username} if username else {}
        SignInFailure.objects.filter(**which).delete()
        removed, _ = AccountLockout.objects.filter(**which).delete()
        return count + removed
