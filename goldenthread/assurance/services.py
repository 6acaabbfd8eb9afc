"""Plan quality assurance writes: a service plan's QA review saved and moved between states,
divisional plans put in the rolling programme and their reviews recorded, and the planning
timetable's stages changed. Each is one transaction with its audit entries inside it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from goldenthread.assurance import rules
from goldenthread.assurance.choices import Feature, Question, ReviewState
from goldenthread.assurance.models import (
    FeatureCheck,
    PlanReview,
    ProgrammeReview,
    QuestionAssessment,
    TimetableStage,
    year_label,
)
from goldenthread.audit.services import audit_record
from goldenthread.organisation.models import User
from goldenthread.planning.models import Plan


class AssuranceRefused(Exception):
    """The change cannot be made as asked; the message says why, for the person."""


@dataclass(frozen=True)
class Check:
    """One line of the checklist: the assessment ("" when not yet assessed) and a comment."""

    value: str
    comment: str = ""


# -- a service plan's QA review ------------------------------------------------------------------


def _locked_review(plan: Plan, year: int) -> PlanReview | None:
    return PlanReview.objects.select_for_update().filter(plan=plan, year=year).first()


def _stale(review: PlanReview, version: int | None) -> None:
    if version is not None and version != review.version:
        raise AssuranceRefused(
            f"Someone else changed this review (at {timezone.localtime(review.changed_at):%H:%M}) "
            "since you opened it. Your changes are not saved: look at the review as it is now "
            "and make them again."
        )


def _set_checks(
    review: PlanReview,
    answers: Mapping[str, Check],
    features: Mapping[str, Check],
) -> dict[str, Any]:
    """Write the checklist's rows; return what changed, for the audit entry."""
    return {
        **_set_rows(review, QuestionAssessment, "question", "answer", Question, answers),
        **_set_rows(review, FeatureCheck, "feature", "presence", Feature, features),
    }


def _set_rows(
    review: PlanReview,
    model: type[QuestionAssessment] | type[FeatureCheck],
    key: str,
    field: str,
    choices: type[Question] | type[Feature],
    wanted: Mapping[str, Check],
) -> dict[str, Any]:
    """One part of the checklist (the questions, or the features): a row per choice checked,
    none for a choice left empty. What changed, by choice, from and to."""
    held = {getattr(row, key): row for row in model.objects.filter(review=review)}
    changed: dict[str, Any] = {}
    for choice in choices:
        check = wanted.get(choice.value, Check(""))
        row = held.get(choice.value)
        old = (getattr(row, field), row.comment) if row else ("", "")
        if (check.value, check.comment) == old:
            continue
        changed[choice.value] = {"from": old[0], "to": check.value}
        lookup: dict[str, Any] = {"review": review, key: choice}
        if not check.value:
            model.objects.filter(**lookup).delete()
        else:
            model.objects.update_or_create(
                defaults={field: check.value, "comment": check.comment}, **lookup
            )
    return changed


def review_save(
    *,
    acting_user: User,
    plan: Plan,
    year: int,
    answers: Mapping[str, Check],
    features: Mapping[str, Check],
    risk: Check,
    findings: str,
    reviewer: User | None = None,
    version: int | None = None,
) -> PlanReview:
    """Record the QA checklist and findings of a service plan for a year, starting its review
    (as a draft) if it has none. Refused once the review is agreed (reopen it first), and when
    someone else saved it since ``version`` was read."""
    with transaction.atomic():
        review = _locked_review(plan, year)
        created = review is None
        if review is None:
            try:
                with transaction.atomic():
                    review = PlanReview.objects.create(
                        plan=plan, year=year, reviewer=reviewer or acting_user
                    )
            except IntegrityError:  # started by someone else a moment ago
                raise AssuranceRefused(
                    f"Someone else started the {year_label(year)} review of {plan.code} a moment "
                    "ago. Your changes are not saved: open the review again."
                ) from None
        else:
            _stale(review, version)
            if not rules.is_editable(review.state):
                raise AssuranceRefused(
                    f"The {review.year_label} review of {plan.code} is agreed: reopen it to "
                    "change it."
                )
        changed = _set_checks(review, answers, features)
        fields = {
            "risk_assessment": risk.value,
            "risk_comment": risk.comment.strip(),
            "findings": findings.strip(),
            "reviewer_id": (reviewer or review.reviewer or acting_user).pk,
        }
        for name, value in fields.items():
            if getattr(review, name) != value:
                changed[name] = {"from": _plain(getattr(review, name)), "to": _plain(value)}
                setattr(review, name, value)
        review.changed_at = timezone.now()
        review.version += 0 if created else 1
        review.save()
        audit_record(
            acting_user=acting_user,
            action="plan_review_start" if created else "plan_review_save",
            summary=(
                f"{'Started' if created else 'Changed'} the {review.year_label} QA review of "
                f"{plan.code} {plan.title}"
            ),
            target=review,
            data={"plan": plan.code, "year": year, "changed": changed},
        )
    return review


