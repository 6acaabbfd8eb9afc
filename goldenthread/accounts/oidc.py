"""Single sign-on with the council's own accounts over OpenID Connect (Microsoft Entra ID or
any other provider), through mozilla-django-oidc. Off unless GOLDENTHREAD_OIDC_CLIENT_ID is set
(docs/security.md).

People are matched to existing Golden Thread users by e-mail address, ignoring case. An address
that matches no one, or more than one person, is refused with a message saying so; new users
are created only when GOLDENTHREAD_OIDC_CREATE_USERS is on, and then they have no roles until
the performance team gives them some.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from goldenthread.organisation.models import User

CONTACT = "Contact your council's performance team."


@dataclass(frozen=True)
class Match:
    user: User | None
    refusal: str = ""  # why no one was signed in, in words for the person


def match_user(email: str, *, create: bool = False) -> Match:
    """The one active user with this e-mail address, or why there is none."""
    email = email.strip()
    if not email:
        return Match(None, f"Your council account did not give us an e-mail address. {CONTACT}")
    people = list(User.objects.filter(email__iexact=email)[:2])
    if len(people) > 1:
        return Match(
            None,
            f"More than one Golden Thread account has the e-mail address {email}, so we cannot "
            f"tell which is yours. {CONTACT}",
        )
    if people:
        if not people[0].is_active:
            return Match(None, f"Your Golden Thread account has been switched off. {CONTACT}")
        return Match(people[0])
    if create:
        return Match(User.objects.create_user(username=unused_username(email), email=email))
    return Match(None, f"There is no Golden Thread account for {email}. {CONTACT}")


def unused_username(email: str) -> str:
    base = email.lower()[:140]
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


class CouncilAccountBackend(OIDCAuthenticationBackend):
    def get_or_create_user(self, access_token: str, id_token: str, payload: dict) -> Any:
        claims = self.get_userinfo(access_token, id_token, payload)
        match = match_user(str(claims.get("email") or ""), create=settings.OIDC_CREATE_USER)
        if match.user is None:
            # Shown on the sign-in page and written to the audit log (audit.py).
            self.request.sign_in_refusal = match.refusal
            messages.error(self.request, match.refusal)
        return match.user
