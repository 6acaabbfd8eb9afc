"""With REDIS_URL set, Golden Thread caches in Redis (docs/operating.md, "Redis cache")."""

import os
import socket
import subprocess
import sys

import pytest

REDIS = ("127.0.0.1", 6379)


def redis_is_running() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


def test_redis_url_selects_a_working_redis_cache(tmp_path):
    if not redis_is_running():
        if os.environ.get("GOLDENTHREAD_REQUIRE_REDIS"):  # CI starts Redis and sets this
            pytest.fail("Redis is not running at 127.0.0.1:6379")
        pytest.skip("Redis is not running at 127.0.0.1:6379 (CI runs this test)")
    # A fresh process, so settings are read with REDIS_URL set, as an operator would set it.
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='goldenthread.settings';"
        "django.setup();"
        "from django.core.cache import cache; from django.conf import settings;"
        "print(settings.CACHES['default']['BACKEND']);"
        "cache.set('golden-thread-test', 'stored', 30); print(cache.get('golden-thread-test'));"
        "cache.delete('golden-thread-test')"
    )
    environment = os.environ | {
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "GOLDENTHREAD_DATA_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "stored"]
