"""The mapping screen's rule: pick the columns, get a standard table or errors by row and column."""

from __future__ import annotations

import datetime as dt

import pytest

from sousei.ingest import read_table
from sousei.stats.mapping import Mapping, MappingError, apply_mapping, map_table
from sousei.stats.tables import Provenance

DISTRICTS = """地区,人数,性
一関地域,"54,979",1
花泉地域,"12,360",1
大東地域,x,2
"""  # 性: e-Stat's codes, 1 男 2 女


def _table(text: str, encoding: str = "utf-8"):
    return read_table(text.encode(encoding))


def test_columns_by_japanese_name_with_fixed_area_and_date() -> None:
    mapping = Mapping(
        kind="population",
        value="人数",
        sex="性",
        area_code="032093-01",
        fixed_date=dt.date(2020, 10, 1),
        labels={"性": {"1": "male", "2": "female"}},
    )
    stat = apply_mapping(_table(DISTRICTS), mapping)
    assert stat.kind == "population"
    assert stat.frame["value"].tolist() == [54979, 12360]
    assert set(stat.frame["sex"]) == {"male"}
    assert set(stat.frame["area_code"]) == {"032093-01"}
    assert set(stat.frame["age"]) == {"total"}


def test_secret_values_are_left_out_and_counted() -> None:
    mapping = Mapping(
        kind="population",
        value="人数",
        area_code="032093",
        fixed_date=2020,
        labels={"性": {"1": "male", "2": "female"}},
        sex="性",
    )
    _, warnings = map_table(_table(DISTRICTS), mapping)
    (warning,) = warnings
    assert warning.code == "missing-value" and warning.row == 4


def test_population_year_becomes_a_reference_date() -> None:
    mapping = Mapping(
        kind="population",
        value="人数",
        area_code="032093",
        fixed_date=2020,
        provenance=Provenance(source="census"),
    )
    stat = apply_mapping(_table(DISTRICTS), mapping)
    assert set(stat.frame["date"]) == {dt.date(2020, 10, 1)}
    assert stat.provenance.source == "census"


def test_unknown_label_names_row_and_column() -> None:
    mapping = Mapping(
        kind="population", value="人数", sex="性", area_code="032093", fixed_date=2020
    )
    with pytest.raises(MappingError) as caught:
        apply_mapping(_table(DISTRICTS), mapping)
    error = caught.value
    assert error.status == 400 and error.code == "mapping-error"
    assert error.message_ja.startswith("2 行目「性」の「1」は性別として読めません")
    assert "Row 2, column '性'" in error.message_en
    assert [(d["row"], d["column"]) for d in error.details] == [(2, 3), (3, 3)]  # not row 4 (x)


def test_bad_area_codes_and_values_are_all_listed() -> None:
    text = "団体コード,年,出生数\n032093,2022,444\n032099,2022,abc\n"
    mapping = Mapping(
        kind="vital", value="出生数", area="団体コード", date="年", fixed_event="出生"
    )
    with pytest.raises(MappingError) as caught:
        apply_mapping(_table(text), mapping)
    messages = [d["message_ja"] for d in caught.value.details]
    assert any("3 行目「団体コード」の「032099」" in m for m in messages)
    assert any("3 行目「出生数」の「abc」は数値ではありません" in m for m in messages)


def test_missing_column_lists_the_columns_there_are() -> None:
    with pytest.raises(MappingError) as caught:
        apply_mapping(_table(DISTRICTS), Mapping(kind="population", value="人口"))
    assert caught.value.code == "unknown-column"
    assert "地区、人数、性" in caught.value.message_ja


def test_area_is_required() -> None:
    with pytest.raises(MappingError) as caught:
        apply_mapping(_table(DISTRICTS), Mapping(kind="population", value="人数", fixed_date=2020))
    assert caught.value.code == "area-required"


def test_migration_with_direction_column_and_difference_rows() -> None:
    text = '年,区分,人数\nR3,転入,"2,248"\nR3,転出,"2,635"\nR3,差,△387\n'
    mapping = Mapping(
        kind="migration", value="人数", date="年", direction="区分", area_code="032093"
    )
    stat = apply_mapping(_table(text, "cp932"), mapping)
    assert stat.frame[["year", "direction", "value"]].values.tolist() == [
        [2021, "in", 2248],
        [2021, "out", 2635],
    ]
    assert set(stat.frame["sex"]) == {"total"}
