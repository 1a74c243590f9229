"""KPI actuals taken from data (データ連携): a statistics series of the organisation's area, a
catalog dataset column summed per fiscal year, or a region's members' KPI of the same name.

A link is written as text so it travels in the workbook:
- ``統計:出生数`` (also 死亡数, 自然増減, 転入数, 転出数, 社会増減, 総人口, 年少人口, 生産年齢人口,
  老年人口, 高齢化率) — calendar year N is taken as fiscal year N;
- ``データ:<dataset name>:<column>[:合計|平均|件数|最大|最小]`` — the year comes from the
  dataset's year column (年度, 年) or its first date column, as a fiscal year;
- ``圏域:合計`` or ``圏域:平均`` — a region's KPI rolled up from its members' KPIs of the same name.

Values from data are stored as actuals of origin "data", refreshed when a new dataset version
lands, when statistics are stored, and when a member's actuals change; a manual value for the
same year stays an override.
"""

from __future__ import annotations

from django.db import transaction

from sousei.strategy.links import STAT_LINKS, DataLink, parse_link
from sousei.strategy.models import Actual, Change, Indicator, Origin, Strategy
from sousei.strategy.selectors import effective_actuals

YEAR_NAMES = ("年度", "年", "fiscal_year", "year")


def _stats_values(link: DataLink, strategy: Strategy) -> dict[int, float]:
    from sousei.stats.area import natural_change_rows, population_rows, social_change_rows

    area = strategy.organisation.area_id
    if area is None:
        return {}
    table, key = STAT_LINKS[link.target]
    rows = {
        "population": population_rows,
        "natural": natural_change_rows,
        "social": social_change_rows,
    }[table](area)
    return {int(row["year"]): float(row[key]) for row in rows if row.get(key) is not None}


def _year_column(columns: list[dict]) -> dict | None:
    for test in (
        lambda c: c["type"] == "year",
        lambda c: c["name"] in YEAR_NAMES and c["type"] in ("integer", "year"),
        lambda c: c["type"] in ("date", "year_month"),
    ):
        found = next((c for c in columns if test(c)), None)
        if found:
            return found
    return None


def _dataset_values(link: DataLink, strategy: Strategy) -> dict[int, float]:
    """The column aggregated per fiscal year over the current version of the dataset's first
    resource that has it. Only the strategy's own organisation's datasets are read."""
    from sousei.catalog.models import Resource
    from sousei.catalog.services import warehouse

    resources = Resource.objects.filter(
        dataset__name=link.target,
        dataset__organisation=strategy.organisation,
        current_version__isnull=False,
    )
    for resource in resources:
        version = resource.versions.filter(version=resource.current_version).first()
        columns = version.report["columns"] if version else []
        value = next((c for c in columns if link.column in (c["name"], c["machine_name"])), None)
        year = _year_column(columns)
        if value is None or year is None:
            continue
        return warehouse().per_fiscal_year(
            resource.warehouse_id,
            value=value["machine_name"],
            year=year["machine_name"],
            year_type=year["type"],
            how=link.how,
        )
    return {}


def _region_values(link: DataLink, strategy: Strategy, indicator: Indicator) -> dict[int, float]:
    """The members' effective actuals of the KPI with the same name, per year."""
    region = strategy.organisation.region
    if region is None:
        return {}
    members = Indicator.objects.filter(
        name=indicator.name,
        is_retired=False,
        strategy__is_archived=False,
        strategy__organisation__area__in=region.members.all(),
    ).prefetch_related("actuals")
    per_year: dict[int, list[float]] = {}
    for member in members:
        for year, value in effective_actuals(member).items():
            per_year.setdefault(year, []).append(value)
    return {
        year: sum(values) / len(values) if link.target == "avg" else sum(values)
        for year, values in sorted(per_year.items())
    }


def link_values(indicator: Indicator) -> dict[int, float] | None:
    """The actuals the indicator's data link gives; None when it has no link."""
    link = parse_link(indicator.data_link)
    if link is None:
        return None
    if link.kind == "stats":
        return _stats_values(link, indicator.strategy)
    if link.kind == "dataset":
        return _dataset_values(link, indicator.strategy)
    return _region_values(link, indicator.strategy, indicator)


@transaction.atomic
def refresh_indicator(indicator: Indicator) -> int:
    """Bring the indicator's actuals from data in line with its link, from the baseline year
    on (earlier years say nothing about the strategy); returns the number of years changed."""
    first = indicator.baseline_year or indicator.strategy.start_year
    values = {y: v for y, v in (link_values(indicator) or {}).items() if y >= first}
    existing = {a.year: a for a in indicator.actuals.filter(origin=Origin.DATA)}
    changed = 0
    for year in sorted(set(existing) | set(values)):
        old = existing[year].value if year in existing else None
        new = values.get(year)
        if old == new:
            continue
        if new is None:
            existing[year].value = None  # the source no longer has it; kept, not deleted
            existing[year].save(update_fields=["value", "updated_at"])
        else:
            Actual.objects.update_or_create(
                indicator=indicator,
                year=year,
                origin=Origin.DATA,
                defaults={"value": new, "source": indicator.data_link},
            )
        Change.objects.create(
            strategy=indicator.strategy,
            indicator=indicator,
            field=f"actual:{year}",
            old=old,
            new=new,
            via="data",
        )
        changed += 1
    return changed


def refresh_links(strategy: Strategy) -> int:
    changed = 0
    for indicator in strategy.indicators.filter(is_retired=False).select_related(
        "strategy__organisation__region"
    ):
        if indicator.data_link or indicator.actuals.filter(origin=Origin.DATA).exists():
            changed += refresh_indicator(indicator)
    return changed


def refresh_dataset_links(*, dataset) -> int:
    """After a new version of `dataset`: every KPI of its organisation reading from it."""
    changed = 0
    for strategy in Strategy.objects.filter(
        organisation=dataset.organisation,
        is_archived=False,
        indicators__data_link__contains=dataset.name,
    ).distinct():
        changed += refresh_links(strategy)
    return changed


def refresh_area_links(area_codes: list[str]) -> int:
    """After statistics for these areas are stored: their strategies' 統計 links."""
    changed = 0
    for strategy in Strategy.objects.filter(
        organisation__area_id__in=area_codes, is_archived=False
    ):
        changed += refresh_links(strategy) + refresh_regions_of(strategy)
    return changed


def refresh_regions_of(strategy: Strategy) -> int:
    """A member's actuals feed its regions' roll-up KPIs."""
    area = strategy.organisation.area_id
    if area is None:
        return 0
    return sum(
        refresh_links(region_strategy)
        for region_strategy in Strategy.objects.filter(
            organisation__region__members=area, is_archived=False
        )
    )