def _plain(value: Any) -> Any:
    return value if isinstance(value, str | int | type(None)) else str(value)


def review_move(
    *, acting_user: User, review: PlanReview, move: str, version: int | None = None
) -> PlanReview:
    """Move a review between draft, in QA and agreed (rules.MOVES); agreeing needs every
    question, feature and the risk assessment checked."""
    with transaction.atomic():
        locked = PlanReview.objects.select_for_update().get(pk=review.pk)
        _stale(locked, version)
        locked = PlanReview.objects.with_details().get(pk=review.pk)
        missing = rules.missing_checks(
            locked.answer_map(), locked.feature_map(), locked.risk_assessment
        )
        try:
            state = rules.next_state(locked.state, move, missing=missing)
        except rules.MoveRefused as refused:
            raise AssuranceRefused(str(refused)) from None
        before = locked.state
        now = timezone.now()
        locked.state = state
        if state == ReviewState.AGREED:
            locked.agreed_at, locked.agreed_by = now, acting_user
        else:
            locked.agreed_at, locked.agreed_by = None, None
        locked.changed_at = now
        locked.version += 1
        locked.save()
        audit_record(
            acting_user=acting_user,
            action=f"plan_review_{rules.Move(move).value}",
            summary=(
                f"{rules.Move(move).label}: the {locked.year_label} QA review of "
                f"{locked.plan.code} is now {rules.state_words(state)}"
            ),
            target=locked,
            data={"plan": locked.plan.code, "year": locked.year, "from": before, "to": state},
        )
    return locked


# -- the rolling programme of divisional-plan reviews ---------------------------------------------


def programme_schedule(
    *, acting_user: User, year: int, plans: Iterable[Plan]
) -> list[ProgrammeReview]:
    """Put divisional or team plans in a year's programme: due for review that year. Plans
    already in it are left as they are."""
    wanted = {plan.pk: plan for plan in plans}
    with transaction.atomic():
        already = set(
            ProgrammeReview.objects.for_year(year)
            .filter(plan_id__in=wanted)
            .values_list("plan_id", flat=True)
        )
        new = [
            ProgrammeReview(plan=plan, year=year, scheduled_by=acting_user)
            for pk, plan in sorted(wanted.items())
            if pk not in already
        ]
        ProgrammeReview.objects.bulk_create(new)
        if new:
            codes = [entry.plan.code for entry in new]
            audit_record(
                acting_user=acting_user,
                action="programme_schedule",
                summary=f"Put {len(new)} plan(s) in the {year_label(year)} review programme: "
                + ", ".join(codes),
                data={"year": year, "plans": codes},
            )
    return new


