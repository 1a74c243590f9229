"""Area codes (全国地方公共団体コード): check digits, normalisation and errors. No database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sousei.areas.codes import (
    AreaCodeError,
    check_digit,
    normalize_area_code,
    prefecture_code_of,
)

# Published 6-digit codes (総務省 全国地方公共団体コード).
KNOWN_CODES = [
    ("03209", "032093"),  # 岩手県一関市
    ("33202", "332020"),  # 岡山県倉敷市
    ("01100", "011002"),  # 札幌市
    ("01101", "011011"),  # 札幌市中央区
    ("13101", "131016"),  # 千代田区
    ("28210", "282103"),  # 兵庫県加古川市
    ("32209", "322091"),  # 島根県雲南市
    ("01000", "010006"),  # 北海道
    ("47000", "470007"),  # 沖縄県
]

five_digits = st.text(alphabet="0123456789", min_size=5, max_size=5)
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(("code5", "code6"), KNOWN_CODES)
def test_check_digit_of_known_codes(code5: str, code6: str) -> None:
    assert check_digit(code5) == int(code6[5])


@pytest.mark.parametrize(("code5", "code6"), KNOWN_CODES)
def test_five_digits_are_completed(code5: str, code6: str) -> None:
    assert normalize_area_code(code5) == code6


@pytest.mark.parametrize(("code5", "code6"), KNOWN_CODES)
def test_six_digits_are_kept(code5: str, code6: str) -> None:
    assert normalize_area_code(code6) == code6


def test_remainder_zero_gives_check_digit_one() -> None:
    # 6*1 + 5*1 = 11: remainder 0, so (11 - 0) mod 10 = 1, not 0.
    assert check_digit("11000") == 1
    assert normalize_area_code("11000") == "110001"  # 埼玉県


def test_wrong_check_digit_names_the_right_code() -> None:
    with pytest.raises(AreaCodeError) as caught:
        normalize_area_code("032094")
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.raw == "032094"
    assert error.message_ja == "032094 は誤った検査数字です（正しくは 032093）"
    assert error.message_en == "032094 has a wrong check digit (expected 032093)"
    assert str(error) == f"{error.message_ja} / {error.message_en}"


def test_whitespace_is_stripped() -> None:
    assert normalize_area_code("  03209\n") == "032093"
    assert normalize_area_code("\u3000032093\t") == "032093"  # full-width space too


def test_full_width_digits() -> None:
    assert normalize_area_code("０３２０９") == "032093"
    assert normalize_area_code("０３２０９３") == "032093"
    assert normalize_area_code("０３2０９３") == "032093"  # mixed widths


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (3209, "032093"),  # leading zero lost in a spreadsheet
        (33202, "332020"),
        (1100, "011002"),
        (32093, "320935"),  # 5 digits: a different code, not 032093 without its zero
        (332020, "332020"),
        (131016, "131016"),
        (11, "000116"),
    ],
)
def test_integers(raw: int, expected: str) -> None:
    assert normalize_area_code(raw) == expected


def test_integer_with_wrong_check_digit() -> None:
    with pytest.raises(AreaCodeError, match="expected 332020"):
        normalize_area_code(332021)


@pytest.mark.parametrize(
    ("raw", "ja", "en"),
    [
        ("", "空です", "empty"),
        ("   ", "空です", "empty"),
        ("0320", "4桁", "4 digits"),
        ("0320931", "7桁", "7 digits"),
        ("03-209", "数字以外", "other than digits"),
        ("O3209", "数字以外", "other than digits"),  # letter O
        ("０３２０ａ", "数字以外", "other than digits"),
        ("03209.0", "数字以外", "other than digits"),
        ("²3209", "数字以外", "other than digits"),  # str.isdigit() would accept it
        (1234567, "7桁", "7 digits"),
        (-3209, "負の数", "negative"),
    ],
)
def test_rejected(raw: str | int, ja: str, en: str) -> None:
    with pytest.raises(AreaCodeError) as caught:
        normalize_area_code(raw)
    assert ja in caught.value.message_ja
    assert en in caught.value.message_en
    assert caught.value.raw == raw


@pytest.mark.parametrize("raw", [None, 3209.0, True, b"03209"])
def test_other_types_rejected(raw: object) -> None:
    with pytest.raises(AreaCodeError, match="str or int"):
        normalize_area_code(raw)  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", ["0320", "032093", "0320a", ""])
def test_check_digit_needs_five_digits(raw: str) -> None:
    with pytest.raises(AreaCodeError):
        check_digit(raw)


@pytest.mark.parametrize(
    ("code", "prefecture"),
    [
        ("032093", "030007"),  # 一関市 → 岩手県
        ("03209", "030007"),
        ("332020", "330001"),  # 倉敷市 → 岡山県
        ("011011", "010006"),  # 札幌市中央区 → 北海道
        ("131016", "130001"),  # 千代田区 → 東京都
        ("010006", "010006"),  # a prefecture is its own prefecture
    ],
)
def test_prefecture_code_of(code: str, prefecture: str) -> None:
    assert prefecture_code_of(code) == prefecture


@pytest.mark.parametrize("code", ["032094", "000116", "480002"])
def test_prefecture_code_of_rejects_bad_codes(code: str) -> None:
    with pytest.raises(AreaCodeError):
        prefecture_code_of(code)


@given(five_digits)
def test_normalised_codes_revalidate(code5: str) -> None:
    code6 = normalize_area_code(code5)
    assert len(code6) == 6
    assert code6.startswith(code5)
    assert normalize_area_code(code6) == code6
    assert normalize_area_code(int(code5)) == code6
    assert normalize_area_code(code5.translate(FULL_WIDTH)) == code6


@given(five_digits)
def test_exactly_one_sixth_digit_is_accepted(code5: str) -> None:
    accepted = []
    for digit in "0123456789":
        try:
            accepted.append(normalize_area_code(code5 + digit))
        except AreaCodeError as error:
            assert error.message_en.endswith(f"(expected {normalize_area_code(code5)})")
    assert accepted == [normalize_area_code(code5)]


def test_district_codes_name_their_municipality():
    from sousei.areas.codes import district_parent

    assert district_parent("992011-003") == "992011"
    assert district_parent("992011") is None
