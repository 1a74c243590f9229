import pytest

from sousei.catalog.standards import check_columns, standard_schemas

REQUIRED = {
    "public-facilities",
    "aed-locations",
    "childcare-facilities",
    "tourist-facilities",
    "population-by-area-age",
}


def test_the_five_standard_datasets_ship_as_table_schemas():
    schemas = standard_schemas()
    assert set(schemas) >= REQUIRED
    for schema in schemas.values():
        assert schema["fields"][0]["name"] == "全国地方公共団体コード"
        assert {f["type"] for f in schema["fields"]} <= {"string", "integer", "number"}


def _columns(key):
    return [f["name"] for f in standard_schemas()[key]["fields"]]


def test_a_conforming_file_has_no_problems():
    assert (
        check_columns(standard_schemas()["public-facilities"], _columns("public-facilities")) == []
    )


def test_full_width_and_spaces_do_not_matter():
    columns = [c.replace("ID", "ＩＤ") for c in _columns("aed-locations")]
    assert check_columns(standard_schemas()["aed-locations"], columns) == []


def test_missing_required_column_is_an_error():
    columns = [c for c in _columns("public-facilities") if c != "緯度"]
    problems = check_columns(standard_schemas()["public-facilities"], columns)
    assert [(p.code, p.column_name, p.severity) for p in problems] == [
        ("missing-label", "緯度", "error")
    ]
    assert "緯度" in problems[0].message_ja and "緯度" in problems[0].message_en


@pytest.mark.parametrize(
    ("wrong", "right"),
    [("名称カナ", "名称_カナ"), ("全国地方公共団体ｺｰﾄﾞ番号", "全国地方公共団体コード")],
)
def test_misnamed_column_is_reported_with_the_expected_name(wrong, right):
    columns = [wrong if c == right else c for c in _columns("public-facilities")]
    problems = check_columns(standard_schemas()["public-facilities"], columns)
    assert [(p.code, p.column_name) for p in problems] == [("incorrect-label", wrong)]
    assert right in problems[0].message_ja
