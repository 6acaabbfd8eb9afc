"""Turning two-step verification on and off, and the second step of signing in: each writes an
audit entry in the same transaction."""

from __future__ import annotations

from typing import Any

import django_otp
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from goldenthread.accounts.audit import Action
from goldenthread.audit.services import audit_record

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
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )
    return False
