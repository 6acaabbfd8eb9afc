"""Demo Borough's risk registers in 2009: a register for most departments, one for each
directorate and the corporate register, each risk linked to the service objectives it threatens
(codes from content_objectives: ``ERS 2`` is the second ERS objective).

Two files, as a council keeps them: the registers as assessed with the 2009/10 service plans in
March 2009 (REGISTERS, ACTIONS), and the first quarter's review in July 2009 (REVIEW_*): scores
that rose or fell, risks escalated (swine flu to the corporate register as the pandemic was
declared) or closed, actions done. Owners are named by role: ``head:ERS`` is the head of the
department, ``collator:ERS`` its performance officer, ``director:ENVD`` the directorate's
strategic director, ``user:NAME`` a demo login.
"""

from __future__ import annotations

from typing import NamedTuple

MARCH = "2009-03-27"  # the registers agreed with the 2009/10 service plans
JULY = "2009-07-24"  # the 2009/10 Q1 review
REVIEW_DATE = "2009-09-30"  # the next review, in the Q2 round


class RiskRow(NamedTuple):
    code: str
    register: str  # a department's or directorate's code, or CORP
    title: str
    owner: str
    cause: str
    effect: str
    objectives: tuple[str, ...]
    inherent: tuple[int, int]  # (likelihood, impact) before controls
    residual: tuple[int, int]  # after them
    controls: str
    identified_on: str = MARCH
    escalated_to: str = ""  # already escalated in March, to this risk
    reason: str = ""


class ActionRow(NamedTuple):
    risk: str
    title: str
    owner: str
    due: str
    done_on: str = ""  # empty: not done
    percent: int = 0
    note: str = ""


R = RiskRow
A = ActionRow

