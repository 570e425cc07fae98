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


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


DATA_DIR = Path(os.environ.get("SAMHANDLING_DATA_DIR", "var")).resolve()


def _secret_key() -> str:
    if key := os.environ.get("SAMHANDLING_SECRET_KEY"):
        return key
    # A local installation keeps its generated key in the data folder, so sessions survive
    # restarts without anyone having to configure a secret for the demo.
    key_file = DATA_DIR / "secret_key"
    try:
        key = key_file.read_text().strip()
        if key_file.stat().st_mode & 0o077:
            key_file.chmod(0o600)  # written readable by all by earlier versions
        return key
    except FileNotFoundError:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        # Readable by the owner only, from the moment it exists.
        try:
            handle = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process wrote it just now
            return key_file.read_text().strip()
        with os.fdopen(handle, "w") as out:
            out.write(key)
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
    # The rich-text editor of case papers; only its static files and widget are used.
    "django_prose_editor",
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
    # Knows the reader, the language and waiting messages, so it comes after those.
    "samhandling.core.page_cache.PageCacheMiddleware",
    # Before any view or CSRF check reads the body: refuses oversized uploads unread.
    "samhandling.core.middleware.RequestSizeLimitMiddleware",
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
# Uploads over this size are streamed to a temporary file, never held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 512 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
SAMHANDLING_MAX_ATTACHMENT_BYTES = int(
    os.environ.get("SAMHANDLING_MAX_ATTACHMENT_BYTES", str(25 * 1024 * 1024))
)
# A Word or Excel file is a ZIP: what it may unpack to in all, and how long its text may take.
SAMHANDLING_MAX_UNPACKED_BYTES = int(
    os.environ.get("SAMHANDLING_MAX_UNPACKED_BYTES", str(100 * 1024 * 1024))
)
SAMHANDLING_EXTRACTION_SECONDS = float(os.environ.get("SAMHANDLING_EXTRACTION_SECONDS", "20"))
# PDF text is read in a child process held to this much memory (address space).
SAMHANDLING_EXTRACTION_MAX_MEMORY_BYTES = int(
    os.environ.get("SAMHANDLING_EXTRACTION_MAX_MEMORY_BYTES", str(1024 * 1024 * 1024))
)
# The largest file each upload URL takes (by URL name); a larger request is refused with 413
# before it is read (core.middleware.RequestSizeLimitMiddleware). Others take
# DATA_UPLOAD_MAX_MEMORY_SIZE.
SAMHANDLING_UPLOAD_LIMITS = {
    "cases:attachment_add": SAMHANDLING_MAX_ATTACHMENT_BYTES,
    "cases:adoption_sign": SAMHANDLING_MAX_ATTACHMENT_BYTES,
    "pathways:import": 2 * 1024**3,  # pathways.forms.MAX_UPLOAD
}

# Pathway imports run in a process of their own (pathways/engine/worker.py) under these
# limits: the uploaded (compressed) size, the unpacked size, the number of events, the
# worker's address space and its time.
PATHWAYS_MAX_UPLOAD_BYTES = env_int("SAMHANDLING_PATHWAYS_MAX_UPLOAD_BYTES", 2 * 1024**3)
PATHWAYS_MAX_UNPACKED_BYTES = env_int("SAMHANDLING_PATHWAYS_MAX_UNPACKED_BYTES", 512 * 1024**2)
PATHWAYS_MAX_EVENTS = env_int("SAMHANDLING_PATHWAYS_MAX_EVENTS", 5_000_000)
PATHWAYS_IMPORT_MEMORY_BYTES = env_int("SAMHANDLING_PATHWAYS_IMPORT_MEMORY_BYTES", 4 * 1024**3)
PATHWAYS_IMPORT_TIMEOUT_SECONDS = env_int("SAMHANDLING_PATHWAYS_IMPORT_TIMEOUT_SECONDS", 1800)

# Login throttling (accounts/throttling.py): this many failed attempts for one username or
# one address within the window refuse further attempts until the window has passed.
LOGIN_MAX_FAILURES = env_int("SAMHANDLING_LOGIN_MAX_FAILURES", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("SAMHANDLING_LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)

# Whole pages kept until the data changes (core/page_cache.py), in files in the data folder
# that every process on the host shares, as it shares the data version file beside them.
SAMHANDLING_PAGE_CACHE = env_bool("SAMHANDLING_PAGE_CACHE", True)
SAMHANDLING_PAGE_CACHE_SECONDS = env_int("SAMHANDLING_PAGE_CACHE_SECONDS", 300)
SAMHANDLING_PAGE_CACHE_MAX_BYTES = env_int("SAMHANDLING_PAGE_CACHE_MAX_BYTES", 512 * 1024)
SAMHANDLING_PAGE_CACHE_VERSION_FILE = DATA_DIR / "page-cache-version"
# Paths never served from kept pages (the back office is for changing things).
SAMHANDLING_PAGE_CACHE_SKIP = ("/admin/",)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "page-cache",
        "OPTIONS": {"MAX_ENTRIES": env_int("SAMHANDLING_PAGE_CACHE_ENTRIES", 2000)},
    },
    "pages-memory": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("SAMHANDLING_PAGE_CACHE_MEMORY_ENTRIES", 500)},
    },
    # Sessions are read from files the host's processes share and written through to the
    # database: a kept page costs a logged-in reader no query.
    "sessions": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "session-cache",
        "OPTIONS": {"MAX_ENTRIES": env_int("SAMHANDLING_SESSION_CACHE_ENTRIES", 10000)},
    },
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"

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
# The helsefellesskap's name, printed in the letterhead of every generated document. A
# setting, not data in the structure: the structure has no organisation above its parties.
COMMUNITY_NAME = os.environ.get(
    "SAMHANDLING_COMMUNITY_NAME", "Helsefellesskapet i Helse Bergen-området"
)
