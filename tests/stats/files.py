"""Where the stats tests find their files: small fixtures here, real files in ../shared/data."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"


def fixture(name: str) -> Path:
    path = DATA / name
    assert path.exists(), f"fixture missing: {path}"
    return path
