"""How the demo council uses the National Indicators, and its Local Area Agreement.

National Indicators come from the shipped reference file through the indicator import; the table
here only says how Demo Borough uses each one (department, priorities) and fills in what the
reference file leaves blank. The demo's own indicators are in content_pis.
"""

from __future__ import annotations

from typing import NamedTuple


class NIUse(NamedTuple):
    """How the demo council uses one National Indicator; blanks keep the reference values."""

    department: str
    priorities: tuple[str, ...]  # the first is the primary
    polarity: str  # + higher, - lower, 0 none; used only where the reference file has none
    unit: str  # used only where the reference file has none
    frequency: str  # q quarterly, a annual, b biennial; used only where the reference has none
    aggregation: str = "s"  # s snapshot, c cumulative
    decimals: int = 1


NI_USE = {
    # A Safer Borough
    "NI 15": NIUse("CS", ("SAFER",), "-", "rate per 1,000", "q", "c", 2),
    "NI 16": NIUse("CS", ("SAFER",), "-", "rate per 1,000", "q", "c", 2),
    "NI 17": NIUse("CS", ("SAFER",), "-", "%", "b"),
    "NI 18": NIUse("CS", ("SAFER",), "-", "%", "q"),
    "NI 20": NIUse("CS", ("SAFER",), "-", "rate per 1,000", "q", "c", 2),
    "NI 21": NIUse("CS", ("SAFER",), "+", "%", "b"),
    "NI 25": NIUse("CS", ("SAFER",), "+", "%", "a"),
    "NI 27": NIUse("CS", ("SAFER",), "+", "%", "b"),
    "NI 30": NIUse("CS", ("SAFER",), "-", "%", "q"),
    "NI 32": NIUse("CS", ("SAFER",), "-", "%", "q"),
    "NI 35": NIUse("CS", ("SAFER",), "+", "score", "a", decimals=0),
    "NI 38": NIUse("CS", ("SAFER", "HEALTH"), "-", "rate", "q", decimals=2),
    "NI 49": NIUse("CS", ("SAFER",), "-", "number", "q", "c", 0),
    # A Healthy Borough
    "NI 39": NIUse("ASC", ("HEALTH", "SAFER"), "-", "rate per 100,000", "q", "c", 0),
    "NI 40": NIUse("ASC", ("HEALTH", "SAFER"), "+", "number", "q", decimals=0),
    "NI 113": NIUse("ASC", ("HEALTH", "CYP"), "0", "%", "a"),
    "NI 120": NIUse("ASC", ("HEALTH",), "-", "rate per 100,000", "a"),
    "NI 126": NIUse("EYS", ("HEALTH", "CYP"), "+", "%", "q"),
    "NI 135": NIUse("ASC", ("HEALTH",), "+", "%", "a"),
    "NI 136": NIUse("ASC", ("HEALTH",), "+", "rate per 1,000", "q"),
    # Children & Young People
    "NI 19": NIUse("YOS", ("CYP", "SAFER"), "-", "rate", "q", decimals=2),
    "NI 43": NIUse("YOS", ("CYP",), "-", "%", "q"),
    "NI 50": NIUse("LEA", ("CYP",), "+", "%", "a"),
    "NI 51": NIUse("CSC", ("CYP", "HEALTH"), "+", "score", "a", decimals=0),
    "NI 53": NIUse("EYS", ("CYP", "HEALTH"), "+", "%", "q"),
    "NI 54": NIUse("CSC", ("CYP",), "+", "score", "a", decimals=0),
    "NI 60": NIUse("CSC", ("CYP",), "+", "%", "q"),
    "NI 102b": NIUse("LEA", ("CYP", "ELS"), "-", "% (gap)", "a"),
    "NI 104": NIUse("LEA", ("CYP",), "-", "% (gap)", "a"),
    "NI 111": NIUse("YOS", ("CYP", "SAFER"), "-", "rate per 100,000", "q", "c", 0),
    "NI 112": NIUse("EYS", ("CYP", "HEALTH"), "-", "rate", "a"),
    "NI 116": NIUse("EYS", ("CYP", "ELS"), "-", "%", "a"),
    # The reference title is cut short, so nobody can say which way is better: not rated.
    "NI 198": NIUse("LEA", ("CYP", "URBAN"), "0", "%", "a"),
    # Employment, Learning & Skills
    "NI 171": NIUse("ER", ("ELS",), "+", "rate", "a"),
    "NI 172": NIUse("ER", ("ELS",), "+", "%", "a"),
    # Urban Renewal
    "NI 47": NIUse("HTL", ("URBAN", "SAFER"), "-", "number", "q", "c", 0),
    "NI 154": NIUse("PLN", ("URBAN",), "+", "number", "a", decimals=0),
    "NI 158": NIUse("HSG", ("URBAN",), "-", "%", "a"),
    "NI 169": NIUse("HTL", ("URBAN",), "-", "%", "a"),
    "NI 175": NIUse("HTL", ("URBAN",), "+", "%", "a"),
    "NI 186": NIUse("ERS", ("URBAN",), "-", "tonnes per head", "a", decimals=2),
    "NI 188": NIUse("ERS", ("URBAN",), "+", "level", "a", decimals=0),
    "NI 191": NIUse("ERS", ("URBAN",), "-", "kg per household", "a", decimals=0),
    "NI 192": NIUse("ERS", ("URBAN",), "+", "%", "a"),
    "NI 193": NIUse("ERS", ("URBAN",), "-", "%", "q"),
    "NI 195": NIUse("ERS", ("URBAN",), "-", "%", "a"),
    # Corporate Effectiveness & Business Efficiency
    "NI 1": NIUse("PP", ("CORP", "SAFER"), "+", "%", "b"),
    "NI 4": NIUse("PP", ("CORP",), "+", "%", "b"),
    "NI 6": NIUse("PP", ("CORP", "ELS"), "+", "%", "b"),
    "NI 7": NIUse("PP", ("CORP",), "+", "score", "b", decimals=0),
    "NI 14": NIUse("RB", ("CORP",), "-", "%", "q"),
    "NI 185": NIUse("PRO", ("CORP", "URBAN"), "+", "%", "a"),
}

