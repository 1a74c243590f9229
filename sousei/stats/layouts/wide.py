"""Wide tables with years as columns (年を列に持つ表), the government's favourite layout.

    ,H30,R1,R2,R3,R4
    出生,626,545,555,482,444
    死亡,"1,953","1,949","1,799","1,898","2,078"
    差,"-1,327",…

Columns are years (H30, R1, 平成30年, 2018, 2018年, 令和元年度); the one or two label columns
say what each row is: 出生/死亡 (→ vital, layout "vital_rows"), 転入/転出 (→ migration,
"migration_rows"), 総人口/男/女/0～4歳 (→ population) or 世帯数 (→ households), "wide_years" for
anything else or a mix. A 差/増減 row is checked against the difference of the rows above it
(a warning when it disagrees) and not stored. The file names no area: the caller gives it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sousei.ingest import ColumnReport, Problem, Table
from sousei.ingest.text import nfkc
from sousei.stats.labels import (
    TOTAL_AGE,
    Age,
    Year,
    is_difference,
    is_households,
    is_population_total,
    parse_age,
    parse_direction,
    parse_event,
    parse_sex,
    parse_year,
)
from sousei.stats.layouts.base import (
    Context,
    Recognition,
    as_number,
    build,
    file_row,
    fixed_area,
    ingest_warnings,
    population_date,
    provenance,
    warn,
    year_span,
)

_NOTE_PREFIXES = ("資料", "出典", "注", "※", "(注", "備考")


@dataclass(frozen=True)
class RowLabel:
    """What one row is: a kind of table and its keys, or a difference row to check."""

    kind: str  # population, households, vital, migration, difference
    sex: str = "total"
    age: Age = TOTAL_AGE
    event: str | None = None  # births/deaths or in/out
    text: str = ""


def year_of(column: ColumnReport) -> Year | None:
    """The year a column stands for: its name or, for multi-row headers, a header cell."""
    if column.type not in ("integer", "decimal"):
        return None
    cells = [column.name, *column.header, *column.name.split("_")]
    return next((y for c in reversed(cells) if c and (y := parse_year(c))), None)


def _label(texts: list[str]) -> RowLabel | None:
    """A row's meaning from its label cells (one or two columns), or None if unknown."""
    sex, age = "total", TOTAL_AGE
    joined = " ".join(texts)
    for text in texts:
        if (event := parse_event(text)) is not None:
            return RowLabel("vital", event=event, text=joined)
        if (direction := parse_direction(text)) is not None:
            return RowLabel("migration", event=direction, text=joined)
        if is_difference(text):
            return RowLabel("difference", text=joined)
        if is_households(text):
            return RowLabel("households", text=joined)
    known = False
    for text in texts:
        if (parsed_age := parse_age(text)) is not None and parsed_age != TOTAL_AGE:
            age, known = parsed_age, True
        elif (parsed_sex := parse_sex(text)) is not None:
            sex, known = (parsed_sex if parsed_sex != "total" else sex), True
        elif parsed_age is not None or is_population_total(text):
            known = True
    return RowLabel("population", sex=sex, age=age, text=joined) if known else None


@dataclass
class _Reading:
    """Rows read so far, per kind, and what to tell the person."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    checked: int = 0
    last: dict[tuple[str, str | None], dict[int, Any]] = field(default_factory=dict)
    last_kind: str | None = None
    blank: int = 0  # cells left blank or secret (-, x, 秘匿): not stored


def _labels_of(table: Table, label_columns: list[ColumnReport]) -> list[list[str]]:
    """Label cells per row; a blank first label repeats the one above (merged cells)."""
    columns = [table.data.column(c.machine_name).to_pylist() for c in label_columns]
    out: list[list[str]] = []
    above: str | None = None
    for cells in zip(*columns, strict=True):
        texts = [nfkc(str(c)).strip() if c is not None else "" for c in cells]
        if len(texts) > 1 and not texts[0] and above:
            texts[0] = above
        above = texts[0] or above
        out.append([t for t in texts if t])
    return out


def _check_difference(
    reading: _Reading,
    label: RowLabel,
    values: dict[int, Any],
    row: int,
    years: dict[int, ColumnReport],
) -> None:
    """差 = births − deaths or in − out, per year; a warning names each cell that disagrees."""
    kind = reading.last_kind
    if "自然" in label.text:
        kind = "vital"
    elif "社会" in label.text:
        kind = "migration"
    pair = {"vital": ("births", "deaths"), "migration": ("in", "out")}.get(kind or "")
    if pair is None:
        return
    plus, minus = reading.last.get((kind, pair[0])), reading.last.get((kind, pair[1]))  # type: ignore[arg-type]
    if plus is None or minus is None:
        return
    for year, value in values.items():
        if value is None or plus.get(year) is None or minus.get(year) is None:
            continue
        expected = plus[year] - minus[year]
        reading.checked += 1
        if value != expected:
            reading.warnings.append(
                warn(
                    "difference-mismatch",
                    f"{row} 行目「{label.text}」の {years[year].name} は {value:,} ですが、"
                    f"差し引きは {expected:,} です。",
                    f"Row {row} ({label.text}), {years[year].name}: {value:,}, but the "
                    f"difference is {expected:,}.",
                    row=row,
                    column=years[year],
                )
            )


def _store(reading: _Reading, label: RowLabel, values: dict[int, Any]) -> None:
    """The row's cells as standard rows; the area and the dates are set in `_finish`."""
    rows = reading.rows.setdefault(label.kind, [])
    for year, value in values.items():
        if value is None:
            reading.blank += 1
            continue
        row: dict[str, Any] = {"value": value}
        if label.kind in ("population", "households"):
            row["date"] = year  # a date once the source is known
        else:
            row["year"] = year
        if label.kind == "population":
            row |= {
                "sex": label.sex,
                "age": label.age.label,
                "age_from": label.age.age_from,
                "age_to": label.age.age_to,
            }
        elif label.kind == "vital":
            row["event"] = label.event
        elif label.kind == "migration":
            row |= {"direction": label.event, "sex": "total", "age": "total"}
        rows.append(row)
    if label.kind in ("vital", "migration"):
        reading.last[(label.kind, label.event)] = values
        reading.last_kind = label.kind


