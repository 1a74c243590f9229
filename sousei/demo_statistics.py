"""Demo statistics for the fictional サンプル圏域: thirty years of population by sex and 5-year
age class, births, deaths and moves, written as the wide CP932 tables cities publish and loaded
through `sousei stats import`'s own path.

The numbers come from a yearly cohort simulation in whole people, so every year balances
exactly: population(t+1) − population(t) = births − deaths + moves in − moves out. Pure Python;
the same seed gives the same bytes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

FIRST_YEAR, LAST_YEAR = 1995, 2025
AGES = [f"{a}-{a + 4}" for a in range(0, 90, 5)] + ["90+"]
AGE_LABELS = [f"{a}～{a + 4}歳" for a in range(0, 90, 5)] + ["90歳以上"]
DEATH_RATE = [0.001, 0.0002, 0.0002, 0.0004, 0.0005, 0.0005, 0.0006, 0.0008, 0.0012, 0.002,
              0.003, 0.005, 0.007, 0.011, 0.017, 0.028, 0.05, 0.09, 0.19]  # fmt: skip
OUT_SHAPE = [0.02, 0.01, 0.01, 0.05, 0.09, 0.06, 0.04, 0.025, 0.015, 0.01,
             0.008, 0.006, 0.005, 0.005, 0.005, 0.005, 0.006, 0.006, 0.006]  # fmt: skip
IN_SHAPE = [0.025, 0.01, 0.008, 0.02, 0.05, 0.06, 0.045, 0.025, 0.015, 0.01,
            0.008, 0.006, 0.005, 0.005, 0.004, 0.004, 0.004, 0.004, 0.004]  # fmt: skip


@dataclass(frozen=True)
class Profile:
    """One municipality's character: size, fertility and how strongly people leave."""

    code: str
    name: str
    population: int
    fertility: float  # births per woman aged 15–49 per year, in 1995
    leave: float  # multiplier on the out-migration shape
    arrive: float  # multiplier on the in-migration shape


PROFILES = (
    Profile("992011", "サンプル市", 86_000, 0.047, 0.62, 0.58),
    Profile("993417", "サンプル東町", 14_500, 0.046, 0.75, 0.52),
    Profile("993824", "サンプル西村", 4_100, 0.044, 0.85, 0.45),
)


@dataclass
class Year:
    year: int
    male: list[int]
    female: list[int]
    births: int = 0
    deaths: int = 0
    moves_in: int = 0
    moves_out: int = 0
    in_by_age: list[int] = field(default_factory=lambda: [0] * 19)
    out_by_age: list[int] = field(default_factory=lambda: [0] * 19)


def _start(profile: Profile, rng: random.Random) -> Year:
    shape = [max(0.2, 1.0 - 0.012 * i * i / 4 + rng.uniform(-0.03, 0.03)) for i in range(19)]
    scale = profile.population / (2 * sum(shape))
    male = [round(scale * s * 0.98) for s in shape]
    female = [round(scale * s * 1.02) for s in shape]
    return Year(FIRST_YEAR, male, female)


def _binomial(rng: random.Random, count: int, rate: float) -> int:
    """Whole people: the expected count, rounded at random so small towns still vary."""
    expected = count * rate
    return int(expected) + (1 if rng.random() < expected - int(expected) else 0)


