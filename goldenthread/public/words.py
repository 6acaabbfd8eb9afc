"""How a group of measures is doing, and when the council plans its year, in plain sentences
for residents. Pure: takes counts and dates, returns words."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Standing:
    """How many of a group's measures are in each status for the period a page reports."""

    on_target: int = 0
    near_target: int = 0
    off_target: int = 0
    off_and_worsening: int = 0  # of the off-target ones, how many are worse than before
    data_only: int = 0  # a published figure, but no target (or reported for information)
    not_reported: int = 0  # no published figure for the period

    @property
    def rated(self) -> int:
        return self.on_target + self.near_target + self.off_target

    @property
    def total(self) -> int:
        return self.rated + self.data_only + self.not_reported

    def counts(self) -> dict[str, int]:
        """By status, in the order a chart lists them (worst first)."""
        return {
            "red": self.off_target,
            "amber": self.near_target,
            "green": self.on_target,
            "no_target": self.data_only,
            "not_reported": self.not_reported,
        }


def _are(count: int) -> str:
    return "is" if count == 1 else "are"


def _measures(count: int, more: str = "") -> str:
    return f"{count} {more}measure{'' if count == 1 else 's'}"


def standing_sentence(standing: Standing) -> str:
    """``9 of 14 measures with a published result and a target are on target; 2 are near
    target; 3 are off target, 2 of them getting worse.`` and what else there is."""
    s = standing
    if s.total == 0:
        return "There are no measures to report."
    words = []
    if s.rated:
        clauses = [
            f"{s.on_target} of {_measures(s.rated)} with a published result and a target "
            f"{_are(s.on_target)} on target"
        ]
        if s.near_target:
            clauses.append(f"{s.near_target} {_are(s.near_target)} near target")
        if s.off_target:
            off = f"{s.off_target} {_are(s.off_target)} off target"
            if s.off_and_worsening == s.off_target:
                off += " and getting worse" if s.off_target == 1 else ", all getting worse"
            elif s.off_and_worsening:
                off += f", {s.off_and_worsening} of them getting worse"
            clauses.append(off)
        words.append("; ".join(clauses) + ".")
    if s.data_only:
        more = "more " if s.rated else ""
        words.append(
            f"{_measures(s.data_only, more)} {_are(s.data_only)} "
            "reported for information, with no target."
        )
    if s.not_reported:
        words.append(
            f"{_measures(s.not_reported)} "
            f"{'has' if s.not_reported == 1 else 'have'} no published result for the period."
        )
    return " ".join(words)


# -- the planning timetable ----------------------------------------------------------------------

# Whom a stage is due from (assurance.choices.Audience, by value), as a resident would say it.
AUDIENCE_WORDS = {
    "performance_team": "The council's performance team",
    "managers": "Service managers",
    "operational_directors": "Operational directors (who run the council's departments)",
    "strategic_directors": "Strategic directors (who lead groups of departments)",
    "management_team": "Management Team (the council's most senior officers)",
    "executive_board": "The Executive Board (the councillors who lead the council)",
    "members": "Councillors on the Policy and Performance Boards",
    "partners": "The council's partner organisations",
}

# What a stage of each kind (assurance.choices.StageKind, by value) is for; other stages say
# nothing more than their name.
KIND_WORDS = {
    "member_input": "Councillors have their say on the plans, before the plans are agreed.",
    "plans_agreed": "The plans are agreed.",
}


def audience_words(audience: str) -> str:
    return AUDIENCE_WORDS.get(audience, audience)


def day_words(day: datetime.date) -> str:
    """``5 March 2010``."""
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class KeyStage:
    """When a stage is due and, if it is, when it was done."""

    due: datetime.date
    done_on: datetime.date | None = None


def _member_input(stage: KeyStage, today: datetime.date) -> str:
    if stage.done_on is not None:
        return f"councillors gave their input on {day_words(stage.done_on)}"
    if stage.due < today:
        return f"councillors' input was due by {day_words(stage.due)} and is overdue"
    return f"councillors give their input by {day_words(stage.due)}"


def _agreement(stage: KeyStage, today: datetime.date) -> str:
    if stage.done_on is not None:
        return f"the plans were agreed on {day_words(stage.done_on)}"
    if stage.due < today:
        return f"the plans were due to be agreed by {day_words(stage.due)} and are overdue"
    return f"the plans are to be agreed by {day_words(stage.due)}"


def key_dates_sentence(
    member_input: KeyStage | None, agreed: KeyStage | None, today: datetime.date
) -> str:
    """``Councillors give their input by 5 March 2010; the plans are to be agreed by 1 April
    2010.`` Empty when the timetable has neither stage."""
    clauses = []
    if member_input is not None:
        clauses.append(_member_input(member_input, today))
    if agreed is not None:
        clauses.append(_agreement(agreed, today))
    if not clauses:
        return ""
    sentence = "; ".join(clauses) + "."
    return sentence[0].upper() + sentence[1:]


def overdue_sentence(overdue: int) -> str:
    """``1 stage is overdue.`` Empty when none is."""
    if not overdue:
        return ""
    return f"{overdue} stage{'' if overdue == 1 else 's'} {_are(overdue)} overdue."
