"""Each column's type (型推定) and its typed values, computed column-wise with pyarrow.compute.

Types, tried in order over the values that are neither blank nor a missing/secret mark:

- **text** when the header names a code (コード, 番号 as in 郵便番号, CD, ID) or any value has a
  leading zero ("01100"): codes keep their zeros;
- **integer** / **decimal** when every value is a number (１，９５３, △394, "5,250 ");
- **boolean** for true/false, yes/no, はい/いいえ, 有/無, あり/なし, and ○/× only when both appear
  (a lone ○ is a tick mark, kept as text); 1/0 stay integers;
- **date**, **year_month**, **year** when every value is one of those in 和暦 or Gregorian form
  (see `wareki`); 年度 counts as a year (its starting year); "21年" under "平成20年" takes the era
  from the row above; plain numbers such as 2020 stay integers;
- **text** otherwise, with a warning when a column is numeric but for a few values.

A column with few distinct values (prefectures, years, flags) is dictionary-encoded and every
rule runs on its distinct values only, then maps back; other columns run the rules over the whole
column in Arrow. Python code (和暦 parsing) only ever sees distinct values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from sousei.ingest import numbers, wareki
from sousei.ingest.report import WARNING, Problem

Column = pa.Array | pa.ChunkedArray

_TRUE = ("true", "yes", "はい", "有", "あり", "○", "〇", "◯")
_FALSE = ("false", "no", "いいえ", "無", "なし", "×", "✕")
_CIRCLES = frozenset({"○", "〇", "◯", "×", "✕"})
_DATEISH = r"^(?:明治|大正|昭和|平成|令和|[MTSHRmtshr]\s*\d|[Ff][Yy]\d|\d|元)"
_MAX_DISTINCT_DATES = 200_000
_ALMOST = 0.9  # share of numbers that makes a text column worth a warning
_SAMPLE = 10_000  # columns up to this long are never dictionary-encoded
_PROBE = 100_000  # rows whose distinct values decide whether to dictionary-encode
_DICTIONARY_RATIO = 0.5  # distinct/values in a sample below which a column is dictionary-encoded


@dataclass
class Converted:
    """One column's typed values and what was learnt about them."""

    array: Column
    type: str
    nulls: int
    blank: Column  # per row: the cell was empty (a blank row is blank in every column)
    markers: dict[str, int] = field(default_factory=dict)
    minimum: Any = None
    maximum: Any = None
    unit: str | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """No value and no marker in any row."""
        return self.array.null_count == len(self.array) and not self.markers


class _Cells:
    """A column's strings in the forms the rules need, computed once.

    Either the whole column (`indices` is None) or its distinct values, with `indices` mapping
    each row to one of them and `weights` counting the rows of each.
    """

    def __init__(self, values: Column, indices: Column | None = None) -> None:
        self.indices = indices
        self.weights = None if indices is None else _weights(indices, len(values))
        self.trimmed = numbers.trim_array(values)
        self.folded = numbers.normalize_array(self.trimmed)
        self.blank = pc.fill_null(pc.equal(self.folded, ""), True)
        marked = numbers.marker_mask(self.folded)
        self.valid = pc.and_(pc.invert(self.blank), pc.invert(marked))
        self.count = self.total(self.valid)
        self._numeric: Column | None = None

    @classmethod
    def of(cls, raw: Column) -> _Cells:
        """Dictionary-encode when the first rows show few distinct values.

        The probe is large (up to `_PROBE` rows) because a numeric column of a million rows
        often holds only thousands of numbers, yet the first ten thousand look nearly unique;
        its cost is small next to running every rule over every row.
        """
        if pa.types.is_dictionary(raw.type):  # encoded by the reader already
            flat = raw.combine_chunks() if isinstance(raw, pa.ChunkedArray) else raw
            return cls(flat.dictionary, flat.indices)
        if len(raw) > _SAMPLE:
            probe = min(len(raw), _PROBE)
            if len(pc.unique(raw.slice(0, probe))) < _DICTIONARY_RATIO * probe:
                flat = raw.combine_chunks() if isinstance(raw, pa.ChunkedArray) else raw
                encoded = pc.dictionary_encode(flat)
                return cls(encoded.dictionary, encoded.indices)
        return cls(raw)

    def total(self, mask: Column) -> int:
        """Rows where `mask` holds."""
        if self.weights is None:
            return pc.sum(mask).as_py() or 0
        return pc.sum(pc.if_else(mask, self.weights, 0)).as_py() or 0

    def rows(self, values: Column) -> Column:
        """Per-value results back to one per row."""
        return values if self.indices is None else pc.take(values, self.indices)

    def first_row(self, mask: Column) -> int:
        """0-based position of the first row where `mask` holds (mask is per value)."""
        if self.indices is None:
            return pc.index(mask, True).as_py()
        positions = pa.array([i for i, m in enumerate(mask.to_pylist()) if m], pa.int32())
        return pc.index(pc.is_in(self.indices, value_set=positions), True).as_py()

    @property
    def numeric(self) -> Column:
        if self._numeric is None:
            self._numeric = pc.fill_null(numbers.number_mask(self.folded), False)
        return self._numeric

    def all_valid(self, mask: Column) -> bool:
        """True when `mask` holds for every valid (non-blank, non-marker) value."""
        return bool(pc.all(pc.or_(pc.fill_null(mask, False), pc.invert(self.valid))).as_py())

    def nullify(self, values: Column) -> Column:
        return pc.if_else(self.valid, values, pa.scalar(None, values.type))


