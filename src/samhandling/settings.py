"""Settings for Samhandling, driven by environment variables with working defaults.

SQLite in the data folder (``SAMHANDLING_DATA_DIR``, default ``./var``) is the embedded
default; ``DATABASE_URL`` selects PostgreSQL, which is what a real deployment uses.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"{name} must be a boolean (true/false), not {value!r}")


DATA_DIR = Path(os.environ.get("SAMHANDLING_DATA_DIR", "var")).resolve()


def _secret_key() -> str:
    if key := os.environ.get("SAMHANDLING_SECRET_KEY"):
        return key
    # A local installation keeps its generated key in the data folder, so sessions survive
    # restarts without anyone having to configure a secret for the demo.
    key_file = DATA_DIR / "secret_key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        key_file.write_text(key)
        return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("SAMHANDLING_DEBUG")
ALLOWED_HOSTS = os.environ.get("SAMHANDLING_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
    ","
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "samhandling.core",
    "samhandling.accounts",
    "samhandling.structure",
    "samhandling.cases",
    "samhandling.meetings",
    "samhandling.search",
    "samhandling.projects",
    "samhandling.agreements",
    "samhandling.pathways",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samhandling.core.middleware.BokmaalByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "samhandling.urls"
WSGI_APPLICATION = "samhandling.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'samhandling.sqlite3'}",
        conn_max_age=int(os.environ.get("SAMHANDLING_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers (the server's threads, a command) share one file: wait instead of
    # failing with "database is locked", and take the write lock at BEGIN.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("nn", _("Norwegian Nynorsk")), ("en", _("English"))]

TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "files"
MEDIA_URL = "files/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
SAMHANDLING_MAX_ATTACHMENT_BYTES = int(
    os.environ.get("SAMHANDLING_MAX_ATTACHMENT_BYTES", str(25 * 1024 * 1024))
)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SAMHANDLING_LOG_LEVEL", "WARNING")},
}

# E-mail (notices of meetings). Without an SMTP host the mail is written to files in the data
# folder (``mail/``), so the demo and a local installation send nothing by accident.
EMAIL_HOST = os.environ.get("SAMHANDLING_EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "SAMHANDLING_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("SAMHANDLING_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("SAMHANDLING_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SAMHANDLING_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SAMHANDLING_EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("SAMHANDLING_EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("SAMHANDLING_EMAIL_TIMEOUT", "30"))
EMAIL_FILE_PATH = Path(os.environ.get("SAMHANDLING_EMAIL_FILE_PATH", DATA_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("SAMHANDLING_EMAIL_FROM", "Samhandling <samhandling@localhost>")
# The address links in e-mails start with (mail is read outside the site).
SITE_URL = os.environ.get("SAMHANDLING_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
