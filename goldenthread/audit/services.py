from typing import Any

from django.db import models

from goldenthread.audit.models import AuditEntry


def audit_record(
    *,
    acting_user: Any,
    action: str,
    summary: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry. Call it inside the transaction of the change it records."""
    actor = acting_user if getattr(acting_user, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        summary=summary[:500],
        data=data or {},
    )
