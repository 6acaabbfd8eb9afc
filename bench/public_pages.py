"""Requests a second for the anonymous public overview (/performance/), built on every request
and kept in the cache (goldenthread/public/caching.py), as production serves it.

Loads the demo council into a throwaway data directory, collects the static files, and serves
it with gunicorn (two workers, production settings, rate limits off) on 127.0.0.1 only: once
with GOLDENTHREAD_PUBLIC_CACHE_SECONDS=0 (cold: every request builds the page) and once as
configured by default (cached). Each run is measured with `wrk -t2 -c8 -d10s` when wrk is
installed, otherwise with eight Python threads for ten seconds. Prints the figures; asserts
nothing. Everything it starts it stops, and the directory goes with it.

    .venv/bin/python bench/public_pages.py [--seconds S] [--connections C] [--path /performance/]
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # never anything else: this floods the server it starts


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("GOLDENTHREAD_") and name != "DJANGO_SETTINGS_MODULE"
    }
    return kept | {
        "DJANGO_SETTINGS_MODULE": "goldenthread.settings",
        "PYTHONPATH": str(ROOT),
        "GOLDENTHREAD_DATA_DIR": str(data_dir),
        "GOLDENTHREAD_ENV": "production",
        "GOLDENTHREAD_SECRET_KEY": secrets.token_urlsafe(50),
        "GOLDENTHREAD_ALLOWED_HOSTS": HOST,
        "GOLDENTHREAD_SSL_REDIRECT": "0",
        "GOLDENTHREAD_ALLOW_SQLITE": "1",
        "GOLDENTHREAD_RATE_LIMIT_ANONYMOUS": "0",
        **extra,
    }


def django(data_dir: Path, *command: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "django", *command],
        env=environment(data_dir),
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}")


def prepare(data_dir: Path) -> None:
    django(data_dir, "migrate", "--verbosity", "0")
    django(data_dir, "demo", "--force")  # its published passwords never leave this machine
    django(data_dir, "collectstatic", "--noinput", "--verbosity", "0")


def serve(data_dir: Path, port: int, **extra: str) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "goldenthread.wsgi:application"]
        + ["--workers", "2", "--bind", f"{HOST}:{port}", "--log-level", "warning"],
        env=environment(data_dir, **extra),
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/performance/", timeout=30):
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within a minute")


def with_wrk(url: str, seconds: int, connections: int) -> float:
    done = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    found = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
    if found is None:
        raise RuntimeError(f"wrk said: {done.stdout}{done.stderr}")
    return float(found.group(1))


def with_python(url: str, seconds: int, connections: int) -> float:
    counts = [0] * connections
    stop = time.monotonic() + seconds

    def client(slot: int) -> None:
        while time.monotonic() < stop:
            with urllib.request.urlopen(url, timeout=60) as response:
                response.read()
            counts[slot] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - started)


def measure(data_dir: Path, path: str, seconds: int, connections: int, **extra: str) -> float:
    port = free_port()
    server = serve(data_dir, port, **extra)
    try:
        url = f"http://{HOST}:{port}{path}"
        if shutil.which("wrk"):
            return with_wrk(url, seconds, connections)
        return with_python(url, seconds, connections)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--path", default="/performance/")
    options = parser.parse_args()
    client = "wrk -t2" if shutil.which("wrk") else "Python threads"
    print(f"GET {options.path}, {options.connections} connections for {options.seconds} s")
    print(f"gunicorn 2 workers, production settings, rate limits off; measured with {client}")
    data_dir = Path(tempfile.mkdtemp(prefix="goldenthread-bench-"))
    try:
        prepare(data_dir)
        for label, extra in [
            ("cold (built every request)", {"GOLDENTHREAD_PUBLIC_CACHE_SECONDS": "0"}),
            ("cached", {}),
        ]:
            rate = measure(data_dir, options.path, options.seconds, options.connections, **extra)
            print(f"  {label:<28} {rate:8.1f} requests/s")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
