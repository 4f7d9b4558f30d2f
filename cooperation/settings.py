"""Settings of the Kerja Sama NTB portal, read from environment variables.

Every variable is documented in the README. The helpers below fail loudly on a
value they cannot read, so that a typo in production stops the start instead
of silently falling back to a default.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# Development is the default, as in healthchecks: production sets DEBUG=0.
DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-kerjasama-ntb"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Behind a reverse proxy: the request header that carries the client's address
# (e.g. HTTP_X_FORWARDED_FOR). Empty: the peer address (REMOTE_ADDR) is the client.
TRUSTED_PROXY_IP_HEADER = env_str("TRUSTED_PROXY_IP_HEADER")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # Django's tasks API (backport) with its database backend: the mail worker.
    "django_tasks",
    "django_tasks_db",
    "agreements",
    # The site package only contributes template tags and formats.
    "cooperation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Answers /healthz before anything can touch the session or user (cooperation/outage.py).
    "cooperation.outage.HealthProbeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The Content-Security-Policy header of every page (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Strips NUL and other control characters from every GET and POST value.
    "cooperation.input_guard.InputGuardMiddleware",
    "cooperation.middleware.PortalLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Idle and absolute session lifetimes; then 403/404 answered to a logged-in user go
    # to the security log (cooperation/sessions.py, cooperation/securitylog.py).
    "cooperation.sessions.SessionLifetimeMiddleware",
    "cooperation.securitylog.SecurityLogMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Sends users with two-factor authentication to the code page first (cooperation/two_factor.py).
    "cooperation.two_factor.TwoFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records the acting user on every audit-trail row written during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # "Cache-Control: private, no-store" for signed-in pages and downloads (cooperation/headers.py).
    "cooperation.headers.PrivateCacheMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cooperation.urls"
WSGI_APPLICATION = "cooperation.wsgi.application"

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
                # The unread count on the header's bell.
                "agreements.views.notifications.unread_notifications",
            ],
        },
    },
]

# An empty DATABASE_URL counts as unset: SQLite under var/ for a first run.
_database_url = env_str("DATABASE_URL")
# Seconds a worker waits for PostgreSQL to accept a connection before the page is a 503.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5)
if DATABASE_CONNECT_TIMEOUT < 1:
    raise ImproperlyConfigured("DATABASE_CONNECT_TIMEOUT must be at least 1 second")
if _database_url:
    # Health checks: a kept connection broken by an outage is replaced on the next request.
    DATABASES = {
        "default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
else:
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "kerjasama.sqlite3",
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the mail worker write at once: WAL lets readers go on during a
    # write, and IMMEDIATE takes the write lock when a transaction starts, so that two
    # writers wait for each other (timeout) instead of one failing with "database locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "agreements.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Locale: Bahasa Indonesia first, English second; WITA.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Makassar"
USE_I18N = True
USE_TZ = True
# Django's own "id" formats abbreviate months; ours spell them out.
FORMAT_MODULE_PATH = ["cooperation.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# whitenoise warns about a missing root before the first collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads are never served from a public URL: only through the access-checked view.
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # The manifest storage needs collectstatic; plain storage in development and tests.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 20)
UPLOAD_MAX_BYTES = UPLOAD_MAX_MB * 1024 * 1024

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Kerja Sama NTB <noreply@localhost>")

# Notification e-mails are sent by the worker, `manage.py db_worker`, from a queue in the
# database (django-tasks-db). TASKS_BACKEND=immediate sends them within the request instead.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_str("TASKS_BACKEND") == "immediate"
        else "django_tasks_db.DatabaseBackend"
    }
}

# Links in reminder e-mails point here.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000")
# Escalations go to these addresses; empty: every active Bureau and Leadership user.
REMINDER_ESCALATION_TO = env_list("REMINDER_ESCALATION_TO", [])
# Overrides of the status thresholds of agreements/health.py, from HEALTH_<NAME>
# variables, e.g. HEALTH_SOON_DUE_DAYS=7. The defaults and their meaning live there.
HEALTH = {
    name.removeprefix("HEALTH_"): env_int(name, 0)
    for name in sorted(os.environ)
    if name.startswith("HEALTH_")
}

# The portfolio PDF summarises this many agreements, most serious first, and lists at
# most this many rows in each appendix; a line says how many more there are.
REPORT_AGREEMENT_PAGES = env_int("REPORT_AGREEMENT_PAGES", 12)
REPORT_APPENDIX_ROWS = env_int("REPORT_APPENDIX_ROWS", 60)

# A renewal of an MoU needs its evaluation completed within this many months before it.
EVALUATION_VALID_MONTHS = env_int("EVALUATION_VALID_MONTHS", 12, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every page at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- requests that must not break anything ---
# Every date field of every form refuses a year outside this range (agreements/forms/base.py).
DATE_MIN_YEAR = env_int("DATE_MIN_YEAR", 1990)
DATE_MAX_YEAR = env_int("DATE_MAX_YEAR", 2100)

# --- login throttling and two-factor authentication ---
# django-axes counts failed logins per username and, separately, per client IP; after
# LOGIN_FAILURE_LIMIT failures either is locked for LOGIN_LOCKOUT_MINUTES (no further
# password is checked meanwhile). An administrator unlocks early by deleting the
# "Access attempts" rows in the admin.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
# At most this many password checks at once across all workers (each costs ~0.45 s of
# CPU): the others are answered at once with "try again in a few seconds".
LOGIN_CONCURRENCY = env_int("LOGIN_CONCURRENCY", 2, minimum=1)
# The axes backend comes first, so that a locked-out login is refused before hashing.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "cooperation.security.client_ip"
AXES_RESET_ON_SUCCESS = True
# A refused attempt during the lock does not extend it: the page can say when it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "cooperation.login.lockout_response"
# Two-factor authentication (TOTP app plus backup codes) is mandatory for Bureau staff and
# administrators when on: by default in production (DEBUG off), off in development.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEBUG)
# The account name an authenticator app shows next to the user name.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Kerja Sama NTB")
# django-axes narrates every sign-in at INFO; its warnings (failures, lockouts) stay.
LOGGING["loggers"]["axes"] = {"level": "WARNING"}

# --- backup and restore ---
# Where `make backup` writes its dated archives (see the README, "Backup and restore").
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))

# --- accounts, passwords, sessions and the security log ---
# A password-reset link works once (it is bound to the password it replaces) and for
# PASSWORD_RESET_HOURS after it was sent.
PASSWORD_RESET_HOURS = env_int("PASSWORD_RESET_HOURS", 24, minimum=1)
# A session ends after SESSION_IDLE_MINUTES without a page, and in any case
# SESSION_ABSOLUTE_HOURS after the login (cooperation/sessions.py).
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12, minimum=1)
PASSWORD_RESET_TIMEOUT = PASSWORD_RESET_HOURS * 3600
# The cookie outlives the absolute lifetime by a day, so that whoever comes back the next
# morning is told why they were logged out; the middleware ends the session at the limits.
SESSION_COOKIE_AGE = (SESSION_ABSOLUTE_HOURS + 24) * 3600
# Logins, failed logins, lockouts, logouts, expired sessions and the 403/404 answered to
# logged-in users: one JSON line each, to stderr or to SECURITY_LOG_FILE when set.
SECURITY_LOG_FILE = env_str("SECURITY_LOG_FILE")
LOGGING.setdefault("formatters", {})["security_json"] = {
    "()": "cooperation.securitylog.JsonLineFormatter"
}
LOGGING["handlers"]["security"] = (
    {
        "class": "logging.handlers.WatchedFileHandler",
        "filename": SECURITY_LOG_FILE,
        "formatter": "security_json",
    }
    if SECURITY_LOG_FILE
    else {"class": "logging.StreamHandler", "formatter": "security_json"}
)
LOGGING["loggers"]["kerjasama.security"] = {
    "handlers": ["security"],
    "level": "INFO",
    "propagate": False,
}

# --- browser hardening ---
# HTTPS: browsers reach the portal over HTTPS (its own or a TLS proxy's). A plain-HTTP
# intranet sets HTTPS=0, which turns secure cookies, HSTS and the HTTPS redirect off.
HTTPS = env_bool("HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", HTTPS)
# Plain-HTTP requests are redirected to https://. Off unless set: the TLS proxy usually
# redirects itself, and a portal wrongly left on HTTPS=1 over HTTP then shows the login
# page with its notice (cooperation/https.py) instead of a dead https:// address.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# The load balancer probes the workers over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS and not DEBUG else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not HTTPS:
    for _setting, _on in [
        ("SESSION_COOKIE_SECURE", SESSION_COOKIE_SECURE),
        ("CSRF_COOKIE_SECURE", CSRF_COOKIE_SECURE),
        ("SECURE_SSL_REDIRECT", SECURE_SSL_REDIRECT),
        ("SECURE_HSTS_SECONDS", SECURE_HSTS_SECONDS > 0),
    ]:
        if _on:
            raise ImproperlyConfigured(f"{_setting} needs HTTPS; it contradicts HTTPS=0")
if SECURE_HSTS_SECONDS < 0:
    raise ImproperlyConfigured(f"SECURE_HSTS_SECONDS must be 0 or more, not {SECURE_HSTS_SECONDS}")
# Preloading is asked for by the owner of the registrable domain (ntbprov.go.id) at
# hstspreload.org; the flag in one subdomain's header changes nothing, so its warning goes.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# The header in which the TLS proxy says that the browser's request was HTTPS ("https").
# Default when DEBUG is off: X-Forwarded-Proto, as the workers listen on 127.0.0.1 behind
# the proxy; "none" when browsers reach the workers directly (they could forge it).
_proxy_ssl_header = env_str("SECURE_PROXY_SSL_HEADER", "none" if DEBUG else "X-Forwarded-Proto")
if _proxy_ssl_header.lower() != "none":
    _meta_name = _proxy_ssl_header.upper().replace("-", "_")
    if not _meta_name.replace("_", "").isalnum():
        raise ImproperlyConfigured(
            f"SECURE_PROXY_SSL_HEADER must be a header name or none, not {_proxy_ssl_header!r}"
        )
    SECURE_PROXY_SSL_HEADER = (
        _meta_name if _meta_name.startswith("HTTP_") else f"HTTP_{_meta_name}",
        "https",
    )
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Our page for a refused form (no or wrong CSRF token), naming the likely cause.
CSRF_FAILURE_VIEW = "cooperation.https.csrf_failure"
# django-csp 4: no inline script or style anywhere (templates and SVG charts use static
# files and attributes only); data: images for Bootstrap's icons and the 2FA QR code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
