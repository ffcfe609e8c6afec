"""Settings, from the environment: ``KARGAH_HOME`` (data folder, default ./.kargah),
``KARGAH_DATABASE_URL`` (``postgres://user:password@host:port/name``; default SQLite in WAL mode),
``KARGAH_SECRET_KEY``, ``KARGAH_DEBUG``, ``KARGAH_ALLOWED_HOSTS`` (comma-separated)."""

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
            ],
        },
    }
]
WSGI_APPLICATION = "kargah.web.wsgi.application"
DATABASES = {"default": _database()}
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
LOGIN_REDIRECT_URL = "/registry/"
LOGOUT_REDIRECT_URL = "/registry/"
