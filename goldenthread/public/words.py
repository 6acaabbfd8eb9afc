"""How a group of measures is doing, in one or two plain sentences for residents. Pure: takes
counts, returns words."""

from __future__ import annotations

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
