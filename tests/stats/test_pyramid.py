"""Pyramids by sex and 5-year class, with overlays of another date and a scaled reference."""

import pytest

from sousei.stats.pyramid import open_class_start, pyramid, pyramid_overlay
from tests.stats.sample import KOBE_DATE, japan_population, kobe_population


def kobe_city():
    kobe = kobe_population()
    return kobe[kobe["area_code"] == "281000"]


def test_japan_2020_pyramid_keeps_the_file_classes():
    result = pyramid(japan_population(), "2020-10-01")
    classes = result.classes.set_index("age")
    assert len(classes) == 21  # 0-4 … 95-99 and 100+
    assert classes.loc["20-24", "male"] == 3017869
    assert classes.loc["20-24", "female"] == 2913437
    assert classes.loc["100+", "female"] == 69757
    assert result.total == 123214261


def test_a_lower_open_class_gathers_the_oldest():
    classes = pyramid(japan_population(), "2020-10-01", open_from=90).classes.set_index("age")
    assert list(classes.index[-2:]) == ["85-89", "90+"]
    assert classes.loc["90+", "male"] == 491303 + 92110 + 9766
    assert classes.loc["90+", "female"] == 1287713 + 400614 + 69757


def test_single_years_are_summed_into_five_year_classes():
    result = pyramid(kobe_city(), KOBE_DATE)
    classes = result.classes.set_index("age")
    assert classes.index[0] == "0-4" and classes.index[-1] == "100+"
    # Kobe sheet, men aged 0,1,2,3,4: 5,745 + 6,178 + 6,252 + 6,238 + 6,342
    assert classes.loc["0-4", "male"] == 30755
    assert classes.loc["100+", "male"] == 80
    assert result.total == 1542375
    assert (result.unknown_male, result.unknown_female) == (0, 0)


def test_open_class_start_reads_the_table():
    assert open_class_start(japan_population(), "2020-10-01") == 100
    assert open_class_start(kobe_city(), KOBE_DATE) == 100


def test_overlay_with_another_date():
    table = pyramid_overlay(japan_population(), "2020-10-01", compare_with="2015-10-01")
    row = table.set_index("age").loc["65-69"]
    from_file_2015 = pyramid(japan_population(), "2015-10-01").classes.set_index("age")
    assert row["male_compare"] == from_file_2015.loc["65-69", "male"]
    assert row["male"] == 3910060


def test_reference_is_scaled_to_the_same_total():
    table = pyramid_overlay(
        kobe_city(), KOBE_DATE, reference=japan_population(), reference_date=2015
    )
    scaled = table["male_reference"].sum() + table["female_reference"].sum()
    assert scaled == pytest.approx(1542375)
    japan = pyramid(japan_population(), 2015)
    share = japan.classes.set_index("age").loc["20-24", "female"] / japan.total
    kobe_row = table.set_index("age").loc["20-24"]
    assert kobe_row["female_reference"] == pytest.approx(share * 1542375)
