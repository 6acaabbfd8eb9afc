"""Demo Borough Council's structure: organisations, departments, boards, priorities, people.

Modelled on the review (shared/seed): six priorities, four directorates, 19 departments each with
a service plan, Policy and Performance Boards, the Local Strategic Partnership and its
Specialist Strategic Partnerships. Names are fictional; nothing here describes a real council.
"""

from __future__ import annotations

from typing import NamedTuple

from goldenthread.organisation.models import BoardKind, OrganisationKind, Role

DEMO_PASSWORD = "golden-thread-demo"  # demo data only: printed by `goldenthread demo --logins`
SEED = 2008
EMAIL_DOMAIN = "demo-borough.example.org"

COUNCIL = "DBC"


class OrganisationRow(NamedTuple):
    code: str
    name: str
    kind: str
    sector: str


ORGANISATIONS = [
    OrganisationRow(COUNCIL, "Demo Borough Council", OrganisationKind.COUNCIL, "local government"),
    OrganisationRow("PCT", "Demo Borough Primary Care Trust", OrganisationKind.PARTNER, "health"),
    OrganisationRow("POL", "Demo Constabulary (Borough Area)", OrganisationKind.PARTNER, "police"),
    OrganisationRow("FIRE", "Demo Fire and Rescue Service", OrganisationKind.PARTNER, "fire"),
    OrganisationRow("COL", "Demo Borough College", OrganisationKind.PARTNER, "further education"),
    OrganisationRow(
        "CVS",
        "Demo Borough Council for Voluntary Service",
        OrganisationKind.PARTNER,
        "voluntary sector",
    ),
    OrganisationRow("HT", "Demo Borough Housing Trust", OrganisationKind.PARTNER, "housing"),
    OrganisationRow(
        "JCP", "Jobcentre Plus (Demo district)", OrganisationKind.PARTNER, "employment"
    ),
    OrganisationRow("PROB", "Demo Probation Trust", OrganisationKind.PARTNER, "criminal justice"),
    OrganisationRow("AC", "Audit Commission (demo)", OrganisationKind.REGULATOR, "audit"),
]


class DirectorateRow(NamedTuple):
    code: str
    name: str


DIRECTORATES = [
    DirectorateRow("CYPD", "Children & Young People"),
    DirectorateRow("CPD", "Corporate & Policy"),
    DirectorateRow("ENVD", "Environment"),
    DirectorateRow("HCD", "Health & Community"),
]


class DepartmentRow(NamedTuple):
    code: str
    name: str
    directorate: str


DEPARTMENTS = [
    DepartmentRow("CSC", "Children's Social Care", "CYPD"),
    DepartmentRow("LEA", "Learning & Achievement", "CYPD"),
    DepartmentRow("EYS", "Early Years & Family Support", "CYPD"),
    DepartmentRow("YOS", "Youth & Youth Offending Services", "CYPD"),
    DepartmentRow("PP", "Policy & Performance", "CPD"),
    DepartmentRow("FIN", "Financial Services", "CPD"),
    DepartmentRow("HR", "Human Resources", "CPD"),
    DepartmentRow("LDS", "Legal & Democratic Services", "CPD"),
    DepartmentRow("ICT", "ICT Services", "CPD"),
    DepartmentRow("PRO", "Property Services", "CPD"),
    DepartmentRow("RB", "Revenues & Benefits", "CPD"),
    DepartmentRow("ERS", "Environmental & Regulatory Services", "ENVD"),
    DepartmentRow("HTL", "Highways, Transportation & Logistics", "ENVD"),
    DepartmentRow("ER", "Economic Regeneration", "ENVD"),
    DepartmentRow("PLN", "Planning & Building Control", "ENVD"),
    DepartmentRow("ASC", "Adult Social Care", "HCD"),
    DepartmentRow("HSG", "Housing Services", "HCD"),
    DepartmentRow("CL", "Culture & Leisure", "HCD"),
    DepartmentRow("CS", "Community Safety", "HCD"),
]
CORPORATE_DEPARTMENTS = ["PP", "FIN", "HR", "LDS", "ICT", "PRO", "RB"]


