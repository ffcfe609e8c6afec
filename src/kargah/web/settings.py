"""Settings, from the environment: ``KARGAH_HOME`` (data folder, default ./.kargah),
``KARGAH_DATABASE_URL`` (``postgres://user:password@host:port/name``; default SQLite in WAL mode),
``KARGAH_SECRET_KEY``, ``KARGAH_DEBUG``, ``KARGAH_ALLOWED_HOSTS`` (comma-separated),
``KARGAH_HTTPS`` (1: the site is served over HTTPS only), ``KARGAH_TRUSTED_PROXIES``
(reverse proxies whose X-Forwarded-For names the client), ``KARGAH_SESSION_IDLE_MINUTES`` (log out
after this long without a request, default 60)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent
# Everything Kargah creates (database, uploads, secret key, logs) is its owner's alone.
os.umask(0o077)
HOME = Path(os.environ.get("KARGAH_HOME", Path.cwd() / ".kargah")).resolve()
HOME.mkdir(parents=True, exist_ok=True)
if HOME.stat().st_uid == os.getuid():  # a folder made before umask was set, tightened too
    HOME.chmod(0o700)


def _secret_key() -> str:
    """From the environment, else one made once and kept in the data folder."""
    if key := os.environ.get("KARGAH_SECRET_KEY"):
        return key
    path = HOME / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _database() -> dict[str, object]:
    url = os.environ.get("KARGAH_DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlparse(url)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parts.path.lstrip("/"),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            # Pages ask for fifty rows: compiling a query to machine code (JIT) costs more than
            # it saves (20 ms a list page); with 4 MB (the default) an index's bitmap of the
            # registry turns lossy and every row of a page of the heap is read again; parallel
            # workers for one page take the cores other visitors' pages are waiting for.
            "OPTIONS": {
                "options": "-c jit=off -c work_mem=32MB -c max_parallel_workers_per_gather=0"
            },
        }
    if url:
        raise ValueError(f"KARGAH_DATABASE_URL must be postgres://…, not {url.split(':')[0]}")
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": HOME / "kargah.sqlite3",
        # WAL lets readers go on while an import writes; IMMEDIATE avoids lock upgrades.
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            # A writer waits this long (seconds) for another's short transaction, e.g. an
            # import publishing its staged rows, instead of failing.
            "timeout": 30,
        },
    }


SECRET_KEY = _secret_key()

from kargah.web.i18n import compile_messages  # noqa: E402  (needs HOME, before Django reads it)

compile_messages(HOME / "locale")
DEBUG = os.environ.get("KARGAH_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("KARGAH_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "kargah.web.jobs",
    "kargah.web.registry",
    "kargah.web.accounts",
    "kargah.web.stats",
    "kargah.web.survey",
    "kargah.web.coding",
    "kargah.web.priorities",
    "kargah.web.exchange",
    "kargah.web.reports",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "kargah.web.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kargah.web.frame.navigation",  # the menu for the user's role, the version
            ],
        },
    }
]
WSGI_APPLICATION = "kargah.web.wsgi.application"
DATABASES = {"default": _database()}
# Each server thread keeps its connection between requests: a new PostgreSQL connection costs a
# forked backend and a password exchange (several ms of both cores' time per page under load),
# a new SQLite one re-reads the schema and starts with an empty page cache.
DATABASES["default"].update(CONN_MAX_AGE=600, CONN_HEALTH_CHECKS=True)
# Background jobs queue in the database; `kargah serve` starts the worker (kargah.web.jobs).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Persian first, right to left; English beside it on every page.
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی"), ("en", "English")]
# The .mo files are compiled from the packaged .po into the data folder (kargah.web.i18n).
LOCALE_PATHS = [HOME / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Tehran"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]  # vendor/: copied from npm by `make assets`
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"  # the role's own home page (web/home)
LOGOUT_REDIRECT_URL = "/registry/"

#: Rows of a registry export for visitors who are not signed in (signed-in users get them all).
KARGAH_ANONYMOUS_EXPORT_ROWS = int(os.environ.get("KARGAH_ANONYMOUS_EXPORT_ROWS", "5000"))

# -- Accounts, sessions and the browser's protections (issue 8) ---------------------------------
INSTALLED_APPS += ["axes"]
MIDDLEWARE += [
    "csp.middleware.CSPMiddleware",
    "kargah.web.accounts.sessions.IdleTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]
# Failed logins are counted in the database (every process sees them) per user name *and*
# address: an attacker elsewhere cannot lock the real user out. The admin's login is covered too.
AUTHENTICATION_BACKENDS = [
    "kargah.web.accounts.backends.LimitedBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_CLIENT_IP_CALLABLE = "kargah.web.accounts.backends.client_address"
# Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses).
TRUSTED_PROXIES = [a for a in os.environ.get("KARGAH_TRUSTED_PROXIES", "").split(",") if a]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "kargah.web.accounts.views.locked_out"  # in the page's language
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS: list[str] = []  # the log (owner-only) names user and address
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Idle timeout, sliding: the cookie lives this long and IdleTimeoutMiddleware renews it as the
# user works (at most once a minute, so reading pages does not write the session every time).
SESSION_COOKIE_AGE = int(os.environ.get("KARGAH_SESSION_IDLE_MINUTES", "60")) * 60

from csp.constants import NONCE, NONE, SELF  # noqa: E402

# Scripts and styles come from our own static files or carry the page's nonce; the charts use
# Vega's expression interpreter (vega-embed's ``ast``), so no 'unsafe-eval' either.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# KARGAH_HTTPS=1: served over HTTPS only (``kargah manage check --deploy`` is then clean).
if os.environ.get("KARGAH_HTTPS") == "1":
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = True
    # Behind a reverse proxy that terminates TLS and says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS]

# -- Logging: errors (500s with their tracebacks) and security events (failed and locked logins)
# to the console and to KARGAH_HOME/logs/kargah.log, readable by the owner only.
LOG_FILE = HOME / "logs" / "kargah.log"
LOG_FILE.parent.mkdir(mode=0o700, exist_ok=True)
LOG_FILE.touch(mode=0o600, exist_ok=True)
LOG_FILE.chmod(0o600)
LOG_LEVELS = {"django.request": "WARNING", "django.security": "INFO", "axes": "WARNING",
              "kargah": "INFO"}  # fmt: skip
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "file": {
            "class": "logging.handlers.RotatingFileHandler",
            "filename": LOG_FILE,
            "maxBytes": 10 * 2**20,
            "backupCount": 5,
            "encoding": "utf-8",
            "formatter": "plain",
        },
    },
    # axes says WARNING for each failed or locked login (INFO is every startup and success).
    "loggers": {
        name: {"handlers": ["console", "file"], "level": level, "propagate": False}
        for name, level in LOG_LEVELS.items()
    },
}
# -- Upload limits (docs/web.md, "Limits"; answered by kargah.web.limits) ----------------------
try:  # the largest request, files included: KARGAH_MAX_UPLOAD_MB (default 50)
    KARGAH_MAX_UPLOAD_BYTES = int(float(os.environ.get("KARGAH_MAX_UPLOAD_MB") or 50) * 2**20)
except ValueError:
    raise ValueError("KARGAH_MAX_UPLOAD_MB must be a number of megabytes") from None
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields besides files (Django's 2.5 MB, stated)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads go to a temporary file, not memory
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "kargah.web.limits.UploadLimitMiddleware",
)
# -- E-mail (the exchange's notices): Django's backends; the console unless one is named
# (KARGAH_EMAIL_BACKEND, e.g. django.core.mail.backends.smtp.EmailBackend, with Django's EMAIL_*).
EMAIL_BACKEND = os.environ.get(
    "KARGAH_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("KARGAH_EMAIL_FROM", "kargah@localhost")
