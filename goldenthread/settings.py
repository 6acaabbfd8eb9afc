"""The single settings module. Everything that differs between machines comes from the
environment; see docs/operating.md for the variables."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from goldenthread.env import (
    data_dir,
    development_secret_key,
    env_bool,
    env_int,
    env_list,
    env_str,
    environment,
)

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

# development | test | production (the default): docs/operating.md.
ENV = environment()
PRODUCTION = ENV == "production"
DEBUG = env_bool("GOLDENTHREAD_DEBUG", ENV == "development")
TESTING = ENV == "test" or env_bool("GOLDENTHREAD_TESTING", False)

SECRET_KEY = env_str("GOLDENTHREAD_SECRET_KEY") or ""
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "GOLDENTHREAD_SECRET_KEY must be set in production (GOLDENTHREAD_ENV=production, "
            "the default): a long random string kept out of the repository, e.g. from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`. For local use run "
            "`make run`, which sets GOLDENTHREAD_ENV=development."
        )
    SECRET_KEY = development_secret_key(DATA_DIR)

ALLOWED_HOSTS = env_list(
    "GOLDENTHREAD_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "GOLDENTHREAD_ALLOWED_HOSTS must be set in production (GOLDENTHREAD_ENV=production, "
        "the default): the host names people use, comma-separated, e.g. "
        "performance.example.gov.uk"
    )
CSRF_TRUSTED_ORIGINS = env_list("GOLDENTHREAD_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_ratelimit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "goldenthread.audit",
    "goldenthread.accounts",
    "goldenthread.organisation",
    "goldenthread.planning",
    "goldenthread.indicators",
    "goldenthread.performance",
    "goldenthread.monitoring",
    "goldenthread.reporting",
    "goldenthread.sharing",
    "goldenthread.governance",
    "goldenthread.public",
    "goldenthread.web",
    "goldenthread.operations",
    "goldenthread.assurance",
    "goldenthread.risks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "goldenthread.accounts.middleware.permissions_policy",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Once the person is known: everyone not signed in counts against one limit per address.
    "goldenthread.web.ratelimits.anonymous_requests",
    "goldenthread.accounts.middleware.audited_request",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "goldenthread.accounts.middleware.second_factor",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "goldenthread.urls"
WSGI_APPLICATION = "goldenthread.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'goldenthread.sqlite3'}",
        conn_max_age=env_int("GOLDENTHREAD_DB_CONN_MAX_AGE", 0),
    )
}
# Production on the embedded database is allowed, but only on purpose (a deploy check says so).
ALLOW_SQLITE = env_bool("GOLDENTHREAD_ALLOW_SQLITE", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a writer commits; IMMEDIATE avoids lock upgrades failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

AUTH_USER_MODEL = "organisation.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id for new and changed passwords; the others read hashes made before, and Django
# re-hashes each with Argon2 when its owner next signs in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# django-axes counts failed sign-ins before the password is checked; then passwords; then, when
# configured, the council's single sign-on (goldenthread/accounts/oidc.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "landing"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# The compiled GOV.UK Frontend and our styles (scripts/build_assets.mjs), at /static/build/.
STATICFILES_DIRS = [("build", PACKAGE_DIR / "static" / "build")]
STATIC_ROOT = Path(env_str("GOLDENTHREAD_STATIC_ROOT") or DATA_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from it once collected
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# Look static files up as they are asked for, not all at start-up: every test client starts
# the middleware afresh, and a full scan each time costs the suite seconds.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caching and rate limits (docs/operating.md): in each server process's memory, or in Redis,
# shared by them all, with REDIS_URL. The rate-limit counts have a cache of their own so that
# cached pages never push them out.
REDIS_URL = env_str("REDIS_URL")
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ratelimit",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ratelimit",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
    }
# The public pages, kept for anonymous readers until the next change to what the public may
# see (goldenthread/public/caching.py); this many seconds at most. 0: not cached.
PUBLIC_CACHE_SECONDS = env_int("GOLDENTHREAD_PUBLIC_CACHE_SECONDS", 3600)
# Requests a minute per address (goldenthread/web/ratelimits.py); 0 switches a limit off. Off
# in the test suite, whose many requests all come from one address; tests of a limit set it.
RATE_LIMITS = {
    "anonymous": env_int("GOLDENTHREAD_RATE_LIMIT_ANONYMOUS", 0 if TESTING else 120),
    "open_data": env_int("GOLDENTHREAD_RATE_LIMIT_OPEN_DATA", 0 if TESTING else 30),
    "downloads": env_int("GOLDENTHREAD_RATE_LIMIT_DOWNLOADS", 0 if TESTING else 30),
    "pdf": env_int("GOLDENTHREAD_RATE_LIMIT_PDF", 0 if TESTING else 10),  # per person too
}
RATELIMIT_USE_CACHE = "ratelimit"
# An unreachable count lets the request through: a cache outage must not shut the public out.
RATELIMIT_FAIL_OPEN = True
# django-ratelimit's checks want a cache shared by every process (E003 refuses the in-memory
# one) and know only other Redis clients than Django's own (W001). In memory, each process
# counts for itself: with N processes an address gets up to N times each limit, still a limit,
# as docs/operating.md says; Django's Redis cache counts atomically (INCR), as they require.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not REDIS_URL:
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# Security (docs/security.md): HTTPS-only in production; development and the tests serve plain
# HTTP on this machine, so there the cookies cannot be Secure and nothing redirects.
SECURE_SSL_REDIRECT = env_bool("GOLDENTHREAD_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads it; forms carry the token
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("GOLDENTHREAD_SESSION_HOURS", 10) * 3600
SECURE_HSTS_SECONDS = env_int("GOLDENTHREAD_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = env_bool("GOLDENTHREAD_HSTS_PRELOAD", PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_PROXY = env_bool("GOLDENTHREAD_BEHIND_PROXY", False)
PROXY_COUNT = env_int("GOLDENTHREAD_PROXY_COUNT", 1) if BEHIND_PROXY else 0
if BEHIND_PROXY and PROXY_COUNT < 1:
    # 0 would take every browser for the proxy; a negative count would read X-Forwarded-For
    # from the left, which the browser writes.
    raise ImproperlyConfigured(
        f"GOLDENTHREAD_PROXY_COUNT must be 1 or more (the proxies in front of Golden Thread, "
        f"each adding to X-Forwarded-For), not {PROXY_COUNT}"
    )
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Browser features no page uses, switched off (goldenthread/accounts/middleware.py).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
# Content Security Policy: scripts and styles only from our own static files, never inline. The
# trend charts carry their colours in SVG presentation attributes, which the policy does not
# govern, rather than in style="…" (goldenthread/performance/charts.py, docs/security.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Failed sign-ins (django-axes): after GOLDENTHREAD_LOCKOUT_FAILURES wrong passwords for one
# username from one address, that pair is locked out for GOLDENTHREAD_LOCKOUT_MINUTES. A correct
# password before then clears the count. After GOLDENTHREAD_ACCOUNT_LOCKOUT_FAILURES for one
# username from any addresses within those minutes, the account is locked from every address for
# as long, and its holder e-mailed (goldenthread/accounts/lockout.py, docs/security.md).
AXES_FAILURE_LIMIT = env_int("GOLDENTHREAD_LOCKOUT_FAILURES", 5)
LOCKOUT_MINUTES = env_int("GOLDENTHREAD_LOCKOUT_MINUTES", 15)
AXES_COOLOFF_TIME = timedelta(minutes=LOCKOUT_MINUTES)
ACCOUNT_LOCKOUT_FAILURES = env_int("GOLDENTHREAD_ACCOUNT_LOCKOUT_FAILURES", 20)
if AXES_FAILURE_LIMIT < 1 or LOCKOUT_MINUTES < 1:
    raise ImproperlyConfigured(
        "GOLDENTHREAD_LOCKOUT_FAILURES and GOLDENTHREAD_LOCKOUT_MINUTES must be 1 or more"
    )
if ACCOUNT_LOCKOUT_FAILURES <= AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        f"GOLDENTHREAD_ACCOUNT_LOCKOUT_FAILURES ({ACCOUNT_LOCKOUT_FAILURES}) must be more than "
        f"GOLDENTHREAD_LOCKOUT_FAILURES ({AXES_FAILURE_LIMIT}): otherwise wrong passwords from "
        f"one address would lock the account from everywhere"
    )
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "goldenthread.accounts.lockout.LockoutHandler"
# A lockout ends when its page says: asking again while locked out neither extends it nor
# counts (goldenthread/accounts/lockout.py relies on axes marking such attempts as refused).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "goldenthread.accounts.views.locked_out"
AXES_VERBOSE = False  # our audit log records each failure (goldenthread/accounts/audit.py)
# The browser's address, read in one place (goldenthread/accounts/addresses.py): behind
# GOLDENTHREAD_PROXY_COUNT proxies (1 unless said), each appending to X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "goldenthread.accounts.addresses.axes_client_address"

# Two-step verification (django-otp, TOTP): optional for each person; with this on, officers
# must set it up before they can use the service.
REQUIRE_TWO_FACTOR = env_bool("GOLDENTHREAD_REQUIRE_TWO_FACTOR", False)
OTP_TOTP_ISSUER = env_str("GOLDENTHREAD_TOTP_ISSUER") or "Golden Thread"

# E-mail (reminders): printed to the console in development, SMTP otherwise. See
# docs/operating.md. The backend may be a short name or a dotted path to any Django backend.
EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
_email_backend = env_str("GOLDENTHREAD_EMAIL_BACKEND") or ("console" if DEBUG else "smtp")
if "." not in _email_backend and _email_backend not in EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"GOLDENTHREAD_EMAIL_BACKEND must be one of {', '.join(EMAIL_BACKENDS)} or a dotted "
        f"path to a Django e-mail backend, not {_email_backend!r}"
    )
EMAIL_BACKEND = EMAIL_BACKENDS.get(_email_backend, _email_backend)
EMAIL_HOST = env_str("GOLDENTHREAD_EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("GOLDENTHREAD_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("GOLDENTHREAD_EMAIL_USER") or ""
EMAIL_HOST_PASSWORD = env_str("GOLDENTHREAD_EMAIL_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("GOLDENTHREAD_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("GOLDENTHREAD_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("GOLDENTHREAD_EMAIL_TIMEOUT", 30)
EMAIL_FILE_PATH = DATA_DIR / "mail"  # the "file" backend only
DEFAULT_FROM_EMAIL = env_str("GOLDENTHREAD_FROM_EMAIL") or "golden-thread@localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address, for links in e-mails (`https://performance.example.gov.uk`); without it
# links are relative paths.
GOLDENTHREAD_BASE_URL = (env_str("GOLDENTHREAD_BASE_URL") or "").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("GOLDENTHREAD_LOG_LEVEL") or "INFO"},
    # django-axes logs every attempt at INFO; the audit log has them (docs/security.md).
    "loggers": {"axes": {"level": "WARNING"}},
}

# Quarterly collection: a figure moving more than this percentage from the one it is compared
# with needs an explanation before it is saved (docs/collection.md, "Checks at entry").
MONITORING_MOVEMENT_THRESHOLD = env_int("GOLDENTHREAD_MOVEMENT_THRESHOLD", 25)

# Where the National Indicator reference list ships inside the package.
REFERENCE_DIR = PACKAGE_DIR / "indicators" / "reference"

# Single sign-on with the council's accounts over OpenID Connect (goldenthread/accounts/oidc.py,
# docs/security.md): on when GOLDENTHREAD_OIDC_CLIENT_ID is set, and then the provider's
# endpoints must be set too.
OIDC_RP_CLIENT_ID = env_str("GOLDENTHREAD_OIDC_CLIENT_ID") or ""
OIDC_RP_CLIENT_SECRET = env_str("GOLDENTHREAD_OIDC_CLIENT_SECRET") or ""
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("GOLDENTHREAD_OIDC_AUTHORIZATION_ENDPOINT") or ""
OIDC_OP_TOKEN_ENDPOINT = env_str("GOLDENTHREAD_OIDC_TOKEN_ENDPOINT") or ""
OIDC_OP_USER_ENDPOINT = env_str("GOLDENTHREAD_OIDC_USER_ENDPOINT") or ""
OIDC_OP_JWKS_ENDPOINT = env_str("GOLDENTHREAD_OIDC_JWKS_ENDPOINT") or ""
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 15
OIDC_CREATE_USER = env_bool("GOLDENTHREAD_OIDC_CREATE_USERS", False)
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
LOGIN_REDIRECT_URL_FAILURE = "/sign-in/"  # with a message saying why
if OIDC_ENABLED:
    _missing = [
        name
        for name, value in {
            "GOLDENTHREAD_OIDC_CLIENT_SECRET": OIDC_RP_CLIENT_SECRET,
            "GOLDENTHREAD_OIDC_AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
            "GOLDENTHREAD_OIDC_TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
            "GOLDENTHREAD_OIDC_USER_ENDPOINT": OIDC_OP_USER_ENDPOINT,
            "GOLDENTHREAD_OIDC_JWKS_ENDPOINT": OIDC_OP_JWKS_ENDPOINT,
        }.items()
        if not value
    ]
    if _missing:
        raise ImproperlyConfigured(
            "GOLDENTHREAD_OIDC_CLIENT_ID is set, so single sign-on is on, but these are not: "
            f"{', '.join(_missing)}. See docs/security.md, 'Single sign-on'."
        )
    AUTHENTICATION_BACKENDS.append("goldenthread.accounts.oidc.CouncilAccountBackend")
