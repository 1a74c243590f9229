"""Keeps KPI actuals taken from data current: a new dataset version, new statistics."""

from __future__ import annotations

from typing import Any


def on_version_published(sender: Any, *, version: Any, **kwargs: Any) -> None:
    from sousei.strategy.models import Strategy

    dataset = version.resource.dataset
    if not Strategy.objects.filter(
        organisation=dataset.organisation, indicators__data_link__contains=dataset.name
    ).exists():
        return
    from sousei.strategy.sources import refresh_dataset_links

    refresh_dataset_links(dataset=dataset)


def on_statistics_stored(sender: Any, *, area_codes: list[str], **kwargs: Any) -> None:
    from sousei.strategy.models import Strategy

    if not Strategy.objects.filter(organisation__area_id__in=area_codes).exists():
        return
    from sousei.strategy.sources import refresh_area_links

    refresh_area_links(area_codes)
