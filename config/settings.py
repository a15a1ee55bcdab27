"""One settings module, configured from environment variables.

The database is PostgreSQL, always (its triggers and constraints are part of the design): DATABASE_URL names it
and there is no other database to fall back on. Where it is not set, it is read from var/services.env, which
`scripts/services.sh up var` (what `make run` runs) writes while the project-local PostgreSQL and Redis under
var/ are running, with REDIS_URL; so `manage.py` by hand beside `make run` reaches the same data. With neither,
settings refuse to load. An .env file at the top of the project is read first, if there is one.

Other defaults suit a developer's machine. Production sets DJANGO_DEBUG=false, DJANGO_SECRET_KEY, DATABASE_URL,
REDIS_URL, DJANGO_ALLOWED_HOSTS and the e-mail settings.
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_SERVICES_ENV = BASE_DIR / "var" / "services.env"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None
if "DATABASE_URL" not in os.environ and PROJECT_SERVICES_ENV.exists():
    environ.Env.read_env(PROJECT_SERVICES_ENV, overwrite=False)
if "DATABASE_URL" not in os.environ:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set and the project's own PostgreSQL is not running (no var/services.env). "
        '`make run` starts it; `eval "$(scripts/services.sh up var)"` starts it alone '
        "(`scripts/services.sh down var` stops it); or set DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/NAME."
    )

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="development-only-secret-key-not-for-production-use-0123456789")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "django_celery_beat",
    "axes",
    "csp",
    "core",
    "agencies",
    "jag",
    "cases",
    "incremental",
    "cessation",
    "orders",
]
# The demo data and its loader create logins whose password the README publishes: developers' machines only.
DEMO = env.bool("DEMO", default=False)
if DEBUG or DEMO:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "core.middleware.ForwardedHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body (the CSRF check does): see core.uploads and core.bodies.
    "core.uploads.RefuseOversizedRequests",
    "core.bodies.RefuseUndecodableForms",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "agencies.context_processors.service",
                "agencies.context_processors.notifications",
            ],
            # GOV.UK-style dates (core.dates) in every template without a {% load %}.
            "builtins": ["core.templatetags.uk_dates"],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL database (postgres://...)")
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
# The case lists' visibility subqueries look expensive to the planner, which then spends far longer JIT-compiling
# them than running them; these are short OLTP queries, so compile nothing. The working set (cases, permissions,
# indexes) is in memory on SSD storage, where a random read costs about what a sequential one does: PostgreSQL's
# default of 4 makes it read the whole cases table rather than the dashboard's covering index.
# DATABASE_RANDOM_PAGE_COST adjusts it for other storage.
random_page_cost = env.float("DATABASE_RANDOM_PAGE_COST", default=1.1)
DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c jit=off -c random_page_cost={random_page_cost}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "agencies.Officer"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
    # Single sign-on through each agency's own identity provider (agencies.oidc, providers in the admin).
    "agencies.oidc.IdentityProviderBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:my_cases"
LOGOUT_REDIRECT_URL = "login"

# django-guardian: no anonymous user object; cases are never visible to anonymous visitors.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# django-axes: lock an account and address pair out after repeated failed sign-ins.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# Lockouts count by the client's address as the audit trail resolves it (TRUSTED_PROXIES below), not the proxy's.
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"

# Single sign-on (mozilla-django-oidc). Each agency's provider is registered in the admin (agencies.IdentityProvider:
# issuer, client, endpoints); these settings are what every provider shares. Nobody is created by signing in.
OIDC_RP_SCOPES = "openid email profile"
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_callback"
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)  # seconds, for each request to a provider
# Seconds an officer has at their provider between leaving the sign-in page and coming back.
OIDC_STATE_LIFETIME = env.int("OIDC_STATE_LIFETIME", default=600)
# django-axes records the query of a failed sign-in: the provider's one-time code and state are not for keeping.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "state"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# Dates printed with Django's own formats read the GOV.UK way ("3 Dec 2026"), as core.dates prints them.
FORMAT_MODULE_PATH = ["core.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    ("moj", BASE_DIR / "node_modules" / "@ministryofjustice" / "frontend" / "moj"),
    # MOJ Frontend gives GOV.UK Frontend's styles its own images path, so GOV.UK Frontend's images are found there too.
    ("moj/assets/images", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "assets" / "images"),
]
STORAGES = {
    # Case documents live outside the web root and are only served through a permission-checked view.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.path("DOCUMENT_ROOT", default=BASE_DIR / "var" / "documents")},
    },
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# WhiteNoise serves the static files from where they are found instead of from collectstatic's STATIC_ROOT: with DEBUG
# on, and in `make run` (DEBUG off) with WHITENOISE_USE_FINDERS=true, so it starts without collecting.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)
MEDIA_URL = None
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest document an officer may attach to a case, in bytes.
CASE_DOCUMENT_MAX_BYTES = env.int("CASE_DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
# A file stops being read where it passes CASE_DOCUMENT_MAX_BYTES (core.uploads).
FILE_UPLOAD_HANDLERS = [
    "core.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="asb-case-management@localhost")

REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or "cache+memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# A task is acknowledged once it has run, not when a worker takes it: a worker killed part way (a deployment, out
# of memory, the host lost) leaves its task to be delivered again, so every task must be safe to run twice (the
# daily jobs are one transaction each and idempotent). One task reserved at a time per process: a long job never
# holds others back. Redis hands an unacknowledged task out again once it has been out this many seconds (and when
# a worker starts): longer than any task runs, or it would run twice at once.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900)}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # Over HTTPS only in production; DJANGO_SECURE_COOKIES=false and DJANGO_SECURE_SSL_REDIRECT=false serve a
    # production-like copy over plain HTTP on loopback (`check --deploy` then warns, as it should).
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # The load balancer probes the health endpoint over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (addresses or networks, comma
# separated); from anyone else those headers are ignored (core.network). The default is the address
# docker-compose.yml gives its proxy.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["172.30.80.10"])

# Content-Security-Policy (django-csp) on every response: scripts, styles, images and fonts from the service's own
# static files only, no inline script or style (GOV.UK Frontend starts from static/js/govuk-init.js), never framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Permissions-Policy on every response (core.middleware): no page of the service needs any of these.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

SERVICE_NAME = "LLR ASB Case Management"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# --- Sign-in for local accounts: a second factor, password reset by e-mail, the idle timeout ------------------
# Administrators, and officers of agencies that ask for it, give a code from an authenticator app (TOTP) or a
# recovery code after their password (agencies.second_factor); single sign-on sessions are not asked again.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
# After the messages middleware: an idle session is signed out with a message for the sign-in page.
_after_messages = MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1
MIDDLEWARE[_after_messages:_after_messages] = [
    "django_otp.middleware.OTPMiddleware",
    "agencies.middleware.IdleTimeoutMiddleware",
    "agencies.middleware.SecondFactorMiddleware",
]
OTP_TOTP_ISSUER = SERVICE_NAME
# A password reset link works for an hour (seconds).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60)
# A signed-in session ends after IDLE_TIMEOUT_MINUTES without a request; the warning shows two minutes before.
IDLE_TIMEOUT_SECONDS = 60 * env.int("IDLE_TIMEOUT_MINUTES", default=30)
IDLE_WARNING_SECONDS = 2 * 60
# The timeout warning's timings, as data attributes on each signed-in page's body.
TEMPLATES[0]["OPTIONS"]["context_processors"].append("agencies.context_processors.session_timeout")  # type: ignore[index]
# Codes typed at the second factor are not kept in django-axes' records of failed attempts.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
