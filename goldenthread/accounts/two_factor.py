"""Two-step verification with a time-based code (TOTP, RFC 6238) from an authenticator app.

django-otp keeps the secrets (TOTPDevice) and checks the codes, refusing a code twice and
slowing down guesses; this module decides who owes a code and draws the QR code to scan.
"""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from goldenthread.access import OFFICER_ROLES
from goldenthread.organisation.models import RoleAssignment

# The backend that signs people in through the council's identity provider, which asks for its
# own second factor; we do not ask for ours on top.
SINGLE_SIGN_ON_BACKEND = "goldenthread.accounts.oidc.CouncilAccountBackend"


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()


def unconfirmed_device(user: Any) -> TOTPDevice:
    """The secret being set up: the same one until confirmed, so a reload shows the same QR code."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def is_officer(user: Any) -> bool:
    return RoleAssignment.objects.filter(user_id=user.pk, role__in=OFFICER_ROLES).exists()


def signed_in_by_single_sign_on(request: HttpRequest) -> bool:
    return request.session.get(BACKEND_SESSION_KEY) == SINGLE_SIGN_ON_BACKEND


def step_owed(request: HttpRequest) -> str | None:
    """The URL name of the step a signed-in person must take before anything else, if any."""
    user: Any = request.user
    # OTPMiddleware gives request.user is_verified(); a user signed in during this request has
    # not given a code yet.
    verified = user.is_verified() if hasattr(user, "is_verified") else False
    if signed_in_by_single_sign_on(request) or verified:
        return None
    if TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists():
        return "sign_in_code"
    if settings.REQUIRE_TWO_FACTOR and is_officer(user):
        return "two_factor_setup"
    return None


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret as an app asks for it when typed in: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The set-up address as a QR code, an SVG data URI for an <img> (no inline markup, so the
    Content Security Policy stays strict)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)
