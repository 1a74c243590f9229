"""Kobe's resident-register file by town and single year of age (町別世帯数年齢１歳階級別人口統計).

One workbook, eleven sheets; the date is in the title row (「平成２９年９月３０日現在」):

- ward sheets (東灘区 … 西区, and 須磨本区 / 北須磨 for the two parts of 須磨区): one row per
  town (町丁) — 区・支所, 区コード (28101), 町コード (101001001), 町名, 世帯数, 男, 女, 合計,
  0歳 … 99歳, 100歳以上, 再_65歳以上 — the ages for both sexes together. A first row
  ＊東灘区計＊ (＊支所計＊) holds the sheet's totals: it is checked against the towns and not
  stored. Towns whose cells are all blank are secret (秘匿, merged into a neighbour) and left
  out. Layout "kobe_town_age".
- the city sheet (神戸市): one row per ward or branch (本区, 北神出張所 …) and sex (＊合計＊/男/女)
  with 人口_0歳 … 人口_100歳以上. Layout "kobe_ward_age".

Area codes: the city and wards keep their 団体コード (28100 → 281000 神戸市, 28101 → 281018
東灘区); towns are "<ward code>-<町コード>" (281018-101001001 魚崎北町１丁目); the parts of a ward
with branches are "<ward code>-<行政区CD>" (281093-20001 北神出張所). 町丁 and branches are not
in the national master, so the ward code in front keeps them unique and findable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sousei.areas.codes import normalize_area_code
from sousei.ingest import ColumnReport, Problem, Table
from sousei.stats.labels import Age, is_restatement, parse_age, parse_sex
from sousei.stats.layouts.base import (
    Context,
    Recognition,
    RecognitionError,
    build,
    column_named,
    date_in_text,
    file_row,
    provenance,
    warn,
)

TOWN_LAYOUT = "kobe_town_age"
WARD_LAYOUT = "kobe_ward_age"
SUBTOTAL_MARK = "＊"


@dataclass
class _Sheet:
    """The sheet as a frame with the age columns identified."""

    frame: pd.DataFrame
    ages: list[tuple[str, Age]]  # (machine name, age)
    checks: int = 0
    warnings: list[Problem] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # town code → 町名


def _age_columns(table: Table) -> list[tuple[str, Age]]:
    out = []
    for column in table.report.columns:
        if is_restatement(column.name):
            continue
        age = parse_age(column.name.removeprefix("人口_"))
        if age is not None and age.label not in ("total", "unknown"):
            out.append((column.machine_name, age))
    return out


def _date(table: Table) -> Any:
    day = date_in_text(table.report.title)
    if day is None:
        raise RecognitionError(
            "神戸市の町別年齢別人口の表ですが、タイトル行に「平成29年9月30日現在」のような日付が"
            "ありません。",
            "A Kobe town-by-age table, but the title row has no date such as 平成29年9月30日現在.",
            code="date-required",
        )
    return day


def _column(table: Table, *names: str) -> ColumnReport:
    column = column_named(table, *names)
    assert column is not None
    return column


def _population_rows(
    area: str, date: Any, sex: str, total: Any, ages: dict[Age, Any]
) -> list[dict[str, Any]]:
    rows = [
        {
            "area_code": area,
            "date": date,
            "sex": sex,
            "age": "total",
            "age_from": None,
            "age_to": None,
            "value": int(total),
        }
    ]
    for age, value in ages.items():
        rows.append(
            {
                "area_code": area,
                "date": date,
                "sex": sex,
                "age": age.label,
                "age_from": age.age_from,
                "age_to": age.age_to,
                "value": int(value),
            }
        )
    return rows


def _check(
    sheet: _Sheet,
    table: Table,
    index: int | None,
    what: str,
    got: Any,
    expected: Any,
    column: ColumnReport | None = None,
) -> None:
    """One consistency check; a located warning when the figures disagree."""
    sheet.checks += 1
    if int(got) != int(expected):
        row = file_row(table, index) if index is not None else None
        at_ja, at_en = (f"{row} 行目: ", f"Row {row}: ") if row else ("", "")
        sheet.warnings.append(
            warn(
                "total-mismatch",
                f"{at_ja}{what}が {int(expected):,} のはずが {int(got):,} です。",
                f"{at_en}{what} is {int(got):,}, expected {int(expected):,}.",
                row=row,
                column=column,
            )
        )


# --- ward sheets: one row per town ------------------------------------------------------------


def _is_town_sheet(table: Table) -> bool:
    return all(column_named(table, n) for n in ("区コード", "町コード", "町名", "世帯数", "合計"))


def _towns(table: Table, sheet: _Sheet, date: Any) -> tuple[list[dict], list[dict], int]:
    """Population and household rows per town; subtotal rows checked; secret towns counted."""
    f = sheet.frame
    label, ward, town, name = (
        _column(table, n).machine_name for n in ("区・支所", "区コード", "町コード", "町名")
    )
    households, male, female, total = (_column(table, n) for n in ("世帯数", "男", "女", "合計"))
    age_names = [m for m, _ in sheet.ages]
    subtotal = f[label].fillna("").str.startswith(SUBTOTAL_MARK) | f[town].isna()
    secret = ~subtotal & f[[households.machine_name, total.machine_name, *age_names]].isna().all(
        axis=1
    )
    towns = f[~subtotal & ~secret]
    population, homes = [], []
    for index, row in towns.iterrows():
        area = f"{normalize_area_code(str(row[ward]))}-{row[town]}"
        sheet.names[area] = str(row[name]).strip()
        ages = {age: row[m] for m, age in sheet.ages}
        _check(
            sheet,
            table,
            int(index),
            f"{row[name]}の年齢の和",
            sum(ages.values()),
            row[total.machine_name],
            total,
        )
        _check(
            sheet,
            table,
            int(index),
            f"{row[name]}の男女の和",
            row[male.machine_name] + row[female.machine_name],
            row[total.machine_name],
            total,
        )
        population += _population_rows(area, date, "total", row[total.machine_name], ages)
        for sex, column in (("male", male), ("female", female)):
            population += _population_rows(area, date, sex, row[column.machine_name], {})
        homes.append({"area_code": area, "date": date, "value": int(row[households.machine_name])})
    numeric = [
        households.machine_name,
        male.machine_name,
        female.machine_name,
        total.machine_name,
        *age_names,
    ]
    sums = towns[numeric].sum()
    for index, row in f[subtotal].iterrows():
        for name_ in numeric:
            column = next(c for c in table.report.columns if c.machine_name == name_)
            _check(
                sheet,
                table,
                int(index),
                f"{row[label]}の「{column.name}」（町の合計）",
                sums[name_],
                row[name_],
                column,
            )
    return population, homes, int(secret.sum())


def read_towns(table: Table, context: Context) -> Recognition | None:
    """A ward sheet (one row per 町丁), or None when the columns are not Kobe's."""
    if not _is_town_sheet(table):
        return None
    sheet = _Sheet(table.data.to_pandas(), _age_columns(table))
    date = _date(table)
    population, homes, secret = _towns(table, sheet, date)
    prov = provenance(context, table, source="juki", vintage=f"{date:%Y-%m-%d} 住民基本台帳")
    tables = [
        build("population", population, prov, sheet.names),
        build("households", homes, prov, sheet.names),
    ]
    recognition = Recognition(TOWN_LAYOUT, tables, warnings=sheet.warnings)
    towns = len(homes)
    recognition.note(
        f"神戸市の町別・年齢1歳別人口（{table.report.sheet}、{date:%Y年%m月%d日}現在）として"
        f"{towns}町を読みました（人口 {len(population):,}行、世帯数 {towns}行）。",
        f"Read as Kobe's population by town and single year of age ({table.report.sheet}, "
        f"{date:%Y-%m-%d}): {towns} towns ({len(population):,} population rows, {towns} "
        "household rows).",
    )
    recognition.note(
        f"＊計＊の行は町の合計と照合し（{sheet.checks:,}か所）、保存していません。"
        f"秘匿の町（空欄）{secret}件は読み込んでいません。",
        f"Subtotal rows (＊計＊) were checked against the towns ({sheet.checks:,} checks) and "
        f"not stored; {secret} secret (blank) towns were left out.",
    )
    return recognition