class BoardRow(NamedTuple):
    code: str
    name: str
    kind: str


BOARDS = [
    BoardRow("MT", "Management Team", BoardKind.MANAGEMENT_TEAM),
    BoardRow("EXEC", "Executive Board", BoardKind.EXECUTIVE_BOARD),
    BoardRow("PPB-HEALTH", "Healthy Borough Policy and Performance Board", BoardKind.PPB),
    BoardRow("PPB-URBAN", "Urban Renewal Policy and Performance Board", BoardKind.PPB),
    BoardRow("PPB-CYP", "Children & Young People Policy and Performance Board", BoardKind.PPB),
    BoardRow(
        "PPB-ELS", "Employment, Learning & Skills Policy and Performance Board", BoardKind.PPB
    ),
    BoardRow("PPB-SAFER", "Safer Borough Policy and Performance Board", BoardKind.PPB),
    BoardRow("PPB-CORP", "Corporate Services Policy and Performance Board", BoardKind.PPB),
    BoardRow("LSP", "Demo Borough Strategic Partnership", BoardKind.LSP),
    BoardRow("SSP-HEALTH", "Health Partnership", BoardKind.SSP),
    BoardRow("SSP-URBAN", "Urban Renewal Partnership", BoardKind.SSP),
    BoardRow("SSP-CYP", "Children's Trust", BoardKind.SSP),
    BoardRow("SSP-ELS", "Employment, Learning & Skills Partnership", BoardKind.SSP),
    BoardRow("SSP-SAFER", "Safer Borough Partnership", BoardKind.SSP),
]


class PortfolioRow(NamedTuple):
    code: str
    name: str
    departments: tuple[str, ...]


PORTFOLIOS = [
    PortfolioRow("HEALTH-ADULTS", "Health & Adults", ("ASC",)),
    PortfolioRow("PTRR", "Planning, Transportation, Regeneration & Renewal", ("PLN", "HTL", "HSG")),
    PortfolioRow("CYP", "Children & Young People", ("CSC", "LEA", "EYS", "YOS")),
    PortfolioRow("ECON", "Economic Development & Skills", ("ER",)),
    PortfolioRow("COMMSAFE", "Community Safety", ("CS",)),
    PortfolioRow("CORPSERV", "Corporate Services", ("PP", "HR", "LDS", "ICT")),
    PortfolioRow("RESOURCES", "Resources", ("FIN", "RB", "PRO")),
    PortfolioRow("ENVLEISURE", "Environment, Leisure & Sport", ("ERS", "CL")),
]


class KeyObjectiveRow(NamedTuple):
    letter: str
    title: str


class AreaRow(NamedTuple):
    number: int
    letter: str  # the key objective it sits under
    title: str


class PriorityRow(NamedTuple):
    number: int
    code: str
    name: str
    short_name: str
    ppb: str
    ssp: str | None
    portfolio: str
    key_objectives: list[KeyObjectiveRow]
    areas: list[AreaRow]


AREA_33 = (
    "Ensuring that we are properly structured and fit for purpose, and that decision makers are "
    "supported through the provision of timely and accurate information"
)

