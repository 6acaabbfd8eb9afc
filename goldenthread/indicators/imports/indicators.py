"""The indicator library file: one indicator per row, matched to the library by ``code``.

A column in the file sets that field on every row, an empty cell giving the column's default
(or clearing it); a column left out of the file leaves that field alone on indicators that
already exist. See docs/imports.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from goldenthread.indicators.editorial import editorial_remarks
from goldenthread.indicators.imports.cells import (
    CellError,
    NameIndex,
    parse_choice,
    parse_figure,
    parse_text,
    parse_whole_number,
    parse_yes_no,
)
from goldenthread.indicators.imports.lookups import UserIndex, code_key, indicators_by_code
from goldenthread.indicators.imports.reading import Column, Table
from goldenthread.indicators.imports.result import RowError
from goldenthread.indicators.imports.runner import Plan, RowReader
from goldenthread.indicators.models import (
    Aggregation,
    Frequency,
    Indicator,
    IndicatorPriority,
    IndicatorSet,
    LAADesignation,
    LAAIndicator,
    LocalAreaAgreement,
    Polarity,
)
from goldenthread.organisation.models import Department, Organisation, OrganisationKind
from goldenthread.planning.models import Priority

KIND = "indicators"
COLUMNS = (
    Column("code", required=True),
    Column("title", required=True),
    Column("set"),
    Column("polarity"),
    Column("unit"),
    Column("decimals"),
    Column("frequency"),
    Column("aggregation"),
    Column("tolerance"),
    Column("department"),
    Column("priorities"),
    Column("key"),
    Column("laa"),
    Column("description"),
    Column("note"),
    Column("data_source"),
    Column("responsible_officer"),
    Column("collator"),
    Column("provenance"),
)
OFFICER_COLUMNS = {"responsible_officer": "responsible_officer_id", "collator": "collator_id"}

# The agreement created when a file first puts an indicator in the LAA and none exists yet.
DEFAULT_LAA = {
    "name": "Local Area Agreement 2008/09–2010/11",
    "first_year": 2008,
    "last_year": 2010,
}


def parse_tolerance(raw: str) -> Decimal | None:
    number = parse_figure(raw.removesuffix("%").strip())
    if number is None:
        return None
    if not 0 <= number < 10_000:
        raise CellError(f"{raw!r} is not a tolerance from 0 to 9999.999")
    return number.quantize(Decimal("0.001"))


def _title(raw: str) -> str:
    """A title says what is measured; a remark in square brackets about the title goes in the
    note column, so the row is refused rather than the remark shown to readers as the title."""
    title = parse_text(raw, max_length=400, required="no title given; every indicator needs one")
    remarks = editorial_remarks(title)
    if remarks:
        raise CellError(
            f"the title carries an editorial note in square brackets ('[{remarks[0]}]'); "
            "take it out of the title and put it in the 'note' column"
        )
    return title


def _code(raw: str) -> str:
    return parse_text(
        " ".join(raw.split()), max_length=40, required="no code given; every indicator needs one"
    )


@dataclass
class IndicatorPlan(Plan):
    to_create: list[Indicator] = field(default_factory=list)
    to_update: list[Indicator] = field(default_factory=list)
    update_fields: set[str] = field(default_factory=set)
    # By code key, for indicators whose links change: priority ids in order, or designation.
    new_links: dict[str, list[int]] = field(default_factory=dict)
    new_laa: dict[str, str] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)  # every indicator in the file
    memberships: dict[int, LAAIndicator] = field(default_factory=dict)  # current, by indicator
    agreement: LocalAreaAgreement | None = None
    council: Organisation | None = None  # leads the agreement created when there is none

    @property
    def created_keys(self) -> set[str]:
        return {code_key(indicator.code) for indicator in self.to_create}

    def write(self) -> None:
        Indicator.objects.bulk_create(self.to_create)
        if any(indicator.pk is None for indicator in self.to_create):  # no RETURNING support
            fresh = indicators_by_code(indicator.code for indicator in self.to_create)
            for indicator in self.to_create:
                indicator.pk = fresh[code_key(indicator.code)].pk
        if self.to_update:
            Indicator.objects.bulk_update(self.to_update, sorted(self.update_fields))
        self._write_links()
        self._write_laa()

    def _write_links(self) -> None:
        if not self.new_links:
            return
        created = self.created_keys
        held = [self.indicators[key].pk for key in self.new_links if key not in created]
        if held:
            IndicatorPriority.objects.filter(indicator_id__in=held).delete()
        IndicatorPriority.objects.bulk_create(
            IndicatorPriority(indicator=self.indicators[key], priority_id=priority, position=n)
            for key, priorities in self.new_links.items()
            for n, priority in enumerate(priorities)
        )

    def _write_laa(self) -> None:
        leaving, changing, joining = [], [], []
        for key, designation in self.new_laa.items():
            indicator = self.indicators[key]
            membership = self.memberships.get(indicator.pk)
            if membership is None:
                joining.append(LAAIndicator(indicator=indicator, designation=designation))
            elif not designation:
                leaving.append(membership.pk)
            else:
                membership.designation = designation
                changing.append(membership)
        if leaving:
            LAAIndicator.objects.filter(pk__in=leaving).delete()
        if changing:
            LAAIndicator.objects.bulk_update(changing, ["designation"])
        if joining:
            agreement = self.agreement
            if agreement is None:
                assert self.council is not None, "prepare() refuses the rows when there is none"
                agreement = LocalAreaAgreement.objects.create(
                    lead_organisation=self.council, **DEFAULT_LAA
                )
            for membership in joining:
                membership.agreement = agreement
            LAAIndicator.objects.bulk_create(joining)


def prepare(table: Table, errors: list[RowError]) -> IndicatorPlan:
    """Check every row and work out what importing the file would change."""
    plan = IndicatorPlan()
    existing = indicators_by_code(row["code"] for row in table.rows)
    parsers = _field_parsers(table)
    priorities = _priority_index() if table.has("priorities") else None
    current_links = _current_links(existing) if table.has("priorities") else {}
    if table.has("laa"):
        plan.memberships = {
            m.indicator_id: m
            for m in LAAIndicator.objects.filter(indicator__in=list(existing.values()))
        }
    seen: dict[str, int] = {}
    needs_agreement: list[RowReader] = []
    for row in table.rows:
        reader = RowReader(row, errors)
        code = reader.read("code", _code)
        if code and code_key(code) in seen:
            reader.refuse("code", f"{code!r} is also on row {seen[code_key(code)]}")
        elif code:
            seen[code_key(code)] = row.number
        values = {name: reader.read(column, parse) for column, (name, parse) in parsers.items()}
        links = reader.read("priorities", priorities.list) if priorities else None
        laa = reader.read("laa", _designation) if table.has("laa") else None
        if not reader.ok or code is None:
            continue
        key = code_key(code)
        indicator = existing.get(key)
        if indicator is None:
            indicator = Indicator(code=code, **values)
            plan.to_create.append(indicator)
            plan.created.append(code)
            changed = True
        else:
            changed = _apply(indicator, {"code": code, **values}, plan)
        plan.indicators[key] = indicator
        if links is not None and links != current_links.get(indicator.pk, []):
            plan.new_links[key] = links
            changed = True
        membership = plan.memberships.get(indicator.pk) if indicator.pk else None
        if laa is not None and laa != (membership.designation if membership else ""):
            plan.new_laa[key] = laa
            changed = True
            if membership is None:
                needs_agreement.append(reader)
        if indicator.pk is None:
            continue
        if changed:
            plan.updated.append(code)
        else:
            plan.unchanged += 1
    if needs_agreement:
        _find_agreement(plan, needs_agreement)
    return plan


def _apply(indicator: Indicator, values: dict[str, Any], plan: IndicatorPlan) -> bool:
    """Set the values that differ on an existing indicator; say whether any did."""
    changed = [name for name, value in values.items() if getattr(indicator, name) != value]
    for name in changed:
        setattr(indicator, name, values[name])
    if changed:
        plan.to_update.append(indicator)
        plan.update_fields.update(changed)
    return bool(changed)


def _field_parsers(table: Table) -> dict[str, tuple[str, Callable[[str], Any]]]:
    """For each column the file has: the model field it sets and how to read it."""
    parsers: dict[str, tuple[str, Callable[[str], Any]]] = {
        "title": ("title", _title),
        "set": (
            "indicator_set",
            lambda raw: parse_choice(raw, IndicatorSet, default=IndicatorSet.LOCAL),
        ),
        "polarity": ("polarity", lambda raw: parse_choice(raw, Polarity, default=Polarity.HIGHER)),
        "unit": ("unit", lambda raw: parse_text(raw, max_length=40)),
        "decimals": ("decimals", lambda raw: parse_whole_number(raw, low=0, high=4, default=0)),
        "frequency": (
            "frequency",
            lambda raw: parse_choice(raw, Frequency, default=Frequency.QUARTERLY),
        ),
        "aggregation": (
            "aggregation",
            lambda raw: parse_choice(raw, Aggregation, default=Aggregation.SNAPSHOT),
        ),
        "tolerance": ("tolerance", parse_tolerance),
        "key": ("is_key", parse_yes_no),
        "description": ("description", lambda raw: parse_text(raw, max_length=20_000)),
        "note": ("note", lambda raw: parse_text(raw, max_length=20_000)),
        "data_source": ("data_source", lambda raw: parse_text(raw, max_length=300)),
        "provenance": ("provenance", lambda raw: parse_text(raw, max_length=20_000)),
    }
    if table.has("department"):
        departments = NameIndex(
            Department.objects.only("pk", "code", "name"),
            lambda d: d.code,
            lambda d: d.name,
            noun="department",
            unknown="a department code or name in Golden Thread",
        )
        parsers["department"] = (
            "department_id",
            lambda raw: departments.get(raw).pk if raw else None,
        )
    officer_columns = [column for column in OFFICER_COLUMNS if table.has(column)]
    if officer_columns:
        users = UserIndex(row[column] for row in table.rows for column in officer_columns)
        for column in officer_columns:
            parsers[column] = (
                OFFICER_COLUMNS[column],
                lambda raw: getattr(users.get(raw), "pk", None),
            )
    return {column: parser for column, parser in parsers.items() if table.has(column)}


class _PriorityIndex(NameIndex[Priority]):
    def list(self, raw: str) -> list[int]:
        """``HEALTH; CORP``: the priorities' ids in the order given, the first the primary."""
        ids: list[int] = []
        problems: list[str] = []
        for name in (part.strip() for part in raw.split(";")):
            if not name:
                continue
            try:
                priority = self.get(name)
            except CellError as error:
                problems.append(str(error))
                continue
            if priority.pk in ids:
                problems.append(f"{name!r} names the priority {priority.code} a second time")
            ids.append(priority.pk)
        if problems:
            raise CellError("; ".join(problems))
        return ids


