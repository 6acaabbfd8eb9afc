"""Reads for the assurance pages: each page's rows in a fixed number of queries, whatever the
number of plans or stages."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone

from goldenthread.assurance import rules
from goldenthread.assurance.choices import (
    Answer,
    Audience,
    Feature,
    Presence,
    Question,
    ReviewState,
    StageKind,
    audiences_of,
)
from goldenthread.assurance.models import (
    PlanReview,
    ProgrammeReview,
    ProgrammeReviewQuerySet,
    TimetableStage,
)
from goldenthread.audit.models import AuditEntry
from goldenthread.organisation.models import Role, RoleAssignment, User
from goldenthread.planning.models import Plan, PlanKind, PlanQuerySet
from goldenthread.planning.periods import Period, PeriodError, PeriodKind

LOWER_PLAN_KINDS = (PlanKind.DIVISIONAL_PLAN, PlanKind.TEAM_PLAN)


def today() -> datetime.date:
    """Today in the council's time zone: the day overdue is worked out on."""
    return timezone.localdate()


def parse_year(text: str) -> int | None:
    """A planning year written 2010/11 or 2010-11, as its first calendar year; None if not."""
    try:
        period = Period.parse(text)
    except PeriodError:
        return None
    return period.year if period.kind == PeriodKind.YEAR else None


def chosen_year(asked: str, years: list[int]) -> int:
    """The year asked for; else the latest year with records; else this financial year."""
    year = parse_year(asked) if asked else None
    if year is not None:
        return year
    if years:
        return max(years)
    return Period.year_of(today()).year


def year_choices(years: list[int], year: int) -> list[Period]:
    """The years to offer in a page's year list: those with records and the one shown."""
    return [Period(y) for y in sorted({*years, year}, reverse=True)]


def performance_officers() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, roles__role=Role.PERFORMANCE_OFFICER)
        .distinct()
        .order_by("last_name", "first_name")
    )


# -- service plans' QA reviews --------------------------------------------------------------------


def review_years() -> list[int]:
    return list(PlanReview.objects.values_list("year", flat=True).distinct().order_by("year"))


@dataclass(frozen=True)
class ReviewRow:
    plan: Plan
    review: PlanReview | None

    @property
    def state_label(self) -> str:
        return self.review.get_state_display() if self.review else "Not started"


def review_rows(plans: PlanQuerySet, year: int) -> list[ReviewRow]:
    """Each service plan in force in the year (or reviewed for it) with its review for the
    year, if started (two queries)."""
    in_force = Q(first_year__lte=year, last_year__gte=year)
    reviewed = Q(pk__in=PlanReview.objects.for_year(year).values("plan_id"))
    shown = list(plans.filter(in_force | reviewed).select_related("department").order_by("title"))
    reviews = {
        review.plan_id: review
        for review in PlanReview.objects.for_year(year)
        .filter(plan__in=[plan.pk for plan in shown])
        .select_related("reviewer")
    }
    return [ReviewRow(plan, reviews.get(plan.pk)) for plan in shown]


def review_counts(rows: list[ReviewRow]) -> list[tuple[str, int]]:
    """How many plans are in each state, "Not started" first."""
    counts = {state.label: 0 for state in ReviewState}
    not_started = 0
    for row in rows:
        if row.review is None:
            not_started += 1
        else:
            counts[row.review.get_state_display()] += 1
    return [("Not started", not_started), *counts.items()]


@dataclass(frozen=True)
class ChecklistLine:
    label: str
    value: str  # the assessment's label, or "Not yet checked"
    comment: str
    good: bool  # answered / present / prepared with the plan


def checklist(review: PlanReview | None) -> dict[str, list[ChecklistLine]]:
    """The review's checklist as the page shows it, every line whether checked or not."""
    answers = {row.question: row for row in review.answers.all()} if review else {}
    features = {row.feature: row for row in review.features.all()} if review else {}
    questions = [
        ChecklistLine(
            q.label,
            answers[q.value].get_answer_display() if q.value in answers else "Not yet checked",
            answers[q.value].comment if q.value in answers else "",
            q.value in answers and answers[q.value].answer == Answer.ANSWERED,
        )
        for q in Question
    ]
    feature_lines = [
        ChecklistLine(
            f.label,
            features[f.value].get_presence_display() if f.value in features else "Not yet checked",
            features[f.value].comment if f.value in features else "",
            f.value in features and features[f.value].presence == Presence.PRESENT,
        )
        for f in Feature
    ]
    return {"questions": questions, "features": feature_lines}


