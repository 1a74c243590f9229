"""Every setting sousei reads from the environment, declared once.

Each setting has a name, a type, a default and a help text. Django settings, the
configuration docs (docs/configuration.md) and `sousei settings` are all derived from
this table, so a setting cannot exist in one place and be missing from another.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


class ConfigError(Exception):
    """A setting is missing or malformed; start-up must stop with this message."""


def _parse_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected true/false, got {raw!r}")


def _parse_list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def _parse_int(raw: str) -> int:
    return int(raw.strip())


def _parse_str(raw: str) -> str:
    return raw.strip()


_PARSERS: dict[str, Callable[[str], Any]] = {
    "str": _parse_str,
    "bool": _parse_bool,
    "int": _parse_int,
    "list": _parse_list,
}


@dataclass(frozen=True)
class Setting:
    name: str
    type: str
    default: str | None
    help: str
    production_required: bool = False

    def read(self, environ: Mapping[str, str]) -> Any:
        raw = environ.get(self.name)
        if raw is None:
            raw = self.default
        if raw is None:
            return None
        try:
            return _PARSERS[self.type](raw)
        except ValueError as exc:
            raise ConfigError(f"{self.name}: {exc}") from exc


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "SOUSEI_ENV",
        "str",
        "embedded",
        "`embedded` (default: one machine, SQLite + DuckDB files, demo-ready) or `production` "
        "(secure cookies, HSTS, SSL redirect; secret key and hosts required).",
    ),
    Setting(
        "SOUSEI_DATA_DIR",
        "str",
        "./sousei-data",
        "Directory for everything sousei writes: the SQLite database, the DuckDB warehouse, "
        "uploaded files, collected static files. Nothing is written outside it.",
    ),
    Setting(
        "DATABASE_URL",
        "str",
        None,
        "Application database as a URL, e.g. `postgres://user:pass@host:5432/sousei`. "
        "Unset: SQLite at `$SOUSEI_DATA_DIR/sousei.sqlite3`.",
    ),
    Setting(
        "SOUSEI_SECRET_KEY",
        "str",
        None,
        "Django secret key. Required in production. In embedded mode, when unset, a random key "
        "is generated once and kept in `$SOUSEI_DATA_DIR/secret_key`.",
        production_required=True,
    ),
    Setting(
        "SOUSEI_ALLOWED_HOSTS",
        "list",
        "127.0.0.1,localhost,[::1]",
        "Comma-separated host names the site answers to. Required in production.",
        production_required=True,
    ),
    Setting(
        "SOUSEI_DEBUG",
        "bool",
        "false",
        "Django debug pages. Never on in production (start-up refuses).",
    ),
    Setting(
        "SOUSEI_HSTS_SECONDS",
        "int",
        "31536000",
        "Production only: Strict-Transport-Security max-age in seconds (0 disables HSTS).",
    ),
    Setting(
        "SOUSEI_SSL_REDIRECT",
        "bool",
        "true",
        "Production only: redirect plain HTTP to HTTPS. Behind a TLS proxy, the proxy must "
        "send `X-Forwarded-Proto: https`.",
    ),
    Setting(
        "SOUSEI_STORAGE_URL",
        "str",
        "",
        "Where kept files go: uploads as sent, published reports and Parquet copies of every "
        "public dataset's published versions. Empty: `$SOUSEI_DATA_DIR/uploads`. "
        "`s3://bucket/prefix`: an S3-compatible bucket (install `sousei[s3]`; credentials "
        "from `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`).",
    ),
    Setting(
        "SOUSEI_S3_ENDPOINT_URL",
        "str",
        "",
        "The S3 service's address for a non-AWS store (MinIO, Ceph, a cloud's S3 API), e.g. "
        "`https://s3.example.jp`. Empty: AWS.",
    ),
    Setting(
        "SOUSEI_S3_REGION",
        "str",
        "",
        "Region of the bucket, e.g. `ap-northeast-1`. Empty: the S3 library's default.",
    ),
    Setting(
        "SOUSEI_JOB_STALE_SECONDS",
        "int",
        "60",
        "A running background job whose worker has not reported for this long (killed, machine "
        "lost) is retried, or failed with a message after its last attempt.",
    ),
    Setting(
        "SOUSEI_WEB_WORKERS",
        "int",
        "2",
        "Number of web worker processes `sousei serve` starts.",
    ),
    Setting(
        "SOUSEI_MAX_UPLOAD_MB",
        "int",
        "500",
        "Largest file, in megabytes, that an upload or `sousei load` accepts.",
    ),
    Setting(
        "SOUSEI_INLINE_UPLOAD_MB",
        "int",
        "5",
        "Web uploads up to this size are read during the request (errors shown at once); "
        "larger ones are read by the background worker (`sousei worker`).",
    ),
    Setting(
        "SOUSEI_WAREHOUSE_MEMORY_MB",
        "int",
        "256",
        "Memory, per web worker process, for keeping large data versions (100,000 rows or more) "
        "in memory, compressed, so `datastore_search` pages come back faster; 0: off.",
    ),
    Setting(
        "SOUSEI_PDF_FONT",
        "str",
        "",
        "A Japanese TrueType/OpenType font (.ttf, .otf or .ttc) embedded in PDF reports. Empty: "
        "the first of Noto Sans CJK JP, IPAexGothic or IPAGothic installed on the system "
        "(Debian: `apt-get install fonts-noto-cjk`).",
    ),
    Setting(
        "SOUSEI_POST_BURST",
        "int",
        "3",
        "Comments and data requests one client address may post per minute; more get HTTP 429.",
    ),
    Setting(
        "SOUSEI_POSTS_PER_HOUR",
        "int",
        "10",
        "Comments and data requests one client address may post per hour; more get HTTP 429.",
    ),
    Setting(
        "SOUSEI_CLIENT_IP_HEADER",
        "str",
        "",
        "Behind a reverse proxy: the header carrying the client's address (e.g. "
        "X-Forwarded-For; its last hop is used). Empty: the connection's address. Rate limits "
        "and log-in throttling count per client address.",
    ),
    Setting(
        "SOUSEI_SMTP_HOST",
        "str",
        "",
        "Mail server for notifications to staff (new comments, data requests). Empty: mails are "
        "printed on the console (development).",
    ),
    Setting(
        "SOUSEI_EMAIL_FROM",
        "str",
        "sousei@localhost",
        "Sender address of notification mails.",
    ),
    Setting(
        "SOUSEI_LOG_LEVEL",
        "str",
        "INFO",
        "Log level for sousei's own loggers (DEBUG, INFO, WARNING, ERROR).",
    ),
)

SETTINGS_BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}

ENVIRONMENTS = ("embedded", "production")


def read_config(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Read every setting, checking what production needs before Django starts."""
    env = os.environ if environ is None else environ
    values = {s.name: s.read(env) for s in SETTINGS}
    mode = values["SOUSEI_ENV"]
    if mode not in ENVIRONMENTS:
        raise ConfigError(f"SOUSEI_ENV must be one of {', '.join(ENVIRONMENTS)}, got {mode!r}")
    if values["SOUSEI_JOB_STALE_SECONDS"] < 2:
        raise ConfigError(
            "SOUSEI_JOB_STALE_SECONDS must be at least 2, or live jobs would be taken for lost "
            "ones and run twice (2 秒以上にしてください)."
        )
    if mode == "production":
        missing = [s.name for s in SETTINGS if s.production_required and not env.get(s.name)]
        if missing:
            raise ConfigError(
                "Production settings need "
                + ", ".join(missing)
                + " in the environment (本番設定では環境変数 "
                + ", ".join(missing)
                + " が必要です)."
            )
        if values["SOUSEI_DEBUG"]:
            raise ConfigError("SOUSEI_DEBUG must be off in production (本番では DEBUG 不可).")
        if len(values["SOUSEI_SECRET_KEY"]) < 50:
            raise ConfigError(
                "SOUSEI_SECRET_KEY must be at least 50 random characters "
                "(50 文字以上のランダムな文字列にしてください)."
            )
    return values