def _priority_index() -> _PriorityIndex:
    return _PriorityIndex(
        Priority.objects.only("pk", "code", "name", "short_name"),
        lambda p: p.code,
        lambda p: p.name,
        lambda p: p.short_name,
        noun="priority",
        unknown="a priority code or name in Golden Thread",
    )


def _current_links(existing: dict[str, Indicator]) -> dict[int, list[int]]:
    links: dict[int, list[int]] = {}
    rows = IndicatorPriority.objects.filter(indicator__in=list(existing.values())).order_by(
        "indicator_id", "position"
    )
    for indicator_id, priority_id in rows.values_list("indicator_id", "priority_id"):
        links.setdefault(indicator_id, []).append(priority_id)
    return links


def _designation(raw: str) -> str:
    return parse_choice(raw, LAADesignation, default="") or ""


def _find_agreement(plan: IndicatorPlan, rows: list[RowReader]) -> None:
    """The agreement new LAA indicators join: the latest, or one to create led by the council."""
    plan.agreement = LocalAreaAgreement.objects.first()
    if plan.agreement is not None:
        return
    plan.council = Organisation.objects.filter(kind=OrganisationKind.COUNCIL).order_by("pk").first()
    if plan.council is None:
        for reader in rows:
            reader.refuse(
                "laa",
                "there is no Local Area Agreement yet, and none can be created because no "
                "organisation is recorded as the council to lead it; add the council first",
            )
        return
    plan.audit["laa_created"] = DEFAULT_LAA["name"]
