"""Which edition of the public's view the database holds: read once per public request, changed
whenever what the public may see may have changed.

A change reaches the public pages through a few doors, each watched here rather than in every
service that writes, so a service written later cannot forget it:

- a service: every write that touches several rows (publishing, correcting a published
  figure, opening or closing a round, an import, new rating rules) writes an audit entry in its
  transaction (docs/contributing.md), so a new audit entry changes the edition, unless its
  action is one the public never sees (signing in, a draft saved, a report saved) or it moves
  an item along the workflow without publishing it or taking it out of published;
- the admin: a row of a model the public pages read saved there (or in a shell) changes the
  edition (a change form saves its object whatever its inline rows did), and so does deleting
  one of the models the admin edits, on its page or many at once with "delete selected";
- a whole database replaced (a restore, the demo loaded into a new one): its edition row comes
  with it or is made afresh with a new token.

Deletions are otherwise not watched: a receiver for them would make Django fetch and signal
every row of every bulk delete (an import's), and the services that delete are audited.

The edition changes inside the transaction of the change, so it is never seen without it.
Changing it too often costs a page rebuilt; too seldom would show the public a figure it may
no longer see, so when in doubt it changes.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from goldenthread.public.models import PublicEdition
from goldenthread.workflow import WorkflowState

EDITION = 1  # the one row's primary key
FIELDS = ["token", "changed_at"]

# The apps whose rows the public pages read: figures, targets and the indicator library,
# priorities and plans, rating rules, rounds, and the council's own names (and the planning
# timetable's stages, below).
PUBLIC_APPS = {"indicators", "planning", "performance", "monitoring", "organisation"}
# Rows in those apps no public page reads; the user is saved at every sign-in.
PRIVATE_MODELS = {"organisation.user", "organisation.roleassignment"}
# Rows of other apps that a public page reads: the planning timetable's stages.
PUBLIC_MODELS = {"assurance.timetablestage"}
# Rows that reach the public only once published: a new one in another state shows nothing yet.
WORKFLOW_MODELS = {
    "indicators.actual",
    "planning.milestoneupdate",
    "monitoring.departmentnarrative",
}

# Audited actions that never change what the public sees. Anything else does, so a new action
# is safe without being listed here: it only rebuilds the public pages once.
PRIVATE_ACTIONS = {
    "sign_in",
    "sign_in_code",
    "sign_in_failed",
    "sign_out",
    "two_factor_on",
    "two_factor_off",
    "role_assign",
    "role_change",
    "role_remove",
    "user_flags_change",
    "actual_save",  # drafts only: a saved figure that has left draft is refused
    "milestone_progress_save",
    "narrative_save",
    "return_sign_off",
    "return_sign_off_lapse",
    "saved_report_create",
    "saved_report_update",
    "saved_report_share",
    "saved_report_delete",
    "flag_raise",
    "flag_clear",
    "briefing_record",
    # Risk registers are the council's own: the public sees none of them (docs/risks.md).
    "risk_create",
    "risk_update",
    "risk_escalate",
    "risk_close",
    "risk_action_create",
    "risk_action_update",
    "risk_scale_save",
    "risks.import",
}


def current_edition() -> str:
    """The edition's token: one query. A database without one (new, flushed) gets a fresh one."""
    token = PublicEdition.objects.filter(pk=EDITION).values_list("token", flat=True).first()
    if token is None:
        _write(update=False)  # another process may have made it meanwhile: theirs stands
        token = PublicEdition.objects.values_list("token", flat=True).get(pk=EDITION)
    return token


def public_changed() -> None:
    """A new edition: call inside the transaction of the change. One query."""
    _write(update=True)


def _write(*, update: bool) -> None:
    # One INSERT … ON CONFLICT on SQLite and PostgreSQL alike, whether or not the row exists.
    fresh = PublicEdition(pk=EDITION, token=secrets.token_hex(16), changed_at=timezone.now())
    if update:
        PublicEdition.objects.bulk_create(
            [fresh], update_conflicts=True, unique_fields=["id"], update_fields=FIELDS
        )
    else:
        PublicEdition.objects.bulk_create([fresh], ignore_conflicts=True)


# -- the doors ---------------------------------------------------------------------------------


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _read_by_the_public(model: type[models.Model]) -> bool:
    if _label(model) in PUBLIC_MODELS:
        return True
    return model._meta.app_label in PUBLIC_APPS and _label(model) not in PRIVATE_MODELS


def _may_show(entry: Any) -> bool:
    """Whether an audited change may change what the public sees."""
    if entry.action in PRIVATE_ACTIONS:
        return False
    data = entry.data if isinstance(entry.data, dict) else {}
    if "from" in data and "to" in data:  # a move along the workflow (monitoring/services.py)
        return WorkflowState.PUBLISHED in (data["from"], data["to"])
    return True


def row_saved(
    sender: type[models.Model], instance: Any, created: bool = False, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return  # loading a fixture or a backup, edition row and all
    label = _label(sender)
    if label == "audit.auditentry":
        if created and _may_show(instance):
            public_changed()
    elif _read_by_the_public(sender):
        if created and label in WORKFLOW_MODELS and instance.state != WorkflowState.PUBLISHED:
            return
        public_changed()


def row_deleted(sender: type[models.Model], **kwargs: Any) -> None:
    public_changed()


def rows_linked(sender: type[models.Model], action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and _read_by_the_public(sender):
        public_changed()


def watch() -> None:
    """Connect the doors; the public app's ready() calls this once, after the admin's has
    registered every model."""
    post_save.connect(row_saved, dispatch_uid="goldenthread.public.edition.saved")
    m2m_changed.connect(rows_linked, dispatch_uid="goldenthread.public.edition.linked")
    for model in apps.get_models():
        if _read_by_the_public(model) and admin.site.is_registered(model):
            post_delete.connect(
                row_deleted, sender=model, dispatch_uid=f"goldenthread.public.{_label(model)}"
            )