REGISTERS = [
    # -- Children & Young People ---------------------------------------------------------------
    R("CSC R1", "CSC", "A child known to services suffers serious harm", "head:CSC",
      "Rising referrals after national cases; social worker vacancies at 18%",
      "Harm to a child; serious case review; loss of public confidence; inspection failure",
      ("CSC 1", "CSC 4"), (4, 5), (3, 5),
      "Daily referral screening; caseload caps; Local Safeguarding Children Board audits"),
    R("CSC R2", "CSC", "Not enough local foster carers", "collator:CSC",
      "Competition from independent fostering agencies", "More costly placements further away",
      ("CSC 2", "CSC 3", "CSC 5"), (4, 3), (3, 3),
      "Recruitment campaign; fostering allowances reviewed"),
    R("LEA R1", "LEA", "Building Schools for the Future programme delayed", "head:LEA",
      "Partnerships for Schools approval slips; contractor market weak in the recession",
      "Wave funding lost or deferred; pupils taught in poor buildings for longer",
      ("LEA 4", "LEA 7"), (3, 4), (3, 3),
      "Programme board; gateway reviews; fortnightly reporting"),
    R("LEA R2", "LEA", "Key Stage 2 results miss the LAA targets", "collator:LEA",
      "Four primary schools in an Ofsted category", "LAA reward grant lost; schools stay in "
      "special measures", ("LEA 1", "LEA 2"), (4, 3), (3, 3),
      "School improvement partners; targeted support for the four schools"),
    R("EYS R1", "EYS", "Children's centres phase 3 not open by March 2010", "head:EYS",
      "Capital sites not secured", "Sure Start capital grant clawed back",
      ("EYS 3",), (3, 4), (2, 3), "Sites identified; monthly project board"),
    R("YOS R1", "YOS", "Youth Justice Board grant cut", "head:YOS",
      "National spending review", "Fewer prevention places; more first-time entrants",
      ("YOS 1", "YOS 3"), (3, 3), (3, 2), "Partner contributions agreed with the police"),
    R("CYPD R1", "CYPD", "Children's services judged inadequate at the annual assessment",
      "director:CYPD", "Safeguarding and placement risks on department registers combine",
      "Government intervention; reputational damage", ("CSC 1", "CSC 4", "LEA 1"), (3, 5),
      (3, 4), "Improvement plan; monthly directorate performance clinic"),
    # -- Corporate & Policy ----------------------------------------------------------------------
    R("PP R1", "PP", "Performance data is inaccurate or late", "head:PP",
      "Manual collection in spreadsheets; no single system",
      "Wrong decisions; qualified data quality opinion from the Audit Commission",
      ("PP 1", "PP 6"), (4, 3), (3, 3), "Data quality protocol; quarterly validation"),
    R("PP R2", "PP", "Service plan objectives not risk-assessed when plans are written",
      "collator:PP", "Risk assessment done after the plan is agreed (review 3.2d)",
      "Risks to objectives missed; weak Use of Resources score", ("PP 2", "PP 5"), (4, 2),
      (3, 2), "Risk assessment added to service plan quality assurance"),
    R("FIN R1", "FIN", "Income from fees and charges falls in the recession", "head:FIN",
      "Fewer planning, building control and land charge fees",
      "Budget overspend in 2009/10", ("FIN 1", "FIN 2"), (5, 4), (4, 3),
      "Monthly income monitoring; contingency budget"),
    R("FIN R2", "FIN", "Council deposits lost in a failed bank", "head:FIN",
      "Icelandic bank failures (October 2008)", "Loss of invested capital",
      ("FIN 1",), (3, 5), (2, 3),
      "Treasury management strategy limits each bank; only UK-owned banks used",
      identified_on="2008-10-09"),
    R("HR R1", "HR", "Equal pay claims under single status", "head:HR",
      "Historic pay differences between men's and women's jobs",
      "Back-pay liabilities of several million pounds; employment tribunal claims",
      ("HR 2",), (5, 5), (4, 4), "Legal advice; settlement offers; job evaluation completed",
      identified_on="2008-06-16", escalated_to="CORP R2",
      reason="The liability is beyond the department's budget"),
    R("HR R2", "HR", "Sickness absence stays above 11 days per employee", "collator:HR",
      "Stress and musculoskeletal absence", "Lost capacity and agency costs",
      ("HR 1",), (4, 3), (3, 3), "Attendance policy; occupational health contract"),
    R("LDS R1", "LDS", "A challenge to the European election count", "head:LDS",
      "Combined county and European elections on 4 June 2009", "Election petition; reputation",
      ("LDS 3",), (2, 4), (2, 3), "Election plan; trained count staff"),
    R("ICT R1", "ICT", "Loss of the data centre", "head:ICT",
      "One server room; ageing air conditioning", "Services offline for days",
      ("ICT 2", "ICT 1"), (3, 5), (3, 4), "Nightly off-site backup; disaster recovery contract"),
    R("ICT R2", "ICT", "Personal data lost from a laptop or memory stick", "collator:ICT",
      "Unencrypted devices; home working", "Information Commissioner action; harm to residents",
      ("ICT 2", "ICT 3"), (4, 4), (2, 4),
      "Laptop encryption; encrypted memory sticks only; Government Connect code of connection"),
    R("PRO R1", "PRO", "Asbestos disturbed in council buildings", "head:PRO",
      "Older buildings; contractors unaware of the register", "Exposure of staff and public",
      ("PRO 3",), (3, 5), (2, 4), "Asbestos register; permits to work"),
    R("RB R1", "RB", "Benefit claims rise faster than the service can process them",
      "head:RB", "Recession: unemployment up; more housing and council tax benefit claims",
      "Processing times miss NI 181; hardship for claimants", ("RB 2", "RB 4"), (4, 4), (3, 3),
      "Overtime; claim forms online; temporary staff"),
    R("RB R2", "RB", "Council tax collection falls", "collator:RB",
      "Recession and rising arrears", "Collection fund deficit", ("RB 1",), (4, 3), (3, 3),
      "Earlier reminders; payment arrangements"),
    R("CPD R1", "CPD", "The Comprehensive Area Assessment finds weak use of resources",
      "director:CPD", "Data quality, risk management and value for money judged together",
      "Poor organisational assessment score", ("PP 1", "PP 5", "FIN 4"), (3, 4), (2, 4),
      "Use of resources action plan"),
    # -- Environment -----------------------------------------------------------------------------
    R("ERS R1", "ERS", "Food hygiene inspections fall behind", "head:ERS",
      "Two environmental health officer posts vacant", "Unsafe food businesses missed",
      ("ERS 2",), (3, 4), (2, 3), "Risk-based inspection programme; agency officers"),
    R("ERS R2", "ERS", "Landfill allowance exceeded", "collator:ERS",
      "Recycling rates below target; the waste PFI plant not ready",
      "Landfill Allowance Trading Scheme penalties of £150 per tonne", ("ERS 4", "ERS 7"),
      (4, 4), (3, 4), "Kerbside recycling extended; allowances banked"),
    R("ERS R3", "ERS", "Waste PFI contract close delayed", "head:ERS",
      "Bidder finance hard to raise in the credit crunch",
      "PFI credits at risk; landfill costs rise", ("ERS 4",), (4, 5), (3, 5),
      "Joint waste board with the county; DEFRA support", escalated_to="ENVD R1",
      reason="The contract is the directorate's largest"),
    R("HTL R1", "HTL", "Winter damages the highway network", "head:HTL",
      "Severe winter; salt supplies short nationally", "Potholes, claims, roads closed",
      ("HTL 1",), (4, 3), (3, 3), "Salt stock of 6 days; winter service plan"),
    R("HTL R2", "HTL", "Interchange costs overrun", "collator:HTL",
      "Ground conditions; construction inflation", "Scheme cut back or late",
      ("HTL 4",), (3, 4), (3, 3), "Fixed-price contract; contingency of 10%"),
    R("ER R1", "ER", "Regional funding for the town centre withdrawn", "head:ER",
      "Regional Development Agency budgets cut", "Regeneration stalls; match funding lost",
      ("ER 2", "ER 7"), (4, 4), (3, 4), "Bids in two funding rounds"),
    R("ER R2", "ER", "Jobs lost at the borough's largest employers", "collator:ER",
      "Recession", "Worklessness rises; NI 152 target missed", ("ER 3", "ER 4"), (4, 4),
      (4, 3), "Rapid response team with Jobcentre Plus"),
    R("PLN R1", "PLN", "The core strategy is found unsound at examination", "head:PLN",
      "Housing figures challenged by developers", "Plan-making starts again; appeals lost",
      ("PLN 1",), (3, 4), (2, 4), "Evidence base refreshed; early talks with the inspectorate"),
    R("ENVD R1", "ENVD", "Waste PFI contract close delayed", "director:ENVD",
      "Bidder finance hard to raise in the credit crunch",
      "PFI credits at risk; landfill costs rise; council tax impact", ("ERS 4",), (4, 5),
      (3, 5), "Joint waste board with the county; DEFRA support",
      identified_on="2009-01-15"),
    R("ENVD R2", "ENVD", "Climate change duties not met", "director:ENVD",
      "NI 185 and NI 186 new in 2008", "LAA targets missed", ("PRO 1", "ERS 4"), (3, 3),
      (3, 2), "Carbon management plan"),
    # -- Health & Community ----------------------------------------------------------------------
    R("ASC R1", "ASC", "An adult at risk is abused", "head:ASC",
      "Rising referrals; new provider market under personal budgets",
      "Harm; serious case review", ("ASC 6",), (4, 5), (2, 5),
      "Multi-agency safeguarding procedures; contract monitoring"),
    R("ASC R2", "ASC", "Personal budgets not rolled out by March 2011", "collator:ASC",
      "Systems and culture change; Putting People First milestones",
      "Milestones missed; less choice for users", ("ASC 2", "ASC 7"), (3, 3), (3, 2),
      "Transformation programme board"),
    R("HSG R1", "HSG", "Affordable housing completions collapse", "head:HSG",
      "Housebuilders stop building in the recession", "NI 155 target missed",
      ("HSG 3",), (5, 4), (4, 4), "Homes and Communities Agency kickstart bids"),
    R("CL R1", "CL", "Leisure centre refurbishment over budget", "head:CL",
      "Hidden structural faults", "Centre closed longer", ("CL 2",), (3, 3), (2, 3),
      "Surveys; phased works"),
    R("CS R1", "CS", "Night-time economy violence rises", "head:CS",
      "New late licences", "More violent crime", ("CS 1",), (3, 4), (3, 3),
      "Joint patrols; Best Bar None scheme"),
    R("CS R2", "CS", "An influenza pandemic disrupts council services", "head:CS",
      "A new strain of flu spreads", "Up to half of staff absent; services stop",
      ("CS 1", "ASC 1", "RB 2"), (3, 5), (3, 4),
      "Business continuity plans for every department"),
    R("HCD R1", "HCD", "Primary Care Trust pulls out of joint commissioning", "director:HCD",
      "PCT's own financial pressures", "Pooled budgets and the joint mental health strategy fail",
      ("ASC 5", "ASC 7"), (3, 4), (2, 4), "Section 75 agreement; joint commissioning board"),
    # -- The corporate register ------------------------------------------------------------------
    R("CORP R1", "CORP", "The medium-term budget gap cannot be closed", "head:FIN",
      "Recession: income falls, demand rises, a tight grant settlement",
      "Cuts to front-line services; reserves used", ("FIN 1", "FIN 2"), (5, 5), (4, 4),
      "Efficiency programme; star chamber budget reviews"),
    R("CORP R2", "CORP", "Equal pay claims under single status", "user:management.team",
      "Historic pay differences between men's and women's jobs",
      "Back-pay liabilities of several million pounds; capitalisation direction needed",
      ("HR 2", "FIN 1"), (5, 5), (4, 4), "Legal advice; settlement offers; provision in reserves",
      identified_on="2008-07-01"),
    R("CORP R3", "CORP", "A child or adult at risk comes to serious harm", "user:management.team",
      "Safeguarding pressures in both children's and adults' services",
      "Harm; inspection failure; loss of public confidence",
      ("CSC 1", "ASC 6"), (4, 5), (3, 5), "Both safeguarding boards; quarterly reports to members"),
    R("CORP R4", "CORP", "LAA stretch targets missed", "head:PP",
      "Recession moves unemployment and benefit targets out of reach",
      "Performance reward grant lost", ("PP 1", "ER 3", "LEA 1"), (4, 3), (3, 3),
      "Quarterly LAA reports to the partnership; targets refreshed with government"),
    R("CORP R5", "CORP", "Partnership funding ends", "director:CPD",
      "Working Neighbourhoods Fund and area-based grants end in 2011",
      "Partners' projects close; LAA delivery suffers", ("ER 3", "PP 3", "CS 3"), (4, 3),
      (3, 3), "Exit strategies for each funded project"),
]  # fmt: skip

