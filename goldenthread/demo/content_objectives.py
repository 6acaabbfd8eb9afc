"""The demo's service objectives, their milestones, and the plans below the service plans.

Objective codes are the department code and a number in the order listed here (``ERS 2``);
milestones add a second number (``ERS 2.1``). How many milestones each objective gets is drawn
by the builder so that each priority's objectives and milestones add up to the review's Table 2.
"""

from __future__ import annotations

from typing import NamedTuple


class ObjectiveRow(NamedTuple):
    department: str
    priority: str | None  # the primary priority; None for the deliberately unlinked ones
    area: int | None  # area of focus number
    title: str
    subject: str  # a noun phrase the milestone titles are written around
    also: tuple[str, ...] = ()  # secondary priorities (the review's multi-linked objectives)


O = ObjectiveRow  # noqa: E741 - the tables below read better with a one-letter row name

OBJECTIVES = [
    # -- A Healthy Borough ---------------------------------------------------------------------
    O(
        "ASC",
        "HEALTH",
        5,
        "Help more older people to live independently at home through reablement and telecare",
        "the reablement service",
    ),
    O(
        "ASC",
        "HEALTH",
        6,
        "Give people who use social care more choice and control through personal budgets",
        "personal budgets",
    ),
    O(
        "ASC",
        "HEALTH",
        6,
        "Modernise day services for adults with learning disabilities",
        "the day services modernisation programme",
    ),
    O(
        "ASC",
        "HEALTH",
        5,
        "Support carers to continue caring and to have a life of their own",
        "the carers' strategy",
    ),
    O(
        "ASC",
        "HEALTH",
        7,
        "Improve community mental health services with the Primary Care Trust",
        "the joint mental health strategy",
    ),
    O(
        "ASC",
        "HEALTH",
        5,
        "Protect vulnerable adults from abuse through strong multi-agency safeguarding",
        "the safeguarding adults procedures",
    ),
    O(
        "CL",
        "HEALTH",
        3,
        "Increase participation in sport and physical activity",
        "the sport and physical activity strategy",
        ("CYP",),
    ),
    O(
        "CL",
        "HEALTH",
        3,
        "Refurbish the leisure centres to attract more users",
        "the leisure centre refurbishment programme",
    ),
    O(
        "CL",
        "HEALTH",
        7,
        "Use arts and culture to promote well-being in deprived areas",
        "the arts for health programme",
    ),
    O(
        "ERS",
        "HEALTH",
        1,
        "Reduce exposure to second-hand smoke by enforcing smoke-free law",
        "smoke-free enforcement",
    ),
    O(
        "ERS",
        "HEALTH",
        3,
        "Raise food hygiene standards in food businesses",
        "the food hygiene rating scheme",
    ),
    O(
        "ERS",
        "HEALTH",
        2,
        "Reduce alcohol-related harm through licensing and trading standards enforcement",
        "the alcohol harm reduction plan",
        ("SAFER",),
    ),
    O(
        "HSG",
        "HEALTH",
        5,
        "Adapt homes so that disabled people can live independently",
        "the disabled facilities grant programme",
    ),
    O(
        "HSG",
        "HEALTH",
        1,
        "Reduce fuel poverty among vulnerable households",
        "the affordable warmth scheme",
    ),
    O(
        "EYS",
        "HEALTH",
        4,
        "Increase breastfeeding through children's centres",
        "the breastfeeding peer support scheme",
        ("CYP",),
    ),
    O(
        "EYS",
        "HEALTH",
        4,
        "Promote healthy eating in early years settings",
        "the healthy early years award",
    ),
    # -- Urban Renewal -------------------------------------------------------------------------
    O(
        "HTL",
        "URBAN",
        10,
        "Keep the highway network in a safe and good condition",
        "the highway maintenance programme",
    ),
    O(
        "HTL",
        "URBAN",
        11,
        "Improve bus services and access to employment sites",
        "the bus strategy",
    ),
    O(
        "HTL",
        "URBAN",
        10,
        "Reduce road casualties through engineering, education and enforcement",
        "the road safety programme",
        ("SAFER",),
    ),
    O(
        "HTL",
        "URBAN",
        11,
        "Complete the town centre transport interchange",
        "the transport interchange scheme",
    ),
    O(
        "PLN",
        "URBAN",
        12,
        "Adopt the core strategy of the Local Development Framework",
        "the core strategy",
    ),
    O(
        "PLN",
        "URBAN",
        9,
        "Determine planning applications promptly and to a high standard",
        "the development control improvement plan",
    ),
    O(
        "PLN",
        "URBAN",
        14,
        "Protect and enhance the borough's conservation areas",
        "the conservation area appraisal programme",
    ),
    O(
        "ER",
        "URBAN",
        8,
        "Bring derelict and contaminated land back into productive use",
        "the land reclamation programme",
    ),
    O(
        "ER",
        "URBAN",
        9,
        "Regenerate the town centres and attract new retail investment",
        "the town centre masterplan",
    ),
    O(
        "ERS",
        "URBAN",
        13,
        "Increase recycling and reduce the waste sent to landfill",
        "the waste strategy",
    ),
    O(
        "ERS",
        "URBAN",
        14,
        "Keep streets and open spaces free of litter and graffiti",
        "the clean streets campaign",
    ),
    O(
        "HSG",
        "URBAN",
        12,
        "Increase the supply of affordable homes",
        "the affordable housing programme",
    ),
    O(
        "HSG",
        "URBAN",
        12,
        "Bring all council homes up to the Decent Homes Standard",
        "the decent homes programme",
        ("HEALTH",),
    ),
    O(
        "PRO",
        "URBAN",
        15,
        "Reduce carbon emissions from council buildings",
        "the carbon management plan",
    ),
    # -- Children & Young People ---------------------------------------------------------------
    O(
        "CSC",
        "CYP",
        16,
        "Improve the timeliness and quality of assessments of children in need",
        "the assessment improvement plan",
    ),
    O(
        "CSC",
        "CYP",
        17,
        "Increase placement stability for looked after children",
        "the placement strategy",
    ),
    O(
        "CSC",
        "CYP",
        17,
        "Recruit and retain more local foster carers",
        "the foster carer recruitment campaign",
    ),
    O(
        "CSC",
        "CYP",
        16,
        "Strengthen quality assurance by the Local Safeguarding Children Board",
        "the safeguarding audit framework",
    ),
    O(
        "LEA",
        "CYP",
        18,
        "Raise attainment at Key Stage 2 in English and mathematics",
        "the primary strategy",
    ),
    O(
        "LEA",
        "CYP",
        18,
        "Narrow the attainment gap for pupils eligible for free school meals",
        "the narrowing the gap programme",
    ),
    O(
        "LEA",
        "CYP",
        18,
        "Improve attendance and reduce exclusions in secondary schools",
        "the behaviour and attendance strategy",
    ),
    O(
        "LEA",
        "CYP",
        18,
        "Deliver the Building Schools for the Future programme",
        "Building Schools for the Future",
    ),
    O(
        "EYS",
        "CYP",
        19,
        "Open the final phase of children's centres",
        "the phase three children's centres",
    ),
    O(
        "EYS",
        "CYP",
        19,
        "Increase the take-up of free early education by three and four year olds",
        "the free early education offer",
    ),
    O(
        "EYS",
        "CYP",
        20,
        "Reduce teenage conceptions with the Primary Care Trust",
        "the teenage pregnancy strategy",
        ("HEALTH",),
    ),
    O(
        "YOS",
        "CYP",
        21,
        "Reduce the number of young people entering the youth justice system",
        "the youth crime prevention programme",
        ("SAFER",),
    ),
    O(
        "YOS",
        "CYP",
        22,
        "Provide more positive activities for young people at evenings and weekends",
        "the positive activities programme",
    ),
    # -- Employment, Learning & Skills ---------------------------------------------------------
    O(
        "ER",
        "ELS",
        24,
        "Help workless residents into sustainable jobs",
        "the employment outreach service",
    ),
    O("ER", "ELS", 25, "Support new and growing businesses", "the business support programme"),
    O(
        "ER",
        "ELS",
        26,
        "Attract inward investment to the borough's employment sites",
        "the inward investment strategy",
    ),
    O(
        "ER",
        "ELS",
        24,
        "Increase the number of local people employed on regeneration schemes",
        "the local labour agreement",
        ("URBAN",),
    ),
    O("LEA", "ELS", 23, "Increase adult participation in learning", "the adult learning plan"),
    O(
        "LEA",
        "ELS",
        23,
        "Raise the basic skills of the council's lowest-paid employees",
        "the Skills for Life programme",
    ),
    O(
        "CL",
        "ELS",
        27,
        "Modernise libraries as community learning centres",
        "the library modernisation plan",
    ),
    O(
        "CL",
        "ELS",
        27,
        "Extend free public access to computers and the internet",
        "the People's Network",
    ),
    # -- A Safer Borough -----------------------------------------------------------------------
    O(
        "CS",
        "SAFER",
        28,
        "Reduce violent crime in the night-time economy",
        "the night-time economy action plan",
    ),
    O(
        "CS",
        "SAFER",
        31,
        "Improve support for victims of domestic abuse",
        "the domestic abuse strategy",
    ),
    O("YOS", "SAFER", 30, "Reduce re-offending by young people", "the youth justice plan"),
    O(
        "ERS",
        "SAFER",
        29,
        "Tackle environmental crime and anti-social behaviour with the police",
        "the environmental crime enforcement plan",
    ),
    # -- Corporate Effectiveness & Business Efficiency -----------------------------------------
    O(
        "PP",
        "CORP",
        33,
        "Develop a performance management system that gives each audience "
        "timely and accurate information",
        "the corporate performance management system",
    ),
    O(
        "PP",
        "CORP",
        33,
        "Strengthen the golden thread between service plans and corporate priorities",
        "the service planning guidance",
    ),
    O(
        "PP",
        "CORP",
        32,
        "Involve communities in shaping services",
        "the community engagement strategy",
    ),
    O(
        "PP",
        "CORP",
        32,
        "Support members in their scrutiny role",
        "the member development programme",
    ),
    O(
        "PP",
        "CORP",
        40,
        "Embed risk assessment in service planning",
        "the risk management strategy",
    ),
    O(
        "PP",
        "CORP",
        33,
        "Improve the quality of the data used for decisions",
        "the data quality strategy",
    ),
    O(
        "FIN",
        "CORP",
        34,
        "Deliver a balanced medium-term financial strategy",
        "the medium-term financial strategy",
    ),
    O(
        "FIN",
        "CORP",
        34,
        "Achieve the efficiency savings the budget requires",
        "the efficiency programme",
    ),
    O("FIN", "CORP", 40, "Provide an effective internal audit service", "the internal audit plan"),
    O(
        "FIN",
        "CORP",
        34,
        "Improve procurement to secure better value for money",
        "the procurement strategy",
    ),
    O(
        "FIN",
        "CORP",
        34,
        "Close the accounts promptly with an unqualified audit opinion",
        "the final accounts timetable",
    ),
    O(
        "FIN",
        "CORP",
        36,
        "Pay suppliers promptly, especially local small businesses",
        "the prompt payment initiative",
    ),
    O(
        "HR",
        "CORP",
        37,
        "Reduce sickness absence across the council",
        "the attendance management policy",
    ),
    O(
        "HR",
        "CORP",
        37,
        "Implement single status and the new pay and grading structure",
        "the pay and grading review",
    ),
    O(
        "HR",
        "CORP",
        37,
        "Develop managers through the leadership programme",
        "the leadership development programme",
    ),
    O(
        "HR",
        "CORP",
        37,
        "Reach level 3 of the Equality Standard for Local Government",
        "the equality action plan",
    ),
    O(
        "HR",
        "CORP",
        37,
        "Improve health and safety management",
        "the health and safety action plan",
    ),
    O("LDS", "CORP", 32, "Support open and effective decision making", "the constitution review"),
    O(
        "LDS",
        "CORP",
        40,
        "Give services timely legal advice",
        "the legal services improvement plan",
    ),
    O(
        "LDS",
        "CORP",
        32,
        "Increase electoral registration and turnout",
        "the electoral registration plan",
    ),
    O(
        "LDS",
        "CORP",
        38,
        "Publish council papers and decisions online",
        "the committee management system",
    ),
    O(
        "LDS",
        "CORP",
        36,
        "Return local land charge searches promptly",
        "the land charges improvement plan",
    ),
    O("ICT", "CORP", 38, "Deliver more council services online", "the e-services programme"),
    O(
        "ICT",
        "CORP",
        38,
        "Keep the council's ICT systems secure and available",
        "the ICT resilience plan",
    ),
    O("ICT", "CORP", 38, "Support flexible and mobile working", "the mobile working project"),
    O(
        "ICT",
        "CORP",
        33,
        "Provide a data warehouse for performance and observatory data",
        "the data warehouse project",
    ),
    O(
        "ICT",
        "CORP",
        38,
        "Replace the council's telephone system",
        "the telephony replacement project",
    ),
    O("PRO", "CORP", 35, "Rationalise office accommodation", "the accommodation strategy"),
    O(
        "PRO",
        "CORP",
        35,
        "Keep council buildings safe and in good repair",
        "the planned maintenance programme",
    ),
    O(
        "PRO",
        "CORP",
        35,
        "Increase income from the commercial property portfolio",
        "the commercial estate review",
    ),
    O(
        "PRO",
        "CORP",
        39,
        "Make council buildings accessible to disabled people",
        "the accessibility programme",
    ),
    O(
        "RB",
        "CORP",
        36,
        "Maximise council tax and business rates collection",
        "the income recovery plan",
    ),
    O(
        "RB",
        "CORP",
        36,
        "Process benefit claims quickly and accurately",
        "the benefits improvement plan",
    ),
    O("RB", "CORP", 36, "Prevent and detect benefit fraud", "the anti-fraud strategy"),
    O(
        "RB",
        "CORP",
        39,
        "Resolve more customer enquiries at the first point of contact",
        "the customer access strategy",
    ),
    O("RB", "CORP", 39, "Extend the One Stop Shop network", "the One Stop Shop programme"),
    # Each service department's own business-efficiency objective: the review found nearly
    # half of all objectives and milestones were inward-looking like these.
    O(
        "CSC",
        "CORP",
        34,
        "Reduce the cost of external placements while keeping quality",
        "the placement commissioning review",
    ),
    O("LEA", "CORP", 35, "Reduce surplus school places", "the school place planning review"),
    O(
        "EYS",
        "CORP",
        33,
        "Improve the recording of children's centre activity and outcomes",
        "the children's centre monitoring system",
    ),
    O(
        "YOS",
        "CORP",
        39,
        "Improve the satisfaction of victims and young people with the service",
        "the youth justice user survey",
    ),
    O(
        "ERS",
        "CORP",
        34,
        "Deliver efficiency savings in waste collection",
        "the waste collection round review",
    ),
    O("HTL", "CORP", 34, "Reduce the cost of the council's vehicle fleet", "the fleet review"),
    O(
        "ER",
        "CORP",
        34,
        "Secure external funding for regeneration",
        "the external funding strategy",
    ),
    O(
        "PLN",
        "CORP",
        38,
        "Receive more planning applications electronically",
        "the e-planning project",
    ),
    O(
        "ASC",
        "CORP",
        34,
        "Commission social care services that give value for money",
        "the commissioning strategy",
    ),
    O("HSG", "CORP", 36, "Improve rent collection and reduce arrears", "the rent arrears strategy"),
    O(
        "CL",
        "CORP",
        34,
        "Reduce the subsidy per visit at leisure facilities",
        "the leisure management review",
    ),
    O(
        "CS",
        "CORP",
        33,
        "Share crime and disorder data with partners through the observatory",
        "the community safety information hub",
    ),
    # -- Linked to no priority: the review found "a small number" of these -------------------
    O("HTL", None, None, "Review the winter gritting routes", "the gritting route review"),
    O("CSC", None, None, "Refresh the department's filing procedures", "the filing procedures"),
    O("RB", None, None, "Move the revenues team to the new office", "the office move"),
    O("CL", None, None, "Hold an annual staff awards evening", "the staff awards"),
]

