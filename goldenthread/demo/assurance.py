"""The demo's plan quality assurance: QA reviews of the 2009/10 service plans, the rolling
programme of divisional and team plan reviews for 2008/09 and 2009/10, and the planning
timetable for the 2010/11 plans.

It runs after the plans are built and reads them from the database. As the demo stands in
October 2009 (the 2009/10 Q2 round is open):
- most 2009/10 service plan reviews are agreed (in March 2009), two are still in QA and one is a
  draft; a few plans answer a question only partly, lack a feature, or had their risks assessed
  after the plan was written, as the review found (sections 3.3b and 4.2, recommendation 5.3);
- in 2008/09 the programme reviewed three divisional plans; in 2009/10 three of the five due
  are reviewed and two are not yet; the rest have never been reviewed;
- the 2010/11 timetable's first two stages (guidance issued, Members' early input) are done and
  the rest are not: which are overdue is worked out when the timetable is shown, on the day it is
  read. Everything is dated, so the demo is the same every time it is built.
"""

from __future__ import annotations

import datetime

from goldenthread.assurance.choices import (
    Answer,
    Audience,
    Feature,
    Presence,
    ProgrammeResult,
    Question,
    ReviewState,
    RiskAssessment,
    StageKind,
)
from goldenthread.assurance.models import (
    FeatureCheck,
    PlanReview,
    ProgrammeReview,
    QuestionAssessment,
    TimetableStage,
)
from goldenthread.demo.world import World
from goldenthread.planning.models import Plan, PlanKind

REVIEW_YEAR = 2009  # the 2009/10 service plans
TIMETABLE_YEAR = 2010  # the timetable for preparing the 2010/11 plans
PERFORMANCE_OFFICER = "performance.officer"

# Which plans' reviews are not yet agreed (by their position among the service plans, by code).
IN_QA, DRAFT = (4, 11), (16,)
# Gaps the reviews found, by position: (question or feature, assessment, comment).
GAPS: dict[int, list[tuple[str, str, str]]] = {
    2: [
        (Question.WHERE_NOW, Answer.PARTLY, "No comparison with similar councils' performance"),
    ],
    4: [
        (Question.HOW_KNOW, Answer.NOT_ANSWERED, "Two objectives have no indicator or milestone"),
        (Feature.MEASURING_SUCCESS, Presence.ABSENT, "Targets are missing for 2010/11"),
    ],
    7: [(Question.WHERE_TO_BE, Answer.PARTLY, "Customer expectations are not stated")],
    11: [(Feature.CURRENT_PERFORMANCE, Presence.ABSENT, "No 2008/09 outturn figures yet")],
    13: [(Question.HOW_GET_THERE, Answer.PARTLY, "Milestones are not dated by quarter")],
}
RISKS_AFTER_PLAN = (4, 9, 13)


def _at(day: str, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(hour), tzinfo=datetime.UTC
    )


def build_assurance(world: World) -> None:
    _reviews(world)
    _programme(world)
    _timetable()


# -- service plans' QA reviews ------------------------------------------------------------------


def _state(position: int) -> ReviewState:
    if position in IN_QA:
        return ReviewState.IN_QA
    if position in DRAFT:
        return ReviewState.DRAFT
    return ReviewState.AGREED


def _findings(plan: Plan, gaps: list[tuple[str, str, str]], risks_late: bool) -> str:
    lines = [f"The {plan.title} links its objectives clearly to the corporate priorities."]
    lines += [f"To improve: {comment.lower()}." for _, _, comment in gaps]
    if risks_late:
        lines.append("The risk register was completed after the plan: prepare it alongside.")
    return "\n".join(lines)


def _reviews(world: World) -> None:
    officer = world.users[PERFORMANCE_OFFICER]
    plans = list(Plan.objects.service_plans().order_by("code"))
    reviews = []
    for position, plan in enumerate(plans):
        state = _state(position)
        gaps = GAPS.get(position, [])
        late = position in RISKS_AFTER_PLAN
        agreed = state == ReviewState.AGREED
        reviews.append(
            PlanReview(
                plan=plan,
                year=REVIEW_YEAR,
                state=state,
                reviewer=officer,
                risk_assessment=RiskAssessment.AFTER_PLAN if late else RiskAssessment.WITH_PLAN,
                risk_comment="Risk register dated after the plan" if late else "",
                findings=_findings(plan, gaps, late),
                started_at=_at("2009-01-12"),
                changed_at=_at("2009-03-20" if agreed else "2009-09-18"),
                agreed_at=_at("2009-03-20") if agreed else None,
                agreed_by=officer if agreed else None,
            )
        )
    PlanReview.objects.bulk_create(reviews)
    answers, features = [], []
    for position, review in enumerate(reviews):
        found = {item: (value, comment) for item, value, comment in GAPS.get(position, [])}
        # A draft has its last question and last feature still to check.
        skip = {Question.HOW_KNOW, Feature.MEASURING_SUCCESS} if position in DRAFT else set()
        for question in Question:
            if question in skip:
                continue
            value, comment = found.get(question, (Answer.ANSWERED, ""))
            answers.append(
                QuestionAssessment(review=review, question=question, answer=value, comment=comment)
            )
        for feature in Feature:
            if feature in skip:
                continue
            value, comment = found.get(feature, (Presence.PRESENT, ""))
            features.append(
                FeatureCheck(review=review, feature=feature, presence=value, comment=comment)
            )
    QuestionAssessment.objects.bulk_create(answers)
    FeatureCheck.objects.bulk_create(features)


