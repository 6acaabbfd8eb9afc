"""Risk register writes: a risk recorded, changed and rescored (each assessment kept with who,
when, before → after and why), escalated to a higher register, closed; its actions set and
updated; the council's scale changed. Each is one transaction with its audit entries inside it.

Scores are checked against the council's scale (RiskScale), and a save made over someone else's
newer one is refused: pass the ``version`` the person saw.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from goldenthread.audit.services import audit_record
from goldenthread.organisation.models import User
from goldenthread.planning.models import Objective
from goldenthread.risks import scoring
from goldenthread.risks.choices import LEVEL_RANK, ActionProgress, RiskLevel, RiskStatus
from goldenthread.risks.models import (
    TEXT_MAX,
    Register,
    Risk,
    RiskAction,
    RiskEscalation,
    RiskObjective,
    RiskScale,
    RiskScoreChange,
    current_scale,
)

CODE_MAX = Risk._meta.get_field("code").max_length or 20
TITLE_MAX = Risk._meta.get_field("title").max_length or 300


class RiskRefused(Exception):
    """The change cannot be made as asked; the message says why, for the person, and ``field``
    names the field at fault when there is one (for a form's error summary)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# -- checks shared by the writes ----------------------------------------------------------------


def _checked_scores(values: Mapping[str, object], scale: scoring.Scale) -> scoring.Scores:
    try:
        return scoring.check_scores(values, scale)
    except scoring.ScoreError as error:
        raise RiskRefused(error.message, field=error.field) from None


def _text(value: str | None, *, field: str, label: str, limit: int = TEXT_MAX) -> str:
    """Free text as saved: trimmed, no longer than ``limit``, with no NUL characters (which
    PostgreSQL cannot store)."""
    text = (value or "").strip()
    if "\x00" in text:
        raise RiskRefused(
            f"{label[0].upper()}{label[1:]} contains a character that cannot be saved (NUL): "
            "retype it.",
            field=field,
        )
    if len(text) > limit:
        raise RiskRefused(
            f"{label[0].upper()}{label[1:]} must be {limit} characters or fewer "
            f"({len(text)} given).",
            field=field,
        )
    return text


def _required(value: str | None, *, field: str, label: str, limit: int = TEXT_MAX) -> str:
    text = _text(value, field=field, label=label, limit=limit)
    if not text:
        raise RiskRefused(f"Enter {label}.", field=field)
    return text


def _locked(risk: Risk, version: int | None) -> Risk:
    """The risk as it is now, locked for the change; refused if someone saved it since the
    person read ``version``."""
    locked = Risk.objects.select_for_update().get(pk=risk.pk)
    if version is not None and version != locked.version:
        raise RiskRefused(
            f"Someone else changed {locked.code} (at {timezone.localtime(locked.updated_at):%H:%M})"
            " since you opened it. Your changes are not saved: look at the risk as it is now and "
            "make them again."
        )
    return locked


def _refuse_unless_open(risk: Risk) -> None:
    if risk.status == RiskStatus.ESCALATED:
        target = risk.escalated_to.code if risk.escalated_to else "a higher register"
        raise RiskRefused(
            f"{risk.code} was escalated to {target}: it is managed there now, so change that risk."
        )
    if risk.status == RiskStatus.CLOSED:
        raise RiskRefused(f"{risk.code} is closed: it can no longer be changed.")


def _touch(risk: Risk) -> None:
    risk.version += 1
    risk.updated_at = timezone.now()


def _score_values(risk: Risk | RiskScoreChange) -> dict[str, int]:
    return {field: getattr(risk, field) for field, _ in scoring.SCORE_FIELDS}


def _record_scores(
    *, risk: Risk, acting_user: User, before: dict[str, int] | None, reason: str
) -> RiskScoreChange:
    return RiskScoreChange.objects.create(
        risk=risk,
        changed_by=acting_user,
        changed_at=risk.updated_at,
        reason=reason,
        **{f"{field}_before": (before or {}).get(field) for field, _ in scoring.SCORE_FIELDS},
        **_score_values(risk),
    )


def _set_objectives(risk: Risk, objectives: Iterable[Objective]) -> dict[str, list[str]]:
    """Link the risk to exactly these objectives, keeping when each kept link was made; return
    the codes linked and unlinked."""
    wanted = {objective.pk: objective for objective in objectives}
    current = dict(
        RiskObjective.objects.filter(risk=risk).values_list("objective_id", "objective__code")
    )
    gone = [pk for pk in current if pk not in wanted]
    RiskObjective.objects.filter(risk=risk, objective_id__in=gone).delete()
    added = [objective for pk, objective in wanted.items() if pk not in current]
    RiskObjective.objects.bulk_create(
        [RiskObjective(risk=risk, objective=objective) for objective in added]
    )
    return {
        "linked": sorted(objective.code for objective in added),
        "unlinked": sorted(current[pk] for pk in gone),
    }


# -- codes ------------------------------------------------------------------------------------


def next_code(register: Register) -> str:
    """The next free code on a register: its prefix, " R" and one more than the highest number
    used (ERS R1, ERS R2 …; CORP R1 … for the corporate register)."""
    prefix = f"{register.code_prefix} R"
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    numbers = [
        int(found.group(1))
        for code in Risk.objects.filter(code__startswith=prefix).values_list("code", flat=True)
        if (found := pattern.match(code))
    ]
    return f"{prefix}{max(numbers, default=0) + 1}"


def _checked_code(code: str | None, register: Register) -> str:
    if code is None or not code.strip():
        return next_code(register)
    text = " ".join(code.split())
    if len(text) > CODE_MAX:
        raise RiskRefused(f"The code must be {CODE_MAX} characters or fewer.", field="code")
    if Risk.objects.filter(code__iexact=text).exists():
        raise RiskRefused(f"There is already a risk {text}: choose another code.", field="code")
    return text


def _save_new(risk: Risk) -> None:
    """Save a new risk; refused if its code was taken by someone else a moment ago."""
    try:
        with transaction.atomic():
            risk.save()
    except IntegrityError:
        raise RiskRefused(
            f"Someone else recorded a risk {risk.code} a moment ago. Nothing of yours is saved: "
            "try again (a new risk takes the register's next code).",
            field="code",
        ) from None


def _check_register(register: Register) -> None:
    """A register is a department's, a directorate's or the corporate one, never a mix."""
    level = register.level
    if level == RiskLevel.DEPARTMENT and (register.department is None or register.directorate):
        raise RiskRefused("A department risk needs its department.", field="department")
    if level == RiskLevel.DIRECTORATE and (register.directorate is None or register.department):
        raise RiskRefused("A directorate risk needs its directorate.", field="directorate")
    if level == RiskLevel.CORPORATE and (register.department or register.directorate):
        raise RiskRefused("A corporate risk belongs to no department or directorate.")


# -- a risk -----------------------------------------------------------------------------------


def risk_create(
    *,
    acting_user: User,
    register: Register,
    title: str,
    owner: User,
    scores: Mapping[str, object],
    code: str | None = None,
    cause: str = "",
    effect: str = "",
    controls: str = "",
    objectives: Iterable[Objective] = (),
    review_date: datetime.date | None = None,
    identified_on: datetime.date | None = None,
    reason: str = "First assessment",
) -> Risk:
    """Record a risk on a register with its first assessment. Without a code it takes the
    register's next one (e.g. ERS R4)."""
    _check_register(register)
    clean_title = _required(title, field="title", label="the risk's title", limit=TITLE_MAX)
    checked = _checked_scores(scores, current_scale())
    with transaction.atomic():
        risk = Risk(
            code=_checked_code(code, register),
            title=clean_title,
            level=register.level,
            department=register.department,
            directorate=register.directorate,
            owner=owner,
            cause=_text(cause, field="cause", label="the cause"),
            effect=_text(effect, field="effect", label="the effect"),
            controls=_text(controls, field="controls", label="the controls"),
            review_date=review_date,
            identified_on=identified_on or timezone.localdate(),
            updated_at=timezone.now(),
            inherent_likelihood=checked.inherent_likelihood,
            inherent_impact=checked.inherent_impact,
            residual_likelihood=checked.residual_likelihood,
            residual_impact=checked.residual_impact,
        )
        _save_new(risk)
        links = _set_objectives(risk, objectives)
        _record_scores(
            risk=risk,
            acting_user=acting_user,
            before=None,
            reason=_text(reason, field="reason", label="the reason"),
        )
        audit_record(
            acting_user=acting_user,
            action="risk_create",
            summary=f"Recorded risk {risk.code} on the {register}: residual score {risk.residual}",
            target=risk,
            data={"scores": _score_values(risk), "objectives": links["linked"]},
        )
    return risk


TEXT_FIELDS = ("title", "cause", "effect", "controls")


def risk_update(
    *,
    acting_user: User,
    risk: Risk,
    version: int | None = None,
    reason: str = "",
    scores: Mapping[str, object] | None = None,
    title: str | None = None,
    owner: User | None = None,
    cause: str | None = None,
    effect: str | None = None,
    controls: str | None = None,
    review_date: datetime.date | None = None,
    objectives: Iterable[Objective] | None = None,
) -> Risk:
    """Change an open risk: any of its fields (None leaves one as it is) and its scores. A change
    of score is kept with who, when, before → after and ``reason``, which it needs."""
    with transaction.atomic():
        locked = _locked(risk, version)
        _refuse_unless_open(locked)
        changed: dict[str, Any] = {}
        texts = {"title": title, "cause": cause, "effect": effect, "controls": controls}
        for field, value in texts.items():
            if value is None:
                continue
            text = (
                _required(value, field=field, label="the risk's title", limit=TITLE_MAX)
                if field == "title"
                else _text(value, field=field, label=f"the {field}")
            )
            if text != getattr(locked, field):
                changed[field] = {"from": getattr(locked, field), "to": text}
                setattr(locked, field, text)
        if owner is not None and owner.pk != locked.owner_id:
            changed["owner"] = {"from": str(locked.owner), "to": str(owner)}
            locked.owner = owner
        if review_date is not None and review_date != locked.review_date:
            changed["review_date"] = {"from": str(locked.review_date), "to": str(review_date)}
            locked.review_date = review_date
        before = _score_values(locked)
        why = ""
        if scores is not None:
            checked = _checked_scores(scores, current_scale())
            after = {field: getattr(checked, field) for field, _ in scoring.SCORE_FIELDS}
            if after != before:
                why = _required(
                    reason, field="reason", label="why the scores changed", limit=TEXT_MAX
                )
                changed["scores"] = {"from": before, "to": after}
                for field, value in after.items():
                    setattr(locked, field, value)
        links = _set_objectives(locked, objectives) if objectives is not None else {}
        if links.get("linked") or links.get("unlinked"):
            changed["objectives"] = links
        if not changed:
            return locked
        _touch(locked)
        locked.save()
        if "scores" in changed:
            _record_scores(risk=locked, acting_user=acting_user, before=before, reason=why)
        audit_record(
            acting_user=acting_user,
            action="risk_update",
            summary=f"Changed risk {locked.code}: {', '.join(changed)}",
            target=locked,
            data=changed,
        )
    return locked


def risk_escalate(
    *,
    acting_user: User,
    risk: Risk,
    to_level: RiskLevel | str,
    reason: str,
    code: str | None = None,
    owner: User | None = None,
    version: int | None = None,
) -> Risk:
    """Escalate an open risk to a higher register (a department's to its directorate's or the
    corporate register, a directorate's to the corporate one). It becomes a new risk there, with
    that register's next code (or ``code``), the same description, scores, objectives and
    owner (or ``owner``); the risk stays on its own register as escalated, pointing to it.
    Returns the new risk."""
    why = _required(reason, field="reason", label="why the risk is escalated")
    try:
        target_level = RiskLevel(to_level)
    except ValueError:
        raise RiskRefused("Choose the register to escalate to.", field="to_level") from None
    with transaction.atomic():
        locked = _locked(risk, version)
        _refuse_unless_open(locked)
        from_level = RiskLevel(locked.level)
        if LEVEL_RANK[target_level] <= LEVEL_RANK[from_level]:
            raise RiskRefused(
                f"{locked.code} is on a {from_level.label.lower()} register: it can only be "
                "escalated to a higher one.",
                field="to_level",
            )
        if target_level == RiskLevel.DIRECTORATE:
            assert locked.department is not None  # a department risk (checked by the database)
            target = Register(target_level, directorate=locked.department.directorate)
        else:
            target = Register.corporate()
        new_risk = Risk(
            code=_checked_code(code, target),
            title=locked.title,
            level=target.level,
            department=target.department,
            directorate=target.directorate,
            owner=owner or locked.owner,
            cause=locked.cause,
            effect=locked.effect,
            controls=locked.controls,
            review_date=locked.review_date,
            updated_at=timezone.now(),
            **_score_values(locked),
        )
        _save_new(new_risk)
        _set_objectives(new_risk, locked.objectives.all())
        _record_scores(
            risk=new_risk,
            acting_user=acting_user,
            before=None,
            reason=f"Escalated from {locked.code}: {why}",
        )
        locked.status = RiskStatus.ESCALATED
        locked.escalated_to = new_risk
        _touch(locked)
        locked.save()
        RiskEscalation.objects.create(
            risk=locked,
            new_risk=new_risk,
            from_level=from_level,
            to_level=target_level,
            escalated_by=acting_user,
            escalated_at=locked.updated_at,
            reason=why,
        )
        audit_record(
            acting_user=acting_user,
            action="risk_escalate",
            summary=f"Escalated risk {locked.code} to the {target} as {new_risk.code}",
            target=locked,
            data={"to": new_risk.code, "from_level": from_level, "to_level": target_level},
        )
        audit_record(
            acting_user=acting_user,
            action="risk_create",
            summary=f"Recorded risk {new_risk.code} on the {target}, escalated from {locked.code}",
            target=new_risk,
            data={"scores": _score_values(new_risk), "escalated_from": locked.code},
        )
    return new_risk


def risk_close(*, acting_user: User, risk: Risk, reason: str, version: int | None = None) -> Risk:
    """Close an open risk (it no longer threatens its objectives); it stays on the register's
    record with why."""
    why = _required(reason, field="reason", label="why the risk is closed")
    with transaction.atomic():
        locked = _locked(risk, version)
        _refuse_unless_open(locked)
        locked.status = RiskStatus.CLOSED
        locked.closed_on = timezone.localdate()
        _touch(locked)
        locked.save()
        audit_record(
            acting_user=acting_user,
            action="risk_close",
            summary=f"Closed risk {locked.code}: {why}",
            target=locked,
            data={"reason": why},
        )
    return locked


# -- its actions ------------------------------------------------------------------------------


def _checked_percent(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100:
        return value
    if isinstance(value, str) and value.strip().isdigit() and int(value) <= 100:
        return int(value)
    raise RiskRefused(
        "How far the action has got must be a whole number from 0 to 100 (per cent).",
        field="percent_done",
    )


def action_create(
    *,
    acting_user: User,
    risk: Risk,
    title: str,
    owner: User,
    due: datetime.date,
    note: str = "",
) -> RiskAction:
    """Add an action to an open risk: what will be done to reduce it, by whom and by when."""
    clean_title = _required(title, field="title", label="what the action is", limit=TITLE_MAX)
    with transaction.atomic():
        locked = Risk.objects.select_for_update().get(pk=risk.pk)
        _refuse_unless_open(locked)
        action = RiskAction.objects.create(
            risk=locked,
            title=clean_title,
            owner=owner,
            due=due,
            note=_text(note, field="note", label="the note"),
        )
        audit_record(
            acting_user=acting_user,
            action="risk_action_create",
            summary=f"Added an action to risk {locked.code}: {clean_title} (due {due:%d/%m/%Y})",
            target=action,
            data={"risk": locked.code, "owner": str(owner), "due": str(due)},
        )
    return action


def action_update(
    *,
    acting_user: User,
    action: RiskAction,
    version: int | None = None,
    progress: ActionProgress | str | None = None,
    percent_done: object = None,
    note: str | None = None,
    title: str | None = None,
    owner: User | None = None,
    due: datetime.date | None = None,
) -> RiskAction:
    """Record how far an action has got (None leaves a field as it is). Done means done today
    and 100%; an action taken back from done is no longer done on any date."""
    with transaction.atomic():
        locked = RiskAction.objects.select_for_update().select_related("risk").get(pk=action.pk)
        if version is not None and version != locked.version:
            raise RiskRefused(
                f"Someone else changed this action (at "
                f"{timezone.localtime(locked.updated_at):%H:%M}) since you opened it. Your changes "
                "are not saved: look at it as it is now and make them again."
            )
        if locked.risk.status == RiskStatus.CLOSED:
            raise RiskRefused(f"{locked.risk.code} is closed: its actions can no longer change.")
        before = _action_values(locked)
        if progress is not None:
            try:
                locked.progress = ActionProgress(progress)
            except ValueError:
                raise RiskRefused("Choose how far the action has got.", field="progress") from None
        if percent_done is not None and percent_done != "":
            locked.percent_done = _checked_percent(percent_done)
        if locked.progress == ActionProgress.DONE:
            locked.percent_done = 100
            locked.done_on = locked.done_on or timezone.localdate()
        else:
            locked.done_on = None
        if note is not None:
            locked.note = _text(note, field="note", label="the note")
        if title is not None:
            locked.title = _required(
                title, field="title", label="what the action is", limit=TITLE_MAX
            )
        if owner is not None:
            locked.owner = owner
        if due is not None:
            locked.due = due
        after = _action_values(locked)
        changed = {
            key: {"from": before[key], "to": value}
            for key, value in after.items()
            if before[key] != value
        }
        if not changed:
            return locked
        locked.version += 1
        locked.updated_at = timezone.now()
        locked.save()
        audit_record(
            acting_user=acting_user,
            action="risk_action_update",
            summary=f"Updated an action of risk {locked.risk.code}: {locked.title} "
            f"({locked.get_progress_display().lower()}, {locked.percent_done}%)",
            target=locked,
            data=changed,
        )
    return locked


def _action_values(action: RiskAction) -> dict[str, Any]:
    return {
        "title": action.title,
        "owner": str(action.owner),
        "due": str(action.due),
        "progress": str(action.progress),
        "percent_done": action.percent_done,
        "note": action.note,
        "done_on": str(action.done_on) if action.done_on else None,
    }


# -- the council's scale ----------------------------------------------------------------------


def scale_problems(scale: scoring.Scale) -> list[str]:
    """What stops the council using this scale: its own faults (scoring.scale_problems), and
    open risks scored above its top levels (one query)."""
    problems = scoring.scale_problems(scale)
    beyond = Risk.objects.current().filter(_beyond_q(scale.likelihood_levels, scale.impact_levels))
    count = beyond.count()
    if count:
        problems.append(
            f"{count} open risk{'s are' if count != 1 else ' is'} scored above the new scale's "
            f"top level (e.g. {beyond.order_by('code').first()}): rescore "
            f"{'them' if count != 1 else 'it'} first."
        )
    return problems


def scale_save(
    *,
    acting_user: User,
    likelihood_words: Sequence[str],
    impact_words: Sequence[str],
    medium_from: int,
    high_from: int,
    very_high_from: int,
) -> RiskScale:
    """Save the council's risk scale. Refused when it is not a scale or when an open risk is
    scored above its new top levels (see scale_problems)."""
    scale = scoring.Scale(
        likelihood_words=tuple(word.strip() for word in likelihood_words),
        impact_words=tuple(word.strip() for word in impact_words),
        medium_from=medium_from,
        high_from=high_from,
        very_high_from=very_high_from,
    )
    with transaction.atomic():
        row = RiskScale.objects.select_for_update().first() or RiskScale()
        problems = scale_problems(scale)
        if problems:
            raise RiskRefused(" ".join(problems))
        before = row.scale()
        row.likelihood_words = list(scale.likelihood_words)
        row.impact_words = list(scale.impact_words)
        row.medium_from = medium_from
        row.high_from = high_from
        row.very_high_from = very_high_from
        row.updated_by = acting_user
        row.save()
        audit_record(
            acting_user=acting_user,
            action="risk_scale_save",
            summary=f"Set the council's risk scale to {row}",
            target=row,
            data={"from": _scale_values(before), "to": _scale_values(scale)},
        )
    return row


def _beyond_q(likelihood_levels: int, impact_levels: int) -> Q:
    """Risks scored above these top levels, as a filter on Risk."""
    return (
        Q(inherent_likelihood__gt=likelihood_levels)
        | Q(residual_likelihood__gt=likelihood_levels)
        | Q(inherent_impact__gt=impact_levels)
        | Q(residual_impact__gt=impact_levels)
    )


def _scale_values(scale: scoring.Scale) -> dict[str, Any]:
    return {
        "likelihood": list(scale.likelihood_words),
        "impact": list(scale.impact_words),
        "bands_from": [scale.medium_from, scale.high_from, scale.very_high_from],
    }
