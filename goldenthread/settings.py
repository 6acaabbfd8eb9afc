"""The single settings module. Everything that differs between machines comes from the
environment; see docs/operating.md for the variables."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from goldenthread.env import (
    data_dir,
    development_secret_key,
    env_bool,
    env_int,
    env_list,
    env_str,
)

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

DEBUG = env_bool("GOLDENTHREAD_DEBUG", False)
TESTING = env_bool("GOLDENTHREAD_TESTING", False)

SECRET_KEY = env_str("GOLDENTHREAD_SECRET_KEY") or ""
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = development_secret_key(DATA_DIR)
    else:
        raise ImproperlyConfigured(
            "GOLDENTHREAD_SECRET_KEY must be set when GOLDENTHREAD_DEBUG is off "
            "(for local use run `make run`, which turns debug on)."
        )

ALLOWED_HOSTS = env_list(
    "GOLDENTHREAD_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or TESTING else []
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
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
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }

# Security: secure by default; a plain-HTTP development server turns these off through DEBUG.
SECURE_SSL_REDIRECT = env_bool("GOLDENTHREAD_SSL_REDIRECT", not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = not (DEBUG or TESTING)
CSRF_COOKIE_SECURE = not (DEBUG or TESTING)
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("GOLDENTHREAD_HSTS_SECONDS", 0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not (DEBUG or TESTING)
SECURE_HSTS_PRELOAD = env_bool("GOLDENTHREAD_HSTS_PRELOAD", not (DEBUG or TESTING))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("GOLDENTHREAD_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

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
}

# Quarterly collection: a figure moving more than this percentage from the one it is compared
# with needs an explanation before it is saved (docs/collection.md, "Checks at entry").
MONITORING_MOVEMENT_THRESHOLD = env_int("GOLDENTHREAD_MOVEMENT_THRESHOLD", 25)

# Where the National Indicator reference list ships inside the package.
REFERENCE_DIR = PACKAGE_DIR / "indicators" / "reference"
