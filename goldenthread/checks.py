"""Deployment checks that Django's own `check --deploy` cannot know about.

Each one catches a production setting that works on the day and hurts later: a debug page
with settings in it served to the internet, a database that cannot take several writers,
forms that fail behind the council's proxy, passwords stored with the test suite's hasher,
front-end assets that were never built or never collected (every page then fails), a Redis
cache without the library that talks to it, single sign-on over plain HTTP.
Operators run them with `goldenthread check --deploy` (docs/operating.md).
"""

from collections.abc import Iterable
from importlib import import_module
from typing import Any
from urllib.parse import urlsplit

from django.apps import AppConfig, apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.checks import CheckMessage, Error, Info, Tags, Warning, register

# Every page links these; without them `collectstatic` leaves them out and each page fails.
FRONT_END_ASSETS = ["build/app.css", "build/govuk-frontend.min.js"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
# Hashers fast enough to be brute-forced; settings choose one only for the test suite.
WEAK_HASHERS = {
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.UnsaltedMD5PasswordHasher",
    "django.contrib.auth.hashers.UnsaltedSHA1PasswordHasher",
    "django.contrib.auth.hashers.SHA1PasswordHasher",
}


def is_local_host(host: str) -> bool:
    host = host.lower()
    return host in LOCAL_HOSTS or host == ".localhost" or host.endswith(".localhost")


@register(Tags.security, deploy=True)
def check_debug_with_public_hosts(
    app_configs: Iterable[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    public = [host for host in settings.ALLOWED_HOSTS if not is_local_host(host)]
    if not settings.DEBUG or not public:
        return []
    return [
        Error(
            "GOLDENTHREAD_DEBUG is on while the site answers to "
            f"{', '.join(public)}: any error page shows visitors the settings and the code.",
            hint="Set GOLDENTHREAD_DEBUG=0 on any server other people can reach.",
            id="goldenthread.E001",
        )
    ]


@register(Tags.security, deploy=True)
def check_sqlite_in_production(
    app_configs: Iterable[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    if settings.DEBUG or getattr(settings, "ALLOW_SQLITE", False):
        return []
    # Information, not a warning: the embedded database is a supported choice for one small
    # server, and `check --deploy --fail-level WARNING` passes with only the required variables.
    return [
        Info(
            f"The {alias!r} database is SQLite in a production deployment: one writer at a "
            "time, one server, and backups are yours to arrange.",
            hint="Set DATABASE_URL to a PostgreSQL database. A single small server may keep "
            "SQLite on purpose: set GOLDENTHREAD_ALLOW_SQLITE=1 to say so.",
            id="goldenthread.I002",
        )
        for alias, database in settings.DATABASES.items()
        if database["ENGINE"] == "django.db.backends.sqlite3"
    ]


@register(Tags.security, deploy=True)
def check_proxy_has_trusted_origins(
    app_configs: Iterable[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    if not getattr(settings, "SECURE_PROXY_SSL_HEADER", None) or settings.CSRF_TRUSTED_ORIGINS:
        return []
    return [
        Warning(
            "GOLDENTHREAD_BEHIND_PROXY is on but GOLDENTHREAD_CSRF_TRUSTED_ORIGINS is empty: if "
            "the proxy does not pass on the browser's Host header, every form is refused (403).",
            hint="Set GOLDENTHREAD_CSRF_TRUSTED_ORIGINS to the address people type, e.g. "
            "https://performance.example.gov.uk",
            id="goldenthread.W003",
        )
    ]


@register(Tags.security, deploy=True)
def check_trusted_origins_use_https(
    app_configs: Iterable[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    if settings.DEBUG:
        return []
    plain = [
        origin
        for origin in settings.CSRF_TRUSTED_ORIGINS
        if urlsplit(origin).scheme == "http" and not is_local_host(urlsplit(origin).hostname or "")
    ]
    if not plain:
        return []
    return [
        Warning(
            f"GOLDENTHREAD_CSRF_TRUSTED_ORIGINS trusts plain-HTTP origins ({', '.join(plain)}); "
            "sign-in cookies are only sent over HTTPS, so forms from them cannot work.",
            hint="Write the origins with https://.",
            id="goldenthread.W004",
        )
    ]


@register(Tags.security, deploy=True)
def check_password_hashers(
    app_configs: Iterable[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    if not settings.PASSWORD_HASHERS or settings.PASSWORD_HASHERS[0] not in WEAK_HASHERS:
        return []
    return [
        Error(
            f"New passwords are stored with {settings.PASSWORD_HASHERS[0].rsplit('.', 1)[-1]}, "
            "the test suite's fast hasher, which can be brute-forced.",
            hint="Set GOLDENTHREAD_ENV=production and unset GOLDENTHREAD_TESTING on servers: "
            "the test settings are for the test suite only.",
            id="goldenthread.E005",
        )
    ]


@register(Tags.staticfiles, deploy=True)
def check_front_end_assets_built(
    app_configs: Iterable[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    missing = [name for name in FRONT_END_ASSETS if not finders.find(name)]
    if not missing:
        return []
    return [
        Error(
            f"The static files finders cannot find {', '.join(missing)}: collectstatic will not "
            "publish them, and every page fails.",
            hint="Build them with `make assets` (npm ci, then node scripts/build_assets.mjs) "
            "before `goldenthread collectstatic`; they belong in goldenthread/static/build/, "
            "which STATICFILES_DIRS publishes.",
            id="goldenthread.E006",
        )
    ]


@register(Tags.staticfiles, deploy=True)
def check_static_files_collected(
    app_configs: Iterable[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    """In production every page names its stylesheet by the hashed name in collectstatic's
    manifest, and a file the manifest lacks is a 500 ("Missing staticfiles manifest entry")."""
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return []  # development and tests serve the source files as they are
    hint = (
        "Run `goldenthread collectstatic --no-input` after every install or upgrade, with the "
        "same environment as the server (GOLDENTHREAD_STATIC_ROOT or GOLDENTHREAD_DATA_DIR)."
    )
    if not staticfiles_storage.exists(staticfiles_storage.manifest_name):
        manifest = staticfiles_storage.path(staticfiles_storage.manifest_name)
        return [
            Error(
                f"{manifest} does not exist: collectstatic has not been run into "
                f"{settings.STATIC_ROOT}, and every page fails with "
                "'Missing staticfiles manifest entry'.",
                hint=hint,
                id="goldenthread.E009",
            )
        ]
    collected, _manifest_hash = staticfiles_storage.load_manifest()
    missing = sorted(
        name
        for name in published_static_files()
        if name not in collected or not staticfiles_storage.exists(collected[name])
    )
    if not missing:
        return []
    shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
    return [
        Error(
            f"{settings.STATIC_ROOT} lacks {len(missing)} of this release's static files "
            f"({shown}): collectstatic was last run for another release, or files were removed "
            "since, and pages that use them fail.",
            hint=hint,
            id="goldenthread.E009",
        )
    ]


def published_static_files() -> set[str]:
    """The names collectstatic would publish, found as it finds them (under a
    STATICFILES_DIRS prefix such as build/, where one is given)."""
    ignore_patterns = apps.get_app_config("staticfiles").ignore_patterns  # type: ignore[attr-defined]
    return {
        f"{storage.prefix}/{path}" if getattr(storage, "prefix", None) else path
        for finder in finders.get_finders()
        for path, storage in finder.list(ignore_patterns)
    }


@register(Tags.caches, deploy=True)
def check_redis_client_installed(
    app_configs: Iterable[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    uses_redis = any(
        cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
        for cache in settings.CACHES.values()
    )
    if not uses_redis:
        return []
    try:
        import_module("redis")
    except ImportError:
        return [
            Error(
                "REDIS_URL is set but the redis library is not installed: the first page that "
                "uses the cache fails.",
                hint="Install it next to Golden Thread: pip install redis",
                id="goldenthread.E007",
            )
        ]
    return []


SINGLE_SIGN_ON_ENDPOINTS = {
    "GOLDENTHREAD_OIDC_AUTHORIZATION_ENDPOINT": "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "GOLDENTHREAD_OIDC_TOKEN_ENDPOINT": "OIDC_OP_TOKEN_ENDPOINT",
    "GOLDENTHREAD_OIDC_USER_ENDPOINT": "OIDC_OP_USER_ENDPOINT",
    "GOLDENTHREAD_OIDC_JWKS_ENDPOINT": "OIDC_OP_JWKS_ENDPOINT",
}


@register(Tags.security, deploy=True)
def check_single_sign_on_uses_https(
    app_configs: Iterable[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    if not getattr(settings, "OIDC_ENABLED", False):
        return []
    plain = [
        variable
        for variable, setting in SINGLE_SIGN_ON_ENDPOINTS.items()
        if urlsplit(getattr(settings, setting, "")).scheme != "https"
    ]
    if not plain:
        return []
    return [
        Error(
            f"{', '.join(plain)} is not an https:// address: the client secret, the sign-in "
            "codes and the keys that prove a sign-in is genuine would travel unprotected.",
            hint="Copy the endpoints from the provider's discovery document "
            "(.well-known/openid-configuration); docs/security.md, 'Single sign-on'.",
            id="goldenthread.E008",
        )
    ]
