"""Where the ingest tests find their files; a missing file fails the test, never skips it."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "ingest"
SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def fixture(name: str) -> Path:
    """A small file made by tests/data/ingest/make_fixtures.py."""
    path = FIXTURES / name
    if not path.exists():
        pytest.fail(f"fixture missing: {path} (run tests/data/ingest/make_fixtures.py)")
    return path


def real(name: str) -> Path:
    """A real published file from ../shared/data (see its README)."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.fail(f"real test data missing: {path} (../shared/data must sit beside the repo)")
    return path
