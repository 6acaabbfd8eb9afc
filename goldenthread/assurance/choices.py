"""The fixed sets of values of plan quality assurance and the planning timetable, in the
review's own words (sections 3.3b, 4.2 and recommendations 5.2 and 5.3)."""

from __future__ import annotations

from django.db import models

from goldenthread.organisation.models import Role


class ReviewState(models.TextChoices):
    """Where a service plan's QA review is: the performance team drafts it, checks the plan
    with its authors (in QA), and records it agreed."""

    DRAFT = "draft", "Draft"
    IN_QA = "in_qa", "In QA"
    AGREED = "agreed", "Agreed"


class Question(models.TextChoices):
    """The basic questions every service plan should answer (review, section 3.3b)."""

    WHY_HERE = "why_here", "Why are we here? (What is the purpose of our service?)"
    WHERE_NOW = (
        "where_now",
        ("Where are we now? (The context of the service and how well it is performing)"),
    )
    WHERE_TO_BE = (
        "where_to_be",
        ("Where do we need to be? (To achieve the council's objectives and customer expectations)"),
    )
    HOW_GET_THERE = "how_get_there", ("How do we get there? (A clear plan for closing the gap)")
    HOW_KNOW = "how_know", ("How do we know we are there? (Performance information and monitoring)")


class Answer(models.TextChoices):
    """How well the plan answers one of the questions."""

    ANSWERED = "answered", "Answered"
    PARTLY = "partly", "Partly answered"
    NOT_ANSWERED = "not_answered", "Not answered"


class Feature(models.TextChoices):
    """What every service plan should have in some form (review, section 3.3b)."""

    CURRENT_PERFORMANCE = "current_performance", "Current performance"
    OBJECTIVES_AND_NEEDS = "objectives_and_needs", "Objectives and needs"
    MEANS = "means", "Means of achieving objectives"
    MEASURING_SUCCESS = "measuring_success", "Ways of measuring success"


class Presence(models.TextChoices):
    PRESENT = "present", "Present"
    ABSENT = "absent", "Absent"


class RiskAssessment(models.TextChoices):
    """Whether the plan's risks were assessed as it was written (recommendation 5.3: "include
    risk assessments in the quality assurance of service plans to ensure that they are prepared
    at the same time as the plans")."""

    WITH_PLAN = "with_plan", "Prepared with the plan"
    AFTER_PLAN = "after_plan", "Completed after the plan was written"
    MISSING = "missing", "No risk assessment"


class ProgrammeResult(models.TextChoices):
    """The result of a divisional or team plan's review in the rolling programme, against the
    council's Divisional Plan Guidelines."""

    MEETS = "meets", "Meets the Divisional Plan Guidelines"
    MINOR_CHANGES = "minor_changes", "Meets them with minor changes"
    MAJOR_CHANGES = "major_changes", "Does not meet them: changes needed"


class Audience(models.TextChoices):
    """Whom a stage of the planning timetable is due from."""

    PERFORMANCE_TEAM = "performance_team", "Performance team"
    MANAGERS = "managers", "Managers"
    OPERATIONAL_DIRECTORS = "operational_directors", "Operational directors"
    STRATEGIC_DIRECTORS = "strategic_directors", "Strategic directors"
    MANAGEMENT_TEAM = "management_team", "Management Team"
    EXECUTIVE_BOARD = "executive_board", "Executive Board"
    MEMBERS = "members", "Members (Policy and Performance Boards)"
    PARTNERS = "partners", "Partners"


# The roles (organisation.Role) in each audience: a stage due from an audience is due from
# everyone holding one of its roles.
AUDIENCE_ROLES: dict[Audience, frozenset[Role]] = {
    Audience.PERFORMANCE_TEAM: frozenset({Role.PERFORMANCE_OFFICER}),
    Audience.MANAGERS: frozenset({Role.MANAGER}),
    Audience.OPERATIONAL_DIRECTORS: frozenset({Role.OPERATIONAL_DIRECTOR}),
    Audience.STRATEGIC_DIRECTORS: frozenset({Role.STRATEGIC_DIRECTOR}),
    Audience.MANAGEMENT_TEAM: frozenset({Role.MANAGEMENT_TEAM}),
    Audience.EXECUTIVE_BOARD: frozenset({Role.EXECUTIVE_MEMBER, Role.PORTFOLIO_HOLDER}),
    Audience.MEMBERS: frozenset({Role.PPB_CHAIR, Role.PPB_MEMBER}),
    Audience.PARTNERS: frozenset({Role.PARTNER_OFFICER}),
}


def audiences_of(roles: frozenset[str] | set[str]) -> list[Audience]:
    """The audiences a person with these roles belongs to, in the order of Audience."""
    return [audience for audience in Audience if AUDIENCE_ROLES[audience] & set(roles)]


class StageKind(models.TextChoices):
    """Two stages every year's timetable needs, in this order (recommendation 5.2: "revise
    the Service Planning timetable to allow greater input by Members at the planning stage")."""

    MEMBER_INPUT = "member_input", "Member input"
    PLANS_AGREED = "plans_agreed", "Plans agreed"
    OTHER = "other", "Other stage"
