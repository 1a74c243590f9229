"""Numbers as Japanese tables write them, and the marks that stand for a missing or secret value.

A number may be full-width (１，９５３), use thousands separators (1,953), carry spaces or a
trailing full-width space ("5,250 "), and be negative with △ or ▲ (△394 = -394, 三角表示) or a
minus sign (−, －). Missing and secret values (欠測・秘匿) are written with a mark instead:
-, －, ―, ‐, …, ‥, x, X, ｘ, χ, *, ＊, ･, ・, 秘匿, and Excel's #N/A family. 不詳 (unknown) is a
real category, never a marker.

Each rule exists twice: as a scalar function (`parse_number`, `marker_of`) for small inputs and
tests, and column-wise over pyarrow arrays for large files; a property test keeps them equal.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

from sousei.ingest.text import SPACES, nfkc, trim

# Marks for "no value here"; the key in a report is the mark as written (e.g. "－" and "-" apart).
MARKERS = frozenset(
    {
        "-", "－", "―", "‐", "−", "—", "ー", "ｰ", "--", "---",
        "…", "‥", "...", "..", "・・・",
        "x", "X", "ｘ", "Ｘ", "χ", "xx", "XX", "xxx", "XXX",
        "*", "＊", "**", "***", "＊＊", "＊＊＊",
        "･", "・",
        "秘匿", "秘", "#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
    }
)  # fmt: skip
# In a text column a lone letter may be data (a size "X", a grade "x"): those stay values there.
TEXT_KEEPS = frozenset({"x", "X", "ｘ", "Ｘ", "χ", "xx", "XX", "xxx", "XXX", "ー", "ｰ"})
TEXT_MARKERS = MARKERS - TEXT_KEEPS
_MARKERS_NFKC = frozenset(nfkc(m) for m in MARKERS)
_TEXT_MARKERS_NFKC = frozenset(nfkc(m) for m in TEXT_MARKERS)

# After NFKC and trimming: sign (incl. △ ▲ −), digits with or without groups of three, decimals,
# an exponent for spreadsheet exports, an optional trailing %.
NUMBER_RE = r"^[+\-−△▲]?\s*(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+\-]?\d+)?\s*%?$"
_NUMBER = re.compile(NUMBER_RE)
LEADING_ZERO_RE = r"^[+\-]?0\d"  # "01100", "007": a code, not a number
_NEGATIVE = re.compile(r"^[\-−△▲]\s*")
_TRIM_CHARS = SPACES


def normalize(value: str) -> str:
    """Trim, NFKC (full-width → ASCII), trim again: "　１，９５３ " → "1,953"."""
    return trim(nfkc(trim(value)))


def marker_of(value: str, *, text: bool = False) -> str | None:
    """The missing/secret mark a cell holds, as written, or None ("－" → "－", "不詳" → None)."""
    written = trim(value)
    marks, folded = (TEXT_MARKERS, _TEXT_MARKERS_NFKC) if text else (MARKERS, _MARKERS_NFKC)
    if written in marks or normalize(written) in folded:
        return written
    return None


def is_number(value: str) -> bool:
    return bool(_NUMBER.match(normalize(value)))


def has_leading_zero(value: str) -> bool:
    return bool(re.match(LEADING_ZERO_RE, normalize(value)))


def parse_number(value: str) -> int | float | None:
    """ "１，９５３" → 1953, "△394" → -394, "5,250 " → 5250, "1.5" → 1.5; None if not a number."""
    folded = normalize(value)
    if not _NUMBER.match(folded):
        return None
    plain = _NEGATIVE.sub("-", folded).replace(",", "").replace("%", "")
    plain = re.sub(r"\s+", "", plain)
    if re.fullmatch(r"[+\-]?\d+", plain):
        return int(plain)
    return float(plain)


# --- column-wise versions -------------------------------------------------------------------


def trim_array(values: pa.Array) -> pa.Array:
    return pc.utf8_trim(values, characters=_TRIM_CHARS)


def normalize_array(trimmed: pa.Array) -> pa.Array:
    """`normalize` over a column of already trimmed strings."""
    return pc.utf8_trim(pc.utf8_normalize(trimmed, form="NFKC"), characters=_TRIM_CHARS)


def marker_mask(folded: pa.Array, *, text: bool = False) -> pa.Array:
    """Cells holding a marker; `folded` is normalised, so "…" is matched as "..." and so on."""
    marks = _TEXT_MARKERS_NFKC if text else _MARKERS_NFKC
    return pc.fill_null(pc.is_in(folded, value_set=pa.array(sorted(marks))), False)


def number_mask(folded: pa.Array) -> pa.Array:
    return pc.match_substring_regex(folded, NUMBER_RE)


def plain_numbers(folded: pa.Array) -> pa.Array:
    """Numeric strings ready for a cast: "△1,234 %" → "-1234" (regexes only when needed)."""
    plain = folded
    if pc.any(pc.match_substring(plain, ",")).as_py():
        plain = pc.replace_substring(plain, ",", "")
    if pc.any(pc.match_substring_regex(plain, r"[△▲−%+\s]")).as_py():
        plain = pc.replace_substring_regex(plain, pattern=r"^[△▲−]", replacement="-")
        plain = pc.replace_substring_regex(plain, pattern=r"[%\s]|^\+", replacement="")
    return plain


def has_fraction_mask(plain: pa.Array) -> pa.Array:
    """A decimal point or an exponent: the column is decimal, not integer."""
    point = pc.match_substring(plain, ".")
    return pc.or_(point, pc.match_substring(plain, "e", ignore_case=True))
