"""The demo's sign-ins, one per audience, as `goldenthread demo --logins` prints them."""

from __future__ import annotations

from dataclasses import dataclass

from goldenthread.demo.content import LOGINS
from goldenthread.demo.world import DemoError
from goldenthread.organisation.models import Role, User


@dataclass(frozen=True)
class Login:
    role: str
    username: str
    name: str
    sees: str


def demo_logins() -> list[Login]:
    """The audience logins as they are in the database; DemoError if the demo is not loaded."""
    users = {
        user.username: user
        for user in User.objects.filter(username__in=[row.username for row in LOGINS])
    }
    missing = [row.username for row in LOGINS if row.username not in users]
    if missing:
        raise DemoError(
            "the demo is not loaded (no user "
            + ", ".join(missing[:3])
            + ("…" if len(missing) > 3 else "")
            + "); load it with `goldenthread demo`"
        )
    return [
        Login(Role(row.role).label, row.username, users[row.username].get_full_name(), row.sees)
        for row in LOGINS
    ]
