"""The demo's governance records: items flagged for PPBs and portfolio-holder briefings.

The Healthy Borough PPB's chair (ppb.chair) has two items on her board's queue from the 2009/10
Q1 exception report and one cleared after the board's June meeting; the Corporate Services
PPB's member (ppb.member) has flagged one. Two briefings are recorded: the Health & Community
strategic director's of the Health & Adults portfolio holder (portfolio.holder), and the
Environment strategic director's (strategic.director) of the Environment, Leisure & Sport
portfolio holder, who is added here so that strategic.director has a holder to brief.
Everything is dated in 2009, so the demo is the same every time it is built.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import make_password
from django.db.models import Q

from goldenthread.demo import content as c
from goldenthread.demo.world import World
from goldenthread.governance.models import Briefing, BriefingAction, Flag, FlagStatus
from goldenthread.indicators.models import Actual, Indicator, Polarity, Target
from goldenthread.organisation.models import Board, Portfolio, Role, RoleAssignment, User
from goldenthread.planning.models import Milestone
from goldenthread.planning.periods import Period
from goldenthread.workflow import WorkflowState

LATEST = Period.parse("2009/10 Q1")
EARLIER = Period.parse("2008/09 Q4")


def _at(day: str, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(hour), tzinfo=datetime.UTC
    )


def _exceptions_url(board: Board, period: Period) -> str:
    return f"/reports/exceptions/?board={board.code}&period={period.slug}&scope=board"


def _off_target(priority: str, period: Period, *, worse: bool = True) -> list[Indicator]:
    """Indicators of a priority whose published figure for the period is worse (or better)
    than its target, by code: what its exception report shows."""
    rows = (
        Actual.objects.filter(
            period=period,
            state=WorkflowState.PUBLISHED,
            indicator__priority_links__priority__code=priority,
            indicator__polarity__in=[Polarity.HIGHER, Polarity.LOWER],
        )
        .select_related("indicator")
        .order_by("indicator__code")
        .distinct()
    )
    targets = dict(
        Target.objects.filter(period=period, indicator__in=[a.indicator for a in rows]).values_list(
            "indicator_id", "value"
        )
    )
    found = []
    for actual in rows:
        target = targets.get(actual.indicator_id)
        if target is None:
            continue
        below = (
            actual.value < target
            if actual.indicator.polarity == Polarity.HIGHER
            else (actual.value > target)
        )
        if below == worse:
            found.append(actual.indicator)
    return found


def build_governance(world: World) -> None:
    _flags(world)
    _briefings(world)


def _flag(
    board: Board,
    item: Indicator | Milestone | None,
    period: Period,
    by: User,
    day: str,
    reason: str,
    **cleared: object,
) -> list[Flag]:
    """The flag, as a list to add to the others; none when the demo has no such item."""
    if item is None:
        return []
    about = {"indicator": item} if isinstance(item, Indicator) else {"milestone": item}
    return [
        Flag(
            board=board,
            period=period,
            source_url=_exceptions_url(board, period),
            reason=reason,
            flagged_by=by,
            flagged_at=_at(day),
            **about,
            **cleared,
        )
    ]


def _flags(world: World) -> None:
    chair, member = world.users["ppb.chair"], world.users["ppb.member"]
    health, corporate = world.boards["PPB-HEALTH"], world.boards["PPB-CORP"]
    health_now = _off_target("HEALTH", LATEST)
    health_before = _off_target("HEALTH", EARLIER, worse=False)
    corporate_now = _off_target("CORP", LATEST)
    milestone = (
        Milestone.objects.filter(objective__links__priority__code="HEALTH", due=LATEST)
        .order_by("code")
        .first()
    )
    Flag.objects.bulk_create(
        _flag(
            health,
            next(iter(health_now), None),
            LATEST,
            chair,
            "2009-08-20",
            "Off target again this quarter. What is the recovery plan, and when will it show "
            "in the figures?",
        )
        + _flag(
            health,
            milestone,
            LATEST,
            chair,
            "2009-08-21",
            "Due this quarter: the board would like to hear whether it was delivered.",
        )
        + _flag(
            health,
            next(iter(health_before), None),
            EARLIER,
            chair,
            "2009-05-18",
            "Well ahead of target: is the target too easy, or is this good practice to share?",
            status=FlagStatus.CLEARED,
            cleared_by=chair,
            cleared_at=_at("2009-06-12", 16),
            outcome="Discussed 11 June. The target is to be reviewed at the next service plan "
            "refresh; the operational director to report back in September.",
        )
        + _flag(
            corporate,
            next(iter(corporate_now), None),
            LATEST,
            member,
            "2009-08-24",
            "Members have had complaints about this; we would like the head of service to "
            "explain the quarter's figure.",
        )
    )


def _envleisure_holder(world: World) -> User:
    portfolio = world.portfolios["ENVLEISURE"]
    holder = User.objects.create(
        username="environment.portfolio",
        first_name="Keith",
        last_name="Ormerod",
        email=f"environment.portfolio@{c.EMAIL_DOMAIN}",
        password=make_password(c.DEMO_PASSWORD),
        organisation=world.council,
        job_title="Councillor, Executive Member for Environment, Leisure & Sport",
    )
    RoleAssignment.objects.create(user=holder, role=Role.PORTFOLIO_HOLDER, portfolio=portfolio)
    world.users[holder.username] = holder
    return holder


def _covered(portfolio: Portfolio) -> tuple[list[Indicator], list[Milestone]]:
    indicators = list(
        Indicator.objects.filter(department__portfolios=portfolio).order_by("code")[:3]
    )
    milestones = list(
        Milestone.objects.filter(
            Q(objective__plan__department__portfolios=portfolio), due=LATEST
        ).order_by("code")[:2]
    )
    return indicators, milestones


def _briefings(world: World) -> None:
    health_director = (
        RoleAssignment.objects.filter(role=Role.STRATEGIC_DIRECTOR, directorate__code="HCD")
        .select_related("user")
        .first()
    )
    plans = [
        (
            world.portfolios["HEALTH-ADULTS"],
            world.users["portfolio.holder"],
            health_director.user if health_director else world.users["performance.officer"],
            datetime.date(2009, 8, 12),
            "The Q1 results for adult social care, the budget position and the inspection "
            "report due in the autumn.",
            "The portfolio holder was assured on the recovery of delayed transfers of care and "
            "asked for a fuller picture of the care home market before the Executive Board "
            "in October.",
            [
                (
                    "Paper on the care home market to the portfolio holder",
                    "Head of Adult Social Care",
                    datetime.date(2009, 9, 30),
                ),
                (
                    "Brief the Healthy Borough PPB chair on the inspection timetable",
                    "Strategic Director, Health & Community",
                    datetime.date(2009, 9, 15),
                ),
            ],
        ),
        (
            world.portfolios["ENVLEISURE"],
            _envleisure_holder(world),
            world.users["strategic.director"],
            datetime.date(2009, 9, 3),
            "Leisure centre usage over the summer.",
            "Recycling is behind target after the change of contractor; the portfolio holder "
            "accepted the recovery plan and wants monthly figures until it is back on track.",
            [
                (
                    "Send monthly recycling figures to the portfolio holder",
                    "Operational Director, Environmental & Regulatory Services",
                    datetime.date(2009, 12, 31),
                ),
            ],
        ),
    ]
    for portfolio, holder, director, held_on, other, outcomes, actions in plans:
        indicators, milestones = _covered(portfolio)
        briefing = Briefing.objects.create(
            portfolio=portfolio,
            holder=holder,
            held_on=held_on,
            other_items=other,
            outcomes=outcomes,
            recorded_by=director,
            recorded_at=_at(held_on.isoformat(), 17),
        )
        briefing.indicators.set(indicators)
        briefing.milestones.set(milestones)
        BriefingAction.objects.bulk_create(
            BriefingAction(briefing=briefing, position=n, action=what, owner=who, due=due)
            for n, (what, who, due) in enumerate(actions, start=1)
        )
