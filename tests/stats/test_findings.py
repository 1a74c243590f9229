"""Findings: the sentences of seed 004's 分析結果, reproduced from the published figures."""

import pandas as pd

from sousei.stats.findings import (
    ages_arriving_most,
    ages_leaving_most,
    aging_rate_vs_reference,
    area_findings,
    moves_latest_year,
    natural_change_trend,
    net_migration_streak,
    population_peak,
)
from tests.stats.sample import (
    ICHINOSEKI,
    ichinoseki_migration,
    ichinoseki_vital,
    japan_population,
    population_row,
    ssdse,
)
from tests.stats.test_moves import by_age


def ichinoseki_history() -> pd.DataFrame:
    """Peak 1955 174,342 (seed 004), census 2010 127,642 and 2015 121,583 (census-2015
    file), 2020 111,932 (SSDSE-A)."""
    totals = {"1955-10-01": 174342, "2010-10-01": 127642, "2015-10-01": 121583}
    totals["2020-10-01"] = 111932
    return pd.DataFrame(
        [population_row(ICHINOSEKI, d, "total", "total", v) for d, v in totals.items()]
    )


def ichinoseki_2020_ages() -> pd.DataFrame:
    row = ssdse().set_index("area_code").loc[ICHINOSEKI]
    values = {"total": row.a1101, "0-14": row.a1301, "15-64": row.a1302, "65+": row.a1303}
    return pd.DataFrame(
        [population_row(ICHINOSEKI, "2020-10-01", "total", a, int(v)) for a, v in values.items()]
    )


def test_natural_decrease_widening():
    finding = natural_change_trend(ichinoseki_vital())
    assert finding.text_ja == (
        "出生数は減少傾向、死亡数は増加傾向にあり、自然減が拡大している（H30 −1,327 → R4 −1,634）"
    )
    assert finding.text_en == (
        "Births are falling and deaths are rising; "
        "the natural decrease is widening (2018 −1,327 → 2022 −1,634)."
    )
    assert finding.figures["natural_change"] == [-1327, -1404, -1244, -1416, -1634]
    assert finding.kind == "concern"


def test_net_out_migration_streak():
    finding = net_migration_streak(ichinoseki_migration())
    assert finding.text_ja == "転出超過が続いている（5年連続、計 −2,410）"
    assert finding.text_en == "Net out-migration continues (5 years in a row, total −2,410)."
    assert finding.figures["total"] == -2410
    assert finding.figures["social_change"] == [-394, -621, -591, -387, -417]


def test_moves_in_and_out_both_rose_in_the_latest_year():
    finding = moves_latest_year(ichinoseki_migration())
    assert finding.text_ja == (
        "令和4年は転入・転出ともに増加した（転入 2,248 → 2,513、転出 2,635 → 2,930）"
    )
    assert finding.text_en.startswith("In 2022 both moves in and moves out rose")
    assert finding.figures["moves_in"] == [2248, 2513]


def test_moves_going_opposite_ways():
    # R3 against R2: moves in 2,281 → 2,248 fell, moves out 2,872 → 2,635 fell too;
    # R1 against H30: in 2,652 → 2,432 fell, out 3,046 → 3,053 rose.
    moves = ichinoseki_migration()
    finding = moves_latest_year(moves[moves["year"] <= 2019])
    assert finding.text_ja.startswith("令和元年は転入は減少し、転出は増加した")


def test_population_falling_since_the_first_date():
    # The seed says 1955 was the peak; with 1955 as the first date held, the rule only claims
    # a fall since then (an earlier, higher figure could exist).
    finding = population_peak(ichinoseki_history())
    assert finding.text_ja == (
        "人口は昭和30年以降減少している（S30 174,342人 → R2 111,932人、−35.8%）"
    )
    assert finding.text_en == (
        "The population has fallen since 1955 (174,342 → 111,932 in 2020, −35.8%)."
    )
    assert finding.figures["peak"] == 174342


def test_population_peak_in_the_middle():
    # an illustrative 1950 figure below the 1955 peak
    earlier = pd.DataFrame([population_row(ICHINOSEKI, "1950-10-01", "total", "total", 170000)])
    finding = population_peak(pd.concat([earlier, ichinoseki_history()]))
    assert finding.text_ja == (
        "人口は昭和30年の174,342人をピークに減少している（R2 111,932人、ピーク比 −35.8%）"
    )
    assert finding.text_en == (
        "The population peaked at 174,342 in 1955 and has fallen since "
        "(2020: 111,932, −35.8% from the peak)."
    )


def test_population_peak_of_japan_counts_known_ages():
    # Known-age totals of the file peak in 2005 (127,285,653), not 2010: 2010 had more 不詳.
    finding = population_peak(japan_population())
    assert finding.text_ja == (
        "人口は平成17年の127,285,653人をピークに減少している（R2 123,214,261人、ピーク比 −3.2%）"
    )


def test_aging_rate_above_the_nation():
    finding = aging_rate_vs_reference(ichinoseki_2020_ages(), japan_population())
    # 41,306 / 111,239 = 37.1%; Japan 35,335,805 / 123,214,261 = 28.7%
    assert finding.text_ja == "高齢化率は37.1%で、全国（28.7%）を8.4ポイント上回っている（令和2年）"
    assert finding.text_en == "The aging rate is 37.1%, 8.4 points above Japan (28.7%) in 2020."
    assert finding.kind == "concern"


def test_ages_leaving_and_arriving_most():
    leaving = ages_leaving_most(by_age())
    assert (
        leaving.text_ja
        == "R3〜R4の計で、転出超過が最も大きいのは20〜24歳（−330）、次いで15〜19歳（−205）"
    )
    arriving = ages_arriving_most(by_age())
    assert arriving.text_en == "Over 2021–2022, net in-migration was largest at ages 30–34 (+20)."


def test_rules_without_their_data_say_nothing():
    vital = ichinoseki_vital()
    assert natural_change_trend(vital[vital["year"] >= 2021]) is None  # 2 years: no trend
    moves = ichinoseki_migration()
    assert net_migration_streak(moves[moves["year"] == 2022]) is None  # 1 year: no streak
    assert ages_leaving_most(moves) is None  # no ages
    assert population_peak(ichinoseki_history().iloc[:2]) is None
    assert aging_rate_vs_reference(ichinoseki_history(), japan_population()) is None


def test_area_findings_runs_every_rule_with_data():
    findings = area_findings(
        population=ichinoseki_2020_ages(),
        vital=ichinoseki_vital(),
        migration=ichinoseki_migration(),
        reference=japan_population(),
    )
    assert [f.rule_id for f in findings] == [
        "aging-rate-vs-reference",
        "natural-change-trend",
        "net-migration-streak",
        "moves-latest-year",
    ]
    assert findings[1].text("en").startswith("Births are falling")