# A milestone's title is one of these steps applied to its objective's subject; an objective's
# milestones take steps in this order, so they read as a sensible sequence.
MILESTONE_STEPS = [
    "Consult service users and partners on {s}",
    "Complete a baseline review of {s}",
    "Agree an action plan for {s} with partners",
    "Secure the funding for {s}",
    "Report the proposals for {s} to the Executive Board",
    "Train front-line staff to deliver {s}",
    "Launch the first phase of {s}",
    "Complete an equality impact assessment of {s}",
    "Complete the second phase of {s}",
    "Report progress on {s} to the Policy and Performance Board",
    "Evaluate the impact of {s}",
    "Embed {s} in mainstream service delivery",
]


class TaskRow(NamedTuple):
    title: str
    objective: str | None  # an objective code; None for a task linked to nothing
    due: str


class LowerPlanRow(NamedTuple):
    code: str
    title: str
    kind: str
    department: str
    parent: str | None  # a plan code; None for a plan that hangs from nothing
    owner: str | None  # a username; None means the department's head of service
    tasks: list[TaskRow]


T = TaskRow

LOWER_PLANS = [
    LowerPlanRow(
        "DP-ERS-FOOD",
        "Food & Health Protection divisional plan",
        "divisional_plan",
        "ERS",
        "SP-ERS",
        None,
        [
            T("Inspect every high-risk food premises when due", "ERS 2", "2008/09 Q4"),
            T("Check smoke-free compliance in licensed premises", "ERS 1", "2008/09 Q2"),
            T("Train officers on the new licensing conditions", "ERS 3", "2009/10 Q1"),
        ],
    ),
    LowerPlanRow(
        "DP-ERS-WASTE",
        "Waste & Environmental Services divisional plan",
        "divisional_plan",
        "ERS",
        "SP-ERS",
        "department.manager",
        [
            T("Roll out kerbside glass collection", "ERS 4", "2008/09 Q3"),
            T("Redesign the collection rounds", "ERS 7", "2009/10 Q2"),
            T("Run the spring clean campaign", "ERS 5", "2009/10 Q1"),
        ],
    ),
    LowerPlanRow(
        "TP-ERS-PEST",
        "Pest Control team plan",
        "team_plan",
        "ERS",
        "SP-ERS",
        None,
        [
            T("Publish pest control charges online", "ERS 2", "2008/09 Q2"),
            T("Replace the pest control van", None, "2009/10 Q3"),
        ],
    ),
    LowerPlanRow(
        "DP-ASC-OP",
        "Older People's Services divisional plan",
        "divisional_plan",
        "ASC",
        "SP-ASC",
        None,
        [
            T("Recruit two reablement teams", "ASC 1", "2008/09 Q3"),
            T("Hold carers' week events", "ASC 4", "2009/10 Q1"),
            T("Audit safeguarding case files", "ASC 6", "2009/10 Q2"),
        ],
    ),
    LowerPlanRow(
        "DP-ASC-LD",
        "Learning Disability Services divisional plan",
        "divisional_plan",
        "ASC",
        "SP-ASC",
        None,
        [
            T("Consult day centre users on the new service model", "ASC 3", "2008/09 Q2"),
            T("Offer a personal budget at every review", "ASC 2", "2009/10 Q2"),
        ],
    ),
    LowerPlanRow(
        "DP-CSC-FS",
        "Fieldwork Services divisional plan",
        "divisional_plan",
        "CSC",
        "SP-CSC",
        None,
        [
            T("Introduce weekly case allocation meetings", "CSC 1", "2008/09 Q2"),
            T("Audit a sample of child protection plans each month", "CSC 4", "2009/10 Q1"),
        ],
    ),
    LowerPlanRow(
        "DP-RB-BEN",
        "Benefits divisional plan",
        "divisional_plan",
        "RB",
        "SP-RB",
        None,
        [
            T("Clear the backlog of changes of circumstances", "RB 2", "2008/09 Q3"),
            T("Run a data-matching exercise with the DWP", "RB 3", "2009/10 Q1"),
        ],
    ),
    LowerPlanRow(
        "DP-PP-PERF",
        "Corporate Performance divisional plan",
        "divisional_plan",
        "PP",
        "SP-PP",
        "performance.officer",
        [
            T("Specify the requirements for the performance system", "PP 1", "2008/09 Q3"),
            T("Publish the service planning guidance for 2009-12", "PP 2", "2008/09 Q4"),
            T("Run data quality spot checks on key indicators", "PP 6", "2009/10 Q2"),
        ],
    ),
    LowerPlanRow(
        "DP-HTL-HWY",
        "Highways Maintenance divisional plan",
        "divisional_plan",
        "HTL",
        "SP-HTL",
        None,
        [
            T("Survey the condition of the footway network", "HTL 1", "2008/09 Q2"),
            T("Install safety cameras at two accident sites", "HTL 3", "2009/10 Q1"),
        ],
    ),
    # Written but never attached to the service plan: the thread is broken above it.
    LowerPlanRow(
        "DP-CL-LIB",
        "Library Services divisional plan",
        "divisional_plan",
        "CL",
        None,
        None,
        [
            T("Open the refurbished central library", "CL 4", "2009/10 Q2"),
            T("Add thirty public computers", "CL 5", "2008/09 Q4"),
        ],
    ),
]

