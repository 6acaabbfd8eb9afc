"""`goldenthread report NAME` and `goldenthread report pack`: every report of the standard pack
from the command line, as files or on standard output, and a period's whole pack into a
directory with its index."""

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from goldenthread.planning.periods import Period
from goldenthread.reporting import pack_writer
from goldenthread.reporting.pack import standard_pack
from goldenthread.reporting.pack_writer import PackExists, write_pack

Q1 = "2009/10 Q1"


def report(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def rows_of(document: dict, item_type: str) -> list[dict]:
    return [row for row in document["rows"] if row["item_type"] == item_type]


@pytest.mark.parametrize(
    ("args", "title"),
    [
        (
            ["qmr", "--department", "ERS"],
            "Quarterly monitoring report: Environmental & Regulatory Services, 2009/10 Q1",
        ),
        (
            ["exceptions", "--board", "PPB-HEALTH"],
            "Exception report: Healthy Borough Policy and Performance Board, 2009/10 Q1",
        ),
        (["priority", "--priority", "HEALTH"], "Priority report: A Healthy Borough, 2009/10 Q1"),
        (
            ["directorate", "--directorate", "HCD"],
            "Directorate summary: Health & Community, 2009/10 Q1",
        ),
        (["organisation"], "Organisation summary: 2009/10 Q1"),
        (["scorecard"], "Balanced scorecard: 2009/10 Q1"),
        (
            ["portfolio", "--portfolio", "CYP"],
            "Portfolio report: Children & Young People, 2009/10 Q1",
        ),
        (["indicator-set", "--set", "BVPI"], "Best Value Performance Indicators: 2009/10 Q1"),
        (["built", "--laa"], "Report on the Local Area Agreement: 2009/10 Q1"),
    ],
)
def test_each_report_prints_as_json_for_a_quarter(demo, args, title):
    document = json.loads(report(*args, "--period", Q1))
    assert document["report"] == args[0]
    assert document["title"] == title
    assert document["periods"] == [Q1]
    assert document["rows"]


def test_the_six_monthly_summary_is_for_a_half_year(demo):
    document = json.loads(report("six-monthly", "--period", "2008/09 H2"))
    assert document["title"] == "Six-monthly performance summary: 2008/09 H2"
    assert rows_of(document, "indicator")


def test_a_qmr_holds_its_departments_indicators_only(demo):
    document = json.loads(report("qmr", "--period", "2009-10-Q1", "--department", "ERS"))
    indicators = rows_of(document, "indicator")
    assert indicators
    assert {row["department"] for row in indicators} == {"Environmental & Regulatory Services"}
    assert document["url"] == "/reports/qmr/?period=2009-10-Q1&department=ERS"


def test_the_exception_report_lists_only_exceptions(demo):
    document = json.loads(report("exceptions", "--period", Q1, "--board", "PPB-HEALTH"))
    assert {row["exception"] for row in rows_of(document, "indicator")} <= {"over", "under"}
    everything = json.loads(
        report("exceptions", "--period", Q1, "--board", "PPB-HEALTH", "--no-exceptions-only")
    )
    assert len(rows_of(everything, "indicator")) > len(rows_of(document, "indicator"))


def test_the_builders_choices_narrow_a_report(demo):
    document = json.loads(
        report(
            "built",
            "--period",
            Q1,
            "--department",
            "ERS",
            "--content",
            "pis",
            "--status",
            "red",
        )
    )
    indicators = rows_of(document, "indicator")
    assert indicators
    assert {row["status"] for row in indicators} == {"red"}
    assert not rows_of(document, "milestone")


def test_an_indicator_set_view_holds_that_set(demo):
    document = json.loads(report("indicator-set", "--period", Q1, "--set", "BVPI"))
    codes = [row["code"] for row in rows_of(document, "indicator")]
    assert codes
    assert all(code.startswith("BV") for code in codes)


def test_a_report_prints_as_csv_with_a_header_row(demo):
    as_json = json.loads(report("qmr", "--period", Q1, "--department", "ERS"))
    rows = list(
        csv.DictReader(
            StringIO(report("qmr", "--period", Q1, "--department", "ERS", "--format", "csv"))
        )
    )
    assert [row["code"] for row in rows] == [row["code"] or "" for row in as_json["rows"]]
    assert {row["item_type"] for row in rows} >= {"indicator", "milestone"}


def test_the_format_follows_the_files_extension(demo, tmp_path):
    out = report("qmr", "--period", Q1, "--department", "ERS", "-o", str(tmp_path / "ers.xlsx"))
    assert (tmp_path / "ers.xlsx").read_bytes()[:2] == b"PK"
    assert "ers.xlsx" in out
    report("qmr", "--period", Q1, "--department", "ERS", "-o", str(tmp_path / "ers.json"))
    assert json.loads((tmp_path / "ers.json").read_text())["report"] == "qmr"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ers.json", "ers.xlsx"]


def test_a_pdf_is_written_into_a_directory_under_the_reports_own_name(demo, tmp_path):
    report("qmr", "--period", Q1, "--department", "ERS", "--format", "pdf", "-o", str(tmp_path))
    assert [p.name for p in tmp_path.iterdir()] == ["qmr-ERS-2009-10-Q1.pdf"]
    assert (tmp_path / "qmr-ERS-2009-10-Q1.pdf").read_bytes()[:5] == b"%PDF-"


def test_a_pdf_is_not_printed_to_the_terminal(demo):
    with pytest.raises(CommandError, match="-o/--output: pdf is not text"):
        report("qmr", "--period", Q1, "--department", "ERS", "--format", "pdf")


def test_an_unknown_extension_asks_for_a_format(demo, tmp_path):
    with pytest.raises(CommandError, match=r"--format: ers\.txt does not end in"):
        report("qmr", "--period", Q1, "--department", "ERS", "-o", str(tmp_path / "ers.txt"))
    assert not any(tmp_path.iterdir())


def test_a_misspelt_department_is_refused_with_the_near_matches(demo, tmp_path):
    existing = tmp_path / "ers.json"
    existing.write_text("last quarter's")
    with pytest.raises(CommandError) as refused:
        report("qmr", "--period", Q1, "--department", "ERX", "-o", str(existing))
    assert str(refused.value).startswith("--department: ")
    assert "Did you mean" in str(refused.value)
    assert "ERS (Environmental & Regulatory Services)" in str(refused.value)
    assert existing.read_text() == "last quarter's"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["qmr", "--period", Q1], "--department: choose the department"),
        (["qmr", "--period", "2009/10 Q5", "--department", "ERS"], "--period: "),
        (["six-monthly", "--period", Q1], "--period: the six-monthly summary is for a half"),
        (["qmr", "--period", Q1, "--board", "PPB-HEALTH"], "--board: the quarterly monitoring"),
        (["organisation", "--period", Q1, "--department", "ERS"], "for the whole council"),
        (
            ["built", "--period", Q1, "--department", "ERS", "--board", "PPB-HEALTH"],
            "--department and --board: choose one",
        ),
        (["built", "--period", Q1, "--status", "purple"], "--status: 'purple' is not one of"),
        (["built", "--period", Q1, "--set", "XYZ"], "--set: 'XYZ' is not one of"),
        (["built", "--period", Q1, "--depth", "deep"], "--depth: 'deep' is not one of"),
    ],
)
def test_a_report_asked_for_wrongly_is_refused_naming_the_option(demo, args, message):
    with pytest.raises(CommandError, match=message.replace("?", r"\?")):
        report(*args)


