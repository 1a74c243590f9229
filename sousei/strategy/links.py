"""データ連携: the text a KPI's cell holds to take its actuals from data, read into a `DataLink`
(pure; the workbook checks it while reading, `sources` follows it).

- ``統計:出生数`` (also 死亡数, 自然増減, 転入数, 転出数, 社会増減, 総人口, 年少人口, 生産年齢人口,
  老年人口, 高齢化率) — the organisation's statistics;
- ``データ:<dataset name>:<column>[:合計|平均|件数|最大|最小]`` — a dataset column per fiscal year;
- ``圏域:合計`` or ``圏域:平均`` — a region's KPI rolled up from its members' KPIs of the same name.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sousei.errors import InvalidInput

STAT_LINKS: dict[str, tuple[str, str]] = {
    "総人口": ("population", "total"),
    "年少人口": ("population", "age_0_14"),
    "生産年齢人口": ("population", "age_15_64"),
    "老年人口": ("population", "age_65_plus"),
    "高齢化率": ("population", "aging_rate"),
    "出生数": ("natural", "births"),
    "死亡数": ("natural", "deaths"),
    "自然増減": ("natural", "natural_change"),
    "転入数": ("social", "moves_in"),
    "転出数": ("social", "moves_out"),
    "社会増減": ("social", "social_change"),
}
AGGREGATES = {"合計": "sum", "平均": "avg", "件数": "count", "最大": "max", "最小": "min"}
PREFIXES = {
    "統計": "stats",
    "stats": "stats",
    "データ": "dataset",
    "dataset": "dataset",
    "圏域": "region",
    "region": "region",
}
ROLLUPS = {"合計": "sum", "平均": "avg", "sum": "sum", "avg": "avg"}


@dataclass(frozen=True)
class DataLink:
    kind: str  # stats, dataset, region
    target: str  # statistic label, dataset name, or roll-up (sum/avg)
    column: str = ""
    how: str = "sum"


def _bad_link(text: str) -> InvalidInput:
    return InvalidInput(
        f"データ連携「{text}」を読めません。「統計:出生数」「データ:データセット名:列名:合計」"
        "「圏域:合計」の形で書いてください。",
        f"Cannot read the data link {text!r}; write 統計:出生数, "
        "データ:<dataset>:<column>:合計 or 圏域:合計.",
        code="invalid_data_link",
    )


def parse_link(text: str) -> DataLink | None:
    """The link written in a KPI's データ連携 cell; None when the cell is empty."""
    cleaned = unicodedata.normalize("NFKC", text or "").strip()
    if not cleaned:
        return None
    parts = [part.strip() for part in cleaned.split(":")]
    kind = PREFIXES.get(parts[0])
    if kind == "stats" and len(parts) == 2 and parts[1] in STAT_LINKS:
        return DataLink("stats", parts[1])
    if kind == "region" and len(parts) == 2 and parts[1] in ROLLUPS:
        return DataLink("region", ROLLUPS[parts[1]])
    if kind == "dataset" and len(parts) in (3, 4) and parts[1] and parts[2]:
        how = AGGREGATES.get(parts[3]) if len(parts) == 4 else "sum"
        if how:
            return DataLink("dataset", parts[1], parts[2], how)
    raise _bad_link(text)
