"""Reading stored statistics back as standard tables, for the analyses, pages and API.

An area's table of one kind comes from one series, never a blend: mixing 住基 and 人口動態統計
births, or census and register populations, in one trend would invent changes. The series
covering the most years wins (the newest import on a tie); the others stay stored and listed.
Rankings read the newest figure of every municipality. Stored projections (人口ビジョン, 社人研
推計) are never read as counts; `projection_tables` reads them for comparison with the counts.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db.models import Count, Max, Q

from sousei.stats.models import StatSeries, StatValue
from sousei.stats.tables import TABLE_COLUMNS

MEASURES = {
    "population": ("population",),
    "households": ("households",),
    "vital": ("births", "deaths"),
    "migration": ("in", "out"),
}
VALUE_FIELDS = (  # a stored figure's columns, as pages and exports read them
    "series_id",
    "area_code",
    "measure",
    "date",
    "year",
    "sex",
    "age",
    "age_from",
    "age_to",
    "counterpart_code",
    "counterpart_name",
    "value",
)


@dataclass(frozen=True)
class SeriesView:
    id: str
    kind: str
    source: str
    vintage: str
    is_projection: bool
    layout: str
    dataset: str | None
    version: int | None


def _key(row: dict[str, Any]) -> tuple:
    return tuple(row[f] for f in VALUE_FIELDS[1:-1])


def _latest_rows(values: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per figure, from the newest series (values arrive newest series first)."""
    seen: dict[tuple, dict[str, Any]] = {}
    for row in values:
        seen.setdefault(_key(row), row)
    return list(seen.values())


def _query(kind: str, area_filter: Q) -> list[dict[str, Any]]:
    rows = (
        StatValue.objects.filter(area_filter, measure__in=MEASURES[kind])
        .exclude(series__is_projection=True)
        .order_by("-series__created_at", "id")
        .values(*VALUE_FIELDS)
    )
    return list(rows)


def _frame(kind: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    columns = TABLE_COLUMNS[kind]
    if not rows:
        return pd.DataFrame(columns=[*columns, "series_id"])
    frame = pd.DataFrame(rows)
    if kind == "vital":
        frame["event"] = frame["measure"]
    if kind == "migration":
        frame["direction"] = frame["measure"]
        frame["counterpart_code"] = frame["counterpart_code"].replace("", None)
        frame["counterpart_name"] = frame["counterpart_name"].replace("", None)
    if "date" in columns:
        frame["date"] = pd.to_datetime(frame["date"])
    frame["series_id"] = frame["series_id"].astype(str)
    return frame[[*columns, "series_id"]].sort_values(columns[:-1]).reset_index(drop=True)


def _one_series(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of the series with the most years (rows arrive newest series first)."""
    years: dict[Any, set[int]] = {}
    for row in rows:
        years.setdefault(row["series_id"], set()).add(row["year"])
    if len(years) <= 1:
        return rows
    best = max(years, key=lambda series_id: len(years[series_id]))  # first max = newest
    return [row for row in rows if row["series_id"] == best]


_SCOPE: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "stats_scope", default=None
)


@contextlib.contextmanager
def request_scope() -> Iterator[None]:
    """Within one request the store stamp is read once: a dashboard asks for it dozens of
    times, and a page shows one state of the store. Storing a series clears it."""
    token = _SCOPE.set({})
    try:
        yield
    finally:
        _SCOPE.reset(token)


def stamp_forget() -> None:
    """The store changed: the next `store_stamp` in this request reads it again."""
    scope = _SCOPE.get()
    if scope is not None:
        scope.clear()


def store_stamp() -> tuple[int, str]:
    """Changes whenever a series is imported or removed: the key for caching derived figures."""
    scope = _SCOPE.get()
    if scope is not None and "stamp" in scope:
        return scope["stamp"]
    found = StatSeries.objects.aggregate(count=Count("id"), newest=Max("created_at"))
    stamp = found["count"], str(found["newest"])
    if scope is not None:
        scope["stamp"] = stamp
    return stamp


def stat_table(kind: str, area_code: str) -> pd.DataFrame:
    """The standard table of `kind` for one area, with a `series_id` column for provenance.
    Read once per area and store state: a dashboard asks for the same table several times."""
    return _stat_table(store_stamp(), kind, area_code).copy()


@functools.lru_cache(maxsize=1024)
def _stat_table(stamp: tuple[int, str], kind: str, area_code: str) -> pd.DataFrame:
    return _frame(kind, _latest_rows(_one_series(_query(kind, Q(area_code=area_code)))))


def district_table(kind: str, area_code: str) -> pd.DataFrame:
    """The standard table of an area's districts and small areas (codes `<area>-…`)."""
    return _frame(kind, _latest_rows(_query(kind, Q(area_code__startswith=f"{area_code}-"))))


def series_views(series_ids: Iterable[str]) -> list[SeriesView]:
    found = StatSeries.objects.filter(pk__in=set(series_ids)).select_related(
        "resource_version__resource__dataset"
    )
    return [
        SeriesView(
            id=str(s.pk),
            kind=s.kind,
            source=s.source,
            vintage=s.vintage,
            is_projection=s.is_projection,
            layout=s.layout,
            dataset=s.resource_version.resource.dataset.name if s.resource_version else None,
            version=s.resource_version.version if s.resource_version else None,
        )
        for s in found
    ]


def national_table(
    kind: str, *, sex: str | None = None, ages: Iterable[str] | None = None
) -> pd.DataFrame:
    """Every municipality's rows of `kind` (no districts), newest import first, for rankings.
    `sex` and `ages` narrow the rows read: a ranking needs a few of the 31,000 per census."""
    rows = (
        StatValue.objects.filter(measure__in=MEASURES[kind])
        .exclude(area_code__contains="-")
        .exclude(series__is_projection=True)
    )
    if sex is not None:
        rows = rows.filter(sex=sex)
    if ages is not None:
        rows = rows.filter(age__in=list(ages))
    tuples = rows.order_by("-series__created_at", "id").values_list(*VALUE_FIELDS)
    frame = pd.DataFrame.from_records(list(tuples), columns=list(VALUE_FIELDS))
    frame = frame.drop_duplicates(subset=list(VALUE_FIELDS[1:-1]), keep="first")
    return _frame(kind, frame.to_dict("records"))


def projection_tables(area_code: str) -> list[tuple[SeriesView, pd.DataFrame]]:
    """Every stored projection of the area as a population table, newest import first."""
    rows = (
        StatValue.objects.filter(
            area_code=area_code, measure="population", series__is_projection=True
        )
        .order_by("-series__created_at", "id")
        .values(*VALUE_FIELDS)
    )
    by_series: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_series.setdefault(str(row["series_id"]), []).append(row)
    views = {v.id: v for v in series_views(by_series)}
    return [(views[sid], _frame("population", found)) for sid, found in by_series.items()]