def _weights(indices: Column, size: int) -> pa.Array:
    """Rows per dictionary value: `weights[i]` counts the rows whose index is i."""
    found = pc.value_counts(indices)
    order = pc.sort_indices(found.field("values"))
    counts = pc.take(found.field("counts"), order)
    if len(counts) == size:
        return counts
    weights = [0] * size  # an unused dictionary value (not from dictionary_encode)
    for position, count in zip(
        found.field("values").to_pylist(), found.field("counts").to_pylist(), strict=True
    ):
        weights[position] = count
    return pa.array(weights, pa.int64())


def _marker_counts(cells: _Cells, *, text: bool) -> tuple[dict[str, int], Column]:
    mask = numbers.marker_mask(cells.folded, text=text)
    if not pc.any(mask).as_py():
        return {}, mask
    counts: dict[str, int] = {}
    if cells.weights is None:
        found = pc.value_counts(pc.filter(cells.trimmed, mask))
        pairs = zip(
            found.field("values").to_pylist(), found.field("counts").to_pylist(), strict=True
        )
    else:
        pairs = zip(
            pc.filter(cells.trimmed, mask).to_pylist(),
            pc.filter(cells.weights, mask).to_pylist(),
            strict=True,
        )
    for value, count in pairs:
        counts[value] = counts.get(value, 0) + count
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))), mask


def _minmax(array: Column, kind: str) -> tuple[Any, Any]:
    if kind in ("text", "boolean") or array.null_count == len(array):
        return None, None
    found = pc.min_max(array)
    low, high = found["min"].as_py(), found["max"].as_py()
    if isinstance(low, dt.date):
        return low.isoformat(), high.isoformat()
    return low, high


def _as_numbers(cells: _Cells) -> tuple[Column, str] | None:
    """int64 or float64 values, or None when a value is too long for int64 (an identifier)."""
    plain = numbers.plain_numbers(cells.folded)
    plain = cells.nullify(plain)
    fraction = pc.any(pc.and_(numbers.has_fraction_mask(plain), cells.valid)).as_py()
    if fraction:
        values = pc.cast(plain, pa.float64())
        if not pc.all(pc.fill_null(pc.is_finite(values), True)).as_py():
            return None  # "1e999": not a number anyone wrote on purpose, and not JSON
        return values, "decimal"
    try:
        return pc.cast(plain, pa.int64()), "integer"
    except (pa.ArrowInvalid, OverflowError):
        return None


def _as_boolean(cells: _Cells) -> Column | None:
    lowered = pc.utf8_lower(cells.folded)
    truthy = pc.is_in(lowered, value_set=pa.array(_TRUE))
    falsy = pc.is_in(lowered, value_set=pa.array(_FALSE))
    if not cells.all_valid(pc.or_(truthy, falsy)):
        return None
    seen = set(pc.unique(pc.filter(lowered, cells.valid)).to_pylist())
    if seen & _CIRCLES and not (seen & {"○", "〇", "◯"} and seen & {"×", "✕"}):
        return None
    return cells.nullify(truthy)


def _classify(value: str) -> tuple[str, Any] | None:
    """("date", date) / ("year_month", "2020-04") / ("year", 2020) for one distinct value."""
    day = wareki.parse_wareki_date(value)
    if day is not None:
        return "date", day
    month = wareki.parse_wareki_month(value)
    if month is not None:
        return "year_month", wareki.year_month_iso(*month)
    year = wareki.parse_wareki_year(value)
    if year is None:
        year = wareki.parse_fiscal_year(value)
    return ("year", year) if year is not None else None


def _carry_era(folded: Column, valid: Column, distinct: list[str]) -> Column | None:
    """ "21年" under "平成20年" → "平成21年": prefix era-less values with the era above them.

    `folded` and `valid` are per row here: the era comes from the rows above, in file order.
    """
    bare = [v for v in distinct if wareki.needs_era(v)]
    eras = {v: wareki.era_of(v) for v in distinct}
    if not any(eras.values()):
        return None
    keys = pa.array(distinct, pa.string())
    per_value = pa.array([eras[v] for v in distinct], type=pa.string())
    era_by_row = pc.take(per_value, pc.index_in(folded, value_set=keys))
    era_by_row = pc.fill_null_forward(era_by_row)
    needs = pc.and_(pc.is_in(folded, value_set=pa.array(bare, pa.string())), valid)
    joined = pc.binary_join_element_wise(era_by_row, folded, "")
    if pc.any(pc.and_(needs, pc.is_null(joined))).as_py():
        return None  # an era-less value with no era above it
    return pc.if_else(needs, joined, folded)


