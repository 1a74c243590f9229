"""Numbers as Japanese tables write them, and missing/secret markers."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sousei.ingest import numbers

FULL_WIDTH = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1953", 1953),
        ("1,953", 1953),
        ("１，９５３", 1953),
        ("5,250 ", 5250),
        ("  12,001\u3000", 12001),
        ("△394", -394),
        ("▲1,234", -1234),
        ("△ 394", -394),
        ("-394", -394),
        ("－394", -394),
        ("−394", -394),
        ("+5", 5),
        ("0", 0),
        ("12.5", 12.5),
        ("-3.25", -3.25),
        ("△0.5", -0.5),
        (".5", 0.5),
        ("1.5e3", 1500.0),
        ("12.5%", 12.5),
        ("１２．５％", 12.5),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    parsed = numbers.parse_number(text)
    assert parsed == value
    assert type(parsed) is type(value)


@pytest.mark.parametrize(
    "text", ["", "-", "1,2,3", "12,34", "1,9530", "12a", "不詳", "x", "1 2", "△", "二十", "2020年"]
)
def test_not_numbers(text: str) -> None:
    assert numbers.parse_number(text) is None


@pytest.mark.parametrize(
    "mark",
    ["-", "－", "―", "‐", "…", "‥", "x", "X", "ｘ", "*", "＊", "***", "･", "・", "秘匿", "#N/A"],
)
def test_markers(mark: str) -> None:
    assert numbers.marker_of(f" {mark}\u3000") == mark


def test_marker_edge_cases() -> None:
    assert numbers.marker_of("不詳") is None  # a category, not a missing value
    assert numbers.marker_of("0") is None
    assert numbers.marker_of("x", text=True) is None  # a letter may be data in a text column
    assert numbers.marker_of("-", text=True) == "-"
    assert numbers.marker_of("…", text=True) == "…"


def test_leading_zero() -> None:
    assert numbers.has_leading_zero("01100")
    assert numbers.has_leading_zero("０１１００")
    assert not numbers.has_leading_zero("0")
    assert not numbers.has_leading_zero("0.5")
    assert not numbers.has_leading_zero("1100")


def _written(n: int, style: int) -> str:
    """The ways a table may write the integer n."""
    grouped = f"{abs(n):,}"
    sign = "-" if n < 0 else ""
    forms = [
        f"{n}",
        f"{sign}{grouped}",
        f"{sign}{grouped}".translate(FULL_WIDTH),
        (f"△{grouped}" if n < 0 else grouped),
        (f"▲{abs(n)}" if n < 0 else f"{n}"),
        f"{sign}{grouped} ",
        f"\u3000{n}\u3000",
    ]
    return forms[style % len(forms)]


@given(st.integers(min_value=-(10**15), max_value=10**15), st.integers(min_value=0, max_value=6))
def test_integers_round_trip(n: int, style: int) -> None:
    assert numbers.parse_number(_written(n, style)) == n


cell = st.one_of(
    st.builds(_written, st.integers(-(10**12), 10**12), st.integers(0, 6)),
    st.sampled_from([*sorted(numbers.MARKERS), "不詳", "", " ", "1,2", "△", "0.5", "01100"]),
    st.text(alphabet="0123456789,.△▲-－ 　x１２", max_size=8),
)


@given(st.lists(cell, min_size=1, max_size=30))
def test_column_rules_match_scalar_rules(values: list[str]) -> None:
    """The column-wise (pyarrow) path decides exactly as the scalar functions do."""
    array = pa.array(values, pa.string())
    folded = numbers.normalize_array(numbers.trim_array(array))
    assert folded.to_pylist() == [numbers.normalize(v) for v in values]
    markers = numbers.marker_mask(folded).to_pylist()
    assert markers == [numbers.marker_of(v) is not None for v in values]
    is_number = numbers.number_mask(folded).to_pylist()
    assert is_number == [numbers.is_number(v) for v in values]
    plain = numbers.plain_numbers(pc.filter(folded, pa.array(is_number)))
    expected = [numbers.parse_number(v) for v, ok in zip(values, is_number, strict=True) if ok]
    assert pc.cast(plain, pa.float64()).to_pylist() == [float(v) for v in expected]
