"""What every layout reader shares: the result shape, the error, and small lookups on a `Table`.

A layout reader takes an ingested `Table` (typed Arrow columns + `IngestReport`) and a `Context`
(the area the file is about, where it comes from) and returns a `Recognition`, or None when the
file is not in its layout. Row numbers in messages are *file* rows, as a person sees them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from sousei.areas.codes import AreaCodeError, normalize_area_code
from sousei.errors import SouseiError
from sousei.ingest import ColumnReport, Problem, Table
from sousei.ingest.report import WARNING
from sousei.ingest.text import nfkc
from sousei.ingest.wareki import parse_wareki_date
from sousei.stats.tables import (
    NATION_CODE,
    TABLE_COLUMNS,
    Provenance,
    Source,
    StatTable,
    check_table,
)


class RecognitionError(SouseiError):
    """No known layout fits the file, or a layout fits but its numbers cannot be read.

    The message names what was looked for, so the person can fix the file or use the mapping
    screen instead.
    """

    status = 400
    code = "not-recognised"


@dataclass
class Recognition:
    """What a file was read as: the layout, the standard tables, and sentences saying so."""

    layout: str
    tables: list[StatTable]
    notes_ja: list[str] = field(default_factory=list)
    notes_en: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def table(self, kind: str) -> StatTable:
        """The one table of a kind (population, vital, migration, households)."""
        found = [t for t in self.tables if t.kind == kind]
        if not found:
            raise KeyError(f"no {kind} table in this recognition ({self.layout})")
        return found[0]

    def note(self, ja: str, en: str) -> None:
        self.notes_ja.append(ja)
        self.notes_en.append(en)


@dataclass(frozen=True)
class Context:
    """What the caller knows that the file may not say: its area and its provenance (出典)."""

    area_code: str | None = None
    provenance: Provenance | None = None


# --- areas -------------------------------------------------------------------------------------


def check_area_code(raw: object) -> str:
    """A 6-digit 団体コード from 5 or 6 digits; "000000" (全国) and "<code>-<local code>" for
    districts and towns (地域・町丁) pass as given. Raises AreaCodeError otherwise."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str):
        text = nfkc(raw).strip()
        if text in (NATION_CODE, "00000"):
            return NATION_CODE
        if "-" in text:
            head, _, tail = text.partition("-")
            return f"{normalize_area_code(head)}-{tail}"
        raw = text
    if not isinstance(raw, str | int):
        raise AreaCodeError(raw, f"「{raw}」は団体コードではありません", f"{raw!r} is not a code")
    return normalize_area_code(raw)


def fixed_area(context: Context, *, what_ja: str, what_en: str) -> str:
    """The caller's area code, for files that hold one area and do not name it."""
    if context.area_code is None:
        raise RecognitionError(
            f"{what_ja}と読めましたが、地域コードの列がありません。地域コード（例 032093）を"
            "指定してください。",
            f"Read as {what_en}, but the file has no area-code column; give the area code "
            "(e.g. 032093).",
            code="area-required",
        )
    try:
        return check_area_code(context.area_code)
    except AreaCodeError as exc:
        raise RecognitionError(exc.message_ja, exc.message_en, code="bad-area-code") from exc


# --- provenance and dates ---------------------------------------------------------------------

_SOURCES: tuple[tuple[str, Source], ...] = (
    ("人口ビジョン", "projection"),
    ("将来推計", "projection"),
    ("将来人口", "projection"),
    ("住民基本台帳", "juki"),
    ("住基", "juki"),
    ("国勢調査", "census"),
    ("推計人口", "estimate"),
    ("人口推計", "estimate"),
)


def source_in_text(texts: Iterable[str | None]) -> Source | None:
    """住民基本台帳 → juki, 国勢調査 → census … from a title or a 資料： note; None if none."""
    joined = " ".join(t for t in texts if t)
    return next((source for word, source in _SOURCES if word in joined), None)


