"""What a read found: per-column facts and problems, Frictionless-style, in Japanese and English.

A `Problem` is one finding about a row, a column or a cell; an `IngestError` is a file that cannot
be read at all. Row and column numbers are 1-based and count rows and columns *in the file*, as a
person sees them in Excel or a text editor (a quoted value spanning lines is one row).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from sousei.errors import SouseiError

ERROR = "error"
WARNING = "warning"


class IngestError(SouseiError):
    """The file cannot be read at all (empty, binary, bad encoding, zip bomb, encrypted …).

    A `SouseiError`, so every door (API, pages, CLI) can show it as it is; `code` is a stable,
    kebab-case reason such as "encoding-error" or "password-protected".
    """

    status = 400

    def __init__(
        self,
        message_ja: str,
        message_en: str,
        *,
        code: str,
        row: int | None = None,
        column: int | None = None,
    ) -> None:
        details = []
        if row is not None or column is not None:
            details.append({"row": row, "column": column, "code": code})
        super().__init__(message_ja, message_en, code=code, details=details)
        self.row = row
        self.column = column


@dataclass
class Problem:
    """One finding (行・列つきの指摘); "error" stops the load, "warning" does not."""

    code: str
    message_ja: str
    message_en: str
    row: int | None = None
    column: int | None = None
    column_name: str | None = None
    severity: str = ERROR


@dataclass
class ColumnReport:
    """One column as read: its name as written, a machine name, inferred type and statistics."""

    name: str
    machine_name: str
    type: str
    unit: str | None = None
    nulls: int = 0
    markers: dict[str, int] = field(default_factory=dict)
    minimum: Any = None
    maximum: Any = None
    index: int = 0  # 1-based column number in the file
    header: list[str] = field(default_factory=list)  # the header cells as written, top to bottom


@dataclass
class IngestReport:
    """Everything the reader learnt about a file; `as_dict()` is stored with each version."""

    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    title: str | None = None
    header_rows: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    row_count: int = 0
    columns: list[ColumnReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    first_data_row: int | None = None  # 1-based file row of the first data row

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: only str, int, float, bool, None, lists and dicts."""
        body = dataclasses.asdict(self)
        body["ok"] = self.ok
        return body
