"""Shared fixtures: the test database holds the national area master and the demo region."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def shared_data(name: str) -> Path:
    """A real public file from ../shared/data; its absence fails the test loudly."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.fail(f"real test data missing: {path} (../shared/data must sit beside the repo)")
    return path


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the area master and the demo once per session; tests roll back their own changes."""
    from sousei.areas.services import area_master_sync
    from sousei.demo import demo_load

    with django_db_blocker.unblock():
        area_master_sync()
        demo_load()
