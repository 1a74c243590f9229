"""The warehouse's one exception type, in the project's shared error shape (ja / en + code)."""

from __future__ import annotations

from typing import Any

from sousei.errors import SouseiError

# HTTP status a door should use for each code; everything else is the caller's mistake (400).
STATUS_BY_CODE = {
    "not_found": 404,
    "version_not_found": 404,
    "busy": 503,
    "io_error": 500,
    "corrupt": 500,
    "load_failed": 500,
}


class WarehouseError(SouseiError):
    """A warehouse failure with a stable `code`; `str()` is "message_ja / message_en"."""

    status = 400
    code = "warehouse_error"

    def __init__(
        self,
        message_ja: str,
        message_en: str,
        *,
        code: str = "warehouse_error",
        status: int | None = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(
            message_ja,
            message_en,
            code=code,
            status=status if status is not None else STATUS_BY_CODE.get(code, 400),
            details=details,
        )


def not_found(resource_id: str) -> WarehouseError:
    return WarehouseError(
        f"リソース「{resource_id}」のデータはありません。",
        f"No data for resource '{resource_id}'.",
        code="not_found",
    )


def version_not_found(resource_id: str, version: int) -> WarehouseError:
    return WarehouseError(
        f"リソース「{resource_id}」の版 {version} はありません。",
        f"Resource '{resource_id}' has no version {version}.",
        code="version_not_found",
    )


def unknown_column(name: str) -> WarehouseError:
    return WarehouseError(
        f"列「{name}」はありません。",
        f"Unknown column '{name}'.",
        code="unknown_column",
    )


def busy(what: str) -> WarehouseError:
    return WarehouseError(
        "ほかの書き込みが実行中です。しばらくしてからやり直してください。",
        f"Another write is in progress ({what}); try again shortly.",
        code="busy",
    )
