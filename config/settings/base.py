"""Project settings, read from the environment (see .env.example)."""

import datetime
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()
# A local .env (git-ignored, written by `make run`) fills in what the environment does not set.
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# Served over HTTPS (production): redirect plain HTTP, send HSTS, keep the session and CSRF
# cookies off plain connections, and trust the proxy's X-Forwarded-Proto for what is secure.
# Off by default so that `make run` and the tests work on plain http://127.0.0.1.
HTTPS = env.bool("DJANGO_HTTPS", default=False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    # Both on by default, as `check --deploy` asks; turn them off when the service shares its
    # domain with sites still on plain HTTP (HSTS then reaches them too).
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Fernet key(s) for ID numbers and phones at rest; several, comma-separated, to rotate
# (the first encrypts, all decrypt). The keyed ID hash is derived from the first key.
PII_KEY = env.list("PII_KEY")

INSTALLED_APPS = [
    "config.apps.BackOfficeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "import_export",
    "axes",
    "rest_framework",
    # Before `arrears`, whose admin replaces knox's token admin.
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "arrears",
    "complaints",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the apps themselves, compressed, without a CDN (complaints.public).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Sends the policy a view sets with csp_override (the public pages: complaints.public).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Turns a locked back-office log-in into the "account locked" page (arrears.lockout).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast rather than hang when the server is unreachable.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves several threads or processes at once. WAL lets readers go on
    # beside a writer; IMMEDIATE takes the write lock when a transaction begins, so two writers
    # that both read first queue instead of deadlocking ("database is locked"); the busy timeout
    # is how long a writer waits in that queue before giving up.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "arrears.User"

REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Fail fast rather than hang when Redis is unreachable.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if REDIS_URL
        # Without Redis, the database: every process and host shares it, so a throttle counts
        # all of a client's requests, not one worker's. `manage.py createcachetable` makes it.
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cache_entries",
        }
    )
}

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# The lockout check runs before the password check, for every log-in (arrears.lockout).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Log-in lockout (django-axes; arrears.lockout) ------------------------------------------
# Failed log-ins of one user name from one client address before it is locked there, and
# from all addresses together before the user name is locked everywhere.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_LIMIT_PER_USER = env.int("LOGIN_FAILURE_LIMIT_PER_USER", default=20)
# How long a lock lasts (a failure during the lock does not prolong it).
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
# Whom a locked-out user is told to call; "your office's system administrator" when empty.
LOCKOUT_CONTACT = env.str("LOCKOUT_CONTACT", default="")
# The order matters to arrears.lockout.LockoutHandler: the pair first, then the user name.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_HANDLER = "arrears.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "restapi.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "arrears.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HTTP_RESPONSE_CODE = 429
# Locks are lifted with `manage.py axes_reset_username` (README), not in the back office.
AXES_ENABLE_ADMIN = False
# No start-up banner in every management command's output.
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Only for a deployment that copies the files out (`collectstatic`); whitenoise serves them
# from the apps otherwise.
STATIC_ROOT = env.str("STATIC_ROOT", default="") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Served from the apps' static folders as they are: no collectstatic step before `make run`
# or gunicorn (the files are few and small).
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Error pages, error e-mails and log lines never carry an ID number or a phone: the reporter
# masks them in POST values, local variables and messages, with DEBUG on too; every handler
# masks them in messages and tracebacks. Django's own `django` logger is re-wired to these
# handlers (its default console handler would print unmasked lines when DEBUG is on).
DEFAULT_EXCEPTION_REPORTER = "arrears.debug.PiiSafeExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "arrears.debug.PiiSafeExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_pii": {"()": "arrears.debug.MaskPersonalData"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_pii"]},
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "mask_pii"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
    },
}

# --- Public pages (DESIGN §7.1) ---------------------------------------------------------------
# A form sent without its CSRF cookie gets a page in plain words, in the page's language.
CSRF_FAILURE_VIEW = "complaints.public.views.csrf_failure"
# A complaint form sent back sooner than this after it was served is a robot's (a person needs
# far longer to fill it); one older than PUBLIC_FORM_MAX_SECONDS is served again to be checked.
PUBLIC_FORM_MIN_SECONDS = env.float("PUBLIC_FORM_MIN_SECONDS", default=3.0)
PUBLIC_FORM_MAX_SECONDS = env.int("PUBLIC_FORM_MAX_SECONDS", default=12 * 3600)
# How long the receipt (reference and access code) stays on /complain/done/ for its browser.
PUBLIC_RECEIPT_SECONDS = env.int("PUBLIC_RECEIPT_SECONDS", default=3600)

# --- REST API (DESIGN §7.3) -----------------------------------------------------------------
# Reverse proxies in front of the app: the client's address is taken that many hops from the
# right of X-Forwarded-For, so a forged header cannot change it. 0 = use REMOTE_ADDR.
# restapi.client_address applies it for the throttles and the log-in lockout alike.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

# Audited reveals of full ID numbers and phones a user may make per period ("N/minute",
# "N/hour", …): past it the reveal is refused and the office's supervisors are alerted.
PII_REVEAL_RATE = env.str("PII_REVEAL_RATE", default="5/minute")

# The domain errors the API answers with their own status and code (restapi.errors).
API_DOMAIN_ERRORS = ["arrears.errors.DomainError"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # `Authorization: Token <key>`, the key stored hashed, with an expiry (arrears.tokens).
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Deny by default: every view opts into anonymous access explicitly.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # DRF's three, with a JSON parser that limits size, depth and members (never a 500).
    "DEFAULT_PARSER_CLASSES": [
        "restapi.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "restapi.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "arrears.api.filters.StableOrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "restapi.schema.AutoSchema",
    "EXCEPTION_HANDLER": "restapi.errors.exception_handler",
    # Our throttles ask restapi.client_address; this keeps DRF's own get_ident (any other
    # throttle) on the same rule rather than on its default, which trusts X-Forwarded-For.
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_THROTTLE_RATES": {
        "public_submit": env.str("THROTTLE_PUBLIC_SUBMIT", default="20/hour"),
        "public_track": env.str("THROTTLE_PUBLIC_TRACK", default="60/hour"),
        "auth_token": env.str("THROTTLE_AUTH_TOKEN", default="10/minute"),
    },
}

# API tokens (django-rest-knox): how long one lasts from its issue, the same working day; a
# client logs in again after it. Never prolonged by use, so a leaked token dies by itself.
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=10)),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Wage-arrears complaints API",
    "DESCRIPTION": (
        "File and track wage-arrears complaints; work them under the legal deadlines. "
        "Errors are always {code, detail, fields}. Text values never contain NUL characters "
        "(U+0000); a request with one is refused with 400."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "restapi.schema.close_components",
        "restapi.schema.document_headers",
    ],
    # Two models have a field `kind` with different choices: name their enums apart.
    "ENUM_NAME_OVERRIDES": {
        "EmployerKindEnum": "arrears.models.EmployerKind",
        "ComplaintKindEnum": "complaints.models.Kind",
        "DocumentKindEnum": "complaints.models.DocumentKind",
    },
}