def _dates_from(values: Column, valid: Column) -> tuple[Column, str] | None:
    """Typed dates, year-months or years for `values` (all valid ones must be of one kind)."""
    distinct = pc.unique(pc.filter(values, valid)).to_pylist()
    found = [_classify(v) for v in distinct]
    kinds = {f[0] for f in found if f is not None}
    if None in found or len(kinds) != 1:
        return None
    kind = kinds.pop()
    arrow_type = {"date": pa.date32(), "year_month": pa.string(), "year": pa.int64()}[kind]
    typed = pa.array([f[1] for f in found if f is not None], type=arrow_type)
    positions = pc.index_in(values, value_set=pa.array(distinct, type=pa.string()))
    out = pc.take(typed, positions)
    return pc.if_else(valid, out, pa.scalar(None, arrow_type)), kind


def _as_dates(cells: _Cells) -> tuple[Column, str, bool] | None:
    """(values, kind, per_row): per_row when the era had to be carried down, row by row."""
    if not cells.all_valid(pc.match_substring_regex(cells.folded, _DATEISH)):
        return None
    distinct = pc.unique(pc.filter(cells.folded, cells.valid))
    if len(distinct) > _MAX_DISTINCT_DATES:
        return None
    names = distinct.to_pylist()
    if not any(wareki.needs_era(v) for v in names):
        found = _dates_from(cells.folded, cells.valid)
        return (*found, False) if found else None
    folded, valid = cells.rows(cells.folded), cells.rows(cells.valid)
    carried = _carry_era(folded, valid, names)
    if carried is None:
        return None
    found = _dates_from(carried, valid)
    return (*found, True) if found else None


def _almost_numeric(cells: _Cells, *, name: str, index: int, first_row: int) -> list[Problem]:
    """Warn when a text column is numbers but for a few odd values ("12a", "1,2,3")."""
    odd = pc.and_(cells.valid, pc.invert(cells.numeric))
    odd_count = cells.total(odd)
    if cells.count < 10 or odd_count == 0 or odd_count > (1 - _ALMOST) * cells.count:
        return []
    position = cells.first_row(odd)
    value = cells.rows(cells.trimmed)[position].as_py()
    row = first_row + position
    return [
        Problem(
            code="type-error",
            message_ja=f"列「{name}」はほぼ数値ですが、{row} 行目の「{value}」など {odd_count} 個が"
            "数値ではないため、文字列として読み込みました。",
            message_en=f"Column {name!r} is almost all numbers, but {odd_count} value(s) such as "
            f"{value!r} on row {row} are not, so it was read as text.",
            row=row,
            column=index,
            column_name=name,
            severity=WARNING,
        )
    ]


def _any_leading_zero(cells: _Cells) -> bool:
    """ "01100" among the values (a cheap prefix scan first, the regex only if needed)."""
    zeros = pc.and_(pc.starts_with(cells.folded, "0"), cells.valid)
    if not pc.any(zeros).as_py():
        return False
    leading = pc.match_substring_regex(pc.filter(cells.folded, zeros), numbers.LEADING_ZERO_RE)
    return bool(pc.any(leading).as_py())


def _typed(cells: _Cells, *, force_text: bool) -> tuple[Column, str, bool] | None:
    """The first type every valid value fits, or None for text."""
    if cells.count == 0 or force_text:
        return None
    if cells.all_valid(cells.numeric):
        if _any_leading_zero(cells):
            return None
        found = _as_numbers(cells)
        return (*found, False) if found else None
    boolean = _as_boolean(cells)
    if boolean is not None:
        return boolean, "boolean", False
    return _as_dates(cells)


def convert_column(
    raw: Column, *, name: str, index: int, first_row: int, force_text: bool = False
) -> Converted:
    """Type one column of strings; `first_row` is the file row of its first cell."""
    cells = _Cells.of(raw)
    typed = _typed(cells, force_text=force_text)
    problems: list[Problem] = []
    if typed is None:
        markers, mask = _marker_counts(cells, text=True)
        gone = pc.or_(cells.blank, mask)
        array = cells.rows(pc.if_else(gone, pa.scalar(None, pa.string()), cells.trimmed))
        kind = "text"
        if not force_text:
            problems = _almost_numeric(cells, name=name, index=index, first_row=first_row)
    else:
        values, kind, per_row = typed
        array = values if per_row else cells.rows(values)
        markers, _ = _marker_counts(cells, text=False)
    unit = None
    if kind in ("integer", "decimal") and cells.all_valid(pc.ends_with(cells.folded, "%")):
        unit = "%"
    low, high = _minmax(array, kind)
    return Converted(
        array=array,
        type=kind,
        nulls=array.null_count,
        blank=cells.rows(cells.blank),
        markers=markers,
        minimum=low,
        maximum=high,
        unit=unit,
        problems=problems,
    )