ACTIONS = [
    A("CSC R1", "Recruit six social workers", "head:CSC", "2009-06-30", "2009-06-19", 100),
    A("CSC R1", "Audit 50 case files with the LSCB", "collator:CSC", "2009-09-30"),
    A("CSC R2", "Run the foster carer recruitment campaign", "collator:CSC", "2009-05-31",
      "2009-05-29", 100),
    A("LEA R1", "Submit the strategic business case", "head:LEA", "2009-04-30", "2009-04-28",
      100),
    A("LEA R2", "Agree an action plan with each school in a category", "collator:LEA",
      "2009-07-31", "2009-07-20", 100),
    A("EYS R1", "Secure the last two centre sites", "head:EYS", "2009-09-30", "", 50,
      "One site agreed; the second in negotiation"),
    A("PP R1", "Roll out the data quality protocol", "head:PP", "2009-06-30", "2009-06-30", 100),
    A("PP R2", "Add risk assessment to the service plan checklist", "collator:PP", "2009-03-31",
      "2009-03-20", 100),
    A("FIN R1", "Report income monthly to Management Team", "head:FIN", "2009-05-31",
      "2009-05-12", 100),
    A("HR R1", "Make settlement offers to claimants", "head:HR", "2009-03-31", "2009-03-16", 100),
    A("HR R2", "Retender the occupational health contract", "collator:HR", "2009-08-31", "",
      30, "Tender delayed by procurement"),
    A("ICT R1", "Test the disaster recovery plan", "head:ICT", "2009-06-30", "2009-06-26", 100),
    A("ICT R2", "Encrypt every laptop", "collator:ICT", "2009-05-31", "2009-05-22", 100),
    A("RB R1", "Recruit temporary benefit assessors", "head:RB", "2009-06-30", "2009-06-05", 100),
    A("RB R1", "Launch online benefit claims", "collator:RB", "2009-09-30", "", 60,
      "Supplier testing overran"),
    A("ERS R2", "Extend kerbside recycling to 10,000 more homes", "collator:ERS", "2009-07-31",
      "2009-07-31", 100),
    A("ENVD R1", "Agree the funding competition with DEFRA", "director:ENVD", "2009-09-30"),
    A("HTL R1", "Buy an extra 2,000 tonnes of salt", "head:HTL", "2009-09-30", "2009-09-18", 100),
    A("ER R1", "Bid to the second funding round", "head:ER", "2009-06-30", "2009-06-24", 100),
    A("ASC R1", "Train provider staff in safeguarding", "head:ASC", "2009-06-30", "2009-06-30",
      100),
    A("HSG R1", "Submit kickstart bids for three stalled sites", "head:HSG", "2009-07-31",
      "2009-07-10", 100),
    A("CS R2", "Test every department's business continuity plan", "head:CS", "2009-05-31",
      "2009-05-15", 100),
    A("CORP R1", "Agree the 2010/11 savings programme", "head:FIN", "2009-12-31", "", 20),
    A("CORP R2", "Agree the capitalisation direction", "head:FIN", "2009-09-30", "", 50,
      "Application with the department"),
    A("CORP R4", "Refresh stretch targets with government", "head:PP", "2009-09-30", "2009-09-25",
      100),
]  # fmt: skip


