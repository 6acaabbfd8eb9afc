"""The golden thread's rules about plans, each written once: the plan import
(goldenthread.planning.imports) and the browser's forms and services
(goldenthread.planning.services, goldenthread.planning.forms) both ask here.

Each rule is a pure function of plain values (kinds, years, counts, text), with no database.
One that finds a problem returns its words as a clause in lower case
(``"'SP-EH' is a service plan; a corporate plan's parent must be a community strategy"``),
None when the rule holds. The caller says where: an import row and column put before it, or
a form field with the clause made a ``sentence``. So the browser and the import say the same
thing.
"""

from __future__ import annotations

from goldenthread.planning.models import PLAN_LEVEL, TASK_KINDS, PlanKind
from goldenthread.planning.periods import Period, PeriodError, PeriodKind

# Keyed by a kind's value, as a row or a model field holds it: a lookup per row, no enum made.
_LEVEL: dict[str, int] = {str(kind): level for kind, level in PLAN_LEVEL.items()}


def sentence(clause: str) -> str:
    """A rule's clause as a message of its own: ``Tasks belong in …``."""
    return clause[:1].upper() + clause[1:]


def kind_name(kind: str) -> str:
    """``personal plan`` for PlanKind.PERSONAL_PLAN, as a sentence names it."""
    return str(PlanKind(kind).label).split(" (")[0].lower()


# -- a plan's parent is one level up ------------------------------------------------------------


def fits_under(kind: str, parent_kind: str) -> bool:
    """A plan of ``kind`` may hang from a plan of ``parent_kind``: one level up."""
    return _LEVEL[parent_kind] == _LEVEL[kind] - 1


def _parent_rule(kind: PlanKind) -> str:
    above = [kind_name(k) for k in PlanKind if PLAN_LEVEL[k] == PLAN_LEVEL[kind] - 1]
    if not above:
        return f"a {kind_name(kind)} is the top of the thread: leave its parent blank"
    return f"a {kind_name(kind)}'s parent must be a {' or '.join(above)}"


# ``a corporate plan's parent must be a community strategy``, for each kind.
PARENT_RULE: dict[str, str] = {str(kind): _parent_rule(kind) for kind in PlanKind}


def wrong_parent(kind: str, parent: str, parent_kind: str, *, itself: bool = False) -> str | None:
    """Why a plan of ``kind`` may not hang from ``parent`` (its code as the caller shows it),
    a plan of ``parent_kind``; None when it may. ``itself``: the plan is named as its own
    parent, which no kind, old or new, makes right."""
    if itself:
        return f"{parent} is this plan; {PARENT_RULE[kind]}"
    if fits_under(kind, parent_kind):
        return None
    return f"{parent} is a {kind_name(parent_kind)}; {PARENT_RULE[kind]}"


def wrong_child(kind: str, child: str, child_kind: str) -> str | None:
    """Why a plan changing to ``kind`` cannot keep ``child`` (a plan of ``child_kind``) under
    it; None when it can."""
    if fits_under(child_kind, kind):
        return None
    return (
        f"{child} ({kind_name(child_kind)}) sits under this plan; a {kind_name(kind)} cannot "
        "hold it: move it first"
    )


# -- a plan's years ---------------------------------------------------------------------------


def years_out_of_order(first: int, last: int) -> str | None:
    """Why a plan from financial year ``first`` to ``last`` cannot be; None when it can."""
    if first <= last:
        return None
    return (
        f"the last year ({Period(last).year_label}) is before the first year "
        f"({Period(first).year_label})"
    )


# -- tasks --------------------------------------------------------------------------------------


def holds_tasks(kind: str) -> bool:
    """A plan of ``kind`` may hold tasks: a divisional, team or personal plan."""
    return kind in TASK_KINDS


def _listed(words: list[str]) -> str:
    """``divisional, team and personal``."""
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


# ``tasks belong in divisional, team and personal plans``
TASK_RULE = "tasks belong in {} plans".format(
    _listed([kind_name(k).removesuffix(" plan") for k in PlanKind if k in TASK_KINDS])
)


def misplaced_task(plan: str, plan_kind: str) -> str | None:
    """Why a task may not be in ``plan`` (its code as the caller shows it), a plan of
    ``plan_kind``; None when it may."""
    if holds_tasks(plan_kind):
        return None
    return f"{TASK_RULE}; {plan} is a {kind_name(plan_kind)}"


def stranded_tasks(kind: str) -> str | None:
    """Why a plan that holds tasks may not change to ``kind``; None when it may."""
    if holds_tasks(kind):
        return None
    belong = TASK_RULE.removeprefix("tasks ")
    return f"this plan has tasks, which {belong}; a {kind_name(kind)} cannot hold them"


# -- an objective's links up the thread ---------------------------------------------------------

ONE_PRIMARY_LINK = "an objective linked up the thread has exactly one primary link"


def primary_links_wrong(primaries: int, links: int) -> str | None:
    """Why an objective with ``links`` links up the thread, ``primaries`` of them primary,
    cannot be; None when it can (one primary, or no links at all)."""
    if links == 0 or primaries == 1:
        return None
    return ONE_PRIMARY_LINK


# -- quarters ---------------------------------------------------------------------------------


def parse_quarter(text: str) -> Period | None:
    """A quarter as people write it, ``2009/10 Q3`` or ``2009-10-Q3``; None for anything else,
    a year or a half included (a milestone is reported by quarter)."""
    try:
        period = Period.parse(text)
    except PeriodError:
        return None
    return period if period.kind is PeriodKind.QUARTER else None


def not_a_quarter(written: str) -> str:
    """What is wrong with ``written`` (quoted as the caller quotes) where a quarter is due."""
    return f"{written} is not a quarter; write it as 2009/10 Q3 (or 2009-10-Q3)"