def review_history(review: PlanReview) -> QuerySet[AuditEntry]:
    """Who changed the review and when, newest first."""
    return AuditEntry.objects.filter(
        object_type=review._meta.label_lower, object_id=str(review.pk)
    ).select_related("actor")


def review_missing(review: PlanReview | None) -> list[str]:
    if review is None:
        return rules.missing_checks({}, {}, "")
    return rules.missing_checks(review.answer_map(), review.feature_map(), review.risk_assessment)


# -- the rolling programme ------------------------------------------------------------------------


def programme_years() -> list[int]:
    return list(ProgrammeReview.objects.values_list("year", flat=True).distinct().order_by("year"))


def programme_entries(year: int) -> ProgrammeReviewQuerySet:
    return (
        ProgrammeReview.objects.for_year(year)
        .select_related("plan__department", "reviewer")
        .order_by("plan__department__name", "plan__title")
    )


def lower_plans() -> PlanQuerySet:
    return Plan.objects.filter(kind__in=LOWER_PLAN_KINDS)


def unscheduled_plans(year: int) -> PlanQuerySet:
    """Divisional and team plans not in the year's programme, each with the date it was last
    reviewed in any year (None: never), never-reviewed first."""
    return (
        lower_plans()
        .exclude(programme_reviews__year=year)
        .select_related("department")
        .annotate(last_reviewed=Max("programme_reviews__reviewed_on"))
        .order_by(F("last_reviewed").asc(nulls_first=True), "department__name", "title")
    )


def lower_plan_count() -> dict[str, int]:
    """How many divisional and team plans there are, and how many were ever reviewed."""
    return lower_plans().aggregate(
        plans=Count("id", distinct=True),
        ever_reviewed=Count(
            "id", distinct=True, filter=Q(programme_reviews__reviewed_on__isnull=False)
        ),
    )


# -- the planning timetable -----------------------------------------------------------------------


def timetable_years() -> list[int]:
    return list(TimetableStage.objects.values_list("year", flat=True).distinct().order_by("year"))


def audiences_of_user(user: Any) -> list[Audience]:
    """The timetable audiences a person belongs to, from their roles (one query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    roles = set(RoleAssignment.objects.filter(user_id=user.pk).values_list("role", flat=True))
    return audiences_of(roles)


@dataclass(frozen=True)
class StageRow:
    stage: TimetableStage
    standing: rules.StageStanding
    yours: bool


def stage_rows(
    stages: Iterable[TimetableStage], audiences: list[Audience], on: datetime.date
) -> list[StageRow]:
    return [
        StageRow(
            stage,
            rules.stage_standing(stage.due, stage.done_on, on),
            stage.audience in audiences,
        )
        for stage in stages
    ]


@dataclass(frozen=True)
class DueFromYou:
    rows: list[StageRow]
    more: int  # stages due from them not shown
    overdue: int  # of those shown


def due_from(audiences: list[Audience], on: datetime.date, limit: int) -> DueFromYou:
    """The stages not yet done that are due from these audiences, earliest first, at most
    ``limit`` of them (one query, two when there are more)."""
    if not audiences:
        return DueFromYou([], 0, 0)
    pending = TimetableStage.objects.not_done().due_from(audiences).order_by("due", "id")
    shown = list(pending[: limit + 1])
    more = pending.count() - limit if len(shown) > limit else 0
    rows = stage_rows(shown[:limit], audiences, on)
    return DueFromYou(rows, more, sum(1 for row in rows if row.standing.overdue))


@dataclass(frozen=True)
class PublicStage:
    """What the public may see of a timetable stage: its name, kind, whom it is due from, when,
    and whether done (never the staff's note of what is due, nor who recorded it)."""

    name: str
    kind: StageKind
    audience: Audience
    due: datetime.date
    done_on: datetime.date | None

    def standing(self, on: datetime.date) -> rules.StageStanding:
        return rules.stage_standing(self.due, self.done_on, on)


def public_stages(year: int) -> list[PublicStage]:
    """A planning year's stages as the public pages show them, earliest first (one query)."""
    found = (
        TimetableStage.objects.for_year(year)
        .order_by("due", "id")
        .values_list("name", "kind", "audience", "due", "done_on")
    )
    return [
        PublicStage(name, StageKind(kind), Audience(audience), due, done_on)
        for name, kind, audience, due, done_on in found
    ]