class Rescore(NamedTuple):
    code: str
    residual: tuple[int, int]
    reason: str


class Escalation(NamedTuple):
    code: str
    to: RiskRow  # the risk it becomes on the higher register
    reason: str


class Closure(NamedTuple):
    code: str
    closed_on: str
    reason: str


REVIEW_RESCORES = [
    Rescore("RB R1", (4, 4), "Claims up 30% on last year; processing times at 31 days"),
    Rescore("FIN R1", (5, 3), "Quarter 1 income 12% below budget"),
    Rescore("ER R2", (4, 4), "Two large employers announced redundancies"),
    Rescore("HSG R1", (5, 4), "No completions in the quarter"),
    Rescore("ICT R1", (2, 4), "Disaster recovery tested successfully"),
    Rescore("ICT R2", (2, 3), "Every laptop encrypted"),
    Rescore("CSC R2", (2, 3), "Twelve new foster carers approved"),
]

REVIEW_ESCALATIONS = [
    Escalation(
        "CS R2",
        R("CORP R6", "CORP", "Swine flu (H1N1) pandemic disrupts council services",
          "user:management.team", "The World Health Organization declared a pandemic on 11 June "
          "2009", "Up to half of staff absent at the peak; schools and care services stop",
          ("CS 1", "ASC 1", "RB 2", "CSC 1"), (5, 5), (4, 4),
          "Business continuity plans; pandemic flu plan; antiviral distribution with the PCT",
          identified_on=JULY),
        "The pandemic was declared: every service is affected",
    ),
    Escalation(
        "RB R1",
        R("CPD R2", "CPD", "Benefit claims rise faster than the service can process them",
          "director:CPD", "Recession: unemployment up sharply", "Processing times miss NI 181; "
          "hardship; Housing Benefit subsidy errors", ("RB 2", "RB 4"), (4, 4), (4, 4),
          "Overtime; temporary staff; online claims", identified_on=JULY),
        "Claims keep rising: resources from across the directorate are needed",
    ),
]  # fmt: skip

REVIEW_CLOSURES = [
    Closure("LDS R1", "2009-06-15", "The European election count passed without challenge"),
    Closure("FIN R2", "2009-07-10", "All deposits now with UK banks; the risk has passed"),
]

# Actions done since March, as the Q1 review records them: (risk, title, done on).
REVIEW_DONE = [
    ("EYS R1", "Secure the last two centre sites", "2009-07-15"),
]