def programme_record(
    *,
    acting_user: User,
    entry: ProgrammeReview,
    reviewer: User,
    reviewed_on: datetime.date,
    result: str,
    notes: str = "",
) -> ProgrammeReview:
    """Record (or correct) who reviewed a plan in the programme, when and with what result."""
    with transaction.atomic():
        locked = ProgrammeReview.objects.select_for_update().select_related("plan").get(pk=entry.pk)
        before = {
            "reviewer": locked.reviewer_id,
            "reviewed_on": str(locked.reviewed_on) if locked.reviewed_on else "",
            "result": locked.result,
        }
        locked.reviewer, locked.reviewed_on = reviewer, reviewed_on
        locked.result, locked.notes = result, notes.strip()
        locked.save()
        audit_record(
            acting_user=acting_user,
            action="programme_record",
            summary=(
                f"Recorded the {locked.year_label} review of {locked.plan.code}: "
                f"{locked.get_result_display()} ({reviewer}, {reviewed_on:%d %b %Y})"
            ),
            target=locked,
            data={
                "plan": locked.plan.code,
                "year": locked.year,
                "before": before,
                "reviewer": reviewer.pk,
                "reviewed_on": str(reviewed_on),
                "result": result,
            },
        )
    return locked


# -- the planning timetable ----------------------------------------------------------------------


@dataclass(frozen=True)
class StageDraft:
    """One row of the timetable form: a stage to add (pk None), change, or delete."""

    pk: int | None
    name: str
    what_is_due: str
    kind: str
    audience: str
    due: datetime.date
    done_on: datetime.date | None
    delete: bool = False

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.strip(),
            "what_is_due": self.what_is_due.strip(),
            "kind": self.kind,
            "audience": self.audience,
            "due": self.due,
            "done_on": self.done_on,
        }


def _described(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, datetime.date) else v) for k, v in values.items()}


def timetable_save(*, acting_user: User, year: int, stages: Sequence[StageDraft]) -> dict[str, int]:
    """Add, change and delete a year's timetable stages all together, or none; one audit entry
    per stage changed. Returns how many were added, changed and deleted."""
    counts = {"added": 0, "changed": 0, "deleted": 0}
    with transaction.atomic():
        existing = {
            stage.pk: stage for stage in TimetableStage.objects.for_year(year).select_for_update()
        }
        for draft in stages:
            if draft.pk is not None and draft.pk not in existing:
                raise AssuranceRefused(
                    "A stage on the form has been deleted by someone else since you opened it. "
                    "Nothing is saved: open the timetable again."
                )
        for draft in stages:
            stage = existing.get(draft.pk) if draft.pk is not None else None
            if stage is not None and draft.delete:
                audit_record(
                    acting_user=acting_user,
                    action="timetable_stage_delete",
                    summary=f"Deleted the {year_label(year)} timetable stage “{stage.name}”",
                    target=stage,
                    data={"year": year, "stage": _described(_stage_values(stage))},
                )
                stage.delete()
                counts["deleted"] += 1
            elif stage is not None:
                before = _stage_values(stage)
                after = draft.values()
                if before == after:
                    continue
                for name, value in after.items():
                    setattr(stage, name, value)
                stage.save()
                counts["changed"] += 1
                audit_record(
                    acting_user=acting_user,
                    action="timetable_stage_change",
                    summary=f"Changed the {year_label(year)} timetable stage “{stage.name}”",
                    target=stage,
                    data={
                        "year": year,
                        "changed": {
                            k: {"from": _described(before)[k], "to": _described(after)[k]}
                            for k in after
                            if before[k] != after[k]
                        },
                    },
                )
            elif not draft.delete:
                stage = TimetableStage.objects.create(year=year, **draft.values())
                counts["added"] += 1
                audit_record(
                    acting_user=acting_user,
                    action="timetable_stage_add",
                    summary=f"Added the {year_label(year)} timetable stage “{stage.name}”",
                    target=stage,
                    data={"year": year, "stage": _described(draft.values())},
                )
    return counts


def _stage_values(stage: TimetableStage) -> dict[str, Any]:
    return {
        "name": stage.name,
        "what_is_due": stage.what_is_due,
        "kind": stage.kind,
        "audience": stage.audience,
        "due": stage.due,
        "done_on": stage.done_on,
    }