PRIORITIES = [
    PriorityRow(
        1,
        "HEALTH",
        "A Healthy Borough",
        "Health",
        "PPB-HEALTH",
        "SSP-HEALTH",
        "HEALTH-ADULTS",
        [
            KeyObjectiveRow(
                "A",
                "Understand the causes of ill health and act together to "
                "improve the health and well-being of local people",
            ),
            KeyObjectiveRow("B", "Give every child a healthy start in life"),
            KeyObjectiveRow("C", "Promote healthy lifestyles and a healthy living environment"),
            KeyObjectiveRow(
                "D", "Help vulnerable adults to live independent lives with choice and control"
            ),
        ],
        [
            AreaRow(1, "A", "Reducing smoking and the harm it does to health"),
            AreaRow(2, "A", "Reducing alcohol-related harm"),
            AreaRow(3, "C", "Promoting healthy eating, physical activity and a healthy weight"),
            AreaRow(4, "B", "Improving the health of mothers and young children"),
            AreaRow(5, "D", "Helping older and vulnerable people to live independently at home"),
            AreaRow(
                6, "D", "Providing personalised social care that gives people choice and control"
            ),
            AreaRow(7, "A", "Improving mental health and emotional well-being"),
        ],
    ),
    PriorityRow(
        2,
        "URBAN",
        "Urban Renewal",
        "Urban Renewal",
        "PPB-URBAN",
        "SSP-URBAN",
        "PTRR",
        [
            KeyObjectiveRow("A", "Regenerate the town centres and the borough's employment sites"),
            KeyObjectiveRow("B", "Provide a safe, reliable and accessible transport network"),
            KeyObjectiveRow("C", "Improve the quality and choice of housing"),
            KeyObjectiveRow("D", "Create a clean, green and sustainable borough"),
        ],
        [
            AreaRow(8, "A", "Bringing derelict and contaminated land back into use"),
            AreaRow(9, "A", "Revitalising the town centres"),
            AreaRow(10, "B", "Maintaining the highway network in good condition"),
            AreaRow(11, "B", "Improving public transport and access to services"),
            AreaRow(12, "C", "Increasing the supply of affordable and decent homes"),
            AreaRow(13, "D", "Reducing waste and increasing recycling"),
            AreaRow(14, "D", "Keeping streets, parks and open spaces clean, safe and attractive"),
            AreaRow(15, "D", "Reducing carbon emissions and adapting to climate change"),
        ],
    ),
    PriorityRow(
        3,
        "CYP",
        "Children & Young People",
        "Children & Young People",
        "PPB-CYP",
        "SSP-CYP",
        "CYP",
        [
            KeyObjectiveRow("A", "Children and young people are healthy"),
            KeyObjectiveRow("B", "Children and young people are safe"),
            KeyObjectiveRow("C", "Children and young people enjoy learning and achieve"),
            KeyObjectiveRow("D", "Children and young people make a positive contribution"),
            KeyObjectiveRow("E", "Children and young people achieve economic well-being"),
        ],
        [
            AreaRow(16, "B", "Safeguarding children and young people from harm"),
            AreaRow(17, "B", "Improving outcomes for looked after children"),
            AreaRow(18, "C", "Raising attainment and narrowing the gap at every key stage"),
            AreaRow(
                19,
                "A",
                "Giving every child the best start through children's centres and "
                "early years provision",
            ),
            AreaRow(20, "A", "Reducing teenage conceptions and promoting sexual health"),
            AreaRow(21, "D", "Preventing offending and involving young people in decisions"),
            AreaRow(
                22,
                "E",
                "Reducing the number of young people not in education, employment or training",
            ),
        ],
    ),
    PriorityRow(
        4,
        "ELS",
        "Employment, Learning & Skills",
        "Employment, Learning & Skills",
        "PPB-ELS",
        "SSP-ELS",
        "ECON",
        [
            KeyObjectiveRow("A", "Raise the skills of adults in the borough"),
            KeyObjectiveRow("B", "Help people into sustainable employment"),
            KeyObjectiveRow("C", "Grow the local economy and its business base"),
        ],
        [
            AreaRow(23, "A", "Increasing adult basic skills and qualifications"),
            AreaRow(
                24,
                "B",
                "Helping workless residents, including those on incapacity benefits, into work",
            ),
            AreaRow(25, "C", "Supporting business start-ups and growth"),
            AreaRow(26, "C", "Attracting inward investment and new jobs"),
            AreaRow(27, "A", "Widening access to learning through libraries and community venues"),
        ],
    ),
    PriorityRow(
        5,
        "SAFER",
        "A Safer Borough",
        "Safer",
        "PPB-SAFER",
        "SSP-SAFER",
        "COMMSAFE",
        [
            KeyObjectiveRow("A", "Reduce crime and the fear of crime"),
            KeyObjectiveRow("B", "Tackle anti-social behaviour and its causes"),
            KeyObjectiveRow("C", "Reduce the harm caused by drugs, alcohol and domestic abuse"),
        ],
        [
            AreaRow(28, "A", "Reducing violent and acquisitive crime"),
            AreaRow(29, "B", "Tackling anti-social behaviour and the fear of crime"),
            AreaRow(30, "C", "Reducing re-offending and drug- and alcohol-related crime"),
            AreaRow(31, "C", "Protecting victims of domestic abuse and hate crime"),
        ],
    ),
    PriorityRow(
        6,
        "CORP",
        "Corporate Effectiveness & Business Efficiency",
        "Business efficiency",
        "PPB-CORP",
        None,
        "CORPSERV",
        [
            KeyObjectiveRow(
                "A",
                "Ensure the council is well led, with strong member leadership "
                "and community engagement",
            ),
            KeyObjectiveRow(
                "B", "Manage the council's resources effectively and deliver value for money"
            ),
            KeyObjectiveRow("C", "Translate vision and priorities into action and delivery"),
            KeyObjectiveRow("D", "Be an employer of choice with a skilled, motivated workforce"),
            KeyObjectiveRow("E", "Improve continuously the quality of services"),
        ],
        [
            AreaRow(32, "A", "Strengthening member leadership and community engagement"),
            AreaRow(33, "C", AREA_33),
            AreaRow(34, "B", "Securing value for money and a balanced medium-term financial plan"),
            AreaRow(35, "B", "Making the best use of land, buildings and other assets"),
            AreaRow(36, "B", "Collecting income and paying benefits promptly and accurately"),
            AreaRow(
                37,
                "D",
                "Developing the workforce and promoting health, safety and equality at work",
            ),
            AreaRow(38, "E", "Using information technology to modernise services"),
            AreaRow(39, "E", "Improving access to services and customer satisfaction"),
            AreaRow(40, "C", "Managing risk and ensuring good governance"),
        ],
    ),
]