# -- the rolling programme ----------------------------------------------------------------------


def _programme(world: World) -> None:
    """2008/09: the first three divisional and team plans, all reviewed. 2009/10: the next
    five, three reviewed and two not yet. The rest have never been due."""
    officer = world.users[PERFORMANCE_OFFICER]
    plans = list(
        Plan.objects.filter(kind__in=[PlanKind.DIVISIONAL_PLAN, PlanKind.TEAM_PLAN]).order_by(
            "code"
        )
    )
    results = [
        ProgrammeResult.MEETS,
        ProgrammeResult.MINOR_CHANGES,
        ProgrammeResult.MEETS,
        ProgrammeResult.MAJOR_CHANGES,
    ]
    entries = [
        ProgrammeReview(
            plan=plan,
            year=2008,
            scheduled_by=officer,
            scheduled_at=_at("2008-05-06"),
            reviewer=officer,
            reviewed_on=datetime.date(2008, 7 + n, 10 + n),
            result=results[n % len(results)],
            notes="Tasks not all linked to a service objective"
            if results[n % len(results)] != ProgrammeResult.MEETS
            else "",
        )
        for n, plan in enumerate(plans[:3])
    ]
    for n, plan in enumerate(plans[3:8]):
        reviewed = n < 3
        entries.append(
            ProgrammeReview(
                plan=plan,
                year=2009,
                scheduled_by=officer,
                scheduled_at=_at("2009-05-05"),
                reviewer=officer if reviewed else None,
                reviewed_on=datetime.date(2009, 6 + n, 15) if reviewed else None,
                result=results[n] if reviewed else "",
            )
        )
    ProgrammeReview.objects.bulk_create(entries)


# -- the planning timetable ---------------------------------------------------------------------

# (name, what is due, kind, audience, due, done on)
STAGES = [
    (
        "Service planning guidance and timetable issued",
        "Guidance, templates and this timetable to every department",
        StageKind.OTHER,
        Audience.PERFORMANCE_TEAM,
        "2009-09-04",
        "2009-09-03",
    ),
    (
        "Member input: what the plans should address",
        "Each PPB sets out the areas it wants the 2010/11 service plans to address",
        StageKind.MEMBER_INPUT,
        Audience.MEMBERS,
        "2009-10-09",
        "2009-10-08",
    ),
    (
        "Risk assessments prepared with the draft plans",
        "Departmental risk registers updated as the plans are written, not afterwards",
        StageKind.OTHER,
        Audience.OPERATIONAL_DIRECTORS,
        "2009-11-13",
        None,
    ),
    (
        "LAA partners confirm their targets",
        "Lead partners confirm the 2010/11 targets of the LAA indicators they lead",
        StageKind.OTHER,
        Audience.PARTNERS,
        "2009-11-20",
        None,
    ),
    (
        "Draft service plans to the performance team",
        "Each department's draft plan, with its risk register, for quality assurance",
        StageKind.OTHER,
        Audience.OPERATIONAL_DIRECTORS,
        "2009-11-27",
        None,
    ),
    (
        "Quality assurance of the draft service plans",
        "Every plan checked against the five questions and four essential features",
        StageKind.OTHER,
        Audience.PERFORMANCE_TEAM,
        "2009-12-18",
        None,
    ),
    (
        "Strategic directors sign off their directorates' plans",
        "",
        StageKind.OTHER,
        Audience.STRATEGIC_DIRECTORS,
        "2010-01-15",
        None,
    ),
    (
        "Management Team considers the draft plans",
        "",
        StageKind.OTHER,
        Audience.MANAGEMENT_TEAM,
        "2010-01-26",
        None,
    ),
    (
        "Member input: PPBs comment on the draft plans",
        "Each PPB comments on the draft plans for its priority before they are agreed",
        StageKind.MEMBER_INPUT,
        Audience.MEMBERS,
        "2010-02-12",
        None,
    ),
    (
        "Executive Board agrees the service plans",
        "",
        StageKind.PLANS_AGREED,
        Audience.EXECUTIVE_BOARD,
        "2010-03-11",
        None,
    ),
    (
        "Divisional and team plans agreed",
        "Each divisional and team plan linked to its service plan's objectives",
        StageKind.OTHER,
        Audience.MANAGERS,
        "2010-04-30",
        None,
    ),
    (
        "Personal plans (EDRs) set",
        "Each EDR's objectives linked to the divisional plan and the corporate priorities",
        StageKind.OTHER,
        Audience.MANAGERS,
        "2010-05-28",
        None,
    ),
]


def _timetable() -> None:
    TimetableStage.objects.bulk_create(
        TimetableStage(
            year=TIMETABLE_YEAR,
            name=name,
            what_is_due=what,
            kind=kind,
            audience=audience,
            due=datetime.date.fromisoformat(due),
            done_on=datetime.date.fromisoformat(done) if done else None,
        )
        for name, what, kind, audience, due, done in STAGES
    )