# --- the city sheet: one row per ward or branch and sex ---------------------------------------


def _is_ward_sheet(table: Table) -> bool:
    return all(column_named(table, n) for n in ("区CD", "行政区CD", "性別", "人口_総数"))


def _ward_areas(f: pd.DataFrame, ward: str, branch: str) -> pd.Series:
    """281000 for the city, the ward's code, or "<ward>-<branch>" for part of a ward."""
    with_parts = set(f.loc[f[branch] == "00000", ward])

    def code(row: pd.Series) -> str:
        ward_code = normalize_area_code(str(row[ward]))
        if row[branch] == "00000" or row[ward] not in with_parts:
            return ward_code
        return f"{ward_code}-{row[branch]}"

    return f.apply(code, axis=1)


def read_wards(table: Table, context: Context) -> Recognition | None:
    """The city sheet (wards and branches by sex and single year of age), or None."""
    if not _is_ward_sheet(table):
        return None
    sheet = _Sheet(table.data.to_pandas(), _age_columns(table))
    date = _date(table)
    f = sheet.frame
    ward, branch, sex_c, homes_c, total_c = (
        _column(table, n) for n in ("区CD", "行政区CD", "性別", "世帯数", "人口_総数")
    )
    f["area"] = _ward_areas(f, ward.machine_name, branch.machine_name)
    population, homes = [], []
    for index, row in f.iterrows():
        sex = parse_sex(row[sex_c.machine_name])
        ages = {age: row[m] for m, age in sheet.ages}
        _check(
            sheet,
            table,
            int(index),
            "年齢の和",
            sum(ages.values()),
            row[total_c.machine_name],
            total_c,
        )
        population += _population_rows(
            row["area"], date, sex or "total", row[total_c.machine_name], ages
        )
        if sex == "total":
            homes.append(
                {"area_code": row["area"], "date": date, "value": int(row[homes_c.machine_name])}
            )
    prov = provenance(context, table, source="juki", vintage=f"{date:%Y-%m-%d} 住民基本台帳")
    tables = [build("population", population, prov), build("households", homes, prov)]
    _check_parts(sheet, table, tables[0].frame)
    recognition = Recognition(WARD_LAYOUT, tables, warnings=sheet.warnings)
    recognition.note(
        f"神戸市の区・支所別、男女・年齢1歳別人口（{date:%Y年%m月%d日}現在）として"
        f"{len(homes)}地域を読みました（人口 {len(population):,}行）。",
        f"Read as Kobe's population by ward/branch, sex and single year of age ({date:%Y-%m-%d}):"
        f" {len(homes)} areas ({len(population):,} population rows).",
    )
    return recognition


def _check_parts(sheet: _Sheet, table: Table, population: pd.DataFrame) -> None:
    """The wards add up to the city, a ward's parts to the ward, male + female to total."""
    totals = population[population.age == "total"].pivot_table(
        index="area_code", columns="sex", values="value"
    )
    for area, row in totals.iterrows():
        _check(sheet, table, None, f"{area} の男女の和", row["male"] + row["female"], row["total"])
    wards = [a for a in totals.index if "-" not in a and a != "281000"]
    _check(
        sheet,
        table,
        None,
        "区の合計",
        totals.loc[wards, "total"].sum(),
        totals.loc["281000", "total"],
    )
    for ward in wards:
        parts = [a for a in totals.index if a.startswith(ward + "-")]
        if parts:
            _check(
                sheet,
                table,
                None,
                f"{ward} の支所の合計",
                totals.loc[parts, "total"].sum(),
                totals.loc[ward, "total"],
            )
