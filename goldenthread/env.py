"""Small helpers that read settings from the environment and fail loudly on bad values."""

import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

ENVIRONMENTS = ("development", "test", "production")
# A checkout's defaults for its own virtualenv, written there by `make install`.
CHECKOUT_DEFAULTS = "goldenthread.env"
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def environment() -> str:
    """Which settings to use: GOLDENTHREAD_ENV, production unless it says otherwise.

    Without GOLDENTHREAD_ENV the older switches still choose: GOLDENTHREAD_TESTING=1 means the
    test suite and GOLDENTHREAD_DEBUG=1 development, so existing scripts keep working."""
    raw = (os.environ.get("GOLDENTHREAD_ENV") or "").strip().lower()
    if not raw:
        if env_bool("GOLDENTHREAD_TESTING", False):
            return "test"
        return "development" if env_bool("GOLDENTHREAD_DEBUG", False) else "production"
    if raw not in ENVIRONMENTS:
        raise ImproperlyConfigured(
            f"GOLDENTHREAD_ENV must be one of {', '.join(ENVIRONMENTS)}, "
            f"not {os.environ['GOLDENTHREAD_ENV']!r}"
        )
    return raw


def data_dir() -> Path:
    """Where the embedded database and generated secrets live; never inside the package."""
    raw = os.environ.get("GOLDENTHREAD_DATA_DIR")
    if raw:
        path = Path(raw).expanduser()
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "goldenthread"
    path.mkdir(parents=True, exist_ok=True)
    return path


def development_secret_key(directory: Path) -> str:
    """A per-installation key for development, kept in the data directory, never in the repo."""
    key_file = directory / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load_checkout_defaults(prefix: Path | None = None) -> Path | None:
    """Take the defaults `make install` wrote into this virtualenv, if it did.

    So that `goldenthread` in a new shell reaches the same database `make run` serves: the
    development settings and the checkout's `var/`. Only the console script reads them, only
    from its own virtualenv (never from the working directory), and never over a variable the
    environment already sets; a virtualenv made by pip alone has no such file and stays
    production by default."""
    path = Path(sys.prefix if prefix is None else prefix) / CHECKOUT_DEFAULTS
    if not path.is_file():
        return None
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, equals, value = (part.strip() for part in line.partition("="))
        if not equals or not name.startswith("GOLDENTHREAD_"):
            raise ImproperlyConfigured(
                f"{path}, line {number}: expected GOLDENTHREAD_NAME=value, not {line!r} "
                f"(`make install` writes this file; delete it to rewrite it)"
            )
        os.environ.setdefault(name, value)
    return path
