"""The SSDSE-A indicator file (教育用標準データセット, 統計センター): one row per municipality.

Three header rows: indicator codes (A1101 …), the year of each column, and the Japanese labels.
Areas are "R" + the 5-digit 団体コード (R01100 札幌市 → 011002). The indicators mapped, each
confirmed against its label before use (a changed code is a warning, not a wrong table):

| code | label | table |
| --- | --- | --- |
| A1101 / A110101 / A110102 | 総人口（男・女） | population, age total (国勢調査, 1 October) |
| A1301 / A1302 / A1303 (+01 男, +02 女) | 15歳未満 / 15～64歳 / 65歳以上 | "0-14", "15-64", "65+" |
| A1419 (+01, +02) | 75歳以上人口 | age "75+" (overlaps "65+": a 再掲) |
| A4101 / A4200 | 出生数 / 死亡数 | vital (人口動態統計, calendar year) |
| A5101 / A5102 | 転入者数 / 転出者数（日本人移動者） | migration (住民基本台帳人口移動報告) |
| A7101 | 世帯数 | households (国勢調査) |

年齢不詳 is not published as such; total − (0–14 + 15–64 + 65+) is exactly the census's
age-unknown count, so it is stored as age "unknown" (kept explicit, never spread).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from sousei.areas.codes import AreaCodeError, normalize_area_code
from sousei.ingest import ColumnReport, Table
from sousei.stats.labels import Age, parse_age
from sousei.stats.layouts.base import (
    Context,
    Recognition,
    RecognitionError,
    build,
    file_row,
    provenance,
    warn,
)
from sousei.stats.tables import Provenance, StatTable

LAYOUT = "ssdse"


@dataclass(frozen=True)
class Indicator:
    """One SSDSE code and what it means in the standard tables."""

    code: str
    label: str  # the label the file must carry (confirmed before use)
    kind: str
    sex: str = "total"
    age: str = "total"
    event: str | None = None


def _population(code: str, label: str, age: str) -> list[Indicator]:
    return [
        Indicator(code, label, "population", "total", age),
        Indicator(code + "01", label + "（男）", "population", "male", age),
        Indicator(code + "02", label + "（女）", "population", "female", age),
    ]


INDICATORS = (
    *_population("A1101", "総人口", "total"),
    *_population("A1301", "15歳未満人口", "0-14"),
    *_population("A1302", "15～64歳人口", "15-64"),
    *_population("A1303", "65歳以上人口", "65+"),
    *_population("A1419", "75歳以上人口", "75+"),
    Indicator("A4101", "出生数", "vital", event="births"),
    Indicator("A4200", "死亡数", "vital", event="deaths"),
    Indicator("A5101", "転入者数（日本人移動者）", "migration", event="in"),
    Indicator("A5102", "転出者数（日本人移動者）", "migration", event="out"),
    Indicator("A7101", "世帯数", "households"),
)
BROAD_CLASSES = ("0-14", "15-64", "65+")  # together with "unknown" they make the total
_SOURCES = {
    "population": ("census", "国勢調査"),
    "households": ("census", "国勢調査"),
    "vital": ("other", "人口動態統計"),
    "migration": ("juki", "住民基本台帳人口移動報告"),
}


def _code_column(table: Table) -> ColumnReport | None:
    first = table.report.columns[0] if table.report.columns else None
    if first is None or not any(c.upper().startswith("SSDSE") for c in first.header if c):
        return None
    return first


def _area_codes(table: Table, column: ColumnReport) -> list[str]:
    """R01100 → 011002, with the file row of any code that is not an area code."""
    codes = []
    for index, raw in enumerate(table.data.column(column.machine_name).to_pylist()):
        try:
            codes.append(normalize_area_code(str(raw).removeprefix("R")))
        except (AreaCodeError, TypeError) as exc:
            row = file_row(table, index)
            raise RecognitionError(
                f"SSDSE の {row} 行目の地域コード「{raw}」が読めません。",
                f"SSDSE row {row}: the area code {raw!r} cannot be read.",
                code="bad-area-code",
            ) from exc
    return codes


def _year(column: ColumnReport) -> int | None:
    year = column.header[1] if len(column.header) > 1 else ""
    return int(year) if year.isdigit() else None


def _found(table: Table) -> tuple[list[tuple[Indicator, ColumnReport, int]], list[Any]]:
    """The indicators present with their column and year; warnings for changed labels."""
    by_code = {c.header[0]: c for c in table.report.columns if c.header}
    found, warnings = [], []
    for indicator in INDICATORS:
        column = by_code.get(indicator.code)
        if column is None:
            continue
        year = _year(column)
        if column.name != indicator.label or year is None:
            warnings.append(
                warn(
                    "ssdse-label",
                    f"{indicator.code} の見出しが「{column.name}」で、"
                    f"想定した「{indicator.label}」ではないため読み込んでいません。",
                    f"{indicator.code} is labelled {column.name!r}, not "
                    f"{indicator.label!r}, so it was not read.",
                    column=column,
                )
            )
            continue
        found.append((indicator, column, year))
    return found, warnings


def _rows(
    table: Table, codes: list[str], found: list[tuple[Indicator, ColumnReport, int]]
) -> dict[str, pd.DataFrame]:
    parts: dict[str, list[pd.DataFrame]] = {}
    for indicator, column, year in found:
        frame = pd.DataFrame(
            {"area_code": codes, "value": table.data.column(column.machine_name).to_pandas()}
        ).dropna(subset=["value"])
        if indicator.kind in ("population", "households"):
            frame["date"] = dt.date(year, 10, 1)
        else:
            frame["year"] = year
        if indicator.kind == "population":
            age = parse_age(indicator.age) or Age("total", None, None)
            frame = frame.assign(
                sex=indicator.sex, age=age.label, age_from=age.age_from, age_to=age.age_to
            )
        elif indicator.kind == "vital":
            frame["event"] = indicator.event
        elif indicator.kind == "migration":
            frame = frame.assign(direction=indicator.event, sex="total", age="total")
        parts.setdefault(indicator.kind, []).append(frame)
    return {kind: pd.concat(frames, ignore_index=True) for kind, frames in parts.items()}


def unknown_age(population: pd.DataFrame) -> pd.DataFrame:
    """年齢不詳 rows: total − (0–14 + 15–64 + 65+), per area, date and sex, where all four exist."""
    keys = ["area_code", "date", "sex"]
    wide = population.pivot_table(index=keys, columns="age", values="value", aggfunc="sum")
    needed = ["total", *BROAD_CLASSES]
    if any(a not in wide.columns for a in needed):
        return population.iloc[0:0]
    wide = wide.dropna(subset=needed)
    unknown = (wide["total"] - wide[list(BROAD_CLASSES)].sum(axis=1)).rename("value")
    unknown = unknown[unknown >= 0].reset_index()
    return unknown.assign(age="unknown", age_from=None, age_to=None)


def _tables(
    rows: dict[str, pd.DataFrame], base: Provenance | None, table: Table, context: Context
) -> list[StatTable]:
    tables = []
    for kind, frame in rows.items():
        if kind == "population":
            frame = pd.concat([frame, unknown_age(frame)], ignore_index=True)
        source, survey = _SOURCES[kind]
        year = frame["date"].iloc[0].year if "date" in frame else int(frame["year"].iloc[0])
        prov = provenance(context, table, source=source, vintage=f"{year}年{survey}（SSDSE-A）")  # type: ignore[arg-type]
        frame["value"] = frame["value"].astype("int64")
        tables.append(build(kind, frame.to_dict("records"), prov))
    return tables


def read(table: Table, context: Context) -> Recognition | None:
    """The SSDSE-A file, or None when the first header cell is not "SSDSE…"."""
    column = _code_column(table)
    if column is None:
        return None
    codes = _area_codes(table, column)
    found, warnings = _found(table)
    if not found:
        raise RecognitionError(
            "SSDSE のファイルですが、人口・出生・死亡・転入・転出・世帯数の指標"
            "（A1101, A4101, A4200, A5101, A5102, A7101 …）が見つかりません。",
            "This is an SSDSE file, but none of the population, birth, death, migration or "
            "household indicators (A1101, A4101, A4200, A5101, A5102, A7101 …) is in it.",
        )
    tables = _tables(_rows(table, codes, found), context.provenance, table, context)
    recognition = Recognition(LAYOUT, tables, warnings=warnings)
    _notes(recognition, found, len(set(codes)))
    return recognition


def _notes(
    recognition: Recognition, found: list[tuple[Indicator, ColumnReport, int]], areas: int
) -> None:
    used = "、".join(f"{i.code}（{c.name}、{y}年）" for i, c, y in found)
    used_en = ", ".join(f"{i.code} ({y})" for i, _, y in found)
    counts = "、".join(f"{t.kind} {len(t.frame):,}行" for t in recognition.tables)
    recognition.note(
        f"SSDSE-A（市区町村別の指標）として {areas:,} 市区町村を読みました（{counts}）。"
        f"使った指標: {used}。",
        f"Read as SSDSE-A (indicators by municipality) for {areas:,} municipalities; "
        f"indicators used: {used_en}.",
    )
    recognition.note(
        "年齢不詳は総人口から3区分（15歳未満・15～64歳・65歳以上）の和を引いて求めました。"
        "75歳以上は65歳以上の再掲です。",
        "Age unknown is the total minus the three broad classes (0–14, 15–64, 65+); "
        "75+ is a subset of 65+.",
    )
