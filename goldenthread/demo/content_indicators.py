"""The demo's indicator library: how it uses the National Indicators, and its own PIs.

National Indicators come from the shipped reference file through the indicator import; the table
here only says how Demo Borough uses each one (department, priorities) and fills in what the
reference file leaves blank. Local and partner indicator titles are plausible inventions; BVPI
titles are paraphrased for the demo and are not authoritative definitions.

Local indicator codes are the department code, ``LI`` and a number in the order listed
(``ERS LI 1``); partner indicators take the partner's code (``PCT PI 1``).
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
    "NI 19", "NI 43", "NI 47", "NI 50", "NI 51", "NI 53", "NI 54", "NI 60", "NI 102b", "NI 104",
    "NI 111", "NI 112", "NI 113", "NI 116", "NI 126", "NI 198",
]
# Who leads each LAA indicator, by organisation code; any NI not named is led by the council.
LAA_LEAD = {
    "NI 15": "POL", "NI 16": "POL", "NI 17": "POL", "NI 20": "POL", "NI 21": "POL",
    "NI 25": "POL", "NI 27": "POL", "NI 32": "POL", "NI 35": "POL", "NI 38": "POL",
    "NI 18": "PROB", "NI 30": "PROB", "NI 49": "FIRE", "NI 39": "PCT", "NI 40": "PCT",
    "NI 53": "PCT", "NI 112": "PCT", "NI 113": "PCT", "NI 120": "PCT", "NI 126": "PCT",
    "NI 51": "PCT", "NI 6": "CVS", "NI 7": "CVS", "NI 171": "JCP", "NI 172": "JCP",
    "NI 158": "HT",
}


class PIRow(NamedTuple):
    """One of the demo's own indicators. ``owner`` is a department code, or the partner's
    organisation code for a partner PI."""

    owner: str
    set: str  # B BVPI, L local, P partner
    code: str  # given for BVPIs; empty means "number it" (local and partner PIs)
    title: str
    unit: str
    polarity: str  # + higher, - lower, 0 none
    frequency: str  # q quarterly, a annual, b biennial
    aggregation: str = "s"  # s snapshot, c cumulative


P = PIRow

# By primary priority. With the NIs above, each priority's count is the review's Table 2.
PIS: dict[str, list[PIRow]] = {
    "HEALTH": [
        P("ASC", "B", "BV 54", "Older people helped to live at home per 1,000 population aged "
          "65 or over", "rate per 1,000", "+", "q"),
        P("ASC", "B", "BV 53", "Households receiving intensive home care per 1,000 population "
          "aged 65 or over", "rate per 1,000", "+", "q"),
        P("ASC", "B", "BV 56", "% of items of equipment and adaptations delivered within 7 "
          "working days", "%", "+", "q"),
        P("ASC", "B", "BV 195", "Acceptable waiting times for assessments", "%", "+", "q"),
        P("ASC", "B", "BV 196", "Acceptable waiting times for care packages", "%", "+", "q"),
        P("ASC", "B", "BV 201", "Adults and older people receiving direct payments per 100,000 "
          "population", "rate per 100,000", "+", "q"),
        P("ERS", "B", "BV 166a", "Score against a checklist of enforcement best practice for "
          "environmental health", "%", "+", "a"),
        P("PCT", "P", "", "Four-week smoking quitters per 100,000 population aged 16 or over",
          "rate per 100,000", "+", "q", "c"),
        P("PCT", "P", "", "% of patients seen in A&E within four hours", "%", "+", "q"),
        P("PCT", "P", "", "Delayed transfers of care from hospital per 100,000 population",
          "rate per 100,000", "-", "q"),
        P("PCT", "P", "", "% of eligible women screened for breast cancer in the last three "
          "years", "%", "+", "a"),
        P("PCT", "P", "", "% of children immunised against MMR by their second birthday", "%",
          "+", "q"),
        P("PCT", "P", "", "Emergency hospital admissions of people aged 75 or over per 1,000",
          "rate per 1,000", "-", "q"),
        P("ASC", "L", "", "Number of carers receiving a carer's break", "number", "+", "q", "c"),
        P("ASC", "L", "", "% of social care clients reviewed in the year", "%", "+", "q", "c"),
        P("ASC", "L", "", "Permanent admissions to residential and nursing care of people aged "
          "65 or over per 10,000 population", "rate per 10,000", "-", "q", "c"),
        P("ASC", "L", "", "% of safeguarding adults referrals where the risk was removed or "
          "reduced", "%", "+", "q"),
        P("ASC", "L", "", "Number of people using telecare", "number", "+", "q"),
        P("ASC", "L", "", "% of new clients whose assessment was completed within 28 days", "%",
          "+", "q"),
        P("ASC", "L", "", "Average weekly cost of home care per client", "£", "-", "q"),
        P("ASC", "L", "", "Number of adults with learning disabilities helped into paid work",
          "number", "+", "q", "c"),
        P("ASC", "L", "", "% of intermediate care clients still at home 91 days after discharge",
          "%", "+", "q"),
        P("ASC", "L", "", "Number of people receiving a personal budget", "number", "+", "q"),
        P("ASC", "L", "", "% of adults using mental health services who live in settled "
          "accommodation", "%", "+", "q"),
        P("ASC", "L", "", "% of complaints about adult social care resolved within 20 working "
          "days", "%", "+", "q"),
        P("ASC", "L", "", "Number of people completing a falls prevention programme", "number",
          "+", "q", "c"),
        P("ASC", "L", "", "% of people who say the help they received improved their quality "
          "of life", "%", "+", "a"),
        P("CL", "L", "", "Number of visits to leisure centres", "number", "+", "q", "c"),
        P("CL", "L", "", "Number of adults on the GP exercise referral scheme", "number", "+",
          "q", "c"),
        P("CL", "L", "", "% of adults taking part in sport three times a week", "%", "+", "a"),
        P("CL", "L", "", "Number of free swims by people aged 60 or over", "number", "+", "q",
          "c"),
        P("CL", "L", "", "Cost per visit to leisure centres", "£", "-", "q"),
        P("ERS", "L", "", "% of high-risk food premises inspected when due", "%", "+", "q"),
        P("ERS", "L", "", "% of food premises broadly compliant with food hygiene law", "%", "+",
          "q"),
        P("ERS", "L", "", "% of pest control requests answered within 3 working days", "%", "+",
          "q"),
        P("ERS", "L", "", "Days on which air pollution was moderate or worse", "days", "-", "a"),
        P("ERS", "L", "", "% of noise complaints answered within 2 working days", "%", "+", "q"),
        P("ERS", "L", "", "Number of smoke-free compliance checks", "number", "0", "q", "c"),
        P("HSG", "L", "", "Number of disabled facilities grants completed", "number", "+", "q",
          "c"),
        P("HSG", "L", "", "Average weeks from referral to a completed disabled facilities grant",
          "weeks", "-", "q"),
        P("HSG", "L", "", "Number of households helped with home energy efficiency measures",
          "number", "+", "q", "c"),
        P("HSG", "L", "", "Number of vulnerable households in private housing made decent",
          "number", "+", "q", "c"),
        P("EYS", "L", "", "% of children's centre users who are teenage parents", "%", "0", "q"),
        P("EYS", "L", "", "Number of families supported through Healthy Start", "number", "+",
          "q", "c"),
    ],
    "URBAN": [
        P("PLN", "B", "BV 109a", "% of major planning applications determined within 13 weeks",
          "%", "+", "q"),
        P("PLN", "B", "BV 109b", "% of minor planning applications determined within 8 weeks",
          "%", "+", "q"),
        P("PLN", "B", "BV 109c", "% of other planning applications determined within 8 weeks",
          "%", "+", "q"),
        P("PLN", "B", "BV 204", "% of appeals allowed against refusals of planning permission",
          "%", "-", "q"),
        P("PLN", "B", "BV 205", "Quality of the planning service checklist", "%", "+", "a"),
        P("PLN", "B", "BV 219b", "% of conservation areas with an up-to-date character "
          "appraisal", "%", "+", "a"),
        P("ERS", "B", "BV 82a", "% of household waste recycled", "%", "+", "q"),
        P("ERS", "B", "BV 82b", "% of household waste composted", "%", "+", "q"),
        P("ERS", "B", "BV 84a", "Kilograms of household waste collected per head", "kg", "-",
          "q", "c"),
        P("ERS", "B", "BV 86", "Cost of household waste collection per household", "£", "-",
          "a"),
        P("ERS", "B", "BV 91a", "% of households served by kerbside collection of recyclables",
          "%", "+", "a"),
        P("ERS", "B", "BV 199a", "% of relevant land with unacceptable litter and detritus", "%",
          "-", "a"),
        P("ERS", "B", "BV 216b", "% of sites of potential concern with enough information on "
          "land contamination", "%", "+", "a"),
        P("ERS", "B", "BV 218a", "% of reports of abandoned vehicles investigated within 24 "
          "hours", "%", "+", "q"),
        P("ERS", "B", "BV 218b", "% of abandoned vehicles removed within 24 hours of the "
          "council being entitled to", "%", "+", "q"),
        P("HTL", "B", "BV 100", "Days of temporary traffic controls or road closure on "
          "traffic-sensitive roads per km", "days", "-", "q"),
        P("HTL", "B", "BV 102", "Local bus passenger journeys a year", "number", "+", "a"),
        P("HTL", "B", "BV 165", "% of pedestrian crossings with facilities for disabled people",
          "%", "+", "a"),
        P("HTL", "B", "BV 187", "% of footways where structural maintenance should be "
          "considered", "%", "-", "a"),
        P("HTL", "B", "BV 215a", "Average days to repair a street lighting fault", "days", "-",
          "q"),
        P("HSG", "B", "BV 64", "Private sector vacant dwellings returned to occupation or "
          "demolished", "number", "+", "q", "c"),
        P("HSG", "B", "BV 66a", "Rent collected as % of rent owed on council homes", "%", "+",
          "q", "c"),
        P("HSG", "B", "BV 184a", "% of council homes that were non-decent at the start of the "
          "year", "%", "-", "a"),
        P("HSG", "B", "BV 212", "Average days to re-let council homes", "days", "-", "q"),
        P("HT", "P", "", "% of housing trust homes meeting the Decent Homes Standard", "%", "+",
          "a"),
        P("HT", "P", "", "Average days to re-let housing trust homes", "days", "-", "q"),
        P("HT", "P", "", "% of housing trust rent collected", "%", "+", "q", "c"),
        P("HTL", "L", "", "% of dangerous highway defects made safe within 24 hours", "%", "+",
          "q"),
        P("HTL", "L", "", "% of street lights not working as planned", "%", "-", "q"),
        P("HTL", "L", "", "Number of road safety sessions delivered in schools", "number", "+",
          "q", "c"),
        P("HTL", "L", "", "% of bus stops with raised kerbs", "%", "+", "a"),
        P("HTL", "L", "", "Number of trips on the community transport scheme", "number", "+",
          "q", "c"),
        P("HTL", "L", "", "% of highway insurance claims repudiated", "%", "+", "q"),
        P("HTL", "L", "", "Average days to process a highway licence application", "days", "-",
          "q"),
        P("PLN", "L", "", "% of building regulation applications checked within 15 working "
          "days", "%", "+", "q"),
        P("PLN", "L", "", "Number of planning enforcement complaints investigated", "number",
          "0", "q", "c"),
        P("PLN", "L", "", "% of householder applications determined within 8 weeks", "%", "+",
          "q"),
        P("PLN", "L", "", "% of planning decisions delegated to officers", "%", "+", "q"),
        P("ER", "L", "", "Hectares of derelict land reclaimed", "hectares", "+", "a"),
        P("ER", "L", "", "Square metres of new commercial floorspace completed", "m²", "+",
          "a"),
        P("ER", "L", "", "% of town centre shop units vacant", "%", "-", "q"),
        P("ER", "L", "", "Town centre footfall (weekly average)", "number", "+", "q"),
        P("ERS", "L", "", "% of missed bins collected by the end of the next working day", "%",
          "+", "q"),
        P("ERS", "L", "", "Missed bin collections per 100,000 collections", "rate per 100,000",
          "-", "q"),
        P("ERS", "L", "", "% of fly-tipping removed within 2 working days", "%", "+", "q"),
        P("ERS", "L", "", "Number of fixed penalty notices issued for environmental crime",
          "number", "0", "q", "c"),
        P("ERS", "L", "", "Number of parks holding a Green Flag award", "number", "+", "a"),
        P("ERS", "L", "", "% of graffiti removed within 5 working days", "%", "+", "q"),
        P("HSG", "L", "", "Number of affordable homes delivered", "number", "+", "q", "c"),
        P("HSG", "L", "", "% of council homes with a valid gas safety certificate", "%", "+",
          "q"),
        P("HSG", "L", "", "% of responsive repairs completed within the target time", "%", "+",
          "q"),
        P("PRO", "L", "", "% of council buildings with a current Display Energy Certificate",
          "%", "+", "a"),
        P("PRO", "L", "", "Tonnes of CO2 emitted by council buildings", "tonnes", "-", "a"),
    ],
    "CYP": [
        P("LEA", "B", "BV 43a", "% of SEN statements issued within 18 weeks, excluding "
          "exceptions", "%", "+", "q"),
        P("LEA", "B", "BV 43b", "% of SEN statements issued within 18 weeks, including "
          "exceptions", "%", "+", "q"),
        P("LEA", "B", "BV 45", "% of half days missed through absence in secondary schools",
          "%", "-", "q"),
        P("LEA", "B", "BV 46", "% of half days missed through absence in primary schools", "%",
          "-", "q"),
        P("LEA", "B", "BV 38", "% of pupils achieving five or more GCSEs at grades A*-C", "%",
          "+", "a"),
        P("LEA", "B", "BV 40", "% of pupils achieving level 4 or above in Key Stage 2 "
          "mathematics", "%", "+", "a"),
        P("LEA", "B", "BV 41", "% of pupils achieving level 4 or above in Key Stage 2 English",
          "%", "+", "a"),
        P("CSC", "B", "BV 49", "% of looked after children with three or more placements in "
          "the year", "%", "-", "q"),
        P("CSC", "B", "BV 50", "% of care leavers aged 16 or over with at least one GCSE", "%",
          "+", "a"),
        P("CSC", "B", "BV 161", "Care leavers in education, employment or training at 19, as a "
          "ratio of all young people", "ratio", "+", "a"),
        P("CSC", "B", "BV 162", "% of child protection cases reviewed on time", "%", "+", "q"),
        P("CSC", "B", "BV 163", "Adoptions as % of children looked after for six months or "
          "more", "%", "+", "a"),
        P("EYS", "B", "BV 197", "Change in conceptions to girls under 18 since 1998", "%", "-",
          "a"),
        P("YOS", "B", "BV 221a", "% of young people aged 13-19 gaining a recorded outcome from "
          "youth work", "%", "+", "q", "c"),
        P("PCT", "P", "", "% of children in reception year who are obese", "%", "-", "a"),
        P("COL", "P", "", "Success rate of 16-18 year old learners at the college", "%", "+",
          "a"),
        P("CSC", "L", "", "% of initial assessments completed within 7 working days", "%", "+",
          "q"),
        P("CSC", "L", "", "Number of children subject to a child protection plan", "number",
          "0", "q"),
        P("CSC", "L", "", "% of children becoming subject to a child protection plan for a "
          "second time", "%", "-", "q"),
        P("CSC", "L", "", "Number of looked after children", "number", "0", "q"),
        P("CSC", "L", "", "% of looked after children with an up-to-date care plan", "%", "+",
          "q"),
        P("CSC", "L", "", "% of looked after children placed with the council's own foster "
          "carers", "%", "+", "q"),
        P("CSC", "L", "", "Number of approved foster carers", "number", "+", "q"),
        P("CSC", "L", "", "% of referrals that are re-referrals within 12 months", "%", "-",
          "q"),
        P("CSC", "L", "", "% of looked after children visited within statutory timescales", "%",
          "+", "q"),
        P("CSC", "L", "", "% of social work posts filled by permanent staff", "%", "+", "q"),
        P("LEA", "L", "", "% of schools judged good or outstanding by Ofsted", "%", "+", "q"),
        P("LEA", "L", "", "Number of permanent exclusions from schools", "number", "-", "q",
          "c"),
        P("LEA", "L", "", "% of pupils offered their first-preference secondary school", "%",
          "+", "a"),
        P("LEA", "L", "", "Number of schools in an Ofsted category of concern", "number", "-",
          "q"),
        P("LEA", "L", "", "% of pupils achieving five GCSEs at A*-C including English and "
          "mathematics", "%", "+", "a"),
        P("LEA", "L", "", "% of Year 11 leavers going on to further learning", "%", "+", "a"),
        P("LEA", "L", "", "% of primary pupils taking a school meal", "%", "+", "q"),
        P("LEA", "L", "", "Number of surplus school places", "number", "-", "a"),
        P("EYS", "L", "", "Number of children registered with a children's centre", "number",
          "+", "q"),
        P("EYS", "L", "", "% of early years settings judged good or outstanding", "%", "+", "q"),
        P("EYS", "L", "", "Number of new childcare places created", "number", "+", "q", "c"),
        P("EYS", "L", "", "% of eligible three and four year olds taking up free early "
          "education", "%", "+", "q"),
        P("EYS", "L", "", "Number of families receiving parenting support", "number", "+", "q",
          "c"),
        P("EYS", "L", "", "% of children's centre users from the most deprived areas", "%", "+",
          "q"),
        P("YOS", "L", "", "% of young offenders in education, training or employment", "%", "+",
          "q"),
        P("YOS", "L", "", "% of young offenders in suitable accommodation", "%", "+", "q"),
        P("YOS", "L", "", "% of victims offered restorative justice", "%", "+", "q"),
        P("YOS", "L", "", "Number of young people attending youth clubs", "number", "+", "q",
          "c"),
        P("YOS", "L", "", "Number of young people voting in the Youth Parliament", "number", "+",
          "a"),
        P("YOS", "L", "", "% of pre-sentence reports submitted on time", "%", "+", "q"),
        P("YOS", "L", "", "Number of young people in weekend positive activities", "number", "+",
          "q", "c"),
        P("YOS", "L", "", "Number of young people in substance misuse treatment", "number", "0",
          "q"),
    ],
    "ELS": [
        P("COL", "P", "", "Number of adults achieving a Skills for Life qualification",
          "number", "+", "a"),
        P("COL", "P", "", "Number of apprenticeship starts", "number", "+", "q", "c"),
        P("JCP", "P", "", "% of working-age residents claiming Jobseeker's Allowance", "%", "-",
          "q"),
        P("JCP", "P", "", "Number of people on incapacity benefits helped into work", "number",
          "+", "q", "c"),
        P("ER", "L", "", "Number of residents helped into work by the council's employment "
          "service", "number", "+", "q", "c"),
        P("ER", "L", "", "Number of new business start-ups supported", "number", "+", "q", "c"),
        P("ER", "L", "", "Number of jobs created or safeguarded through business support",
          "number", "+", "q", "c"),
        P("ER", "L", "", "Number of inward investment enquiries converted", "number", "+", "q",
          "c"),
        P("ER", "L", "", "Number of businesses given advice", "number", "+", "q", "c"),
        P("ER", "L", "", "External funding secured for regeneration", "£000", "+", "a"),
        P("ER", "L", "", "Number of residents completing a work placement", "number", "+", "q",
          "c"),
        P("ER", "L", "", "% of the council's procurement spend with local businesses", "%", "+",
          "a"),
        P("LEA", "L", "", "Number of adult learners enrolled on council courses", "number", "+",
          "q", "c"),
        P("LEA", "L", "", "% of adult learners completing their course", "%", "+", "q"),
        P("LEA", "L", "", "Number of adults gaining a level 2 qualification through council "
          "courses", "number", "+", "a"),
        P("CL", "L", "", "Library visits per 1,000 population", "rate per 1,000", "+", "q",
          "c"),
        P("CL", "L", "", "Number of library book issues", "number", "+", "q", "c"),
        P("CL", "L", "", "Number of sessions on library computers", "number", "+", "q", "c"),
        P("CL", "L", "", "% of library users satisfied with the service", "%", "+", "a"),
        P("CL", "L", "", "Number of learners on the library computer skills course", "number",
          "+", "q", "c"),
        P("CL", "L", "", "Active library members as % of the population", "%", "+", "a"),
    ],
    "SAFER": [
        P("CS", "B", "BV 126", "Domestic burglaries per 1,000 households", "rate per 1,000",
          "-", "q", "c"),
        P("CS", "B", "BV 127a", "Violent crime per 1,000 population", "rate per 1,000", "-",
          "q", "c"),
        P("CS", "B", "BV 128", "Vehicle crimes per 1,000 population", "rate per 1,000", "-",
          "q", "c"),
        P("CS", "B", "BV 174", "Racial incidents recorded per 100,000 population",
          "rate per 100,000", "0", "q", "c"),
        P("CS", "B", "BV 225", "Actions against domestic violence checklist", "%", "+", "a"),
        P("POL", "P", "", "Total recorded crime", "number", "-", "q", "c"),
        P("POL", "P", "", "% of residents who feel safe outside after dark", "%", "+", "a"),
        P("FIRE", "P", "", "Accidental dwelling fires", "number", "-", "q", "c"),
        P("FIRE", "P", "", "Number of home fire safety checks completed", "number", "+", "q",
          "c"),
        P("FIRE", "P", "", "Deaths in accidental dwelling fires", "number", "-", "q", "c"),
        P("CS", "L", "", "Number of anti-social behaviour incidents reported", "number", "-",
          "q", "c"),
        P("CS", "L", "", "Number of acceptable behaviour contracts signed", "number", "0", "q",
          "c"),
        P("CS", "L", "", "% of high-risk domestic abuse cases heard at MARAC within 28 days",
          "%", "+", "q"),
    ],
    "CORP": [
        P("FIN", "B", "BV 8", "% of invoices for commercial goods and services paid within 30 "
          "days", "%", "+", "q"),
        P("RB", "B", "BV 9", "% of council tax collected", "%", "+", "q", "c"),
        P("RB", "B", "BV 10", "% of business rates collected", "%", "+", "q", "c"),
        P("RB", "B", "BV 78a", "Average days to process new benefit claims", "days", "-", "q"),
        P("RB", "B", "BV 78b", "Average days to process changes of circumstances", "days", "-",
          "q"),
        P("RB", "B", "BV 79a", "% of benefit cases calculated correctly", "%", "+", "q"),
        P("RB", "B", "BV 79b", "Housing benefit overpayments recovered as % of those raised in "
          "the year", "%", "+", "q", "c"),
        P("HR", "B", "BV 12", "Working days lost to sickness absence per full-time employee",
          "days", "-", "q", "c"),
        P("HR", "B", "BV 11a", "% of the top 5% of earners who are women", "%", "+", "q"),
        P("HR", "B", "BV 11b", "% of the top 5% of earners from black and minority ethnic "
          "communities", "%", "+", "q"),
        P("HR", "B", "BV 11c", "% of the top 5% of earners who have a disability", "%", "+",
          "q"),
        P("HR", "B", "BV 14", "% of employees retiring early (excluding ill health)", "%", "-",
          "a"),
        P("HR", "B", "BV 15", "% of employees retiring on grounds of ill health", "%", "-", "a"),
        P("HR", "B", "BV 16a", "% of employees declaring a disability", "%", "+", "a"),
        P("HR", "B", "BV 17a", "% of employees from black and minority ethnic communities", "%",
          "+", "a"),
        P("PP", "B", "BV 2a", "Level of the Equality Standard for Local Government reached",
          "level", "+", "a"),
        P("PP", "B", "BV 2b", "Duty to promote race equality checklist", "%", "+", "a"),
        P("PP", "B", "BV 3", "% of residents satisfied with the council overall", "%", "+",
          "b"),
        P("PP", "B", "BV 4", "% of complainants satisfied with how their complaint was handled",
          "%", "+", "b"),
        P("PRO", "B", "BV 156", "% of council buildings open to the public that are fully "
          "accessible to disabled people", "%", "+", "a"),
        P("ICT", "B", "BV 157", "% of dealings with the public that can be done electronically",
          "%", "+", "a"),
        P("CVS", "P", "", "Number of voluntary groups supported", "number", "+", "q", "c"),
        P("CVS", "P", "", "External funding secured by voluntary groups", "£000", "+", "a"),
        P("PP", "L", "", "% of quarterly monitoring reports published within six weeks of "
          "quarter end", "%", "+", "q"),
        P("PP", "L", "", "% of service plans passing corporate quality assurance", "%", "+",
          "a"),
        P("PP", "L", "", "% of performance indicators with complete data at quarter end", "%",
          "+", "q"),
        P("PP", "L", "", "Number of visits to the data observatory website", "number", "+", "q",
          "c"),
        P("PP", "L", "", "% of consultations reported back to the people who took part", "%",
          "+", "q"),
        P("PP", "L", "", "% of councillors trained in performance management", "%", "+", "a"),
        P("FIN", "L", "", "Revenue budget variance as % of net budget", "%", "0", "q"),
        P("FIN", "L", "", "Efficiency savings achieved", "£000", "+", "q", "c"),
        P("FIN", "L", "", "% of the internal audit plan completed", "%", "+", "q", "c"),
        P("FIN", "L", "", "% of audit recommendations implemented by the agreed date", "%", "+",
          "q"),
        P("FIN", "L", "", "% of sundry debts collected within 60 days", "%", "+", "q"),
        P("FIN", "L", "", "Average days to pay local small businesses", "days", "-", "q"),
        P("HR", "L", "", "Staff turnover", "%", "0", "q", "c"),
        P("HR", "L", "", "% of vacancies filled within 12 weeks of advert", "%", "+", "q"),
        P("HR", "L", "", "Number of reportable accidents to employees", "number", "-", "q",
          "c"),
        P("HR", "L", "", "% of employees trained in equality and diversity", "%", "+", "q",
          "c"),
        P("HR", "L", "", "Number of apprentices employed by the council", "number", "+", "a"),
        P("LDS", "L", "", "% of agendas published five clear working days before the meeting",
          "%", "+", "q"),
        P("LDS", "L", "", "% of land charge searches returned within 10 working days", "%", "+",
          "q"),
        P("LDS", "L", "", "% of legal instructions acknowledged within 2 working days", "%", "+",
          "q"),
        P("LDS", "L", "", "Turnout at the local elections", "%", "+", "a"),
        P("LDS", "L", "", "% of electoral canvass forms returned", "%", "+", "a"),
        P("ICT", "L", "", "% of time the core ICT systems are available", "%", "+", "q"),
        P("ICT", "L", "", "% of ICT help desk calls resolved at first contact", "%", "+", "q"),
        P("ICT", "L", "", "Number of transactions completed online", "number", "+", "q", "c"),
        P("ICT", "L", "", "% of ICT projects delivered on time and within budget", "%", "+",
          "q"),
        P("ICT", "L", "", "Number of visits to the council website", "number", "+", "q"),
        P("PRO", "L", "", "% of commercial property rent collected", "%", "+", "q", "c"),
        P("PRO", "L", "", "% of the planned maintenance programme completed", "%", "+", "q",
          "c"),
        P("PRO", "L", "", "Capital receipts from selling assets", "£000", "+", "a"),
        P("PRO", "L", "", "% of council buildings with an asbestos survey", "%", "+", "a"),
        P("RB", "L", "", "% of council tax payers paying by direct debit", "%", "+", "q"),
        P("RB", "L", "", "% of contact centre calls answered within 20 seconds", "%", "+", "q"),
        P("RB", "L", "", "% of contact centre calls abandoned", "%", "-", "q"),
        P("RB", "L", "", "Number of benefit fraud prosecutions and sanctions", "number", "+",
          "q", "c"),
        P("RB", "L", "", "% of One Stop Shop customers satisfied", "%", "+", "q"),
    ],
}

# Every department reports these about itself: the review's "inwardly focused" indicators.
# "{department}" becomes the department's name; they count under the corporate priority.
DEPARTMENT_HEALTH_PIS = [
    P("", "L", "", "{department}: working days lost to sickness absence per employee", "days",
      "-", "q", "c"),
    P("", "L", "", "{department}: % of complaints answered within 10 working days", "%", "+",
      "q"),
    P("", "L", "", "{department}: % of information requests answered within 20 working days",
      "%", "+", "q"),
    P("", "L", "", "{department}: % of staff who had an annual appraisal (EDR)", "%", "+", "a"),
]

# Linked to no priority, so Table 2 does not count them: something for integrity checks to find.
UNLINKED_PIS = [
    P("PP", "L", "", "Number of pages in the quarterly monitoring reports", "number", "0", "q"),
    P("LDS", "L", "", "Number of council meetings webcast", "number", "+", "q", "c"),
]