def _split(table: Table) -> tuple[dict[int, ColumnReport], list[ColumnReport]] | None:
    years: dict[int, ColumnReport] = {}
    labels: list[ColumnReport] = []
    for column in table.report.columns:
        year = year_of(column)
        if year is not None and year.year not in years:
            years[year.year] = column
        elif column.type == "text":
            labels.append(column)
        else:
            return None
    if not years or not 1 <= len(labels) <= 2:
        return None
    return years, labels


def read(table: Table, context: Context) -> Recognition | None:
    """A wide table with years as columns, or None when the columns are not years."""
    split = _split(table)
    if split is None:
        return None
    years, label_columns = split
    year_values = {y: table.data.column(c.machine_name).to_pylist() for y, c in years.items()}
    reading = _Reading()
    unknown: list[tuple[int, str]] = []
    labelled = _labels_of(table, label_columns)
    for index, texts in enumerate(labelled):
        values = {y: as_number(v[index]) for y, v in year_values.items()}
        if not texts or texts[0].startswith(_NOTE_PREFIXES):
            continue
        label = _label(texts)
        if label is None:
            unknown.append((file_row(table, index) or index, " ".join(texts)))
            continue
        if label.kind == "difference":
            row = file_row(table, index) or index
            _check_difference(reading, label, values, row, years)
            continue
        _store(reading, label, values)
    if not reading.rows:
        return None
    return _finish(table, context, reading, years, unknown)


def _finish(
    table: Table,
    context: Context,
    reading: _Reading,
    years: dict[int, ColumnReport],
    unknown: list[tuple[int, str]],
) -> Recognition:
    kinds = set(reading.rows)
    layout = {frozenset({"vital"}): "vital_rows", frozenset({"migration"}): "migration_rows"}.get(
        frozenset(kinds), "wide_years"
    )
    what_ja = {"vital_rows": "出生・死亡の表", "migration_rows": "転入・転出の表"}.get(
        layout, "年を列に持つ表"
    )
    area = fixed_area(context, what_ja=what_ja, what_en=f"a {layout} table")
    prov = provenance(context, table)
    tables = []
    for kind, rows in reading.rows.items():
        for row in rows:
            row["area_code"] = area
            if "date" in row:
                row["date"] = population_date(row["date"], prov.source)
        tables.append(build(kind, rows, prov))
    recognition = Recognition(layout, tables, warnings=ingest_warnings(table) + reading.warnings)
    labels = [years[y].name for y in sorted(years)]
    span = year_span(labels)
    rows_ja = "・".join(dict.fromkeys(_ROWS_JA[k] for k in reading.rows))
    rows_en = ", ".join(dict.fromkeys(_ROWS_EN[k] for k in reading.rows))
    count = sum(len(t.frame) for t in tables)
    fiscal = any(year_of(c) and year_of(c).fiscal for c in years.values())  # type: ignore[union-attr]
    recognition.note(
        f"{'年度' if fiscal else '年'}（{span}）を列に、{rows_ja}を行に持つ表として読みました"
        f"（{len(tables)}表、{count}行）。",
        f"Read as a table with years ({span}) as columns and {rows_en} as rows "
        f"({len(tables)} table(s), {count} rows).",
    )
    if reading.checked:
        recognition.note(
            f"差の行は差し引きと照合し（{reading.checked}か所）、保存していません。",
            f"Difference rows were checked against the subtraction ({reading.checked} "
            "cells) and not stored.",
        )
    if reading.blank:
        recognition.warnings.append(
            warn(
                "missing-value",
                f"空欄・秘匿（-、x など）のセル {reading.blank} か所は読み込んでいません。",
                f"{reading.blank} blank or secret cell(s) (-, x …) were not read.",
            )
        )
    for row, text in unknown:
        recognition.warnings.append(
            warn(
                "unknown-row",
                f"{row} 行目「{text}」は何の行か分からないため読み込んでいません。",
                f"Row {row} ({text!r}) is not a known row label and was not read.",
                row=row,
            )
        )
    return recognition


_ROWS_JA = {
    "vital": "出生・死亡",
    "migration": "転入・転出",
    "population": "人口",
    "households": "世帯数",
}
_ROWS_EN = {
    "vital": "births and deaths",
    "migration": "moves in and out",
    "population": "population",
    "households": "households",
}
