"""Moves by age class and by counterpart area.

There is no published by-age or by-area migration table among the shared files; the rows here
are illustrative, shaped after seed 004 (moves go most to and from 東京圏, 仙台市, 盛岡市,
奥州市, and people in their twenties move most).
"""

import pandas as pd
import pytest

from sousei.stats.frames import InsufficientData
from sousei.stats.moves import net_migration_by_age, top_counterparts
from tests.stats.sample import ichinoseki_migration, migration_row

BY_AGE = [  # (year, age, in, out)
    (2022, "18", 40, 160),
    (2022, "19", 35, 120),
    (2022, "20", 60, 150),
    (2022, "22", 90, 210),
    (2022, "30", 70, 50),
    (2022, "unknown", 2, 1),
    (2021, "22", 80, 200),
]
BY_AREA = [  # (code, name, in, out)
    ("130001", "東京都", 400, 650),
    ("041009", "仙台市", 300, 420),
    ("032018", "盛岡市", 250, 300),
    ("032158", "奥州市", 280, 230),
]


def by_age() -> pd.DataFrame:
    rows = []
    for year, age, moves_in, moves_out in BY_AGE:
        rows += [
            migration_row(year, "in", moves_in, age=age),
            migration_row(year, "out", moves_out, age=age),
        ]
    return pd.DataFrame(rows)


def by_area() -> pd.DataFrame:
    rows = []
    for code, name, moves_in, moves_out in BY_AREA:
        rows += [
            migration_row(2022, "in", moves_in, code=code, name=name),
            migration_row(2022, "out", moves_out, code=code, name=name),
        ]
    return pd.concat([ichinoseki_migration(), pd.DataFrame(rows)])


def test_single_years_are_summed_into_five_year_classes():
    table = net_migration_by_age(by_age()).set_index("age")
    assert list(table.index) == ["15-19", "20-24", "30-34", "unknown"]
    assert table.loc["15-19", "net"] == (40 + 35) - (160 + 120)
    assert table.loc["20-24", "moves_out"] == 150 + 210 + 200
    assert table.loc["unknown", "net"] == 1


def test_by_age_for_chosen_years_only():
    table = net_migration_by_age(by_age(), years=[2021], five_year=False)
    assert table["age"].tolist() == ["22"]
    assert table["net"].tolist() == [-120]


def test_no_age_breakdown_is_insufficient():
    with pytest.raises(InsufficientData):
        net_migration_by_age(ichinoseki_migration())


def test_top_counterparts_by_each_order():
    moves = by_area()
    assert top_counterparts(moves, by="in")["counterpart_name"].tolist()[:2] == ["東京都", "仙台市"]
    assert top_counterparts(moves, by="out", limit=1)["moves_out"].tolist() == [650]
    net_out = top_counterparts(moves, by="net_out")
    assert net_out["counterpart_name"].tolist() == ["東京都", "仙台市", "盛岡市"]
    assert net_out["net"].tolist() == [-250, -120, -50]
    assert top_counterparts(moves, by="net_in")["counterpart_name"].tolist() == ["奥州市"]
