"""search(): the datastore_search query — filters, q, fields, sort, paging, totals, safety."""

from __future__ import annotations

import pyarrow as pa
import pytest

from sousei.warehouse import Warehouse, WarehouseError


def codes(found) -> list[str]:
    return [row[0] for row in found.rows]


def test_filters_equality_in_null_and_ranges(loaded: Warehouse):
    assert codes(loaded.search("pop", filters={"年度": "R1"})) == ["R1"]
    assert codes(loaded.search("pop", filters={"人口": [121583, 117000]})) == ["H30", "R3"]
    assert codes(loaded.search("pop", filters={"地域コード": None})) == ["R3"]
    assert codes(loaded.search("pop", filters={"増減": [-1208, None]})) == ["H30", "R3"]
    assert codes(loaded.search("pop", filters={"人口": []})) == []
    assert codes(loaded.search("pop", filters={"人口": {"lt": 120250}})) == ["R2", "R3"]
    assert codes(loaded.search("pop", filters={"人口": {"gte": 118725, "lte": 120250}})) == [
        "R1",
        "R2",
    ]
    found = loaded.search("pop", filters={"年度": ["H30", "R2"], "率": 1.5})
    assert codes(found) == ["H30"]
    assert found.total == 1


def test_filter_values_are_converted_to_the_column_type(loaded: Warehouse):
    # Query strings arrive as text: "120250" finds the number, 32093 does not find "032093".
    assert codes(loaded.search("pop", filters={"人口": "120250"})) == ["R1"]
    assert loaded.search("pop", filters={"地域コード": 32093}).total == 0
    assert loaded.search("pop", filters={"地域コード": "032093"}).total == 3
    with pytest.raises(WarehouseError) as err:
        loaded.search("pop", filters={"人口": "many"})
    assert err.value.code == "invalid_value"
    assert err.value.status == 400


def test_row_id_filter_gives_keyset_paging(loaded: Warehouse):
    found = loaded.search("pop", filters={"_id": {"gt": 2}}, fields=["_id"])
    assert found.rows == [(3,), (4,)]


def test_q_matches_any_text_column_case_insensitively(loaded: Warehouse):
    assert codes(loaded.search("pop", q="r")) == ["R1", "R2", "R3"]
    assert codes(loaded.search("pop", q="0320")) == ["H30", "R1", "R2"]
    assert loaded.search("pop", q="121583").total == 0  # numbers are not text
    assert loaded.search("pop", q="%").total == 0  # LIKE wildcards are literal
    assert loaded.search("pop", q="_").total == 0


def test_fields_project_and_keep_order(loaded: Warehouse):
    found = loaded.search("pop", fields=["人口", "年度"], limit=1)
    assert found.columns == ["人口", "年度"]
    assert found.rows == [(121583, "H30")]
    assert loaded.search("pop", fields=["_id", "年度"]).rows[1] == (2, "R1")


def test_sort_then_row_id(loaded: Warehouse):
    assert codes(loaded.search("pop", sort=[("人口", False)])) == ["R3", "R2", "R1", "H30"]
    assert codes(loaded.search("pop", sort=[("地域コード", True)])) == ["H30", "R1", "R2", "R3"]
    assert codes(loaded.search("pop", sort=[("_id", True)])) == ["R3", "R2", "R1", "H30"]
    # nulls last, ties by _id
    assert codes(loaded.search("pop", sort=[("増減", True)])) == ["H30", "R1", "R2", "R3"]


def test_limit_offset_total(loaded: Warehouse):
    page = loaded.search("pop", limit=2, offset=1)
    assert codes(page) == ["R1", "R2"]
    assert page.total == 4
    assert not page.truncated
    assert loaded.search("pop", limit=2, offset=10).rows == []
    assert loaded.search("pop", limit=0).rows == []
    assert loaded.search("pop", include_total=False).total is None
    assert loaded.search("pop", filters={"年度": "R1"}, include_total=False).total is None
    for bad in ({"limit": -1}, {"offset": -5}, {"limit": "10"}, {"limit": True}):
        with pytest.raises(WarehouseError):
            loaded.search("pop", **bad)


def test_row_cap_sets_truncated(tmp_path):
    wh = Warehouse(tmp_path / "wh", max_rows=5)
    wh.load("many", pa.table({"n": list(range(12))}))
    capped = wh.search("many", limit=100)
    assert len(capped.rows) == 5
    assert capped.truncated
    assert capped.total == 12
    exact = wh.search("many", limit=5)
    assert len(exact.rows) == 5
    assert not exact.truncated  # the caller asked for 5: paging, not truncation
    last = wh.search("many", limit=100, offset=10)
    assert [r[0] for r in last.rows] == [10, 11]
    assert not last.truncated


@pytest.mark.parametrize(
    "kwargs",
    [
        {"filters": {"nope": 1}},
        {"fields": ["nope"]},
        {"sort": [("nope", False)]},
        {"filters": {'人口" OR 1=1 --': 1}},
        {"fields": ['年度", (SELECT 1) AS "x']},
        {"sort": [("人口; DROP TABLE r_pop_v1", True)]},
        {"fields": ["file_row_number"]},
    ],
)
def test_unknown_and_hostile_column_names_are_rejected(loaded: Warehouse, kwargs):
    with pytest.raises(WarehouseError) as err:
        loaded.search("pop", **kwargs)
    assert err.value.code == "unknown_column"
    assert err.value.status == 400
    assert loaded.search("pop").total == 4


@pytest.mark.parametrize(
    "value",
    [
        "R1' OR '1'='1",
        'R1" OR 1=1 --',
        "'; DROP TABLE r_pop_v1; --",
        ["R1') OR ('1'='1"],
        {"eq": "' OR 1=1 --"},
    ],
)
def test_hostile_filter_values_are_just_values(loaded: Warehouse, value):
    assert loaded.search("pop", filters={"年度": value}).total == 0
    assert loaded.search("pop", q=str(value)).total == 0
    assert loaded.search("pop").total == 4


def test_unsupported_filter_shapes(loaded: Warehouse):
    for filters in ({"人口": {"like": "%"}}, {"人口": {}}, {"人口": object()}, {"人口": [[1]]}):
        with pytest.raises(WarehouseError) as err:
            loaded.search("pop", filters=filters)
        assert err.value.code == "invalid_filter"
    with pytest.raises(WarehouseError):
        loaded.search("pop", filters=["人口"])  # type: ignore[arg-type]
    with pytest.raises(WarehouseError) as err:
        loaded.search("pop", sort=[("人口", True, "x")])  # type: ignore[list-item]
    assert err.value.code == "invalid_sort"


def test_quotes_in_column_names_are_handled(wh: Warehouse):
    table = pa.table({'a"b': [1, 2], "c d": ["x", "y"], "SELECT": [3, 4]})
    wh.load("odd", table)
    found = wh.search("odd", filters={'a"b': 2}, fields=["SELECT", "c d"], sort=[('a"b', True)])
    assert found.rows == [(4, "y")]
    assert wh.query('SELECT "a""b" FROM odd WHERE "c d" = ?', ["x"]).rows == [(1,)]