def _step(profile: Profile, now: Year, rng: random.Random) -> Year:
    """One year: deaths, moves, a fifth of each class ages up, births into 0–4."""
    t = now.year - FIRST_YEAR
    fertility = profile.fertility * (1 - 0.012 * t)
    leave = profile.leave * (1 + 0.01 * t) * (1.15 if now.year == LAST_YEAR - 2 else 1)
    arrive = profile.arrive * (1 - 0.006 * t) * (1.2 if now.year == LAST_YEAR - 2 else 1)
    nxt = Year(now.year + 1, list(now.male), list(now.female))
    women = sum(now.female[3:10])
    nxt.births = _binomial(rng, women, fertility)
    for people in (nxt.male, nxt.female):
        for i in range(19):
            died = _binomial(rng, people[i], DEATH_RATE[i] * (1 - 0.004 * t))
            out = _binomial(rng, people[i] - died, OUT_SHAPE[i] * leave)
            came = _binomial(rng, people[i], IN_SHAPE[i] * arrive)
            people[i] += came - died - out
            nxt.in_by_age[i] += came
            nxt.out_by_age[i] += out
            nxt.deaths, nxt.moves_out, nxt.moves_in = (
                nxt.deaths + died,
                nxt.moves_out + out,
                nxt.moves_in + came,
            )
        moved = [people[i] // 5 if i < 18 else 0 for i in range(19)]
        for i in range(18):
            people[i] -= moved[i]
            people[i + 1] += moved[i]
    boys = _binomial(rng, nxt.births, 105 / 205)
    nxt.male[0] += boys
    nxt.female[0] += nxt.births - boys
    return nxt


def simulate(profile: Profile, seed: int) -> list[Year]:
    """Population on 1 January of each year; a year's events are those of the year before."""
    rng = random.Random(f"{seed}-{profile.code}")  # noqa: S311 - fiction, not secrets
    years = [_start(profile, rng)]
    while years[-1].year < LAST_YEAR:
        years.append(_step(profile, years[-1], rng))
    return years


def wareki(year: int) -> str:
    """H7 … H31 / R1 …: the column headers city tables use."""
    return f"R{year - 2018}" if year >= 2019 else f"H{year - 1988}"


def city_table(title: str, header: list[str], rows: list[list[object]], note: str) -> bytes:
    """A CP932 table as cities publish it: title row, header, rows, 資料 note; thousands quoted."""

    def cell(value: object) -> str:
        return f'"{value:,}"' if isinstance(value, int) and abs(value) >= 1000 else str(value)

    lines = [title, ",".join(header)]
    lines += [",".join(cell(v) for v in row) for row in rows]
    lines.append(note)
    return ("\r\n".join(lines) + "\r\n").encode("cp932")


NOTE = "資料：住民基本台帳（架空のサンプルデータ）"


def population_file(profile: Profile, years: list[Year]) -> bytes:
    header = ["性別", "年齢", *(wareki(y.year) for y in years)]
    rows = [
        [sex, label, *(getattr(y, key)[i] for y in years)]
        for sex, key in (("男", "male"), ("女", "female"))
        for i, label in enumerate(AGE_LABELS)
    ]
    title = f"{profile.name} 男女・年齢（5歳階級）別人口（各年1月1日現在）"
    return city_table(title, header, rows, NOTE)


def _flows_file(title: str, labels: tuple[str, str], keys: tuple[str, str], years: list[Year]):
    events = years[1:]
    header = ["", *(wareki(y.year - 1) for y in events)]
    first = [getattr(y, keys[0]) for y in events]
    second = [getattr(y, keys[1]) for y in events]
    rows = [
        [labels[0], *first],
        [labels[1], *second],
        ["差", *(f"△{b - a:,}" if a < b else a - b for a, b in zip(first, second, strict=True))],
    ]
    return city_table(title, header, rows, NOTE)


def vital_file(profile: Profile, years: list[Year]) -> bytes:
    title = f"{profile.name} 人口動態（自然動態）"
    return _flows_file(title, ("出生", "死亡"), ("births", "deaths"), years)


# Where people move to and from (転入元・転出先): real places and the other sample towns, with
# each one's share of moves in and of moves out.
COUNTERPARTS = (
    ("131008", "東京都特別区部", 0.14, 0.24),
    ("041009", "仙台市", 0.16, 0.22),
    ("992011", "サンプル市", 0.22, 0.12),
    ("993417", "サンプル東町", 0.08, 0.06),
    ("993824", "サンプル西村", 0.05, 0.03),
    ("other", "その他", 0.0, 0.0),
)


def _split(total: int, shares: list[float]) -> list[int]:
    """Whole people over places by share, rounded down; one more place takes the rest."""
    counts = [int(total * share) for share in shares]
    return [*counts, total - sum(counts)]


def migration_file(profile: Profile, years: list[Year]) -> bytes:
    """A long table as a 住民基本台帳人口移動報告 extract: every year's moves in and out in total,
    by 5-year age class and by place (転入元・転出先); each breakdown sums to the total."""
    places = [c for c in COUNTERPARTS if c[0] != profile.code]
    header = ["年", "区分", "相手先コード", "相手先", "年齢階級", "人数"]
    rows: list[list[object]] = []
    for y in years[1:]:
        for label, total, by_age, column in (
            ("転入", y.moves_in, y.in_by_age, 2),
            ("転出", y.moves_out, y.out_by_age, 3),
        ):
            rows.append([y.year - 1, label, "", "計", "総数", total])
            rows += [
                [y.year - 1, label, "", "計", age, count]
                for age, count in zip(AGE_LABELS, by_age, strict=True)
            ]
            shares = [p[column] for p in places[:-1]]
            for (code, name, *_shares), count in zip(places, _split(total, shares), strict=True):
                rows.append([y.year - 1, label, code, name, "総数", count])
    title = f"{profile.name} 転入・転出（年齢階級・相手先別）"
    return city_table(title, header, rows, NOTE)


# サンプル市's three districts (合併前の旧市町村): the centre gains share, the others lose it.
DISTRICTS = (("01", "中央地域", 0.52, 0.004), ("02", "北部地域", 0.28, -0.002))
LAST_DISTRICT = ("03", "南部地域")


def district_file(profile: Profile, years: list[Year]) -> bytes:
    """Population by district on 1 January of each year, summing exactly to the total."""
    names = [(code, name) for code, name, *_ in DISTRICTS] + [LAST_DISTRICT]
    rows: list[list[object]] = []
    for y in years:
        t = y.year - FIRST_YEAR
        shares = [start + drift * t for _, _, start, drift in DISTRICTS]
        counts = _split(sum(y.male) + sum(y.female), shares)
        for (code, name), count in zip(names, counts, strict=True):
            rows.append([f"{profile.code}-{code}", name, f"{y.year}-01-01", "計", count])
    title = f"{profile.name} 地域別人口（各年1月1日現在）"
    return city_table(title, ["地域コード", "地区名", "年月日", "性別", "人口"], rows, NOTE)


def demo_statistic_files(directory: Path, seed: int) -> list[tuple[str, Path]]:
    """Write every sample municipality's files; (area code, path) pairs in load order."""
    written = []
    for profile in PROFILES:
        years = simulate(profile, seed)
        for suffix, make in (
            ("人口", population_file),
            ("自然動態", vital_file),
            ("社会動態", migration_file),
        ):
            path = directory / f"{profile.name}_{suffix}.csv"
            path.write_bytes(make(profile, years))
            written.append((profile.code, path))
        if profile.code == PROFILES[0].code:
            path = directory / f"{profile.name}_地域別人口.csv"
            path.write_bytes(district_file(profile, years))
            written.append((profile.code, path))
    return written
