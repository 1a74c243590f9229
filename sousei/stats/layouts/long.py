"""Long tables (縦持ちの表): one row per area × date × sex × age, columns named as people name them.

地域コード/市区町村コード/団体コード, 年/年度/時点/年月日, 性別/男女, 年齢/年齢階級, 人口/人数/値 —
or the English words. The columns found become a `Mapping` and the rows go through
`apply_mapping`, so a recognised long table and a hand-mapped one are read the same way. A
区分/事象 column holding 出生・死亡 (or 転入・転出) makes a vital (or migration) table.
"""

from __future__ import annotations

from sousei.ingest import ColumnReport, Table
from sousei.stats.labels import parse_direction, parse_event
from sousei.stats.layouts.base import Context, Recognition, column_named, fixed_area, provenance
from sousei.stats.mapping import Mapping, map_table

LAYOUT = "long"

AREA = (
    "地域コード",
    "市区町村コード",
    "団体コード",
    "全国地方公共団体コード",
    "自治体コード",
    "標準地域コード",
    "code",
    "area_code",
    "areacode",
    "lgcode",
)
NAME = ("地区名", "地域名", "町丁名", "町丁・字名", "町名", "字名", "area_name", "district")
COUNTERPART_CODE = ("相手先コード", "転入元・転出先コード", "従前住所地コード", "counterpart_code")
COUNTERPART_NAME = (
    "相手先",
    "転入元・転出先",
    "従前住所地・転出先",
    "counterpart",
    "counterpart_name",
)
DATE = ("年月日", "時点", "基準日", "調査日", "date", "年月", "調査時点")
YEAR = ("年", "年度", "調査年", "西暦", "和暦", "year", "時間軸(年次)", "時間軸(調査年)")
SEX = ("性別", "男女", "男女別", "性", "sex", "gender")
AGE = (
    "年齢",
    "年齢階級",
    "年齢区分",
    "年齢(5歳階級)",
    "年齢5歳階級",
    "年齢各歳",
    "age",
    "age_group",
    "age_class",
)
VALUE = ("人口", "人数", "値", "value", "population", "人口総数", "件数", "数", "人", "count")
EVENT = ("区分", "事象", "種別", "項目", "動態", "event", "direction", "移動")
HOUSEHOLDS = ("世帯数", "households")


def _numeric(column: ColumnReport | None) -> bool:
    return column is not None and column.type in ("integer", "decimal")


def _event_kind(table: Table, column: ColumnReport | None) -> str | None:
    """ "vital" when the column holds 出生/死亡, "migration" for 転入/転出, else None."""
    if column is None:
        return None
    values = set(table.data.column(column.machine_name).drop_null().unique().to_pylist())
    if values and any(parse_event(v) for v in values):
        return "vital"
    if values and any(parse_direction(v) for v in values):
        return "migration"
    return None


def guess_mapping(table: Table, context: Context) -> Mapping | None:
    """The mapping a long table's column names suggest, or None when they suggest none."""
    value = column_named(table, *VALUE)
    households = column_named(table, *HOUSEHOLDS)
    kind = "population"
    if not _numeric(value) and _numeric(households):
        value, kind = households, "households"
    if not _numeric(value):
        return None
    sex, age = column_named(table, *SEX), column_named(table, *AGE)
    date = column_named(table, *DATE) or column_named(table, *YEAR)
    event = column_named(table, *EVENT)
    kind = _event_kind(table, event) or kind
    if date is None or (kind == "population" and sex is None and age is None):
        return None
    area = column_named(table, *AREA)
    name = column_named(table, *NAME)
    counterpart_code = column_named(table, *COUNTERPART_CODE)
    counterpart_name = column_named(table, *COUNTERPART_NAME)
    return Mapping(
        kind=kind,  # type: ignore[arg-type]
        value=value.machine_name,  # type: ignore[union-attr]
        area=area.machine_name if area else None,
        area_code=context.area_code,
        area_name=name.machine_name if name and area else None,
        date=date.machine_name,
        sex=sex.machine_name if sex else None,
        age=age.machine_name if age else None,
        event=event.machine_name if event and kind == "vital" else None,
        direction=event.machine_name if event and kind == "migration" else None,
        counterpart_code=_if_migration(counterpart_code, kind),
        counterpart_name=_if_migration(counterpart_name, kind),
        provenance=provenance(context, table),
    )


def _if_migration(column: ColumnReport | None, kind: str) -> str | None:
    return column.machine_name if column is not None and kind == "migration" else None


_KIND_JA = {
    "population": "人口",
    "households": "世帯数",
    "vital": "出生・死亡",
    "migration": "転入・転出",
}


def read(table: Table, context: Context) -> Recognition | None:
    """A long table, or None when its column names do not say what it holds."""
    mapping = guess_mapping(table, context)
    if mapping is None:
        return None
    if mapping.area is None and mapping.area_code is None:
        fixed_area(
            context,
            what_ja=f"{_KIND_JA[mapping.kind]}の縦持ちの表",
            what_en=f"a long {mapping.kind} table",
        )
    stat, warnings = map_table(table, mapping)
    recognition = Recognition(LAYOUT, [stat], warnings=warnings)
    used = [
        c
        for c in (
            mapping.area,
            mapping.date,
            mapping.sex,
            mapping.age,
            mapping.event,
            mapping.direction,
            mapping.counterpart_code,
            mapping.counterpart_name,
            mapping.value,
        )
        if c
    ]
    names = "・".join(c.name for c in table.report.columns if c.machine_name in used)
    recognition.note(
        f"列（{names}）から{_KIND_JA[mapping.kind]}の縦持ちの表として読みました"
        f"（1表、{len(stat.frame):,}行）。",
        f"Read as a long {mapping.kind} table from the columns {names} "
        f"(1 table, {len(stat.frame):,} rows).",
    )
    return recognition
