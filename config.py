"""Configuration of the participation portal.

Every setting can be given as an environment variable of the same name (see README). Settings are read
when the app is created, so tests and the CLI can pass their own values on top.
"""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent
DEFAULT_INSTANCE_PATH = PROJECT_ROOT / "instance"

ENVIRONMENTS = ("development", "testing", "production")


class DefaultConfig:
    # development | testing | production; production is the default so a forgotten setting fails safe.
    PARTICIPATION_ENV = "production"
    SECRET_KEY = None
    DATABASE_URL = None  # None: the embedded SQLite database in the instance folder
    SQLITE_BUSY_TIMEOUT_MS = 15000
    # While the database is unreachable every page answers 503 with this Retry-After (seconds).
    DATABASE_RETRY_AFTER_SECONDS = 30

    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    LANGUAGES = ("de", "en")

    MAIL_BACKEND = "console"  # smtp | file | console
    MAIL_FILE_DIR = None  # default: <instance>/mail
    MAIL_DEFAULT_SENDER = "Beteiligungsportal <noreply@localhost>"
    SMTP_HOST = "localhost"
    SMTP_PORT = 25
    SMTP_USERNAME = None
    SMTP_PASSWORD = None
    SMTP_STARTTLS = False
    SMTP_SSL = False
    SMTP_TIMEOUT = 10

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN = "10 per minute"
    RATELIMIT_LOGIN_PER_ACCOUNT = "30 per hour"
    RATELIMIT_REGISTER = "10 per hour"
    RATELIMIT_RESET = "5 per 15 minutes"

    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "participation_session"
    REMEMBER_COOKIE_NAME = "participation_remember"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_DURATION_DAYS = 30
    LOGIN_SESSION_HOURS = 24
    EMAIL_TOKEN_MAX_AGE_HOURS = 48
    RESET_TOKEN_MAX_AGE_HOURS = 2

    TRUSTED_HOSTS = None  # e.g. ["beteiligung.example.de"]
    PROXY_FIX_X_FOR = 0  # number of reverse proxies in front of the app
    PROXY_FIX_X_PROTO = 0
    PROXY_FIX_X_HOST = 0
    HSTS_MAX_AGE = 31536000

    SITE_NAME = "Beteiligungsportal Beispielstadt"
    SITE_OPERATOR = "Stadt Beispielstadt"
    SITE_PRIMARY_COLOR = "#1d4f91"
    SITE_ACCENT_COLOR = "#a3352b"
    SITE_LOGO = "img/logo.svg"  # path below static/
    # The address people open the portal at: absolute links in mails sent outside a request (send-mail).
    PUBLIC_URL = "http://127.0.0.1:5000"

    # The licence of the published data (OParl API, open data); CC BY 4.0 unless the municipality chooses another.
    OPARL_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
    # The licence named with every open-data download (/open-data/) and in its DCAT-AP.de catalogue.
    OPEN_DATA_LICENCE_NAME = "CC BY 4.0"
    OPEN_DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

    ADMIN_PAGE_SIZE = 25

    IDEAS_PREMODERATED = True  # new ideas wait for a moderator before they are public
    MODERATION_ANSWER_DAYS = 21  # published ideas without an answer for longer show in the moderation queue
    IDEAS_PAGE_SIZE = 20
    MEASURES_PAGE_SIZE = 20
    PAPERS_PAGE_SIZE = 20
    UPLOAD_DIR = None  # default: <instance>/uploads; outside static/, served through the app
    IDEA_IMAGE_MAX_BYTES = 5 * 1024 * 1024
    PAPER_FILE_MAX_BYTES = 15 * 1024 * 1024  # below MAX_CONTENT_LENGTH, so the form can say what is wrong
    PAPER_FILES_MAX = 20
    DOCUMENT_FILE_MAX_BYTES = 15 * 1024 * 1024  # document library; below MAX_CONTENT_LENGTH as well
    RATELIMIT_SUPPORT = "60 per minute"
    RATELIMIT_COMMENT = "10 per minute"
    RATELIMIT_PROPOSE = "10 per hour"
    RATELIMIT_FEEDBACK = "5 per hour"  # accessibility feedback form, per address
    RATELIMIT_EXPORT = "10 per hour"  # the personal data download (/account/export.json): many queries each

    # What `flask purge` removes (run it daily): accounts whose address was never confirmed, and mails the
    # outbox has sent or given up on.
    UNVERIFIED_ACCOUNT_RETENTION_DAYS = 7
    OUTBOX_RETENTION_DAYS = 90


