"""Django settings, derived from the environment through `sousei.config`.

Importing this module writes nothing: the data directory and the embedded secret key are
created by `sousei init`.
"""

from __future__ import annotations

import secrets
from importlib.util import find_spec
from pathlib import Path

import dj_database_url

from sousei.config import read_config, storage_backend

CONFIG = read_config()

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(CONFIG["SOUSEI_DATA_DIR"]).expanduser().resolve()
PRODUCTION = CONFIG["SOUSEI_ENV"] == "production"
SECRET_KEY_FILE = DATA_DIR / "secret_key"
# django-ninja is not an installed app: importing it (and pydantic) at start-up would cost every
# `sousei` command a tenth of a second, and only the web's URLs need it. Its API docs page takes
# the template and static files from its package folder (see sousei.api.urls.LocalSwagger).
NINJA_DIR = Path(find_spec("ninja").origin).parent


def _secret_key() -> str:
    if CONFIG["SOUSEI_SECRET_KEY"]:
        return CONFIG["SOUSEI_SECRET_KEY"]
    if SECRET_KEY_FILE.exists():
        return SECRET_KEY_FILE.read_text(encoding="ascii").strip()
    # Embedded mode before `sousei init`: a per-process key is enough for commands and tests.
    return secrets.token_urlsafe(50)


SECRET_KEY = _secret_key()
DEBUG = CONFIG["SOUSEI_DEBUG"]
ALLOWED_HOSTS = CONFIG["SOUSEI_ALLOWED_HOSTS"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "sousei.areas",
    "sousei.orgs",
    "sousei.catalog",
    "sousei.jobs",
    "sousei.stats",
    "sousei.strategy",
    "sousei.participation",
    "sousei.web",
    "sousei.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sousei.web.middleware.PostThrottleMiddleware",
    "sousei.web.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sousei.web.middleware.SouseiErrorMiddleware",
]

ROOT_URLCONF = "sousei.urls"
WSGI_APPLICATION = "sousei.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sousei.web.context.site",
            ],
        },
    },
]

if CONFIG["DATABASE_URL"]:
    DATABASES = {
        "default": dj_database_url.parse(
            CONFIG["DATABASE_URL"], conn_max_age=60, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "sousei.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [NINJA_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "uploads"
SOUSEI_MAX_UPLOAD_BYTES = CONFIG["SOUSEI_MAX_UPLOAD_MB"] * 1024 * 1024
SOUSEI_INLINE_UPLOAD_BYTES = CONFIG["SOUSEI_INLINE_UPLOAD_MB"] * 1024 * 1024
SOUSEI_PDF_FONT = CONFIG["SOUSEI_PDF_FONT"]
SOUSEI_WAREHOUSE_MEMORY_BYTES = CONFIG["SOUSEI_WAREHOUSE_MEMORY_MB"] * 1024 * 1024
SOUSEI_JOB_STALE_SECONDS = CONFIG["SOUSEI_JOB_STALE_SECONDS"]
SOUSEI_POST_BURST = CONFIG["SOUSEI_POST_BURST"]
SOUSEI_POSTS_PER_HOUR = CONFIG["SOUSEI_POSTS_PER_HOUR"]
SOUSEI_CLIENT_IP_HEADER = CONFIG["SOUSEI_CLIENT_IP_HEADER"]
DEFAULT_FROM_EMAIL = CONFIG["SOUSEI_EMAIL_FROM"]
if CONFIG["SOUSEI_SMTP_HOST"]:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = CONFIG["SOUSEI_SMTP_HOST"]
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Django must not refuse an upload before sousei can say why (the limit is checked per file).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
STORAGES = {
    "default": storage_backend(
        CONFIG["SOUSEI_STORAGE_URL"],
        endpoint_url=CONFIG["SOUSEI_S3_ENDPOINT_URL"],
        region=CONFIG["SOUSEI_S3_REGION"],
    ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Before `sousei init` has collected static files, serve them straight from the package.
WHITENOISE_USE_FINDERS = not PRODUCTION

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

if PRODUCTION:
    SECURE_HSTS_SECONDS = CONFIG["SOUSEI_HSTS_SECONDS"]
    SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
    SECURE_HSTS_PRELOAD = False
    SECURE_SSL_REDIRECT = CONFIG["SOUSEI_SSL_REDIRECT"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # HSTS preload is a one-way decision left to each city.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "sousei": {"handlers": ["console"], "level": CONFIG["SOUSEI_LOG_LEVEL"].upper()},
        "django.request": {"handlers": ["console"], "level": "ERROR"},
    },
}

NINJA_PAGINATION_MAX_LIMIT = 2000