# NIs not in the Local Area Agreement (NI 14 measures the council's own customer contact).
NOT_IN_LAA = ["NI 14"]
# The LAA's 16 statutory education and early-years targets. The reference list has none of
# the real statutory NIs, so the demo uses its children's, young people's and early-years NIs,
# and NI 47 (road casualties, which counts children) to make up sixteen.
STATUTORY = [
    "NI 19",
    "NI 43",
    "NI 47",
    "NI 50",
    "NI 51",
    "NI 53",
    "NI 54",
    "NI 60",
    "NI 102b",
    "NI 104",
    "NI 111",
    "NI 112",
    "NI 113",
    "NI 116",
    "NI 126",
    "NI 198",
]
# Who leads each LAA indicator, by organisation code; any NI not named is led by the council.
LAA_LEAD = {
    "NI 15": "POL",
    "NI 16": "POL",
    "NI 17": "POL",
    "NI 20": "POL",
    "NI 21": "POL",
    "NI 25": "POL",
    "NI 27": "POL",
    "NI 32": "POL",
    "NI 35": "POL",
    "NI 38": "POL",
    "NI 18": "PROB",
    "NI 30": "PROB",
    "NI 49": "FIRE",
    "NI 39": "PCT",
    "NI 40": "PCT",
    "NI 53": "PCT",
    "NI 112": "PCT",
    "NI 113": "PCT",
    "NI 120": "PCT",
    "NI 126": "PCT",
    "NI 51": "PCT",
    "NI 6": "CVS",
    "NI 7": "CVS",
    "NI 171": "JCP",
    "NI 172": "JCP",
    "NI 158": "HT",
}
