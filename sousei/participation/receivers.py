"""A data request waiting for a dataset is answered when that dataset's first version lands."""

from __future__ import annotations

from typing import Any


def on_version_published(sender: Any, *, version: Any, **kwargs: Any) -> None:
    from sousei.participation.services import requests_fulfil

    requests_fulfil(dataset=version.resource.dataset)
