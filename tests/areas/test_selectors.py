import pytest

from sousei.areas import selectors
from sousei.errors import InvalidInput, NotFound
from tests.oracles import AREA_ORACLES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("code", "name", "prefecture", "kind", "parent"), AREA_ORACLES)
def test_area_oracles(code, name, prefecture, kind, parent):
    area = selectors.area_get(code=code)
    assert (area.code, area.name, area.prefecture, area.kind, area.parent) == (
        code,
        name,
        prefecture,
        kind,
        parent,
    )


def test_five_digit_code_is_completed():
    assert selectors.area_get(code="03209").code == "032093"


def test_wrong_check_digit_is_invalid_input_in_both_languages():
    with pytest.raises(InvalidInput) as err:
        selectors.area_get(code="032094")
    assert "032093" in err.value.message_ja
    assert "032093" in err.value.message_en


def test_valid_but_unknown_code_is_not_found():
    # 03299 has a valid check digit (032999) but no such municipality exists.
    with pytest.raises(NotFound):
        selectors.area_get(code="03299")


def test_municipality_count_is_1741_without_the_sample_region():
    assert len(selectors.area_list(kind="municipality")) == 1741
    assert len(selectors.area_list(kind="municipality", include_sample=True)) == 1744


def test_kind_counts():
    assert len(selectors.area_list(kind="prefecture")) == 47
    assert len(selectors.area_list(kind="designated_city")) == 20
    assert len(selectors.area_list(kind="special_ward")) == 23


@pytest.mark.parametrize("given", ["岩手県", "岩手", "03", "3", "030007", "03000"])
def test_prefecture_filter_accepts_names_and_numbers(given):
    # Iwate: 14 cities, 15 towns, 4 villages.
    assert len(selectors.area_list(prefecture=given, kind="municipality")) == 33


def test_unknown_prefecture_and_kind_are_invalid():
    with pytest.raises(InvalidInput):
        selectors.area_list(prefecture="ムー大陸")
    with pytest.raises(InvalidInput):
        selectors.area_list(kind="metropolis")


def test_search_by_hiragana_finds_katakana_reading():
    names = [a.name for a in selectors.area_list(q="いちのせき")]
    assert names == ["一関市"]


def test_sample_prefecture_lists_its_sample_municipalities():
    names = [a.name for a in selectors.area_list(prefecture="サンプル県", kind="municipality")]
    assert names == ["サンプル市", "サンプル東町", "サンプル西村"]


def test_wards_are_children_of_their_designated_city():
    wards = selectors.area_children(code="011002")
    assert len(wards) == 10
    assert {w.kind for w in wards} == {"ward"}
