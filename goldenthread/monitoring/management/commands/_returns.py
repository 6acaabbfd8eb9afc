"""What export-return and import-return share: who is acting (`--as`)."""

from __future__ import annotations

from argparse import ArgumentParser

from django.core.management.base import CommandError

from goldenthread.organisation.models import User

FIND_USERNAMES = (
    "Usernames are listed on the admin site's Users page, or by: goldenthread shell -c "
    '"from goldenthread.organisation.models import User; '
    "print(*User.objects.filter(is_active=True).values_list('username', flat=True))\""
)


def add_acting_argument(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--as",
        dest="acting",
        metavar="USERNAME",
        help="the person acting: the return is read and saved with their rights and in their "
        "name (required)",
    )


def acting_user(username: str | None) -> User:
    if not username:
        raise CommandError(
            "Say who is acting with --as USERNAME: a return is entered by a person, with their "
            f"rights, and its history names them. {FIND_USERNAMES}"
        )
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active person has the username {username!r}. {FIND_USERNAMES}")
    return user
