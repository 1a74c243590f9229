"""Property: whatever small table goes in comes back identical (Parquet) and equal (search)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sousei.warehouse import Warehouse

JAPANESE = st.characters(min_codepoint=0x3041, max_codepoint=0x30FF) | st.characters(
    min_codepoint=0x4E00, max_codepoint=0x9FFF
)
TEXT = st.text(alphabet=JAPANESE | st.characters(codec="utf-8"), max_size=12)
INTS = st.integers(min_value=-(2**63), max_value=2**63 - 1)
FLOATS = st.floats(allow_nan=False)


@st.composite
def tables(draw) -> pa.Table:
    rows = draw(st.integers(min_value=0, max_value=30))
    column = {
        "整数": (INTS, pa.int64()),
        "float": (FLOATS, pa.float64()),
        "文字列": (TEXT, pa.string()),
        "flag": (st.booleans(), pa.bool_()),
    }
    names = draw(st.lists(st.sampled_from(sorted(column)), min_size=1, max_size=4, unique=True))
    arrays = {}
    for name in names:
        values, type_ = column[name]
        arrays[name] = pa.array(
            draw(st.lists(st.none() | values, min_size=rows, max_size=rows)), type_
        )
    return pa.table(arrays)


@settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(table=tables())
def test_load_then_export_parquet_is_identical(table: pa.Table):
    with tempfile.TemporaryDirectory() as tmp:
        wh = Warehouse(Path(tmp) / "wh")
        info = wh.load("t", table)
        exported = pq.read_table(wh.export("t", None, "parquet", Path(tmp) / "out.parquet"))
        assert exported.equals(table, check_metadata=True)
        found = wh.search("t", limit=100)
        assert found.total == table.num_rows == info.row_count
        assert [row[:-1] for row in found.rows] == [tuple(r.values()) for r in table.to_pylist()]
        assert [row[-1] for row in found.rows] == list(range(1, table.num_rows + 1))
