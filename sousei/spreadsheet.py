"""Text that spreadsheets would run as a formula (= + - @, tab, carriage return) is written with
a leading apostrophe in every CSV or workbook sousei produces (pure; no dependency)."""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_RE = r"^[=+\-@\t\r]"


def neutralise(text: str) -> str:
    """'=1+1 → "'=1+1": a spreadsheet shows the text instead of evaluating it."""
    return "'" + text if text.startswith(FORMULA_START) else text
