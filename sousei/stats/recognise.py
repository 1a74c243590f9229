"""Recognising what a file holds (自動認識): any ingested table → the standard statistics tables.

`recognise(table)` tries the known layouts, most specific first, and returns the first that
fits, with sentences saying what it read ("年（H30〜R4）を列に、出生・死亡を行に持つ表として読み
ました（1表、10行）") and warnings for anything it checked and found wrong. A file no layout fits
raises `RecognitionError` naming what was looked for; the mapping screen (`sousei.stats.mapping`)
is the way in for those.

The layouts, each in `sousei.stats.layouts`:

- "ssdse": the SSDSE-A indicator file (all municipalities, codes A1101 …);
- "kobe_town_age" / "kobe_ward_age": Kobe's town (町丁) and ward sheets by single year of age;
- "vital_rows" / "migration_rows" / "wide_years": years as columns (H30, R1 …), rows labelled
  出生・死亡, 転入・転出, 総人口・男・女・年齢階級 or 世帯数, 差 rows checked;
- "long": one row per observation, columns named 地域コード, 年, 性別, 年齢, 人口 ….
"""

from __future__ import annotations

from collections.abc import Callable

from sousei.ingest import Table
from sousei.stats.layouts import kobe, long, ssdse, wide
from sousei.stats.layouts.base import Context, Recognition, RecognitionError
from sousei.stats.tables import Provenance

__all__ = ["LAYOUTS", "Recognition", "RecognitionError", "recognise"]

Reader = Callable[[Table, Context], Recognition | None]

LAYOUTS: tuple[tuple[str, Reader], ...] = (
    ("ssdse", ssdse.read),
    ("kobe_town_age", kobe.read_towns),
    ("kobe_ward_age", kobe.read_wards),
    ("wide_years", wide.read),
    ("long", long.read),
)

_LOOKED_FOR_JA = (
    "SSDSE-A の指標ファイル、神戸市の町別年齢別人口、年（H30・R1・2018年 など）を列に持つ表"
    "（行に 出生・死亡・転入・転出・総人口・男・女・年齢階級）、縦持ちの表（地域コード・年・"
    "性別・年齢・人口 の列）"
)
_LOOKED_FOR_EN = (
    "the SSDSE-A indicator file, Kobe's town-by-age file, a table with years as columns (H30, "
    "R1, 2018 …) and rows such as 出生/死亡/転入/転出/総人口/男/女/age classes, or a long table "
    "with columns for area code, year, sex, age and population"
)


def recognise(
    table: Table, *, area_code: str | None = None, provenance: Provenance | None = None
) -> Recognition:
    """The standard tables a file holds, read by the first layout that fits.

    `area_code` is the area for files that do not name one (a city's own wide tables);
    `provenance` (出典) is attached to every table, else guessed from the title and 資料： notes.
    """
    context = Context(area_code=area_code, provenance=provenance)
    for _name, reader in LAYOUTS:
        recognition = reader(table, context)
        if recognition is not None:
            return recognition
    columns = "、".join(c.name for c in table.report.columns[:12])
    raise RecognitionError(
        f"どの形式にも当てはまりませんでした（列: {columns}）。探したもの: {_LOOKED_FOR_JA}。"
        "列の対応づけ画面から取り込んでください。",
        f"No known layout fits (columns: {columns}). Looked for {_LOOKED_FOR_EN}. Map the "
        "columns on the mapping screen instead.",
    )
