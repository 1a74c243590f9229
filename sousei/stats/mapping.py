"""The mapping screen's rule: which column of a file holds what, for files no layout recognises.

A `Mapping` names the target table (population, vital, migration, households) and, for each of
its dimensions, either a column of the file or a fixed value (a file about one town has no area
column; a table of births has no event column). Labels are read with `sousei.stats.labels`
(男 → male, 0～4歳 → "0-4", 出生 → births …); `labels` adds the file's own words
(``{"性別": {"M": "male"}}``). `apply_mapping` checks every row and raises `MappingError`
naming the file row and column of each bad cell, in Japanese and English — nothing half-loads.
Rows whose value is missing or secret (-, x, 秘匿) are left out and counted in the warnings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from sousei.areas.codes import AreaCodeError, district_parent
from sousei.errors import SouseiError
from sousei.ingest import ColumnReport, Problem, Table
from sousei.ingest.numbers import parse_number
from sousei.ingest.wareki import parse_wareki_date, parse_wareki_month
from sousei.stats.labels import (
    is_difference,
    parse_age,
    parse_direction,
    parse_event,
    parse_sex,
    parse_year,
)
from sousei.stats.layouts.base import (
    as_number,
    build,
    check_area_code,
    file_row,
    find_column,
    population_date,
    warn,
)
from sousei.stats.tables import Provenance, StatTable

Kind = Literal["population", "vital", "migration", "households"]
MAX_ERRORS = 20


class MappingError(SouseiError):
    """The mapping does not fit the file: a column is missing or cells cannot be read.

    `details` lists each bad cell as {row, column, column_name, code, message_ja, message_en}.
    """

    status = 400
    code = "mapping-error"


@dataclass
class Mapping:
    """Which column holds what (列の対応づけ); a fixed value where the file has no column.

    Columns are named by machine name, by the name as written (人口) or by a header cell.
    `event` is the 出生/死亡 column of a vital table, `direction` the 転入/転出 column of a
    migration table. `date` may hold dates (令和2年9月30日), year-months or years (R2, 2020);
    a population year becomes 1 October (census) or 1 January (otherwise).
    """

    kind: Kind
    value: str
    area: str | None = None
    area_code: str | None = None
    area_name: str | None = None
    date: str | None = None
    fixed_date: dt.date | int | None = None
    sex: str | None = None
    fixed_sex: str = "total"
    age: str | None = None
    fixed_age: str = "total"
    event: str | None = None
    fixed_event: str | None = None
    direction: str | None = None
    fixed_direction: str | None = None
    counterpart_code: str | None = None
    counterpart_name: str | None = None
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    provenance: Provenance | None = None


@dataclass
class _Cells:
    """One mapped column: its report and its values."""

    column: ColumnReport
    values: pd.Series


@dataclass
class _Run:
    """State of one application: the table, the frame and the problems found so far."""

    table: Table
    mapping: Mapping
    frame: pd.DataFrame
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    drop: pd.Series | None = None

    def cells(self, name: str | None) -> _Cells | None:
        if name is None:
            return None
        column = find_column(self.table, name)
        if column is None:
            known = "、".join(c.name for c in self.table.report.columns)
            raise MappingError(
                f"列「{name}」が見つかりません（ある列: {known}）。",
                f"There is no column {name!r} (the columns are: {known}).",
                code="unknown-column",
            )
        return _Cells(column, self.frame[column.machine_name])

    def error(self, index: int, cells: _Cells, value: object, ja: str, en: str) -> None:
        row = file_row(self.table, index)
        self.errors.append(
            {
                "row": row,
                "column": cells.column.index,
                "column_name": cells.column.name,
                "code": "bad-cell",
                "message_ja": f"{row} 行目「{cells.column.name}」の「{value}」は{ja}",
                "message_en": f"Row {row}, column {cells.column.name!r}: {value!r} is {en}",
            }
        )


def _read(run: _Run, cells: _Cells, parse: Callable[[Any], Any], ja: str, en: str) -> pd.Series:
    """Each cell through `labels` then `parse` (once per distinct value); errors located."""
    own = run.mapping.labels.get(cells.column.name) or run.mapping.labels.get(
        cells.column.machine_name, {}
    )
    known: dict[Any, Any] = {}
    for value in cells.values.dropna().unique():
        plain = value.item() if hasattr(value, "item") else value  # numpy → Python
        text = own.get(str(plain), plain)
        known[value] = parse(text)
    out = cells.values.map(known)
    for index in out.index[out.isna() & ~_dropped(run)]:
        if len(run.errors) < MAX_ERRORS:
            run.error(int(index), cells, cells.values[index], ja, en)
        else:
            run.errors.append({"row": None})
    return out


def _dropped(run: _Run) -> pd.Series:
    return run.drop if run.drop is not None else pd.Series(False, index=run.frame.index)


def _area(run: _Run) -> pd.Series:
    cells = run.cells(run.mapping.area)
    if cells is None:
        if run.mapping.area_code is None:
            raise MappingError(
                "地域コードの列か、固定の地域コードを指定してください。",
                "Give the area-code column or a fixed area code.",
                code="area-required",
            )
        try:
            code = check_area_code(run.mapping.area_code)
        except AreaCodeError as exc:
            raise MappingError(exc.message_ja, exc.message_en, code="bad-area-code") from exc
        return pd.Series(code, index=run.frame.index)

    def parse(value: Any) -> str | None:
        try:
            return check_area_code(value)
        except AreaCodeError:
            return None

    return _read(run, cells, parse, "団体コードとして読めません。", "not an area code.")


def _when(value: Any, kind: str, source: str) -> Any:
    """A cell as the table's date (population, households) or year (vital, migration)."""
    day: dt.date | None = None
    year: int | None = None
    if isinstance(value, dt.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        parsed = parse_year(int(value)) if float(value).is_integer() else None
        year = parsed.year if parsed else None
    elif isinstance(value, str):
        day = parse_wareki_date(value)
        month = parse_wareki_month(value) if day is None else None
        day = dt.date(*month, 1) if month else day
        parsed = parse_year(value) if day is None else None
        year = parsed.year if parsed else None
    if kind in ("vital", "migration"):
        return day.year if day else year
    if day is not None:
        return day
    return population_date(year, source) if year is not None else None


def _date(run: _Run, source: str) -> pd.Series:
    kind = run.mapping.kind
    cells = run.cells(run.mapping.date)
    if cells is None:
        if run.mapping.fixed_date is None:
            raise MappingError(
                "年・年月日の列か、固定の年・日付を指定してください。",
                "Give the year/date column or a fixed year or date.",
                code="date-required",
            )
        return pd.Series(
            [_when(run.mapping.fixed_date, kind, source)] * len(run.frame),
            index=run.frame.index,
            dtype=object,
        )
    what = ("年", "a year") if kind in ("vital", "migration") else ("日付・年", "a date or year")
    return _read(
        run,
        cells,
        lambda v: _when(v, kind, source),
        f"{what[0]}として読めません。",
        f"not {what[1]}.",
    )


def _label(
    run: _Run,
    name: str | None,
    fixed: str | None,
    parse: Callable[[Any], Any],
    what: tuple[str, str],
) -> pd.Series:
    cells = run.cells(name)
    if cells is None:
        if fixed is None:
            raise MappingError(
                f"{what[0]}の列か、固定の値を指定してください。",
                f"Give the {what[1]} column or a fixed value.",
                code="column-required",
            )
        value = parse(fixed)
        if value is None:
            raise MappingError(
                f"「{fixed}」は{what[0]}として読めません。",
                f"{fixed!r} is not a {what[1]}.",
                code="bad-fixed-value",
            )
        return pd.Series([value] * len(run.frame), index=run.frame.index, dtype=object)
    return _read(run, cells, parse, f"{what[0]}として読めません。", f"not a {what[1]}.")


def _value(run: _Run) -> pd.Series:
    cells = run.cells(run.mapping.value)
    assert cells is not None

    def parse(value: Any) -> int | float | None:
        number = as_number(value)
        if number is None and isinstance(value, str):
            number = parse_number(value)
        return number

    numbers = cells.values.map(parse)
    missing = cells.values.isna() & ~_dropped(run)
    for index in numbers.index[numbers.isna() & ~missing & ~_dropped(run)]:
        if len(run.errors) < MAX_ERRORS:
            run.error(
                int(index), cells, cells.values[index], "数値ではありません。", "not a number."
            )
    if missing.any():
        count, row = int(missing.sum()), file_row(run.table, int(missing.idxmax()))
        run.warnings.append(
            warn(
                "missing-value",
                f"「{cells.column.name}」が空欄・秘匿の {count} 行（{row} 行目など）は"
                "読み込んでいません。",
                f"{count} row(s) with a blank or secret {cells.column.name!r} "
                f"(the first on row {row}) were left out.",
                row=row,
                column=cells.column,
            )
        )
    run.drop = _dropped(run) | missing
    return numbers


def _raise_errors(run: _Run) -> None:
    if not run.errors:
        return
    located = [e for e in run.errors if e.get("row") is not None]
    more = len(run.errors) - len(located)
    first = located[0]
    suffix_ja = f"（ほか {len(run.errors) - 1} 件）" if len(run.errors) > 1 else ""
    suffix_en = f" ({len(run.errors) - 1} more)" if len(run.errors) > 1 else ""
    details = located + ([{"code": "more", "count": more}] if more else [])
    raise MappingError(
        first["message_ja"] + suffix_ja, first["message_en"] + suffix_en, details=details
    )


def _differences(run: _Run, name: str | None) -> pd.Series:
    """Rows labelled 差/増減 in the event/direction column: derived, left out."""
    cells = run.cells(name) if name else None
    if cells is None:
        return pd.Series(False, index=run.frame.index)
    return cells.values.map(lambda v: is_difference(v)).astype(bool)


def map_table(table: Table, mapping: Mapping) -> tuple[StatTable, list[Problem]]:
    """`apply_mapping`, also returning the warnings (rows left out as blank or secret)."""
    run = _Run(table, mapping, table.data.to_pandas())
    prov = mapping.provenance or Provenance(source="other")
    kind = mapping.kind
    if kind not in ("population", "vital", "migration", "households"):
        raise MappingError(f"「{kind}」という表の種類はありません。", f"Unknown kind {kind!r}.")
    run.drop = _differences(run, mapping.event if kind == "vital" else mapping.direction)
    value = _value(run)
    columns: dict[str, pd.Series] = {
        "area_code": _area(run),
        "date" if kind in ("population", "households") else "year": _date(run, prov.source),
        "value": value,
    }
    if kind in ("population", "migration"):
        columns["sex"] = _label(run, mapping.sex, mapping.fixed_sex, parse_sex, ("性別", "sex"))
        ages = _label(run, mapping.age, mapping.fixed_age, parse_age, ("年齢", "age"))
        columns["age"] = ages.map(lambda a: a.label if a else None)
        columns["age_from"] = ages.map(lambda a: a.age_from if a else None)
        columns["age_to"] = ages.map(lambda a: a.age_to if a else None)
    if kind == "vital":
        columns["event"] = _label(
            run,
            mapping.event,
            mapping.fixed_event,
            parse_event,
            ("出生・死亡の別", "birth/death event"),
        )
    if kind == "migration":
        columns["direction"] = _label(
            run,
            mapping.direction,
            mapping.fixed_direction,
            parse_direction,
            ("転入・転出の別", "in/out direction"),
        )
        for target in ("counterpart_code", "counterpart_name"):
            cells = run.cells(getattr(mapping, target))
            columns[target] = cells.values if cells is not None else None  # type: ignore[assignment]
    _raise_errors(run)
    frame = pd.DataFrame({k: v for k, v in columns.items() if v is not None})
    kept = ~_dropped(run)
    names = _district_names(run, frame["area_code"], kept)
    rows = frame[kept].to_dict("records")
    return build(kind, rows, prov, names), run.warnings


def _district_names(run: _Run, codes: pd.Series, kept: pd.Series) -> dict[str, str]:
    """District and small-area names (地区名, 町丁名) from the name column, by code: the area
    master names municipalities, but only the file names its own districts."""
    cells = run.cells(run.mapping.area_name)
    if cells is None:
        return {}
    found = {}
    for code, name in zip(codes[kept], cells.values[kept], strict=True):
        if (
            isinstance(code, str)
            and district_parent(code)
            and isinstance(name, str)
            and name.strip()
        ):
            found.setdefault(code, name.strip()[:100])
    return found


def apply_mapping(table: Table, mapping: Mapping) -> StatTable:
    """The file as one standard table, following the mapping screen's choices.

    Raises MappingError naming each bad cell's file row and column (up to 20), in Japanese and
    English; rows with a blank or secret value are left out (see `map_table` for the count).
    """
    stat, _ = map_table(table, mapping)
    return stat


_STORED_FIELDS = tuple(
    f for f in Mapping.__dataclass_fields__ if f not in ("provenance", "fixed_date")
)


def mapping_as_dict(mapping: Mapping) -> dict[str, Any]:
    """The mapping as JSON, kept with the series it made so the next version is read alike."""
    data = {name: getattr(mapping, name) for name in _STORED_FIELDS}
    when = mapping.fixed_date
    data["fixed_date"] = when.isoformat() if isinstance(when, dt.date) else when
    if mapping.provenance is not None:
        p = mapping.provenance
        data["provenance"] = {
            "source": p.source,
            "vintage": p.vintage,
            "is_projection": p.is_projection,
        }
    return data


def mapping_from_dict(data: dict[str, Any]) -> Mapping:
    """The inverse of `mapping_as_dict`; unknown keys are refused, not ignored."""
    values = dict(data)
    provenance = values.pop("provenance", None)
    when = values.pop("fixed_date", None)
    unknown = set(values) - set(_STORED_FIELDS)
    if unknown:
        raise MappingError(
            f"対応づけに不明な項目があります: {', '.join(sorted(unknown))}",
            f"Unknown mapping fields: {', '.join(sorted(unknown))}",
        )
    if isinstance(when, str):
        when = dt.date.fromisoformat(when)
    return Mapping(
        **values,
        fixed_date=when,
        provenance=Provenance(**provenance) if provenance else None,
    )
