"""The README's command line works for a newcomer, and a misconfiguration is one clear line.

After `make run`, a new shell that runs `. .venv/bin/activate` and `goldenthread report
coverage` reads the database `make run` serves: `make install` leaves the checkout's
development defaults in the virtualenv (goldenthread/env.py, load_checkout_defaults). Anything
wrong with the set-up is one line on standard error naming what to fix, from `goldenthread`
and `python manage.py` alike, never a traceback.
"""

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from goldenthread.env import load_checkout_defaults
from tests.test_deploy_settings import CONSOLE_SCRIPT, SETTINGS_PREFIXES

CHECKOUT = Path(__file__).resolve().parent.parent
COMMANDS = {
    "goldenthread": [str(CONSOLE_SCRIPT)],
    "manage.py": [sys.executable, str(CHECKOUT / "manage.py")],
}


def new_shell(home: Path, **variables: str) -> dict[str, str]:
    """A terminal's environment: none of Golden Thread's settings, unless given here."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(SETTINGS_PREFIXES)}
    return environment | {"HOME": str(home), "XDG_DATA_HOME": str(home / "share")} | variables


def report_coverage(
    command: list[str], home: Path, *options: str, **variables: str
) -> subprocess.CompletedProcess[str]:
    """`report coverage`, the README's first report, run in a new shell with these settings."""
    return subprocess.run(
        [*command, "report", "coverage", *options],
        env=new_shell(home, **variables),
        capture_output=True,
        text=True,
        timeout=120,
    )


def checkout_virtualenv(directory: Path) -> Path:
    """A virtualenv as `make install` leaves it: Golden Thread installed (here, by borrowing
    this one's packages), with the `goldenthread` command, marked installed."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", directory], check=True)
    site_packages = Path(
        sysconfig.get_path("purelib", vars={"base": directory, "platbase": directory})
    )
    borrowed = sysconfig.get_path("purelib")
    (site_packages / "borrowed.pth").write_text(f"import site; site.addsitedir({borrowed!r})\n")
    script = directory / "bin" / "goldenthread"
    script.write_text(
        f"#!{directory / 'bin' / 'python'}\n"
        "import sys\nfrom goldenthread.cli import main\nsys.exit(main())\n"
    )
    script.chmod(0o755)
    (directory / ".installed").touch()
    return directory


def test_the_readme_commands_in_a_new_shell_read_the_database_make_run_serves(
    tmp_path: Path,
) -> None:
    venv = checkout_virtualenv(tmp_path / "venv")
    var = tmp_path / "var"
    home = tmp_path / "home"
    # `make install`: the same recipe, into this virtualenv.
    subprocess.run(
        ["make", "--no-print-directory", "-s", f"VENV={venv}", f"GOLDENTHREAD_DATA_DIR={var}"]
        + [f"{venv}/goldenthread.env"],
        cwd=CHECKOUT,
        check=True,
    )
    # `make run`, up to serving: the Makefile names the environment and the data directory.
    subprocess.run(
        [venv / "bin" / "goldenthread", "migrate", "--no-input"],
        env=new_shell(home, GOLDENTHREAD_ENV="development", GOLDENTHREAD_DATA_DIR=str(var)),
        capture_output=True,
        check=True,
    )

    result = subprocess.run(
        ["bash", "-c", f". {venv}/bin/activate && goldenthread report coverage --format json"],
        env=new_shell(home),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "rows" in json.loads(result.stdout)
    assert not list(home.rglob("*.sqlite3"))  # not a database of its own elsewhere


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_production_without_a_secret_key_is_one_line_naming_it_not_a_traceback(
    tmp_path: Path, command: list[str]
) -> None:
    result = report_coverage(
        command, tmp_path, GOLDENTHREAD_ENV="production", GOLDENTHREAD_DATA_DIR=str(tmp_path)
    )

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("goldenthread: GOLDENTHREAD_SECRET_KEY must be set")


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_database_never_migrated_is_one_line_saying_which_and_to_migrate_it(
    tmp_path: Path, command: list[str]
) -> None:
    result = report_coverage(
        command, tmp_path, GOLDENTHREAD_ENV="development", GOLDENTHREAD_DATA_DIR=str(tmp_path)
    )

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert "run `goldenthread migrate`" in result.stderr
    assert f"(the database is {tmp_path / 'goldenthread.sqlite3'})" in result.stderr


def test_a_database_that_cannot_be_opened_is_one_line_saying_so(tmp_path: Path) -> None:
    database = tmp_path / "no such directory" / "goldenthread.sqlite3"
    result = report_coverage(
        [str(CONSOLE_SCRIPT)],
        tmp_path,
        GOLDENTHREAD_ENV="development",
        DATABASE_URL=f"sqlite:///{database}",
    )

    assert result.returncode == 1
    assert result.stderr == (
        f"goldenthread: cannot open the database {database} (unable to open database file): "
        "check DATABASE_URL\n"
    )


def test_output_cut_short_by_its_reader_ends_quietly(tmp_path: Path) -> None:
    # As in `goldenthread report status --format json | head`: the reader has gone before the
    # command writes.
    process = subprocess.Popen(
        [str(CONSOLE_SCRIPT), "help"],
        env=new_shell(
            tmp_path, GOLDENTHREAD_ENV="development", GOLDENTHREAD_DATA_DIR=str(tmp_path)
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    process.stdout.close()
    _, errors = process.communicate(timeout=120)

    assert errors == ""
    assert process.returncode == 1


def test_traceback_still_shows_the_traceback_for_whoever_asks(tmp_path: Path) -> None:
    result = report_coverage(
        [str(CONSOLE_SCRIPT)],
        tmp_path,
        "--traceback",
        GOLDENTHREAD_ENV="production",
        GOLDENTHREAD_DATA_DIR=str(tmp_path),
    )

    assert result.returncode == 1
    assert "Traceback" in result.stderr


# -- the checkout's defaults on their own -------------------------------------------------------


def test_checkout_defaults_never_change_a_variable_the_environment_sets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "goldenthread.env").write_text(
        "# make install\nGOLDENTHREAD_ENV=development\nGOLDENTHREAD_DATA_DIR=/checkout/var\n"
    )
    monkeypatch.setenv("GOLDENTHREAD_ENV", "production")
    monkeypatch.delenv("GOLDENTHREAD_DATA_DIR", raising=False)

    load_checkout_defaults(tmp_path)

    assert os.environ["GOLDENTHREAD_ENV"] == "production"
    assert os.environ["GOLDENTHREAD_DATA_DIR"] == "/checkout/var"


def test_a_virtualenv_without_checkout_defaults_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GOLDENTHREAD_ENV", raising=False)

    assert load_checkout_defaults(tmp_path) is None
    assert "GOLDENTHREAD_ENV" not in os.environ


def test_a_bad_line_in_checkout_defaults_is_refused_naming_the_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "goldenthread.env").write_text("GOLDENTHREAD_ENV=development\nDEBUG=1\n")
    monkeypatch.setenv("GOLDENTHREAD_ENV", "test")

    with pytest.raises(ImproperlyConfigured, match=r"goldenthread\.env, line 2: expected"):
        load_checkout_defaults(tmp_path)