# -- report pack ------------------------------------------------------------------------------


def test_the_pack_writes_a_file_per_report_and_an_index(demo, tmp_path):
    period = Period.parse(Q1)
    entries = standard_pack(period)
    target = tmp_path / "pack"
    out = report("pack", "--period", Q1, "--format", "json", "--jobs", "1", "-o", str(target))
    names = sorted(p.name for p in target.iterdir())
    assert len(names) == len(entries) + 1
    assert names == sorted([e.filename("json") for e in entries] + ["index.csv"])
    with (target / "index.csv").open(encoding="utf-8") as handle:
        index = list(csv.DictReader(handle))
    assert [row["file"] for row in index] == [e.filename("json") for e in entries]
    ers = next(row for row in index if row["file"] == "qmr-ERS-2009-10-Q1.json")
    assert ers["report"] == "qmr"
    assert ers["scope"] == "department"
    assert ers["code"] == "ERS"
    assert ers["period"] == Q1
    assert ers["url"] == "/reports/qmr/?period=2009-10-Q1&department=ERS"
    document = json.loads((target / "qmr-ERS-2009-10-Q1.json").read_text())
    assert document["url"] == ers["url"]
    assert "qmr-ERS-2009-10-Q1.json" in out
    assert f"Wrote {len(entries)} files and index.csv to {target}" in out
    assert [p.name for p in tmp_path.iterdir()] == ["pack"]  # no temporary directory left


