"""The demo's performance figures that are set by hand: every situation a status report meets.

Most targets and actuals are drawn by the builder from a seeded generator. The cases below
override them so that each status, exception and direction of travel certainly appears, with
known numbers, in the last published quarter (2009/10 Q1, compared with 2008/09 Q1) or the
last published year (2008/09). docs/demo.md lists them; tests and later work may rely on them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

LATEST = "2009/10 Q1"  # the last published quarter
LAST_YEAR = "2008/09 Q1"  # the same quarter a year earlier
COLLECTING = "2009/10 Q2"  # being collected: figures entered, none published


class Case(NamedTuple):
    code: str
    shows: str  # what a status report should show, in words (docs/demo.md repeats it)
    # What the status report for ``period`` (published figures) shows: period, status,
    # direction, exception. tests/test_demo.py holds the demo to it.
    expect: tuple[str, str, str | None, str | None]
    targets: dict[str, str | tuple[str, str]] = {}  # period -> value, or (value, floor)
    actuals: dict[str, str | None] = {}  # period -> value; None removes the figure
    no_targets: bool = False  # remove every target the generator made
    first_reported: str | None = None  # remove figures before this period
    states: dict[str, str] = {}  # period -> workflow state
    commentary: dict[str, str] = {}  # period -> commentary
    level: float | None = None  # the generator's typical value, so other periods fit the case
    profiled: bool | None = None  # force (or forbid) quarterly year-to-date targets


CASES = [
    Case(
        "ERS LI 1",
        "green: 92.5 beats the target of 90; improving on 88.0 a year earlier",
        expect=(LATEST, "green", "improving", None),
        targets={LATEST: "90.0"},
        actuals={LATEST: "92.5", LAST_YEAR: "88.0"},
        states={COLLECTING: "draft"},
        level=88,
    ),
    Case(
        "ASC LI 6",
        "amber: 82.0 is 3.5% below the target of 85 (within the 5% tolerance); "
        "no change from 82.0 a year earlier",
        expect=(LATEST, "amber", "no_change", None),
        targets={LATEST: "85.0"},
        actuals={LATEST: "82.0", LAST_YEAR: "82.0"},
        states={COLLECTING: "submitted"},
        commentary={
            LATEST: "Two assessors were on long-term sick leave; agency cover started in June."
        },
        level=82,
    ),
    Case(
        "BV 78a",
        "amber, lower is better: 23.0 days against a target of 22.0 (4.5% worse); "
        "improving on 26.4 a year earlier",
        expect=(LATEST, "amber", "improving", None),
        targets={LATEST: "22.0"},
        actuals={LATEST: "23.0", LAST_YEAR: "26.4"},
        level=25,
    ),
    Case(
        "CSC LI 1",
        "red and an under exception: 61.0 against a target of 80 and a floor of 70; "
        "worsening from 74.0 a year earlier; not yet reported for 2009/10 Q2",
        expect=(LATEST, "red", "worsening", "under"),
        targets={LATEST: ("80.0", "70.0")},
        actuals={LATEST: "61.0", LAST_YEAR: "74.0", COLLECTING: None},
        commentary={
            LATEST: "Referrals rose by 30% after the national publicity about child "
            "protection; a recovery plan goes to the PPB in September."
        },
        level=75,
    ),
    Case(
        "ICT LI 1",
        "red although within 5%: 98.7 misses the target of 99.5 by 0.8% but is "
        "below the floor of 99.0; worsening from 99.9",
        expect=(LATEST, "red", "worsening", "under"),
        targets={LATEST: ("99.5", "99.0")},
        actuals={LATEST: "98.7", LAST_YEAR: "99.9"},
        states={COLLECTING: "validated"},
        commentary={LATEST: "The main data centre lost power for two days in May."},
        level=99.4,
    ),
    Case(
        "BV 212",
        "red, lower is better: 35.0 days against a target of 28.0 (25% worse); worsening from 31.0",
        expect=(LATEST, "red", "worsening", "under"),
        targets={LATEST: "28.0"},
        actuals={LATEST: "35.0", LAST_YEAR: "31.0"},
        level=30,
    ),
    Case(
        "ER LI 4",
        "green and an over exception: 13,800 is 15% above the target of 12,000; "
        "improving on 11,900",
        expect=(LATEST, "green", "improving", "over"),
        targets={LATEST: "12000"},
        actuals={LATEST: "13800", LAST_YEAR: "11900"},
        commentary={
            LATEST: "The new market hall opened in April and drew visitors from "
            "outside the borough."
        },
        level=12000,
    ),
    Case(
        "ERS LI 8",
        "green and an over exception, lower is better: 60 against a target of 80 "
        "(25% better); improving on 75",
        expect=(LATEST, "green", "improving", "over"),
        targets={LATEST: "80.00"},
        actuals={LATEST: "60.00", LAST_YEAR: "75.00"},
        level=75,
    ),
    Case(
        "FIRE PI 3",
        "green with a zero target: 0 deaths meets the target of 0; no change",
        expect=(LATEST, "green", "no_change", None),
        targets={
            "2009/10": "0",
            LATEST: "0",
            "2009/10 Q2": "0",
            "2009/10 Q3": "0",
            "2009/10 Q4": "0",
            "2008/09": "0",
            LAST_YEAR: "0",
        },
        actuals={LATEST: "0", LAST_YEAR: "0", COLLECTING: "0"},
        level=1,
    ),
    Case(
        "HR LI 3",
        "red with a zero target (the amber band has no width): 2 accidents against "
        "0; improving on 3 a year earlier",
        expect=(LATEST, "red", "improving", "under"),
        targets={
            "2009/10": "0",
            LATEST: "0",
            "2009/10 Q2": "0",
            "2009/10 Q3": "0",
            "2009/10 Q4": "0",
        },
        actuals={LATEST: "2", LAST_YEAR: "3"},
        level=10,
    ),
    Case(
        "ICT LI 5",
        "no_target: reported for the first time in 2009/10 Q1, with no target and "
        "nothing to compare with (direction null)",
        expect=(LATEST, "no_target", None, None),
        no_targets=True,
        first_reported=LATEST,
        level=50000,
    ),
    Case(
        "CL LI 8",
        "no_target: figures every quarter but no target ever set; direction from "
        "the same quarter last year",
        expect=(LATEST, "no_target", "improving", None),
        no_targets=True,
        level=20000,
    ),
    Case(
        "HSG LI 7",
        "not_reported: targets set, but no figure for 2009/10 Q1 or Q2",
        expect=(LATEST, "not_reported", None, None),
        actuals={LATEST: None, COLLECTING: None},
        level=90,
    ),
    Case(
        "RB LI 2",
        "amber only because of its 10% tolerance: 78.5 is 7.6% below the target of "
        "85 (red at the default 5%); worsening from 80.0",
        expect=(LATEST, "amber", "worsening", None),
        targets={LATEST: "85.0"},
        actuals={LATEST: "78.5", LAST_YEAR: "80.0"},
        level=80,
    ),
    Case(
        "BV 79a",
        "red only because of its 2% tolerance: 95.8 is 2.2% below the target of 98 "
        "(amber at the default 5%); worsening from 97.0",
        expect=(LATEST, "red", "worsening", "under"),
        targets={LATEST: "98.0"},
        actuals={LATEST: "95.8", LAST_YEAR: "97.0"},
        level=97,
    ),
    Case(
        "BV 12",
        "cumulative with a set profile: 2.30 days to date against a year-to-date "
        "target of 2.40 (green); improving on 2.60; 2009/10 Q2 submitted at 4.75 against 4.60",
        expect=(LATEST, "green", "improving", None),
        targets={
            "2009/10": "9.00",
            LATEST: "2.40",
            "2009/10 Q2": "4.60",
            "2009/10 Q3": "6.80",
            "2009/10 Q4": "9.00",
        },
        actuals={LATEST: "2.30", LAST_YEAR: "2.60", COLLECTING: "4.75"},
        states={COLLECTING: "submitted"},
        level=10,
        profiled=True,
    ),
    Case(
        "ER LI 6",
        "cumulative with an annual target only: 41 start-ups to date against 120 "
        "for the year (30 profiled evenly to Q1): green and an over exception; improving on 28",
        expect=(LATEST, "green", "improving", "over"),
        targets={"2009/10": "120"},
        actuals={LATEST: "41", LAST_YEAR: "28"},
        level=110,
        profiled=False,
    ),
    Case(
        "NI 192",
        "annual, 2008/09: 41.5 beats the target of 38.0 by 9% (green, no exception); "
        "improving on 36.0 in 2007/08",
        expect=("2008/09", "green", "improving", None),
        targets={"2008/09": "38.0"},
        actuals={"2008/09": "41.5", "2007/08": "36.0"},
        level=37,
    ),
    Case(
        "NI 191",
        "annual, 2008/09, lower is better: 760 kg against a target of 700 (red); "
        "worsening from 740",
        expect=("2008/09", "red", "worsening", "under"),
        targets={"2008/09": "700"},
        actuals={"2008/09": "760", "2007/08": "740"},
        level=740,
    ),
    Case(
        "NI 154",
        "annual, 2008/09: 250 homes against a target of 400 and a floor of 300 "
        "(red); worsening from 410",
        expect=("2008/09", "red", "worsening", "under"),
        targets={"2008/09": ("400", "300")},
        actuals={"2008/09": "250", "2007/08": "410"},
        commentary={
            "2008/09": "House building stopped on two large sites as the housing market fell."
        },
        level=400,
    ),
    Case(
        "NI 4",
        "biennial (Place Survey), 2008/09: 29.1 is 3% below the target of 30.0 "
        "(amber); the first survey, so direction is null",
        expect=("2008/09", "amber", None, None),
        targets={"2008/09": "30.0"},
        actuals={"2008/09": "29.1"},
        level=28,
    ),
]

# Tolerance overrides (a percentage of the target); every other indicator uses the default.
TOLERANCES = {
    "RB LI 2": Decimal("10"),
    "BV 79a": Decimal("2"),
    "PCT PI 2": Decimal("2"),
    "ASC LI 7": Decimal("10"),
    "HT PI 2": Decimal("15"),
}

# Commentary the generator attaches to some figures, by how the figure compares.
UNDER_COMMENTARY = [
    "Performance fell because of vacancies in the team; recruitment is under way.",
    "A new computer system went live this quarter and slowed processing while staff learned it.",
    "Demand rose sharply this quarter; the service is reviewing how work is prioritised.",
    "The contractor missed agreed standards; the council has issued a default notice.",
    "Figures are affected by a change in the national definition; the trend is being checked.",
    "Severe weather disrupted the service for two weeks.",
]
OVER_COMMENTARY = [
    "The new way of working introduced last year is now paying off.",
    "Extra grant funding allowed more work than planned this quarter.",
    "A one-off campaign boosted the figure; it is not expected to last all year.",
    "The target was set cautiously; it will be reviewed for next year.",
]
ROUTINE_COMMENTARY = [
    "On course for the year-end target.",
    "Figure checked against the source system by the data officer.",
    "Seasonal pattern as expected for this quarter.",
    "Provisional figure; may be revised when the national return is finalised.",
]
MILESTONE_COMMENTARY = {
    "at_risk": [
        "Depends on a partner's decision that has been delayed.",
        "Key officer on leave; the work is being covered within the team.",
        "Consultation has taken longer than planned.",
    ],
    "will_miss": [
        "Funding has not been confirmed; the date will slip by at least a quarter.",
        "The procurement had to be re-run after no suitable bids were received.",
    ],
    "missed": [
        "Not completed by the due date; a revised date is proposed to the PPB.",
        "Delayed by the restructure of the department.",
    ],
    "complete": [
        "Completed as planned.",
        "Completed; the report is on the council's website.",
    ],
}
