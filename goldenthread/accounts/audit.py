"""Sign-ins, failed sign-ins and changes to what people may do, in the audit log.

These are signal receivers, unlike the rest of Golden Thread's audit entries (written by the
service that makes the change), because such a change has more than one door: the sign-in page,
the admin's own sign-in form and single sign-on all sign people in, and roles and the staff,
superuser and active flags are changed in the admin. A receiver catches every door.

They record what happens while the site answers a request (middleware.current_request), with
the person signed in as the actor. Changes made at the command line (loading the demo, the
shell) are the server operator's and are not recorded here.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from goldenthread.accounts.addresses import client_address
from goldenthread.accounts.middleware import current_request
from goldenthread.audit.services import audit_record
from goldenthread.organisation.models import RoleAssignment, User

# The flags that change what someone may do, audited when they change.
USER_FLAGS = ("is_active", "is_staff", "is_superuser")
ROLE_FIELDS = ("user_id", "role", "department_id", "directorate_id", "board_id", "portfolio_id",
               "organisation_id")  # fmt: skip


class Action(models.TextChoices):
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_CODE = "sign_in_code", "Gave a correct two-step code"
    SIGN_IN_FAILED = "sign_in_failed", "Failed to sign in"
    ACCOUNT_LOCK = "account_lock", "Account locked after failed sign-ins from several addresses"
    SIGN_OUT = "sign_out", "Signed out"
    TWO_FACTOR_ON = "two_factor_on", "Turned on two-step verification"
    TWO_FACTOR_OFF = "two_factor_off", "Turned off two-step verification"
    ROLE_ASSIGN = "role_assign", "Role given"
    ROLE_CHANGE = "role_change", "Role changed"
    ROLE_REMOVE = "role_remove", "Role taken away"
    USER_FLAGS_CHANGE = "user_flags_change", "Account flags changed"


def sign_in_method(request: HttpRequest) -> str:
    from goldenthread.accounts.two_factor import signed_in_by_single_sign_on

    if signed_in_by_single_sign_on(request):
        return "single sign-on"
    return "password"


def sign_in_failure_record(*, request: HttpRequest | None, username: str, reason: str) -> None:
    """One failed attempt: who was tried, from where, and why it failed; never the password."""
    address = client_address(request)
    audit_record(
        acting_user=None,
        action=Action.SIGN_IN_FAILED,
        summary=f"Failed sign-in as {username or 'no username'!r} from {address or 'unknown'}: "
        f"{reason}",
        data={"username": username, "ip": address, "reason": reason},
    )


@receiver(user_logged_in, dispatch_uid="goldenthread.accounts.audit.signed_in")
def signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is None or current_request.get() is None:
        return
    method = sign_in_method(request)
    audit_record(
        acting_user=user,
        action=Action.SIGN_IN,
        summary=f"{user} signed in ({method}) from {client_address(request) or 'unknown'}",
        target=user,
        data={"username": user.get_username(), "ip": client_address(request), "method": method},
    )


@receiver(user_logged_out, dispatch_uid="goldenthread.accounts.audit.signed_out")
def signed_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if request is None or user is None or current_request.get() is None:
        return
    audit_record(
        acting_user=user, action=Action.SIGN_OUT, summary=f"{user} signed out", target=user
    )


@receiver(user_login_failed, dispatch_uid="goldenthread.accounts.audit.sign_in_failed")
def sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if current_request.get() is None:
        return
    if getattr(request, "axes_locked_out", False):
        reason = "locked out after too many failed attempts"
    else:
        reason = getattr(request, "sign_in_refusal", "") or "wrong username or password"
    sign_in_failure_record(
        request=request, username=str(credentials.get("username") or ""), reason=reason
    )


# -- roles and account flags ---------------------------------------------------------------


def _actor() -> Any:
    request = current_request.get()
    return getattr(request, "user", None) if request is not None else None


def _snapshot(instance: models.Model, fields: tuple[str, ...]) -> dict[str, Any] | None:
    if instance.pk is None:
        return None
    before = type(instance)._default_manager.filter(pk=instance.pk).values(*fields).first()
    return dict(before) if before else None


@receiver(pre_save, sender=RoleAssignment, dispatch_uid="goldenthread.accounts.audit.role_pre")
@receiver(pre_save, sender=User, dispatch_uid="goldenthread.accounts.audit.user_pre")
def remember_before(sender: Any, instance: models.Model, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    fields = ROLE_FIELDS if sender is RoleAssignment else USER_FLAGS
    if current_request.get() is None or (
        update_fields is not None
        and not set(update_fields) & {f.removesuffix("_id") for f in fields}
    ):
        return  # e.g. the last-login time saved at each sign-in
    instance._audit_before = _snapshot(instance, fields)  # type: ignore[attr-defined]


@receiver(post_save, sender=RoleAssignment, dispatch_uid="goldenthread.accounts.audit.role_saved")
def role_saved(sender: Any, instance: RoleAssignment, created: bool, **kwargs: Any) -> None:
    if current_request.get() is None:
        return
    after = {field: getattr(instance, field) for field in ROLE_FIELDS}
    if created:
        action, summary = Action.ROLE_ASSIGN, f"Role given: {instance}"
    else:
        before = getattr(instance, "_audit_before", None)
        if before == after:
            return
        action, summary = Action.ROLE_CHANGE, f"Role changed: {instance}"
    _role_record(instance, action=action, summary=summary, before=None if created else before)


@receiver(
    post_delete, sender=RoleAssignment, dispatch_uid="goldenthread.accounts.audit.role_deleted"
)
def role_deleted(sender: Any, instance: RoleAssignment, **kwargs: Any) -> None:
    if current_request.get() is None:
        return
    _role_record(instance, action=Action.ROLE_REMOVE, summary=f"Role taken away: {instance}")


def _role_record(
    instance: RoleAssignment, *, action: str, summary: str, before: dict[str, Any] | None = None
) -> None:
    data: dict[str, Any] = {
        "user": instance.user.get_username(),
        "role": instance.role,
        "scope": str(instance.scope or "council-wide"),
    }
    if before is not None:
        data["before"] = before
    audit_record(acting_user=_actor(), action=action, summary=summary, target=instance, data=data)


@receiver(post_save, sender=User, dispatch_uid="goldenthread.accounts.audit.user_saved")
def user_flags_saved(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    if current_request.get() is None or not hasattr(instance, "_audit_before"):
        return
    before = instance._audit_before or dict.fromkeys(USER_FLAGS, False)
    changed = {
        flag: [before[flag], getattr(instance, flag)]
        for flag in USER_FLAGS
        if before[flag] != getattr(instance, flag) and not (created and flag == "is_active")
    }
    del instance._audit_before
    if not changed:
        return
    words = ", ".join(f"{flag} {'on' if new else 'off'}" for flag, (_, new) in changed.items())
    audit_record(
        acting_user=_actor(),
        action=Action.USER_FLAGS_CHANGE,
        summary=f"{instance.get_username()}: {words}",
        target=instance,
        data={"user": instance.get_username(), "changed": changed},
    )
