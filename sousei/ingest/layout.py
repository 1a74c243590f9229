"""Where the table is in a grid (表の範囲): title rows, header rows, data rows, notes below.

Published tables put a title above the header (「人口推計　令和2年」, often one cell), may use
two or three header rows, and end with notes (資料：…, 注：…, ※…, (注)…, a) …). Sometimes a
second table follows a blank row. The rules, in order:

1. The header starts at the first row filled at least half as much as a typical row (and with at
   least two cells); non-blank rows above it are the title.
2. Columns that hold numbers in most rows below are *numeric*. Following rows belong to the
   header while they hold text (not numbers) in numeric columns; a row of years between header
   rows (SSDSE's 2020, 2020 …) belongs to it when a text row follows.
3. From the bottom up, blank rows, note rows (資料, 注, ※, *, a) …) and one-cell text rows are
   notes, starting at the first blank or note row of that run.
4. A blank row followed by a one-cell text row (a new title) or by a header-like row ends the
   table; what follows and is not a note is reported as extra content and not read.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from sousei.ingest import numbers
from sousei.ingest.headers import is_year_row
from sousei.ingest.report import IngestError
from sousei.ingest.text import clean_label

Grid = list[list[str]]

_SCAN = 200
_MAX_HEADER_ROWS = 6
_NOTE = re.compile(
    r"^\s*(?:資料|出典|出所|注|[(（]注|※|[*＊]|備考|参考|単位|\(?[Ss]ource|\(?[Nn]ote"
    r"|[(（]?[a-zａ-ｚ0-9０-９]{1,2}[)）]\s*\S)"
)


@dataclass
class Layout:
    """0-based grid rows; `data_end` is exclusive."""

    title_rows: list[int]
    header_rows: list[int]
    data_start: int
    data_end: int
    note_rows: list[int] = field(default_factory=list)
    extra_rows: list[int] = field(default_factory=list)


def filled(row: list[str]) -> int:
    return sum(1 for c in row if c.strip())


def is_blank(row: list[str]) -> bool:
    return not any(c.strip() for c in row)


def is_numeric_cell(cell: str) -> bool:
    return numbers.is_number(cell) or numbers.marker_of(cell) is not None


def is_note(row: list[str]) -> bool:
    cells = [c for c in row if c.strip()]
    return bool(cells) and len(cells) <= 3 and bool(_NOTE.match(cells[0]))


def _single_text(row: list[str]) -> bool:
    cells = [c for c in row if c.strip()]
    return len(cells) == 1 and not is_numeric_cell(cells[0])


def row_text(row: list[str]) -> str:
    return " ".join(clean_label(c) for c in row if c.strip())


def _numeric_columns(rows: Grid) -> set[int]:
    """Columns where most non-empty cells are numbers or missing-value marks."""
    counts: dict[int, list[int]] = {}
    for row in rows:
        for c, cell in enumerate(row):
            if cell.strip():
                tally = counts.setdefault(c, [0, 0])
                tally[0 if is_numeric_cell(cell) else 1] += 1
    return {c for c, (num, text) in counts.items() if num > text}


def _header_like(row: list[str], top: list[str], numeric: set[int], *, second: bool) -> bool:
    if is_blank(row) or is_note(row):
        return False
    cells = {c: v for c, v in enumerate(row) if v.strip()}
    if any(is_numeric_cell(v) for v in cells.values()):
        return False
    if numeric:
        return any(c in numeric for c in cells)
    if not second:
        return False
    # No numeric column to compare with: only a lower row filling the gaps of a spanning label.
    spans = [c for c, v in enumerate(top) if v.strip()]
    if not spans:
        return False
    gaps = {
        c
        for c in range(spans[0], max(len(top), max(cells) + 1))
        if c >= len(top) or not top[c].strip()
    }
    return bool(gaps & set(cells))


def _header_start(grid: Grid, first: int) -> int:
    window = [filled(r) for r in grid[first : first + _SCAN] if not is_blank(r)]
    typical = sorted(window)[len(window) // 2]
    need = max(2, math.ceil(0.5 * typical)) if typical >= 2 else 1
    for i in range(first, min(len(grid), first + _SCAN)):
        if filled(grid[i]) >= need and not is_note(grid[i]):
            return i
    return first


def _header_end(grid: Grid, start: int) -> int:
    numeric = _numeric_columns(grid[start + 1 : start + 1 + _SCAN])
    end, k = start, start + 1
    while k < len(grid) and k <= start + _MAX_HEADER_ROWS:
        row = grid[k]
        if _header_like(row, grid[start], numeric, second=k == start + 1):
            end = k
        elif not is_year_row(row):
            break
        k += 1
    return end


def notes_start(grid: Grid, lo: int, hi: int, width: int) -> int:
    """Where the run of notes at the bottom of grid[lo:hi] begins (hi if there is none).

    One-cell text rows count as notes only in tables of three or more columns.
    """
    loose = width >= 3
    i = hi - 1
    while i >= lo and (is_blank(grid[i]) or is_note(grid[i]) or (loose and _single_text(grid[i]))):
        i -= 1
    for j in range(i + 1, hi):
        if is_blank(grid[j]) or is_note(grid[j]):
            return j
    return hi


def _table_end(grid: Grid, start: int, end: int, header: list[str], numeric: set[int]) -> int:
    """The first blank row followed by a new title or header, else `end`."""
    loose = len(header) >= 3
    i = start
    while i < end:
        if is_blank(grid[i]):
            j = i + 1
            while j < end and is_blank(grid[j]):
                j += 1
            if j < end and (
                (loose and _single_text(grid[j]))
                or _header_like(grid[j], header, numeric, second=False)
            ):
                return i
            i = j
        else:
            i += 1
    return end


def detect_layout(grid: Grid, *, complete: bool = True) -> Layout:
    """Find title, header, data and notes rows; `complete=False` for the head of a long file."""
    first = next((i for i, r in enumerate(grid) if not is_blank(r)), None)
    if first is None:
        raise IngestError(
            "表が見つかりません（空のシートかファイルです）。",
            "No table found: the sheet or file has no values.",
            code="empty-file",
        )
    start = _header_start(grid, first)
    end = _header_end(grid, start)
    title_rows = [i for i in range(first, start) if not is_blank(grid[i])]
    data_start = end + 1
    layout = Layout(title_rows, list(range(start, end + 1)), data_start, len(grid))
    if not complete:
        return layout
    width = max(len(grid[i]) for i in layout.header_rows)
    notes_at = notes_start(grid, data_start, len(grid), width)
    numeric = _numeric_columns(grid[data_start : data_start + _SCAN])
    layout.data_end = _table_end(grid, data_start, notes_at, grid[start], numeric)
    below = range(layout.data_end, len(grid))
    layout.note_rows = [i for i in below if i >= notes_at and not is_blank(grid[i])]
    layout.extra_rows = [i for i in below if i < notes_at and not is_blank(grid[i])]
    return layout
