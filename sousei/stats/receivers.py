"""Signal receivers, kept apart from `services`: most published versions were never read as
statistics, and for them no command should pay for importing pandas and the analyses."""

from __future__ import annotations

from typing import Any


def on_version_published(sender: object, version: Any, **kwargs: Any) -> None:
    from sousei.stats.models import StatSeries

    if not StatSeries.objects.filter(resource_version__resource_id=version.resource_id).exists():
        return
    from sousei.stats.services import on_version_published as remap

    remap(sender, version=version, **kwargs)