# The review's Table 2: (objectives and key milestones, performance indicators) per priority.
TABLE_2 = {
    "HEALTH": (57, 51),
    "URBAN": (50, 64),
    "CYP": (46, 61),
    "ELS": (26, 23),
    "SAFER": (13, 26),
    "CORP": (178, 141),
}


class LoginRow(NamedTuple):
    """One sign-in per audience (DESIGN.md, "Audiences"), printed by `demo --logins`."""

    username: str
    first_name: str
    last_name: str
    organisation: str
    job_title: str
    role: str
    scope_field: str | None  # which field of RoleAssignment the scope goes in (ROLE_SCOPE)
    scope_code: str | None
    sees: str


LOGINS = [
    LoginRow(
        "performance.officer",
        "Priya",
        "Shah",
        COUNCIL,
        "Corporate Performance Officer",
        Role.PERFORMANCE_OFFICER,
        None,
        None,
        "Everything: runs the quarterly cycle, validates and publishes figures",
    ),
    LoginRow(
        "department.manager",
        "Dev",
        "Patel",
        COUNCIL,
        "Environmental Health Manager",
        Role.MANAGER,
        "department",
        "ERS",
        "Environmental & Regulatory Services: enters and submits its quarterly figures",
    ),
    LoginRow(
        "operational.director",
        "Helen",
        "Marsh",
        COUNCIL,
        "Operational Director, Environmental & Regulatory Services",
        Role.OPERATIONAL_DIRECTOR,
        "department",
        "ERS",
        "The full quarterly monitoring report of Environmental & Regulatory Services",
    ),
    LoginRow(
        "strategic.director",
        "Graham",
        "Holt",
        COUNCIL,
        "Strategic Director, Environment",
        Role.STRATEGIC_DIRECTOR,
        "directorate",
        "ENVD",
        "Every department of the Environment directorate, exceptions first",
    ),
    LoginRow(
        "management.team",
        "Margaret",
        "Ellison",
        COUNCIL,
        "Chief Executive",
        Role.MANAGEMENT_TEAM,
        "board",
        "MT",
        "All 19 quarterly monitoring reports and the organisation summary",
    ),
    LoginRow(
        "portfolio.holder",
        "Anne",
        "Whitley",
        COUNCIL,
        "Councillor, Executive Member for Health & Adults",
        Role.PORTFOLIO_HOLDER,
        "portfolio",
        "HEALTH-ADULTS",
        "The Health & Adults portfolio and its departments",
    ),
    LoginRow(
        "executive.member",
        "Robert",
        "Gaskell",
        COUNCIL,
        "Councillor, Leader of the Council and Executive Member for Corporate Services",
        Role.EXECUTIVE_MEMBER,
        "board",
        "EXEC",
        "Their Corporate Services portfolio first; the balanced scorecard and six-monthly "
        "summary, as the LSP gets them",
    ),
    LoginRow(
        "ppb.chair",
        "Joan",
        "Lowe",
        COUNCIL,
        "Councillor, Chair of the Healthy Borough PPB",
        Role.PPB_CHAIR,
        "board",
        "PPB-HEALTH",
        "Exceptions for A Healthy Borough; LAA and corporate plan progress",
    ),
    LoginRow(
        "ppb.member",
        "Tariq",
        "Hussain",
        COUNCIL,
        "Councillor, member of the Corporate Services PPB",
        Role.PPB_MEMBER,
        "board",
        "PPB-CORP",
        "Exceptions for Corporate Effectiveness & Business Efficiency",
    ),
    LoginRow(
        "partner.officer",
        "Pat",
        "Doyle",
        "PCT",
        "Head of Performance, Primary Care Trust",
        Role.PARTNER_OFFICER,
        "organisation",
        "PCT",
        "LAA and theme reports; the data shared with the Primary Care Trust",
    ),
    LoginRow(
        "regulator",
        "Siobhan",
        "Kerr",
        "AC",
        "Performance Specialist, Audit Commission",
        Role.REGULATOR,
        "organisation",
        "AC",
        "The National Indicator dataset for comparison",
    ),
]

