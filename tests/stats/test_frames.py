"""Row picking: published totals win, parts are summed once, one age scheme at a time."""

import pandas as pd
import pytest

from sousei.stats.frames import InsufficientData, age_scheme, as_timestamp, pick, rows_at
from tests.stats.sample import population_row


def test_age_scheme_prefers_five_year_classes_with_their_open_class():
    labels = ["0", "1", "0-4", "5-9", "10+", "2", "100+", "total", "unknown"]
    assert age_scheme(labels) == ["0-4", "5-9", "10+"]


def test_age_scheme_falls_back_to_single_years_then_broad_classes():
    assert age_scheme(["1", "0", "2+"]) == ["0", "1", "2+"]
    assert age_scheme(["65+", "0-14", "15-64", "75+"]) == ["0-14", "15-64", "65+"]


def test_pick_prefers_the_published_total():
    # Ichinoseki 2020 census: total 111,932 beside male 54,254 and female 57,678 (SSDSE-A).
    frame = pd.DataFrame(
        [
            population_row("032093", "2020-10-01", "total", "total", 111932),
            population_row("032093", "2020-10-01", "male", "total", 54254),
            population_row("032093", "2020-10-01", "female", "total", 57678),
        ]
    )
    assert pick(frame, ["sex", "age"])["value"].sum() == 111932
    parts = pick(frame, ["sex", "age"], fixed={"sex": "breakdown"})
    assert parts["value"].sum() == 54254 + 57678


def test_a_bare_year_matches_any_date_of_that_year():
    frame = pd.DataFrame([population_row("032093", "2020-10-01", "total", "total", 111932)])
    assert len(rows_at(frame, 2020)) == 1
    assert as_timestamp(2020) == pd.Timestamp(2020, 1, 1)
    with pytest.raises(InsufficientData):
        rows_at(frame, 2015)
