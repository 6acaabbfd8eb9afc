"""Production settings pass `goldenthread check --deploy`, and a misconfigured server is told so.

Each case runs the real console script in a fresh process with only the environment an
operator would set, so nothing from the test run (GOLDENTHREAD_TESTING, DATABASE_URL) leaks in.
The processes start together, once per module: each takes about a second on its own.
"""

import os
import subprocess
import sys
import types
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key

from goldenthread.checks import check_front_end_assets_built, check_redis_client_installed

CONSOLE_SCRIPT = Path(sys.executable).with_name("goldenthread")
# Variables that would change the settings under test; everything else (PATH, HOME) is kept.
SETTINGS_PREFIXES = ("GOLDENTHREAD_", "DJANGO_", "DATABASE_URL", "REDIS_URL")
UNSET = None

# Each case: the changes to a good production environment, and the check that must fire.
MISCONFIGURATIONS = {
    "debug on for a public host": ({"GOLDENTHREAD_DEBUG": "1"}, "goldenthread.E001"),
    "sqlite without saying so": ({"GOLDENTHREAD_ALLOW_SQLITE": UNSET}, "goldenthread.W002"),
    "behind a proxy with no trusted origins": (
        {"GOLDENTHREAD_BEHIND_PROXY": "1"},
        "goldenthread.W003",
    ),
    "plain-http trusted origin": (
        {"GOLDENTHREAD_CSRF_TRUSTED_ORIGINS": "http://performance.example.gov.uk"},
        "goldenthread.W004",
    ),
    "test settings on a server": ({"GOLDENTHREAD_TESTING": "1"}, "goldenthread.E005"),
}
GOOD = {
    "production": {},
    "behind a proxy with trusted origins": {
        "GOLDENTHREAD_BEHIND_PROXY": "1",
        "GOLDENTHREAD_CSRF_TRUSTED_ORIGINS": "https://performance.example.gov.uk",
    },
}
NO_SECRET_KEY = {"GOLDENTHREAD_SECRET_KEY": UNSET}


def production_environment(directory: Path, changes: dict[str, str | None]) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(SETTINGS_PREFIXES)}
    environment |= {
        "GOLDENTHREAD_DEBUG": "0",
        "GOLDENTHREAD_SECRET_KEY": get_random_secret_key(),
        "GOLDENTHREAD_ALLOWED_HOSTS": "performance.example.gov.uk",
        "GOLDENTHREAD_DATA_DIR": str(directory / "data"),
        "DATABASE_URL": f"sqlite:///{directory / 'goldenthread.sqlite3'}",
        "GOLDENTHREAD_ALLOW_SQLITE": "1",
    }
    for name, value in changes.items():
        if value is UNSET:
            environment.pop(name, None)
        else:
            environment[name] = value
    return environment


@pytest.fixture(scope="module")
def check_deploy(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, subprocess.CompletedProcess[str]]:
    """`goldenthread check --deploy --fail-level WARNING` run once for every case, by case name."""
    assert CONSOLE_SCRIPT.exists(), f"{CONSOLE_SCRIPT} is missing: run `make install`"
    cases = GOOD | {name: changes for name, (changes, _) in MISCONFIGURATIONS.items()}
    cases["no secret key"] = NO_SECRET_KEY
    command = [str(CONSOLE_SCRIPT), "check", "--deploy", "--fail-level", "WARNING"]
    running = {
        name: subprocess.Popen(
            command,
            env=production_environment(tmp_path_factory.mktemp("deploy"), changes),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, changes in cases.items()
    }
    results = {}
    for name, process in running.items():
        stdout, stderr = process.communicate(timeout=120)
        results[name] = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    return results


@pytest.mark.parametrize("case", GOOD)
def test_production_settings_pass_check_deploy_with_no_issues(
    check_deploy: dict[str, subprocess.CompletedProcess[str]], case: str
) -> None:
    result = check_deploy[case]

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_a_server_without_a_secret_key_refuses_to_start_and_names_the_variable(
    check_deploy: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    result = check_deploy["no secret key"]

    assert result.returncode != 0
    assert "GOLDENTHREAD_SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("case", MISCONFIGURATIONS)
def test_a_misconfigured_deployment_fails_check_deploy_naming_the_problem(
    check_deploy: dict[str, subprocess.CompletedProcess[str]], case: str
) -> None:
    _, check_id = MISCONFIGURATIONS[case]
    result = check_deploy[case]

    assert result.returncode != 0
    assert check_id in result.stderr, result.stdout + result.stderr


def test_unbuilt_front_end_assets_fail_check_deploy(settings, tmp_path: Path) -> None:
    settings.STATICFILES_DIRS = [("build", tmp_path)]  # as after a clone, before `make assets`

    problems = check_front_end_assets_built(None)

    assert [problem.id for problem in problems] == ["goldenthread.E006"]
    assert "build/app.css" in problems[0].msg


REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
}


def test_a_redis_cache_without_the_redis_library_fails_check_deploy(
    settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.CACHES = REDIS_CACHE
    monkeypatch.setitem(sys.modules, "redis", None)  # as if never installed

    problems = check_redis_client_installed(None)

    assert [problem.id for problem in problems] == ["goldenthread.E007"]


def test_a_redis_cache_with_the_redis_library_passes(
    settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.CACHES = REDIS_CACHE
    monkeypatch.setitem(sys.modules, "redis", types.ModuleType("redis"))

    assert check_redis_client_installed(None) == []