# Names for the other officers (responsible officers, collators, plan owners, partner staff):
# combined in order, never at random, so usernames are the same on every run.
FIRST_NAMES = [
    "Alan",
    "Bernadette",
    "Carl",
    "Deborah",
    "Edward",
    "Fiona",
    "Gareth",
    "Hannah",
    "Ian",
    "Janet",
    "Keith",
    "Linda",
    "Martin",
    "Nadia",
    "Owen",
    "Paula",
    "Rajesh",
    "Sandra",
    "Trevor",
    "Una",
    "Vikram",
    "Wendy",
    "Yusuf",
    "Zoe",
    "Andrew",
    "Beverley",
    "Colin",
    "Dawn",
    "Eric",
    "Gillian",
    "Howard",
    "Irene",
    "Jason",
    "Karen",
    "Lee",
    "Maureen",
    "Neil",
    "Olivia",
    "Philip",
    "Rachel",
    "Stuart",
    "Tracey",
    "Vincent",
    "Yvonne",
]
LAST_NAMES = [
    "Ashworth",
    "Brennan",
    "Clarke",
    "Dunne",
    "Eccles",
    "Fairclough",
    "Garside",
    "Hughes",
    "Ingham",
    "Jenkins",
    "Kavanagh",
    "Latham",
    "McCann",
    "Nolan",
    "Okafor",
    "Parr",
    "Quinn",
    "Rimmer",
    "Sutcliffe",
    "Taylor",
    "Unsworth",
    "Varley",
    "Walsh",
    "Yates",
    "Bibi",
    "Cheung",
    "Dixon",
    "Evans",
    "Foster",
    "Gallagher",
    "Heaton",
    "Iqbal",
    "Jones",
    "Kelly",
    "Lomax",
    "Moran",
    "Naylor",
    "O'Brien",
    "Pickering",
    "Roberts",
    "Swift",
    "Thornton",
    "Wilcock",
    "Young",
]

# Audience logins with more than one role: the Leader sits on the Executive Board and holds a
# portfolio, which is their home view (issue 6's role table).
EXTRA_ROLES: dict[str, tuple[tuple[str, str | None, str | None], ...]] = {
    "executive.member": ((Role.PORTFOLIO_HOLDER, "portfolio", "CORPSERV"),),
}
