"""Figures as findings print them: 和暦, thousands separators, the true minus sign."""

import datetime as dt

from sousei.stats.wording import (
    age_en,
    age_ja,
    number,
    percent,
    signed,
    wareki_long,
    wareki_short,
    western_year,
)


def test_years_in_wareki_letters_name_the_era_at_year_end():
    assert [wareki_short(y) for y in (2018, 2019, 2020, 2022)] == ["H30", "R1", "R2", "R4"]
    assert wareki_short(1955) == "S30"
    assert wareki_short(1989) == "H1"


def test_years_in_full_wareki_use_gannen():
    assert wareki_long(2019) == "令和元年"
    assert wareki_long(2022) == "令和4年"
    assert wareki_long(2018) == "平成30年"


def test_a_date_is_named_by_its_own_era():
    assert wareki_long(dt.date(2019, 1, 1)) == "平成31年"
    assert wareki_long("2005-10-01") == "平成17年"
    assert western_year("2005-10-01") == "2005"


def test_numbers_use_separators_and_the_true_minus():
    assert number(1953) == "1,953"
    assert number(-1327) == "\u22121,327"
    assert signed(-2410) == "−2,410"
    assert signed(394) == "+394"
    assert signed(0) == "0"
    assert percent(-3.1986) == "−3.2%"


def test_age_labels_in_both_languages():
    assert age_ja("20-24") == "20〜24歳"
    assert age_ja("90+") == "90歳以上"
    assert age_ja("0") == "0歳"
    assert age_en("20-24") == "20–24"
    assert age_en("90+") == "90 and over"
