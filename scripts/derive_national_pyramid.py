"""Derive sousei/stats/data/japan_pyramid.json from the national census series.

    .venv/bin/python scripts/derive_national_pyramid.py ../shared/data/japan-pyramid-1920-2020.csv

The CSV has columns year, sex (男性/女性), age (0~4歳 … 100歳以上), value.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sousei.projection.schedule import pyramids_from_csv
from sousei.stats.reference import NATIONAL_FILE


def main(source: str) -> None:
    pyramids = pyramids_from_csv(Path(source))
    data = {
        "source": "総務省統計局「国勢調査」（男女・5歳階級別人口、全国）",
        "years": {
            str(year): {"male": [int(v) for v in p[0]], "female": [int(v) for v in p[1]]}
            for year, p in sorted(pyramids.items())
        },
    }
    NATIONAL_FILE.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written: {NATIONAL_FILE}")


if __name__ == "__main__":
    main(sys.argv[1])
