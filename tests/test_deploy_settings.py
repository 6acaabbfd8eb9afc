"""Production settings pass `goldenthread check --deploy`, and a misconfigured server is told so.

The first tests run the real console script in fresh processes with only the environment an
operator must set (GOLDENTHREAD_ENV=production, the secret key and the allowed hosts, plus a
throwaway data directory), so nothing from the test run (GOLDENTHREAD_ENV=test, DATABASE_URL)
leaks in. A data directory where collectstatic has not run yet fails; the whole production
path, collectstatic included, passes in tests/test_production_serving.py.
They start together, once per module: each takes about a second. The rest call each of
Golden Thread's checks (goldenthread/checks.py) with the settings that should or should not
trip it.
"""

import json
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
    "no allowed hosts": {"GOLDENTHREAD_ALLOWED_HOSTS": UNSET},
    "debug on for a public host": {"GOLDENTHREAD_DEBUG": "1"},
    "an unknown environment": {"GOLDENTHREAD_ENV": "staging"},
}
BUILT_ASSETS = Path(checks.__file__).parent / "static" / "build"


def production_environment(directory: Path, changes: dict[str, str | None]) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(SETTINGS_PREFIXES)}
    environment |= {
        "GOLDENTHREAD_ENV": "production",
        "GOLDENTHREAD_SECRET_KEY": get_random_secret_key(),
        "GOLDENTHREAD_ALLOWED_HOSTS": "performance.example.gov.uk",
        "GOLDENTHREAD_DATA_DIR": str(directory / "data"),
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


def assets_built() -> None:
    """The front-end assets are built files (`make assets`, which `make test` runs first);
    without them check E006 rightly fails a deployment, so there is nothing else to learn."""
    if not all((BUILT_ASSETS.parent / name).exists() for name in checks.FRONT_END_ASSETS):
        pytest.skip(
            f"SKIPPED: the front-end assets are not built in {BUILT_ASSETS}: run `make assets`"
        )


def test_production_before_collectstatic_fails_check_deploy_saying_to_run_it(
    check_deploy: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    assets_built()
    result = check_deploy["production"]

    assert result.returncode != 0
    assert "goldenthread.E009" in result.stderr
    assert "collectstatic has not been run" in result.stderr
    assert "Run `goldenthread collectstatic --no-input`" in result.stderr
    # Once it has run, check --deploy passes: tests/test_production_serving.py.


@pytest.mark.parametrize(
    ("case", "variable"),
    [
        ("no secret key", "GOLDENTHREAD_SECRET_KEY"),
        ("no allowed hosts", "GOLDENTHREAD_ALLOWED_HOSTS"),
    ],
)
def test_production_without_a_required_variable_refuses_to_start_and_names_it(
    check_deploy: dict[str, subprocess.CompletedProcess[str]], case: str, variable: str
) -> None:
    result = check_deploy[case]

    assert result.returncode != 0
    assert f"{variable} must be set in production" in result.stderr
    assert "System check" not in result.stdout  # it stopped before checking anything


def test_an_unknown_environment_name_is_refused_naming_the_choices(
    check_deploy: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    result = check_deploy["an unknown environment"]

    assert result.returncode != 0
    assert "GOLDENTHREAD_ENV must be one of development, test, production, not 'staging'" in (
        result.stderr
    )


PRINT_SECURITY_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in [
    "DEBUG", "PASSWORD_HASHERS", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_SAMESITE",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY", "AXES_FAILURE_LIMIT", "AXES_RESET_ON_SUCCESS",
]}))
"""


def test_production_hashes_with_argon2_and_sends_cookies_over_https_only(tmp_path: Path) -> None:
    environment = production_environment(tmp_path, {})
    environment["DJANGO_SETTINGS_MODULE"] = "goldenthread.settings"

    result = subprocess.run(
        [sys.executable, "-c", PRINT_SECURITY_SETTINGS],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    production = json.loads(result.stdout)
    assert production["DEBUG"] is False
    assert production["PASSWORD_HASHERS"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SESSION_COOKIE_HTTPONLY"]
    assert production["SESSION_COOKIE_SAMESITE"] == production["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert production["SECURE_SSL_REDIRECT"]
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert production["SECURE_REFERRER_POLICY"] == "same-origin"
    assert production["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert production["AXES_FAILURE_LIMIT"] == 5 and production["AXES_RESET_ON_SUCCESS"]


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
SINGLE_SIGN_ON = {"OIDC_ENABLED": True} | {
    setting: f"https://idp.example.test/{setting.lower()}"
    for setting in checks.SINGLE_SIGN_ON_ENDPOINTS.values()
}
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
                     ["goldenthread.I002"], id="sqlite"),
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
        pytest.param(checks.check_single_sign_on_uses_https, SINGLE_SIGN_ON, {}, [],
                     id="single sign-on over https"),
        pytest.param(checks.check_single_sign_on_uses_https,
                     SINGLE_SIGN_ON | {"OIDC_OP_TOKEN_ENDPOINT": "http://idp.example.test/token"},
                     {}, ["goldenthread.E008"], id="single sign-on with a plain-http endpoint"),
        pytest.param(checks.check_single_sign_on_uses_https, {}, {}, [],
                     id="no single sign-on"),
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


MANIFEST_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}


def collected_into(static_root: Path, names: set[str]) -> None:
    """STATIC_ROOT as collectstatic leaves it with these files: each under its hashed name,
    listed in staticfiles.json."""
    paths = {name: name.replace(".", ".0123456789ab.", 1) for name in names}
    for hashed in paths.values():
        (static_root / hashed).parent.mkdir(parents=True, exist_ok=True)
        (static_root / hashed).write_text("")
    manifest = {"paths": paths, "version": "1.1", "hash": "0123456789ab"}
    (static_root / "staticfiles.json").write_text(json.dumps(manifest))


def test_static_files_never_collected_fail_check_deploy_saying_to_collect_them(
    settings, tmp_path: Path
) -> None:
    settings.STORAGES = MANIFEST_STORAGE  # as in production
    settings.STATIC_ROOT = tmp_path  # as after an install, before `goldenthread collectstatic`

    problems = checks.check_static_files_collected(None)

    assert [problem.id for problem in problems] == ["goldenthread.E009"]
    assert f"{tmp_path / 'staticfiles.json'} does not exist" in problems[0].msg
    assert "goldenthread collectstatic --no-input" in (problems[0].hint or "")


def test_static_files_collected_for_an_older_release_fail_check_deploy_naming_the_new_ones(
    settings, tmp_path: Path
) -> None:
    settings.STORAGES = MANIFEST_STORAGE
    settings.STATIC_ROOT = tmp_path
    collected_into(tmp_path, checks.published_static_files() - {"build/app.css"})

    problems = checks.check_static_files_collected(None)

    assert [problem.id for problem in problems] == ["goldenthread.E009"]
    assert "lacks 1 of this release's static files (build/app.css)" in problems[0].msg


def test_static_files_collected_for_this_release_pass_check_deploy(
    settings, tmp_path: Path
) -> None:
    settings.STORAGES = MANIFEST_STORAGE
    settings.STATIC_ROOT = tmp_path
    collected_into(tmp_path, checks.published_static_files())

    assert "build/app.css" in checks.published_static_files()
    assert checks.check_static_files_collected(None) == []


def test_static_files_are_not_checked_where_they_are_served_from_the_source(
    settings, tmp_path: Path
) -> None:
    settings.STATIC_ROOT = tmp_path  # development and tests: nothing is ever collected here

    assert checks.check_static_files_collected(None) == []


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


def test_single_sign_on_half_configured_refuses_to_start_naming_what_is_missing(
    tmp_path: Path,
) -> None:
    environment = production_environment(
        tmp_path,
        {
            "GOLDENTHREAD_OIDC_CLIENT_ID": "golden-thread",
            "GOLDENTHREAD_OIDC_TOKEN_ENDPOINT": "https://idp.example.test/token",
        },
    )

    result = subprocess.run(
        [str(CONSOLE_SCRIPT), "check"], env=environment, capture_output=True, text=True, timeout=120
    )

    assert result.returncode != 0
    assert (
        "single sign-on is on, but these are not: GOLDENTHREAD_OIDC_CLIENT_SECRET, "
        "GOLDENTHREAD_OIDC_AUTHORIZATION_ENDPOINT, GOLDENTHREAD_OIDC_USER_ENDPOINT, "
        "GOLDENTHREAD_OIDC_JWKS_ENDPOINT."
    ) in result.stderr
