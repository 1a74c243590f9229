"""Real published figures as standard tables, shared by the stats tests.

Ichinoseki (一関市, 032093): births, deaths, moves in and out for H30–R4 (seed 004, 住民基本台帳).
Japan: the census pyramid 1920–2020 (../shared/data/japan-pyramid-1920-2020.csv).
All municipalities: SSDSE-A 2025 (../shared/data/ssdse-a-2025.cp932.csv).
"""

from __future__ import annotations

import csv
import re
from functools import cache

import pandas as pd

from sousei.areas.codes import normalize_area_code
from sousei.ingest import read_table
from sousei.stats.tables import age_bounds, check_table
from tests.conftest import shared_data

ICHINOSEKI = "032093"
YEARS = [2018, 2019, 2020, 2021, 2022]
BIRTHS = [626, 545, 555, 482, 444]
DEATHS = [1953, 1949, 1799, 1898, 2078]
MOVES_IN = [2652, 2432, 2281, 2248, 2513]
MOVES_OUT = [3046, 3053, 2872, 2635, 2930]


def ichinoseki_vital() -> pd.DataFrame:
    rows = [
        {"area_code": ICHINOSEKI, "year": year, "event": event, "value": value}
        for event, values in (("births", BIRTHS), ("deaths", DEATHS))
        for year, value in zip(YEARS, values, strict=True)
    ]
    return check_table("vital", pd.DataFrame(rows))


def migration_row(year, direction, value, *, age="total", sex="total", code=None, name=None):
    low, high = age_bounds(age)
    return {
        "area_code": ICHINOSEKI,
        "year": year,
        "direction": direction,
        "counterpart_code": code,
        "counterpart_name": name,
        "sex": sex,
        "age": age,
        "age_from": low,
        "age_to": high,
        "value": value,
    }


def ichinoseki_migration() -> pd.DataFrame:
    rows = [
        migration_row(year, direction, value)
        for direction, values in (("in", MOVES_IN), ("out", MOVES_OUT))
        for year, value in zip(YEARS, values, strict=True)
    ]
    return check_table("migration", pd.DataFrame(rows))


def population_row(area_code, date, sex, age, value):
    low, high = age_bounds(age)
    return {
        "area_code": area_code,
        "date": date,
        "sex": sex,
        "age": age,
        "age_from": low,
        "age_to": high,
        "value": value,
    }


_SEX = {"男性": "male", "女性": "female"}


def _age_label(text: str) -> str:
    if m := re.fullmatch(r"(\d+)~(\d+)歳", text):
        return f"{m[1]}-{m[2]}"
    if m := re.fullmatch(r"(\d+)歳以上", text):
        return f"{m[1]}+"
    raise ValueError(text)


@cache
def japan_population() -> pd.DataFrame:
    """Japan by sex and 5-year class at each census (1 October), area code 000000."""
    with shared_data("japan-pyramid-1920-2020.csv").open(encoding="utf-8") as f:
        rows = [
            population_row(
                "000000",
                f"{r['year']}-10-01",
                _SEX[r["sex"]],
                _age_label(r["age"]),
                int(r["value"]),
            )
            for r in csv.DictReader(f)
        ]
    return check_table("population", pd.DataFrame(rows))


@cache
def ssdse() -> pd.DataFrame:
    """SSDSE-A 2025 with a 6-digit area_code (R03209 → 032093)."""
    frame = read_table(shared_data("ssdse-a-2025.cp932.csv")).data.to_pandas()
    frame["area_code"] = frame["ssdse_a_2025"].str[1:].map(normalize_area_code)
    return frame


KOBE_DATE = "2017-09-30"
_KOBE_SEX = {"男": "male", "女": "female", "＊合計＊": "total"}


@cache
def kobe_population() -> pd.DataFrame:
    """Kobe city and its nine wards by sex and single year of age, 30 Sep 2017 (住基).

    The city sheet has one block per ward or branch office; a ward split into branches also
    has a ＊合計＊ block (行政区CD 00000), which is the one taken.
    """
    frame = read_table(shared_data("kobe-population-by-town-age-2017-09.xlsx")).data.to_pandas()
    whole = frame["c4"] == "＊合計＊"
    split = set(frame.loc[whole, "cd"])
    frame = frame[whole | (~frame["cd"].isin(split) & (frame["c4"] == "本区"))]
    ages = {f"c{i}": str(i - 8) for i in range(8, 108)} | {"c108": "100+"}
    rows = []
    for record in frame.to_dict("records"):
        code, sex = normalize_area_code(record["cd"]), _KOBE_SEX[record["c5"]]
        rows.append(population_row(code, KOBE_DATE, sex, "total", int(record["c7"])))
        if sex != "total":
            rows += [
                population_row(code, KOBE_DATE, sex, age, int(record[col]))
                for col, age in ages.items()
            ]
    return check_table("population", pd.DataFrame(rows))
