"""`goldenthread backup` and `goldenthread restore`: a whole council out to one file and back,
the same reports afterwards, and every refusal leaving the database as it was."""

import gzip
import io
import json
import re
import stat
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import close_old_connections, connection

from goldenthread.audit.models import AuditEntry
from goldenthread.indicators.models import Actual
from goldenthread.operations.archive import Table
from goldenthread.operations.backup import backup_write
from goldenthread.organisation.models import Organisation, OrganisationKind, User
from tests.conftest import PASSWORD
from tests.pages_fixtures import thread_fixture  # noqa: F401


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def reports() -> list[str]:
    """What the performance team would compare: the reports as JSON, byte for byte, less the
    moment each was drawn."""
    drawn = [
        run("report", "status", "--period", "2009/10 Q1", "--format", "json"),
        run("report", "coverage", "--format", "json"),
        run("report", "qmr", "--period", "2009/10 Q1", "--department", "ERS", "--format", "json"),
    ]
    return [re.sub(r'"generated_at": "[^"]*"', "", report) for report in drawn]


def lines(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as file:
        return file.read().splitlines()


def tables(path: Path) -> dict[str, list[str]]:
    """Each table's rows in a backup, as written."""
    rows = lines(path)
    manifest = json.loads(rows[0])
    found, start = {}, 1
    for table in manifest["tables"]:
        found[table["table"]] = rows[start : start + table["rows"]]
        start += table["rows"]
    return found


def rewrite(path: Path, change) -> None:
    """Write the backup again with `change` applied to its list of lines."""
    changed = change(lines(path))
    with gzip.open(path, "wt", encoding="utf-8") as file:
        file.write("\n".join(changed) + "\n")


def add_organisation(code: str = "LATE") -> Organisation:
    return Organisation.objects.create(
        code=code, name="Late Partner", kind=OrganisationKind.PARTNER
    )


def test_a_restored_backup_of_the_demo_council_gives_the_same_reports(demo, tmp_path):
    before = reports()
    first = tmp_path / "demo.jsonl.gz"

    printed = run("backup", "-o", str(first))

    assert re.fullmatch(
        rf"Wrote {re.escape(str(first))}: \d+ tables, [\d,]+ rows, \d+ KB in [\d.]+ s "
        r"\(Golden Thread [\w.]+, (sqlite|postgresql)\)\n",
        printed,
    ), printed
    call_command("flush", interactive=False, verbosity=0)
    assert not Organisation.objects.exists()

    printed = run("restore", str(first))

    assert printed.startswith(f"Restored {first}: ")
    assert reports() == before
    # Every row came back as it was: a second backup holds the first's rows, table by table,
    # and the audit entry recording the restore. (The restore's audit entry also gives the
    # public pages a new edition, so none cached before it is served: public/edition.py.)
    second = tmp_path / "again.jsonl.gz"
    run("backup", "-o", str(second))
    before_rows, after_rows = tables(first), tables(second)
    changed = {name for name in before_rows if before_rows[name] != after_rows[name]}
    assert changed <= {"audit_auditentry", "public_publicedition"}
    restore_entries = after_rows["audit_auditentry"][len(before_rows["audit_auditentry"]) :]
    assert (
        after_rows["audit_auditentry"][: len(before_rows["audit_auditentry"])]
        == (before_rows["audit_auditentry"])
    )
    assert len(restore_entries) == 1 and '"backup_restore"' in restore_entries[0]
    assert AuditEntry.objects.filter(action="backup_restore").count() == 1


def test_the_backup_file_is_readable_by_its_owner_only(council, tmp_path):
    # It holds password hashes and two-step verification secrets.
    path = tmp_path / "b.jsonl.gz"
    run("backup", "-o", str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_backup_that_fails_leaves_the_earlier_file_as_it_was_and_no_partial_file(
    council, tmp_path
):
    path = tmp_path / "b.jsonl.gz"
    path.write_bytes(b"last night's backup")

    def fail(table: Table) -> None:
        raise OSError("No space left on device")

    with pytest.raises(OSError, match="No space left"):
        backup_write(path=path, on_table=fail)

    assert path.read_bytes() == b"last night's backup"
    assert [p.name for p in tmp_path.iterdir()] == ["b.jsonl.gz"]


def test_a_backup_into_a_missing_directory_is_refused_saying_so(council, tmp_path):
    with pytest.raises(CommandError, match=r"No backup was written: .*nowhere does not exist"):
        run("backup", "-o", str(tmp_path / "nowhere" / "b.jsonl.gz"))


def test_restoring_over_a_council_s_data_needs_replace(council, tmp_path):
    path = tmp_path / "b.jsonl.gz"
    run("backup", "-o", str(path))
    add_organisation()

    with pytest.raises(CommandError, match="holds a council's data.*--replace"):
        run("restore", str(path))
    assert Organisation.objects.filter(code="LATE").exists()

    run("restore", str(path), "--replace")
    assert not Organisation.objects.filter(code="LATE").exists()
    assert User.objects.get(username="priya").check_password(PASSWORD)


def test_a_restore_signs_everyone_out(council, client, tmp_path):
    path = tmp_path / "b.jsonl.gz"
    run("backup", "-o", str(path))
    client.force_login(council.priya)
    assert client.get("/home/").status_code == 200

    run("restore", str(path), "--replace")

    assert client.get("/home/")["Location"].startswith("/sign-in/")


def _without_column(rows: list[str], table: str, columns: set[str]) -> list[str]:
    """The backup as a Golden Thread before `columns` were added to `table` would write it."""
    manifest = json.loads(rows[0])
    start = 1
    for entry in manifest["tables"]:
        if entry["table"] == table:
            keep = [i for i, name in enumerate(entry["columns"]) if name not in columns]
            entry["columns"] = [entry["columns"][i] for i in keep]
            for n in range(start, start + entry["rows"]):
                row = json.loads(rows[n])
                rows[n] = json.dumps([row[i] for i in keep])
        start += entry["rows"]
    return [json.dumps(manifest), *rows[1:]]


def test_a_backup_from_before_a_migration_that_added_columns_with_defaults_restores(
    thread, tmp_path
):
    path = tmp_path / "b.jsonl.gz"
    Actual.objects.update(version=7, revision=2)
    figures = Actual.objects.count()
    run("backup", "-o", str(path))

    def before_versions(rows: list[str]) -> list[str]:
        rows = _without_column(rows, "indicators_actual", {"version", "revision"})
        manifest = json.loads(rows[0])
        manifest["migrations"]["indicators"].remove("0005_actual_version_revision")
        return [json.dumps(manifest), *rows[1:]]

    rewrite(path, before_versions)
    run("restore", str(path), "--replace")

    assert Actual.objects.count() == figures
    assert {(a.version, a.revision) for a in Actual.objects.all()} == {(1, 0)}


@pytest.mark.parametrize("older", [True, False], ids=["older file", "same migrations"])
def test_a_backup_whose_rows_lack_a_column_with_no_default_is_refused(thread, tmp_path, older):
    path = tmp_path / "b.jsonl.gz"
    figures = Actual.objects.count()
    run("backup", "-o", str(path))

    def without_indicators(rows: list[str]) -> list[str]:
        rows = _without_column(rows, "indicators_actual", {"indicator_id"})
        manifest = json.loads(rows[0])
        if older:
            manifest["migrations"]["indicators"].remove("0005_actual_version_revision")
        return [json.dumps(manifest), *rows[1:]]

    rewrite(path, without_indicators)

    message = (
        r"comes from an older Golden Thread \([\w.]+\) and does not fit this one's schema as it "
        r"is \(indicators_actual's columns differ: indicator_id\)\. Restore it with Golden Thread"
        if older
        else r"does not fit this database's tables, though it names the same migrations: "
        r"indicators_actual's columns differ: indicator_id\."
    )
    with pytest.raises(CommandError, match=message):
        run("restore", str(path), "--replace")
    assert Actual.objects.count() == figures


def _newer(rows: list[str]) -> list[str]:
    manifest = json.loads(rows[0])
    manifest["migrations"]["indicators"].append("0099_from_the_future")
    return [json.dumps(manifest), *rows[1:]]


def _before_a_data_migration(rows: list[str]) -> list[str]:
    manifest = json.loads(rows[0])
    manifest["migrations"]["reporting"].remove("0002_default_perspectives")
    return [json.dumps(manifest), *rows[1:]]


def _cut_short(rows: list[str]) -> list[str]:
    return rows[: len(rows) // 2]


def _no_end_line(rows: list[str]) -> list[str]:
    return rows[:-1]


def _wrong_row(rows: list[str]) -> list[str]:
    return [rows[0], "[1,2]", *rows[2:]]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            _newer,
            r"comes from a newer Golden Thread \([\w.]+\), whose database has migrations this "
            r"one does not know: indicators\.0099_from_the_future\. Restore it with that version",
        ),
        (
            _before_a_data_migration,
            r"comes from an older Golden Thread .*migrations that change data since it: "
            r"reporting\.0002_default_perspectives.*then upgrade",
        ),
        (_cut_short, r"is damaged, line \d+: the file ends at row \d+ of \d+ of \w+"),
        (_no_end_line, r"is damaged, line \d+: the end of the file was expected after \d+ rows"),
        (_wrong_row, r"is damaged, line 2: not a row of \w+'s \d+ columns"),
    ],
    ids=["newer schema", "data migration since", "cut short", "no end line", "garbled row"],
)
def test_a_file_that_cannot_be_restored_is_refused_and_nothing_changes(
    council, tmp_path, change, message
):
    path = tmp_path / "b.jsonl.gz"
    run("backup", "-o", str(path))
    rewrite(path, change)
    add_organisation()

    with pytest.raises(CommandError, match=f"^Nothing was restored: {path}.*{message}"):
        run("restore", str(path), "--replace")

    assert Organisation.objects.filter(code="LATE").exists()
    assert User.objects.filter(username="priya").exists()