def provenance(
    context: Context, table: Table, *, source: Source | None = None, vintage: str = ""
) -> Provenance:
    """The caller's provenance, else one guessed from the file's title and notes (資料：…).

    A projection (将来推計, 人口ビジョン) is marked as such and named by its title, so that it is
    compared with the counts, never read as one.
    """
    found = source or source_in_text([table.report.title, *table.report.notes]) or "other"
    if context.provenance is None:
        if found == "projection" and not vintage:
            vintage = (table.report.title or "").replace("\n", " ")[:100]
        return Provenance(source=found, vintage=vintage, is_projection=found == "projection")
    if source is not None or vintage:
        return replace(
            context.provenance,
            source=source or context.provenance.source,
            vintage=vintage or context.provenance.vintage,
        )
    return context.provenance


_DATE_IN_TEXT = re.compile(
    r"(?:明治|大正|昭和|平成|令和|\d{4}\s*年)\s*[0-9０-９元一二三四五六七八九十]*\s*年?\s*"
    r"[0-9０-９一二三四五六七八九十]+\s*月\s*[0-9０-９一二三四五六七八九十]+\s*日"
)


def date_in_text(text: str | None) -> dt.date | None:
    """The first full date in a title: 「…平成２９年９月３０日現在」 → 2017-09-30."""
    for match in _DATE_IN_TEXT.finditer(text or ""):
        day = parse_wareki_date(match.group(0))
        if day is not None:
            return day
    return None


def population_date(year: int, source: str) -> dt.date:
    """The reference date for a population figure known only by year: 1 October for the census
    (国勢調査) and projections (which start from it), 1 January otherwise (住民基本台帳)."""
    return dt.date(year, 10, 1) if source in ("census", "projection") else dt.date(year, 1, 1)


# --- columns and rows -------------------------------------------------------------------------


def column_named(table: Table, *names: str) -> ColumnReport | None:
    """The first column whose name as written, folded, is one of `names` (or its machine name)."""
    wanted = {_fold_name(n) for n in names}
    for column in table.report.columns:
        if _fold_name(column.name) in wanted or column.machine_name in wanted:
            return column
    return None


def _fold_name(name: str) -> str:
    return re.sub(r"[\s\u3000]+", "", nfkc(name)).lower()


def find_column(table: Table, name: str) -> ColumnReport | None:
    """A column by machine name, name as written or any header cell (for the mapping screen)."""
    folded = _fold_name(name)
    for column in table.report.columns:
        if name == column.machine_name or folded == _fold_name(column.name):
            return column
    for column in table.report.columns:
        if any(_fold_name(cell) == folded for cell in column.header if cell):
            return column
    return None


def file_row(table: Table, index: int) -> int | None:
    """The file row of data row `index` (0-based), as far as the report tells.

    Exact unless the file had blank rows inside the table (ingest drops them without saying
    where), in which case it may be a few rows early.
    """
    first = table.report.first_data_row
    return None if first is None else first + index


def warn(
    code: str, ja: str, en: str, *, row: int | None = None, column: ColumnReport | None = None
) -> Problem:
    """A located warning, in the ingest report's shape."""
    return Problem(
        code=code,
        message_ja=ja,
        message_en=en,
        row=row,
        column=column.index if column else None,
        column_name=column.name if column else None,
        severity=WARNING,
    )


def ingest_warnings(table: Table) -> list[Problem]:
    """The reader's own warnings worth passing on (a second table not read, odd rows)."""
    keep = {"extra-content", "missing-cell", "type-error"}
    return [p for p in table.report.problems if p.code in keep]


def as_number(value: Any) -> int | float | None:
    """A cell as a number: None for missing/secret cells (NaN), ints kept whole."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else value
    if isinstance(value, int):
        return value
    return None


def build(
    kind: str,
    rows: list[dict[str, Any]],
    prov: Provenance,
    names: dict[str, str] | None = None,
) -> StatTable:
    """A standard table from row dicts (missing columns are None), with the names of the
    districts and small areas it holds when the file gives them."""
    frame = pd.DataFrame(rows)
    for column in TABLE_COLUMNS[kind]:
        if column not in frame.columns:
            frame[column] = None
    for column in ("age_from", "age_to"):
        if column in frame.columns:
            frame[column] = frame[column].astype("Int64")
    frame = check_table(kind, frame)
    return StatTable(kind=kind, frame=frame, provenance=prov, names=names or {})  # type: ignore[arg-type]


def year_span(labels: list[str]) -> str:
    """「H30〜R4」 as written, for the notes."""
    if not labels:
        return ""
    return labels[0] if len(labels) == 1 else f"{labels[0]}〜{labels[-1]}"
