"""Projection results as CSV and XLSX, with Japanese headers, for staff's own spreadsheets.

One row per area × scenario × year × sex (男, 女, 計): 総数, the 19 classes, and the 年齢3区分
shares. People are rounded to whole persons (the total is the rounded sum of the unrounded
classes, so a row may differ from the sum of its rounded cells by a person or two). The XLSX
has a 総人口 sheet (totals by year, one row per area and scenario), then a sheet per scenario;
every figure is a number cell, never text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

import numpy as np

from sousei.projection.ages import (
    AGE_LABELS_JA,
    OLD,
    TRANSITION_COUNT,
    WORKING,
    YOUNG,
    transition_label,
)
from sousei.projection.inputs import AreaInput, hold_last
from sousei.projection.result import ProjectionResult
from sousei.spreadsheet import neutralise

HEADERS: tuple[str, ...] = (
    "地域コード",
    "地域名",
    "シナリオ",
    "年",
    "男女",
    "総数",
    *AGE_LABELS_JA,
    "0〜14歳割合(%)",
    "15〜64歳割合(%)",
    "65歳以上割合(%)",
)
SEX_ROWS = (("男", "male"), ("女", "female"), ("計", "both"))


def _shares(classes: np.ndarray) -> list[float]:
    total = classes.sum()
    if total <= 0:
        return [0.0, 0.0, 0.0]
    return [round(float(classes[s].sum() / total * 100), 2) for s in (YOUNG, WORKING, OLD)]


def result_rows(result: ProjectionResult) -> Iterator[list[object]]:
    """The rows of one result: for every year, 男, 女 and 計."""
    for y, year in enumerate(result.years):
        for label, attribute in SEX_ROWS:
            classes = getattr(result, attribute)[y]
            yield [
                neutralise(result.area),
                neutralise(result.name),
                result.scenario.label_ja,
                year,
                label,
                round(float(classes.sum())),
                *(round(float(v)) for v in classes),
                *_shares(classes),
            ]


def results_csv(results: Iterable[ProjectionResult]) -> str:
    """All results as one CSV text (UTF-8; write it with a BOM for Excel if needed)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADERS)
    for result in results:
        writer.writerows(result_rows(result))
    return buffer.getvalue()


def _sheet_title(title: str, used: set[str]) -> str:
    """Excel's sheet names: at most 31 characters, no []:*?/\\, unique."""
    clean = "".join("_" if c in "[]:*?/\\" else c for c in title)[:31]
    name, n = clean, 2
    while name in used:
        name = f"{clean[:28]}({n})"
        n += 1
    used.add(name)
    return name


def assumption_rows(area: AreaInput) -> Iterator[list[object]]:
    """仮定値 as staff read them: per step and transition, survival and migration by sex."""
    yield ["期間", "移行", "生残率（男）", "生残率（女）", "純移動率（男）", "純移動率（女）"]
    steps = max(len(area.survival), len(area.net_migration))
    survival = hold_last(area.survival, steps)
    migration = hold_last(area.net_migration, steps)
    for k in range(steps):
        period = f"{area.base_year + 5 * k}→{area.base_year + 5 * (k + 1)}"
        for i in range(TRANSITION_COUNT):
            yield [
                period,
                transition_label(i),
                *(round(float(v), 6) for v in survival[k, :, i]),
                *(round(float(v), 6) for v in migration[k, :, i]),
            ]
    yield []
    yield ["子ども女性比（最初の期）", round(float(area.child_woman_ratio[0]), 6)]
    yield ["0〜4歳の性比（女100対男）", round(float(area.sex_ratio_0_4[0]), 4)]
    if area.tfr_base is not None:
        yield ["基準の合計特殊出生率", round(float(area.tfr_base[0]), 4)]


def results_xlsx(
    results: Sequence[ProjectionResult],
    target: str | Path | IO[bytes],
    *,
    assumptions: Sequence[AreaInput] = (),
) -> None:
    """A workbook: 総人口 (totals by year), then one sheet per scenario, then the assumptions
    (仮定値) of each area given."""
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    summary.title = "総人口"
    years = list(results[0].years) if results else []
    summary.append(["地域コード", "地域名", "シナリオ", *(f"{y}年" for y in years)])
    for result in results:
        totals = [round(float(v)) for v in result.total]
        summary.append(
            [neutralise(result.area), neutralise(result.name), result.scenario.label_ja, *totals]
        )
    used = {"総人口"}
    sheets: dict[str, object] = {}
    for result in results:
        key = result.scenario.name
        if key not in sheets:
            sheet = book.create_sheet(_sheet_title(result.scenario.label_ja, used))
            sheet.append(list(HEADERS))
            sheets[key] = sheet
        for row in result_rows(result):
            sheets[key].append(row)
    for area in assumptions:
        sheet = book.create_sheet(_sheet_title(f"仮定値 {area.code}", used))
        for row in assumption_rows(area):
            sheet.append(row)
    book.save(target)