def test_a_file_whose_bytes_are_cut_off_is_refused_and_nothing_changes(council, tmp_path):
    path = tmp_path / "b.jsonl.gz"
    run("backup", "-o", str(path))
    path.write_bytes(path.read_bytes()[:-200])
    add_organisation()

    with pytest.raises(CommandError, match="is damaged, line .*cut short or corrupt"):
        run("restore", str(path), "--replace")
    assert Organisation.objects.filter(code="LATE").exists()


@pytest.mark.parametrize(
    "content", [b"code,name\nDBC,Demo\n", gzip.compress(b"code,name\n"), b""], ids=str
)
def test_a_file_that_is_not_a_backup_is_refused_as_such(council, tmp_path, content):
    path = tmp_path / "other.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=f"{path} is not a Golden Thread backup"):
        run("restore", str(path), "--replace")


def test_a_missing_file_is_refused_naming_it(council, tmp_path):
    with pytest.raises(CommandError, match=r"Nothing was restored: .*nope\.jsonl\.gz: No such"):
        run("restore", str(tmp_path / "nope.jsonl.gz"))


@pytest.mark.django_db(transaction=True)
def test_a_backup_holds_the_database_as_it_was_when_it_began_while_others_write(council, tmp_path):
    """The server carries on while the backup runs: what it writes meanwhile is not in the
    backup, nor half of it."""
    written: list[object] = []

    def someone_writes_now() -> None:
        try:
            add_organisation()
            AuditEntry.objects.create(action="late", summary="written during the backup")
            written.append("ok")
        except Exception as error:  # noqa: BLE001 - asserted below
            written.append(error)
        finally:
            connection.close()

    def after_the_first_table(table: Table) -> None:
        if not written:
            writer = threading.Thread(target=someone_writes_now)
            writer.start()
            writer.join(timeout=30)

    path = tmp_path / "b.jsonl.gz"
    summary = backup_write(path=path, on_table=after_the_first_table)
    close_old_connections()

    assert written == ["ok"]  # the writer was not held up by the backup
    assert Organisation.objects.filter(code="LATE").exists()
    text = "\n".join(lines(path))
    assert "LATE" not in text and "written during the backup" not in text
    assert summary.manifest.rows == len(lines(path)) - 2
    run("restore", str(path), "--replace")
    assert not Organisation.objects.filter(code="LATE").exists()
    assert Organisation.objects.filter(code="DBC").exists()
