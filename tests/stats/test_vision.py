"""人口ビジョン from stored figures: projections from an area's table, stored projections kept
apart from the counts and held against them."""

from __future__ import annotations

import numpy as np
import pytest

from sousei.projection import custom, projection_run
from sousei.stats import vision
from sousei.stats.area import population_rows
from sousei.stats.tables import Provenance
from tests.stats.conftest import DATA

pytestmark = pytest.mark.django_db
SAMPLE_CITY = "992011"


@pytest.fixture
def ichinoseki_vision(db):
    from sousei.stats.services import stats_import_file

    for name in ("ichinoseki-census-h22-r2.csv", "ichinoseki-vision-2020.cp932.csv"):
        stats_import_file(actor=None, area_code="032093", path=DATA / name)


def test_seed_004_vision_against_the_2020_census(ichinoseki_vision):
    (comparison,) = vision.comparisons("032093")
    assert comparison.projection.series.is_projection
    assert comparison.projection.totals == {2015: 121_583, 2020: 112_500}
    gap_2020 = comparison.gaps[-1]
    assert (gap_2020.year, gap_2020.gap, round(gap_2020.percent_gap, 2)) == (2020, -568, -0.50)
    assert "推計以上に人口減少が進んでいる（推計 112,500 人、国勢調査 111,932 人）" in (
        comparison.finding.text_ja
    )


def test_a_stored_projection_is_never_read_as_a_count(ichinoseki_vision):
    totals, provenance = vision.actual_totals("032093")
    assert totals[2020] == 111_932  # the census, not the vision's 112,500
    assert provenance.source == "census"


def test_demo_vision_projects_from_the_latest_snapshot():
    run = vision.area_vision(SAMPLE_CITY, "サンプル市")
    latest = population_rows(SAMPLE_CITY)[-1]
    assert [r.scenario.name for r in run.results] == ["base", "sim1", "sim2"]
    assert run.area.base_year == latest["year"]
    assert run.results[0].total_in(latest["year"]) == pytest.approx(latest["total"])
    assert run.results[0].years[-1] == vision.HORIZON
    assert run.impact.year == 2040
    (comparison,) = run.comparisons
    assert comparison.gaps[0].gap == 0  # the 2015 vision started from the 2015 count
    assert all(g.year <= latest["year"] for g in comparison.gaps)


def test_edited_migration_equals_the_migration_multiplier_scenario():
    estimate = vision.area_estimate(SAMPLE_CITY, "サンプル市")
    zero = np.zeros((2, 18))
    run = vision.area_vision(SAMPLE_CITY, "サンプル市", edits=vision.Edits(migration=zero))
    assert run.edited
    (expected,) = projection_run(
        [estimate.area], to_year=vision.HORIZON, scenarios=[custom(migration_multiplier=0)]
    )
    np.testing.assert_allclose(run.results[0].total, expected.total)
    untouched = vision.area_vision(SAMPLE_CITY, "サンプル市")
    assert not untouched.edited
    assert untouched.results[0].total[-1] != pytest.approx(run.results[0].total[-1])


def test_settings_are_checked_and_named():
    from sousei.errors import InvalidInput

    with pytest.raises(InvalidInput) as error:
        vision.settings_for(2025, target_tfr=9)
    assert "目標の合計特殊出生率" in error.value.message_ja
    assert "target fertility rate" in error.value.message_en
    assert vision.settings_for(2025, to_year=2063).to_year == 2060


def test_cli_projection_option_marks_the_series(tmp_path):
    from sousei.stats.services import stats_import_file

    result = stats_import_file(
        actor=None,
        area_code="032093",
        path=DATA / "ichinoseki-census-h22-r2.csv",
        dataset_name="ipss-2018",
        provenance=Provenance("projection", "社人研推計（平成30年）", is_projection=True),
    )
    assert all(s.is_projection for s in result.series)
    assert vision.actual_totals("032093") == ({}, None)  # only a projection is stored here


def test_default_settings_follow_a_base_year_off_the_census_grid(monkeypatch):
    """住基 tables give base years such as 2017: the default horizon steps from there."""
    from sousei.projection.estimate import estimate_assumptions
    from tests.projection.test_estimate import BASE, _table

    frame = _table({2012: BASE, 2017: np.round(BASE * 0.97)}, code="281018")
    estimate = estimate_assumptions(frame, code="281018")
    monkeypatch.setattr(vision, "area_estimate", lambda code, name="": estimate)
    run = vision.area_vision("281018")
    assert run.results[0].years[0] == 2017
    assert run.results[0].years[-1] == 2067


def test_an_impossible_edit_names_the_field():
    from sousei.errors import InvalidInput

    estimate = vision.area_estimate(SAMPLE_CITY)
    survival = np.full((2, 18), np.nan)
    migration = np.full((2, 18), np.nan)
    survival[0, 3], migration[0, 3] = 0.1, -0.5
    edits = vision.Edits(survival=survival, migration=migration)
    with pytest.raises(InvalidInput) as error:
        vision.apply_edits(estimate.area, edits)
    assert "net_migration.male" in error.value.message_en
    assert "multiplier" not in error.value.message_en
