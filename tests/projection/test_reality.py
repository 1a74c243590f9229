"""A projection against the counted population (seed 004, 一関市)."""

import pytest

from sousei.projection import RealityGap, reality_finding, reality_gaps


def test_ichinoseki_vision_2020_against_the_census():
    # 人口ビジョン独自推計 令和2年 112,500 人; 国勢調査 111,932 人.
    gap = RealityGap(2020, 112_500, 111_932)
    assert gap.gap == -568
    assert round(gap.percent_gap, 2) == -0.50
    finding = reality_finding(gap)
    assert (
        "推計以上に人口減少が進んでいる（推計 112,500 人、国勢調査 111,932 人）" in finding.text_ja
    )
    assert finding.text_ja.startswith("令和2年")
    assert "−568 人（−0.50%）" in finding.text_ja
    assert finding.text_en == (
        "In 2020 the population fell further than projected (projected 112,500, census 111,932);"
        " the gap is −568 (−0.50%)."
    )
    assert finding.kind == "concern"
    assert finding.figures["gap"] == -568


def test_the_opposite_case_and_a_projected_growth():
    fewer_losses = reality_finding(RealityGap(2020, 112_500, 113_000))
    assert (
        "推計ほど人口減少が進んでいない（推計 112,500 人、国勢調査 113,000 人）"
        in fewer_losses.text_ja
    )
    assert "+500 人（+0.44%）" in fewer_losses.text_ja
    assert fewer_losses.kind == "positive"
    growth = reality_finding(RealityGap(2020, 480_000, 478_000), base=475_000, source_ja="住基")
    assert "推計ほど人口が増えていない（推計 480,000 人、住基 478,000 人）" in growth.text_ja


def test_as_projected():
    finding = reality_finding(RealityGap(2020, 1_000, 1_000))
    assert "ほぼ推計どおり" in finding.text_ja


def test_gaps_for_every_year_both_series_have():
    gaps = reality_gaps({2015: 100.0, 2020: 90.0, 2025: 80.0}, {2020: 85, 2015: 101})
    assert [(g.year, g.gap) for g in gaps] == [(2015, 1.0), (2020, -5.0)]
    assert gaps[1].percent_gap == pytest.approx(-5.0 / 90 * 100)