_STRING_SETTINGS = (
    "PARTICIPATION_ENV", "SECRET_KEY", "DATABASE_URL", "BABEL_DEFAULT_LOCALE", "BABEL_DEFAULT_TIMEZONE",
    "PUBLIC_URL",
    "MAIL_BACKEND", "MAIL_FILE_DIR", "MAIL_DEFAULT_SENDER", "SMTP_HOST", "SMTP_USERNAME", "SMTP_PASSWORD",
    "RATELIMIT_STORAGE_URI", "RATELIMIT_LOGIN", "RATELIMIT_LOGIN_PER_ACCOUNT", "RATELIMIT_REGISTER",
    "RATELIMIT_RESET", "RATELIMIT_SUPPORT", "RATELIMIT_COMMENT", "RATELIMIT_PROPOSE", "RATELIMIT_FEEDBACK",
    "RATELIMIT_EXPORT", "UPLOAD_DIR",
    "SITE_NAME", "SITE_OPERATOR", "SITE_PRIMARY_COLOR", "SITE_ACCENT_COLOR", "SITE_LOGO", "OPARL_LICENSE_URL",
    "OPEN_DATA_LICENCE_NAME", "OPEN_DATA_LICENCE_URL",
)
_INT_SETTINGS = (
    "SMTP_PORT", "SMTP_TIMEOUT", "MAX_CONTENT_LENGTH", "PROXY_FIX_X_FOR", "PROXY_FIX_X_PROTO",
    "PROXY_FIX_X_HOST", "SQLITE_BUSY_TIMEOUT_MS", "HSTS_MAX_AGE", "IDEAS_PAGE_SIZE", "MEASURES_PAGE_SIZE",
    "PAPERS_PAGE_SIZE", "IDEA_IMAGE_MAX_BYTES", "PAPER_FILE_MAX_BYTES", "PAPER_FILES_MAX", "DOCUMENT_FILE_MAX_BYTES",
    "MODERATION_ANSWER_DAYS", "UNVERIFIED_ACCOUNT_RETENTION_DAYS", "OUTBOX_RETENTION_DAYS",
    "DATABASE_RETRY_AFTER_SECONDS",
)
_BOOL_SETTINGS = ("SMTP_STARTTLS", "SMTP_SSL", "RATELIMIT_ENABLED", "IDEAS_PREMODERATED")


def _parse_bool(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


def settings_from_environment(environ=os.environ) -> dict:
    """The settings given as environment variables, converted to their types."""
    settings = {}
    for name in _STRING_SETTINGS:
        if environ.get(name):
            settings[name] = environ[name]
    for name in _INT_SETTINGS:
        if environ.get(name):
            settings[name] = int(environ[name])
    for name in _BOOL_SETTINGS:
        if environ.get(name):
            settings[name] = _parse_bool(environ[name])
    if environ.get("TRUSTED_HOSTS"):
        settings["TRUSTED_HOSTS"] = [h.strip() for h in environ["TRUSTED_HOSTS"].split(",") if h.strip()]
    return settings


def development_settings(instance_path: Path) -> dict:
    """Relaxed settings for a developer's machine: plain-HTTP cookies and a generated secret key."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(os.urandom(32).hex())
        key_file.chmod(0o600)
    return {
        "SECRET_KEY": key_file.read_text().strip(),
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
    }
