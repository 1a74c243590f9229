"""The one error type every door (API, pages, CLI) reports, with text in Japanese and English."""

from __future__ import annotations

from typing import Any


class SouseiError(Exception):
    """A user-facing error: an HTTP status, a stable code, and a message in both languages."""

    status: int = 400
    code: str = "bad_request"

    def __init__(
        self,
        message_ja: str,
        message_en: str,
        *,
        code: str | None = None,
        status: int | None = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(f"{message_ja} / {message_en}")
        self.message_ja = message_ja
        self.message_en = message_en
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.details = details or []

    def message(self, language: str) -> str:
        return self.message_en if language.startswith("en") else self.message_ja

    def as_dict(self, language: str = "ja") -> dict[str, Any]:
        """The API's error body: `{"error": {...}}`, the same for every endpoint."""
        body: dict[str, Any] = {
            "status": self.status,
            "code": self.code,
            "message": self.message(language),
            "messages": {"ja": self.message_ja, "en": self.message_en},
        }
        if self.details:
            body["details"] = self.details
        return {"error": body}


class InvalidInput(SouseiError):
    status = 400
    code = "invalid_input"


class NotFound(SouseiError):
    status = 404
    code = "not_found"


class PermissionDenied(SouseiError):
    status = 403
    code = "permission_denied"