# Personal plans (EDRs) for 2009/10, each under a divisional or team plan above.
PERSONAL_PLANS = [
    LowerPlanRow(
        "EDR-ERS-1",
        "EDR 2009/10: Food Safety Officer",
        "personal_plan",
        "ERS",
        "DP-ERS-FOOD",
        None,
        [
            T("Complete 120 food hygiene inspections", "ERS 2", "2009/10 Q4"),
            T("Gain the higher certificate in food premises inspection", "ERS 2", "2009/10 Q3"),
        ],
    ),
    LowerPlanRow(
        "EDR-ERS-2",
        "EDR 2009/10: Recycling Officer",
        "personal_plan",
        "ERS",
        "DP-ERS-WASTE",
        "department.manager",
        [
            T("Visit every school to promote recycling", "ERS 4", "2009/10 Q3"),
            T("Attend the regional recycling forum", None, "2009/10 Q2"),
        ],
    ),
    LowerPlanRow(
        "EDR-ASC-1",
        "EDR 2009/10: Care Manager",
        "personal_plan",
        "ASC",
        "DP-ASC-OP",
        None,
        [T("Review every client on the caseload within the year", "ASC 1", "2009/10 Q4")],
    ),
    LowerPlanRow(
        "EDR-RB-1",
        "EDR 2009/10: Benefits Assessor",
        "personal_plan",
        "RB",
        "DP-RB-BEN",
        None,
        [T("Process new claims within 20 days on average", "RB 2", "2009/10 Q4")],
    ),
    LowerPlanRow(
        "EDR-PP-1",
        "EDR 2009/10: Corporate Performance Officer",
        "personal_plan",
        "PP",
        "DP-PP-PERF",
        "performance.officer",
        [
            T("Produce the quarterly monitoring reports within six weeks", "PP 1", "2009/10 Q4"),
            T("Train service managers in data quality", "PP 6", "2009/10 Q3"),
        ],
    ),
    LowerPlanRow(
        "EDR-CL-1",
        "EDR 2009/10: Library Assistant",
        "personal_plan",
        "CL",
        "DP-CL-LIB",
        None,
        [T("Run weekly computer taster sessions", "CL 5", "2009/10 Q4")],
    ),
]