def test_a_half_years_pack_is_its_six_monthly_summary_in_each_format(demo, tmp_path):
    report(
        "pack",
        "--period",
        "2008/09 H2",
        "--format",
        "csv",
        "--format",
        "xlsx",
        "-o",
        str(tmp_path / "h2"),
    )
    assert sorted(p.name for p in (tmp_path / "h2").iterdir()) == [
        "index.csv",
        "six-monthly-2008-09-H2.csv",
        "six-monthly-2008-09-H2.xlsx",
    ]


def test_the_pack_replaces_an_earlier_pack_only_when_forced(demo, tmp_path):
    h2 = ["pack", "--period", "2008/09 H2", "-o", str(tmp_path)]
    report(*h2, "--format", "csv")
    with pytest.raises(CommandError, match="holds an earlier pack; give --force"):
        report(*h2, "--format", "json")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "index.csv",
        "six-monthly-2008-09-H2.csv",
    ]
    report(*h2, "--format", "json", "--force")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "index.csv",
        "six-monthly-2008-09-H2.json",
    ]


def test_the_pack_never_replaces_a_directory_of_other_files(demo, tmp_path):
    (tmp_path / "minutes.docx").write_bytes(b"PK")
    with pytest.raises(CommandError, match="not a pack .no index.csv.; choose a new or empty"):
        report("pack", "--period", "2008/09 H2", "--format", "json", "--force", "-o", str(tmp_path))
    assert [p.name for p in tmp_path.iterdir()] == ["minutes.docx"]


def test_a_pack_that_fails_part_way_leaves_nothing_behind(demo, tmp_path, monkeypatch):
    entries = [e for e in standard_pack(Period.parse(Q1)) if e.spec.kind == "qmr"][:3]
    drawn = []
    real = pack_writer.render_spec

    def failing(spec, formats):
        drawn.append(spec)
        if len(drawn) == 3:
            raise RuntimeError("the printer caught fire")
        return real(spec, formats)

    monkeypatch.setattr(pack_writer, "render_spec", failing)
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "index.csv").write_text("file\nlast-quarter.pdf\n")
    with pytest.raises(RuntimeError):
        write_pack(Period.parse(Q1), tmp_path / "pack", ["csv"], replace=True, entries=entries)
    assert len(drawn) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["pack"]
    assert (tmp_path / "pack" / "index.csv").read_text() == "file\nlast-quarter.pdf\n"
    assert [p.name for p in (tmp_path / "pack").iterdir()] == ["index.csv"]
    with pytest.raises(PackExists):
        write_pack(Period.parse(Q1), tmp_path / "pack", ["csv"], entries=entries)


def test_the_pack_draws_reports_in_several_processes(demo, tmp_path):
    entries = [e for e in standard_pack(Period.parse(Q1)) if e.spec.kind == "qmr"][:4]
    paths = write_pack(Period.parse(Q1), tmp_path / "pack", ["csv"], jobs=2, entries=entries)
    assert [p.name for p in paths] == [e.filename("csv") for e in entries] + ["index.csv"]
    for entry, path in zip(entries, paths, strict=False):
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        departments = {row["department"] for row in rows if row["item_type"] == "indicator"}
        assert len(departments) == 1, entry.label
        assert entry.label.endswith(departments.pop())


def test_written_files_leave_no_temporary_files(tmp_path):
    pack_writer.write_atomically(tmp_path / "a.csv", b"x,y\n")
    pack_writer.write_atomically(tmp_path / "a.csv", b"x,y\n1,2\n")
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]
    assert Path(tmp_path / "a.csv").read_bytes() == b"x,y\n1,2\n"


def codes_in(document: dict) -> set[str]:
    return {row["code"] for row in rows_of(document, "indicator")}


def test_as_a_partner_officer_a_report_holds_only_what_is_shared_with_them(demo):
    from goldenthread import access
    from goldenthread.organisation.models import User

    pat = User.objects.get(username="partner.officer")
    args = ["priority", "--priority", "HEALTH", "--period", Q1, "--format", "json"]
    everything = json.loads(report(*args))
    as_pat = json.loads(report(*args, "--as", "partner.officer"))

    shared = set(access.visible_indicators(pat).values_list("code", flat=True))
    assert codes_in(as_pat) and codes_in(as_pat) <= shared
    assert rows_of(everything, "milestone") and not rows_of(as_pat, "milestone")


def test_as_someone_unknown_the_command_refuses(demo):
    with pytest.raises(CommandError, match="--as: there is no user 'nobody'"):
        report("organisation", "--period", Q1, "--as", "nobody")
