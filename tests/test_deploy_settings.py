"""Production settings pass `goldenthread check --deploy`, and a misconfigured server is told so.

The first tests run the real console script in fresh processes with only the environment an
operator would set, so nothing from the test run (GOLDENTHREAD_TESTING, DATABASE_URL) leaks in.
They start together, once per module: each takes about a second. The rest call each of
Golden Thread's checks (goldenthread/checks.py) with the settings that should or should not
trip it.
"""

import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from django.core.management.utils import get_random_secret_key

from goldenthread import checks

CONSOLE_SCRIPT = Path(sys.executable).with_name("goldenthread")
# Variables that would change the settings under test; everything else (PATH, HOME) is kept.
SETTINGS_PREFIXES = ("GOLDENTHREAD_", "DJANGO_", "DATABASE_URL", "REDIS_URL")
UNSET = None
CASES = {
    "production": {},
    "no secret key": {"GOLDENTHREAD_SECRET_KEY": UNSET},
    "debug on for a public host": {"GOLDENTHREAD_DEBUG": "1"},
}


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
    command = [str(CONSOLE_SCRIPT), "check", "--deploy", "--fail-level", "WARNING"]
    running = {
        name: subprocess.Popen(
            command,
            env=production_environment(tmp_path_factory.mktemp("deploy"), changes),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, changes in CASES.items()
    }
    results = {}
    for name, process in running.items():
        stdout, stderr = process.communicate(timeout=120)
        results[name] = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    return results


def test_production_settings_pass_check_deploy_with_no_issues(
    check_deploy: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    result = check_deploy["production"]

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_a_server_without_a_secret_key_refuses_to_start_and_names_the_variable(
    check_deploy: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    result = check_deploy["no secret key"]

    assert result.returncode != 0
    assert "GOLDENTHREAD_SECRET_KEY must be set" in result.stderr


def test_debug_on_a_public_host_fails_check_deploy_naming_the_problem(
    check_deploy: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    result = check_deploy["debug on for a public host"]

    assert result.returncode != 0
    assert "goldenthread.E001" in result.stderr
    assert "GOLDENTHREAD_DEBUG is on while the site answers to performance.example.gov.uk" in (
        result.stderr
    )


# -- each check on its own ----------------------------------------------------------------------

SQLITE = {"default": {"ENGINE": "django.db.backends.sqlite3"}}
POSTGRESQL = {"default": {"ENGINE": "django.db.backends.postgresql"}}
PROXY = ("HTTP_X_FORWARDED_PROTO", "https")
PRODUCTION: dict[str, Any] = {
    "DEBUG": False,
    "ALLOWED_HOSTS": ["performance.example.gov.uk"],
    "DATABASES": POSTGRESQL,
    "SECURE_PROXY_SSL_HEADER": None,
    "CSRF_TRUSTED_ORIGINS": [],
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.PBKDF2PasswordHasher"],
}


@pytest.mark.parametrize(
    ("check", "changes", "environment", "expected"),
    [
        pytest.param(checks.check_debug_with_public_hosts, {"DEBUG": True}, {},
                     ["goldenthread.E001"], id="debug with a public host"),
        pytest.param(checks.check_debug_with_public_hosts,
                     {"DEBUG": True, "ALLOWED_HOSTS": ["localhost", "127.0.0.1", "[::1]"]}, {},
                     [], id="debug on this machine only"),
        pytest.param(checks.check_sqlite_in_production, {"DATABASES": SQLITE}, {},
                     ["goldenthread.W002"], id="sqlite"),
        pytest.param(checks.check_sqlite_in_production, {"DATABASES": SQLITE,
                     "ALLOW_SQLITE": True}, {}, [], id="sqlite on purpose"),
        pytest.param(checks.check_sqlite_in_production, {"DATABASES": SQLITE, "DEBUG": True},
                     {}, [], id="sqlite in development"),
        pytest.param(checks.check_proxy_has_trusted_origins,
                     {"SECURE_PROXY_SSL_HEADER": PROXY}, {},
                     ["goldenthread.W003"], id="proxy without trusted origins"),
        pytest.param(checks.check_proxy_has_trusted_origins,
                     {"SECURE_PROXY_SSL_HEADER": PROXY,
                      "CSRF_TRUSTED_ORIGINS": ["https://performance.example.gov.uk"]}, {},
                     [], id="proxy with trusted origins"),
        pytest.param(checks.check_trusted_origins_use_https,
                     {"CSRF_TRUSTED_ORIGINS": ["http://performance.example.gov.uk"]}, {},
                     ["goldenthread.W004"], id="plain-http trusted origin"),
        pytest.param(checks.check_trusted_origins_use_https,
                     {"CSRF_TRUSTED_ORIGINS": ["https://performance.example.gov.uk",
                                               "http://localhost:8000"]}, {},
                     [], id="https and local trusted origins"),
        pytest.param(checks.check_password_hashers,
                     {"PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"]}, {},
                     ["goldenthread.E005"], id="the test suite's hasher"),
        pytest.param(checks.check_password_hashers, {}, {}, [], id="a proper hasher"),
    ],
)  # fmt: skip
def test_each_check_flags_its_misconfiguration_and_nothing_else(
    monkeypatch: pytest.MonkeyPatch,
    check: Any,
    changes: dict[str, Any],
    environment: dict[str, str],
    expected: list[str],
) -> None:
    monkeypatch.setattr(checks, "settings", types.SimpleNamespace(**PRODUCTION | changes))
    monkeypatch.delenv("GOLDENTHREAD_ALLOW_SQLITE", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    assert [problem.id for problem in check(None)] == expected


def test_unbuilt_front_end_assets_fail_check_deploy(settings, tmp_path: Path) -> None:
    settings.STATICFILES_DIRS = [("build", tmp_path)]  # as after a clone, before `make assets`

    problems = checks.check_front_end_assets_built(None)

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

    problems = checks.check_redis_client_installed(None)

    assert [problem.id for problem in problems] == ["goldenthread.E007"]


def test_a_redis_cache_with_the_redis_library_passes(
    settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.CACHES = REDIS_CACHE
    monkeypatch.setitem(sys.modules, "redis", types.ModuleType("redis"))

    assert checks.check_redis_client_installed(None) == []
