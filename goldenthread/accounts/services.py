"""Turning two-step verification on and off, the second step of signing in, and locking a whole
account after failed sign-ins from many addresses: each writes an audit entry in the same
transaction."""

from __future__ import annotations

import logging
import math
import smtplib
from typing import Any

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from goldenthread.accounts.audit import Action
from goldenthread.accounts.models import AccountLockout, SignInFailure
from goldenthread.audit.services import audit_record
from goldenthread.notifications import absolute_url, send_templated_mail
from goldenthread.organisation.models import User

logger = logging.getLogger(__name__)

WRONG_CODE = "wrong two-step code"


def two_factor_turn_on(*, acting_user: Any, device: TOTPDevice, code: str) -> bool:
    """Confirms the new secret with a code from the app; False if the code is wrong."""
    with transaction.atomic():
        if not _owner_gave_code(acting_user, device, code):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=acting_user.pk).exclude(pk=device.pk).delete()
        _two_factor_record(acting_user, Action.TWO_FACTOR_ON)
    return True


def two_factor_turn_off(*, acting_user: Any, device: TOTPDevice, code: str) -> bool:
    """Removes the secret, given a current code to prove it is its owner asking."""
    with transaction.atomic():
        if not _owner_gave_code(acting_user, device, code):
            return False
        TOTPDevice.objects.filter(user_id=acting_user.pk).delete()
        _two_factor_record(acting_user, Action.TWO_FACTOR_OFF)
    return True


def _owner_gave_code(user: Any, device: TOTPDevice, code: str) -> bool:
    return device.user_id == user.pk and device.verify_token(code)


def _two_factor_record(user: Any, action: Action) -> None:
    audit_record(acting_user=user, action=action, summary=f"{user}: {action.label}", target=user)


def sign_in_code_check(*, request: HttpRequest, device: TOTPDevice, code: str) -> bool:
    """The second step of signing in. A wrong code is a failed sign-in like a wrong password:
    audited, and counted towards the lockout (django-axes listens to the same signal)."""
    user: Any = request.user
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        # Locked since the password was given (from elsewhere, for a whole-account lockout):
        # refused unchecked like a password, so not even the right code signs in until it ends.
        request.axes_locked_out = True  # type: ignore[attr-defined]
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        return False
    if _owner_gave_code(user, device, code):
        with transaction.atomic():
            django_otp.login(request, device)
            audit_record(
                acting_user=user,
                action=Action.SIGN_IN_CODE,
                summary=f"{user} gave a correct two-step code",
                target=user,
            )
        return True
    request.sign_in_refusal = WRONG_CODE  # type: ignore[attr-defined]
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return False


# -- locking a whole account -------------------------------------------------------------------


def sign_in_failure_count(*, username: str, address: str | None) -> AccountLockout | None:
    """Counts a wrong password or code for the account, from whatever address. The failure that
    makes ACCOUNT_LOCKOUT_FAILURES within the lockout's time locks the account from everywhere
    for that time: audited, its holder e-mailed once, and the lockout returned.

    Unknown usernames are counted and locked alike, so the lockout says nothing about which
    accounts exist; only the e-mail needs a real account."""
    now = timezone.now()
    window = settings.AXES_COOLOFF_TIME
    username = username[:255]
    with transaction.atomic():
        SignInFailure.objects.filter(at__lte=now - window).delete()
        AccountLockout.objects.filter(until__lte=now).delete()
        SignInFailure.objects.create(username=username, address=address or None, at=now)
        failures = SignInFailure.objects.filter(username=username)
        count = failures.count()
        if count < settings.ACCOUNT_LOCKOUT_FAILURES:
            return None
        addresses = failures.values("address").distinct().count()
        lockout, created = AccountLockout.objects.get_or_create(
            username=username,
            defaults={
                "locked_at": now,
                "until": now + window,
                "failures": count,
                "addresses": addresses,
            },
        )
        if not created:
            return None  # another process locked it a moment ago, and told the holder
        failures.delete()  # counting starts again when the lockout ends
        holder = User.objects.filter(username=username, is_active=True).exclude(email="").first()
        audit_record(
            acting_user=None,
            action=Action.ACCOUNT_LOCK,
            summary=f"Signing in as {username!r} locked from every address until "
            f"{timezone.localtime(lockout.until):%H:%M} after {count} failed attempts from "
            f"{addresses} address{'es' if addresses != 1 else ''}",
            target=holder,
            data={
                "username": username,
                "failures": count,
                "addresses": addresses,
                "until": lockout.until.isoformat(),
                "emailed": holder.email if holder else "",
            },
        )
    if holder is not None:
        _account_lockout_tell(lockout, holder)
    return lockout


def _account_lockout_tell(lockout: AccountLockout, holder: User) -> None:
    """The e-mail to the account's holder. A mail server that is down must not turn the sign-in
    page into an error: the lockout stands, and the failure is logged."""
    minutes = math.ceil((lockout.until - lockout.locked_at).total_seconds() / 60)
    try:
        send_templated_mail(
            template="account_locked",
            to=[holder.email],
            context={
                "person": holder,
                "lockout": lockout,
                "minutes": minutes,
                "sign_in_url": absolute_url(reverse("login")),
            },
        )
    except (OSError, smtplib.SMTPException):
        logger.exception("Could not tell %s that their account is locked", holder.username)