def storage_backend(url: str, *, endpoint_url: str = "", region: str = "") -> dict[str, Any]:
    """Django's STORAGES entry for kept files: the local folder when `url` is empty, an
    S3-compatible bucket for `s3://bucket[/prefix]`."""
    if not url:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"allow_overwrite": True},
        }
    scheme, _, rest = url.partition("://")
    bucket, _, prefix = rest.partition("/")
    if scheme != "s3" or not bucket:
        raise ConfigError(
            f"SOUSEI_STORAGE_URL must be empty or s3://bucket/prefix, got {url!r} "
            "(SOUSEI_STORAGE_URL は空か s3://バケット/接頭辞 にしてください)."
        )
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "location": prefix.strip("/"),
        "file_overwrite": True,
        "default_acl": None,
        "querystring_auth": True,
    }
    if endpoint_url:
        options["endpoint_url"] = endpoint_url
    if region:
        options["region_name"] = region
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def settings_markdown_table() -> str:
    """The configuration reference table, as docs/configuration.md carries it."""
    lines = ["| name | type | default | description |", "| --- | --- | --- | --- |"]
    for s in SETTINGS:
        default = "(unset)" if s.default is None else f"`{s.default}`"
        lines.append(f"| `{s.name}` | {s.type} | {default} | {s.help} |")
    return "\n".join(lines)
