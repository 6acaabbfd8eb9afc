"""A council's plans exported and loaded into a database holding only its organisation and
people give the same Table 2 (`goldenthread report coverage`), text and JSON alike."""

import csv
import io

from django.core.management import call_command

from goldenthread.audit.models import AuditEntry
from goldenthread.demo.builder import build_people, build_structure
from goldenthread.demo.world import World
from goldenthread.indicators.models import Indicator
from goldenthread.indicators.services import indicators_import
from goldenthread.planning.imports import plans_import
from goldenthread.planning.imports.exporting import plans_export
from goldenthread.planning.models import Plan, Priority, Task


def coverage(fmt: str) -> str:
    out = io.StringIO()
    call_command("report", "coverage", "--format", fmt, stdout=out)
    return out.getvalue()


def export(*args: str) -> bytes:
    out = io.BytesIO()
    call_command("export_plans", *args, stdout=io.StringIO(), stderr=io.StringIO())
    return out.getvalue()


def library_file() -> bytes:
    """The indicator library as import-indicators reads it, with each one's priorities."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "title", "set", "priorities"])
    for indicator in Indicator.objects.prefetch_related("priority_links__priority"):
        links = sorted(indicator.priority_links.all(), key=lambda link: link.position)
        writer.writerow(
            [
                indicator.code,
                indicator.title,
                indicator.indicator_set,
                "; ".join(link.priority.code for link in links),
            ]
        )
    return out.getvalue().encode()


def without_indicator_links(plan_file: bytes) -> bytes:
    lines = plan_file.decode("utf-8-sig").splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith("indicator link,")).encode()


def test_exported_plans_reload_into_an_empty_council_with_the_same_coverage(demo):
    text, json = coverage("text"), coverage("json")
    plans_csv = plans_export(fmt="csv")
    plans_xlsx = plans_export(fmt="xlsx")
    library = library_file()
    call_command("flush", interactive=False, verbosity=0)
    world = World()
    build_structure(world)
    build_people(world)
    assert not Priority.objects.exists() and not Indicator.objects.exists()

    # The order docs/imports.md gives a new council: plans (which bring the priorities), the
    # indicator library, then the plan file again for its links to indicators.
    first = plans_import(source=io.BytesIO(without_indicator_links(plans_csv)), acting_user=None)
    assert first.ok, first.error_report()
    assert indicators_import(source=io.BytesIO(library), acting_user=None).ok
    again = plans_import(source=io.BytesIO(plans_xlsx), acting_user=None, filename="plans.xlsx")

    assert again.ok, again.error_report()
    assert again.created == again.counts["indicator_link"].created > 250
    assert again.updated == 0
    assert coverage("text") == text
    assert coverage("json") == json
    assert plans_export(fmt="csv") == plans_csv
    assert Plan.objects.count() == 37 and Task.objects.count() > 20


def test_the_demo_loads_its_plans_through_the_import(demo):
    plans, links = AuditEntry.objects.filter(action="plans.import").order_by("pk")
    assert plans.data["filename"] == "demo-plans.csv"
    assert plans.data["counts"]["milestone"]["created"] == 267  # Table 2 less the objectives
    assert Task.objects.get(code="EDR-ERS-1.2").title.startswith("Gain the higher certificate")
    # Then, once the library is in, its indicators' links to objectives, as a council would.
    assert links.data["filename"] == "demo-indicator-links.csv"
    created = links.data["counts"]["indicator_link"]["created"]
    assert created == Indicator.objectives.through.objects.count() > 300


def test_export_plans_writes_csv_to_standard_output_and_xlsx_to_a_file(demo, tmp_path, capfdbinary):
    call_command("export_plans", stderr=io.StringIO())
    written = capfdbinary.readouterr().out
    assert written.decode("utf-8-sig").startswith("record,code,title,")
    call_command("export_plans", "-o", str(tmp_path / "plans.xlsx"), stderr=io.StringIO())
    assert (tmp_path / "plans.xlsx").read_bytes()[:2] == b"PK"
    result = plans_import(source=tmp_path / "plans.xlsx", acting_user=None, dry_run=True)
    assert result.ok and result.created == result.updated == 0
