"""A production install serves pages: docs/operating.md's steps 4 and 5, run for real.

Fresh processes with only the environment docs/operating.md tells an operator to set (behind a
proxy that terminates HTTPS), a throwaway data directory, and the installed commands:
`goldenthread migrate` and `goldenthread collectstatic` (WhiteNoise's compressed, hashed
files), `goldenthread check --deploy`, then gunicorn, from which the landing page and its
stylesheet are fetched as the proxy would ask for them. The module prepares the site once
(collectstatic is the slow part: a few seconds).
"""

import http.client
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.test_deploy_settings import (
    CONSOLE_SCRIPT,
    assets_built,
    production_environment,
)

GUNICORN = Path(sys.executable).with_name("gunicorn")
HOST = "performance.example.gov.uk"
# docs/operating.md, "Production deployment", step 3: the proxy terminates HTTPS.
BEHIND_THE_PROXY = {
    "GOLDENTHREAD_BEHIND_PROXY": "1",
    "GOLDENTHREAD_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
}
# The headers the documented nginx configuration passes on.
FROM_THE_PROXY = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.10"}


@dataclass
class Site:
    environment: dict[str, str]
    static_root: Path
    collectstatic: subprocess.CompletedProcess[str]
    migrate: subprocess.CompletedProcess[str]


def run_together(
    commands: dict[str, list[str]], environment: dict[str, str]
) -> dict[str, subprocess.CompletedProcess[str]]:
    running = {
        name: subprocess.Popen(
            command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for name, command in commands.items()
    }
    results = {}
    for name, process in running.items():
        stdout, stderr = process.communicate(timeout=180)
        results[name] = subprocess.CompletedProcess(
            commands[name], process.returncode, stdout, stderr
        )
    return results


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """docs/operating.md's step 4 (the database and the static files), in a new data directory."""
    assets_built()
    environment = production_environment(tmp_path_factory.mktemp("production"), BEHIND_THE_PROXY)
    results = run_together(
        {
            "collectstatic": [str(CONSOLE_SCRIPT), "collectstatic", "--no-input"],
            "migrate": [str(CONSOLE_SCRIPT), "migrate", "--no-input"],
        },
        environment,
    )
    static_root = Path(environment["GOLDENTHREAD_DATA_DIR"]) / "static"
    return Site(environment, static_root, results["collectstatic"], results["migrate"])


@pytest.fixture(scope="module")
def gunicorn(site: Site) -> Iterator[str]:
    """docs/operating.md's step 5: gunicorn on a free port, as the systemd unit starts it."""
    assert site.collectstatic.returncode == 0, site.collectstatic.stderr
    assert site.migrate.returncode == 0, site.migrate.stderr
    assert GUNICORN.exists(), f"{GUNICORN} is missing: it comes with Golden Thread (make install)"
    process = subprocess.Popen(
        [str(GUNICORN), "goldenthread.wsgi:application", "--bind", "127.0.0.1:0"]
        + ["--workers", "1", "--timeout", "60", "--no-control-socket"],
        env=site.environment,
        stderr=subprocess.PIPE,
        text=True,
    )
    log: list[str] = []
    lines: queue.Queue[str] = queue.Queue()

    def read_log() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            log.append(line)
            lines.put(line)
        lines.put("")  # gunicorn has stopped

    threading.Thread(target=read_log, daemon=True).start()
    try:
        for line in iter(lambda: lines.get(timeout=60), ""):
            if listening := re.search(r"Listening at: http://([\d.]+:\d+)", line):
                break
        else:
            pytest.fail("gunicorn stopped before it listened:\n" + "".join(log))
        yield listening[1]
    finally:
        process.terminate()
        process.wait(timeout=30)


def fetch(
    address: str, path: str, headers: dict[str, str]
) -> tuple[http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection(address, timeout=60)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def test_collectstatic_publishes_the_front_end_with_every_file_its_stylesheet_names(
    site: Site,
) -> None:
    assert site.collectstatic.returncode == 0, site.collectstatic.stderr
    assert "MissingFileError" not in site.collectstatic.stderr
    assert (site.static_root / "staticfiles.json").exists()
    assert list(site.static_root.glob("build/app.*.css.gz"))  # hashed, and compressed


@pytest.mark.parametrize("environment_named", [True, False], ids=["production", "the default"])
def test_a_production_site_passes_check_deploy_once_its_static_files_are_collected(
    site: Site, environment_named: bool
) -> None:
    assert site.collectstatic.returncode == 0, site.collectstatic.stderr
    environment = dict(site.environment)
    command = [str(CONSOLE_SCRIPT)]
    if not environment_named:
        # Settings that are not told which environment are production's. `python -m django`
        # loads them with nothing else: `goldenthread` in a checkout's .venv would also read
        # the development defaults `make install` leaves there.
        del environment["GOLDENTHREAD_ENV"]
        environment["DJANGO_SETTINGS_MODULE"] = "goldenthread.settings"
        command = [sys.executable, "-m", "django"]

    result = subprocess.run(
        command + ["check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output and "ERRORS" not in output
    # SQLite in production is information, not a warning (docs/operating.md).
    assert "goldenthread.I002" in output
    assert re.search(r"System check identified 1 issue \(\d+ silenced\)\.", output), output


def test_gunicorn_serves_the_landing_page_and_its_hashed_stylesheet_over_the_proxy(
    site: Site, gunicorn: str
) -> None:
    response, page = fetch(gunicorn, "/", FROM_THE_PROXY)

    assert response.status == 200, page.decode(errors="replace")
    stylesheet = re.search(rb'href="(/static/build/app\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, page.decode()
    response, css = fetch(gunicorn, stylesheet[1].decode(), FROM_THE_PROXY)
    assert response.status == 200
    assert response.getheader("Content-Type", "").startswith("text/css")
    assert "immutable" in response.getheader("Cache-Control", "")
    assert css == (site.static_root / stylesheet[1].decode().removeprefix("/static/")).read_bytes()


def test_gunicorn_sends_plain_http_from_the_proxy_to_https(gunicorn: str) -> None:
    response, _ = fetch(gunicorn, "/", FROM_THE_PROXY | {"X-Forwarded-Proto": "http"})

    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/"
