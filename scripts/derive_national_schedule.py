"""Derive sousei/projection/data/national_schedule.json from IPSS's national projection.

    .venv/bin/python scripts/derive_national_schedule.py \
        ../shared/data/japan-pyramid-projection-2015-2065.csv
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sousei.projection.schedule import SCHEDULE_FILE, pyramids_from_csv, schedule_from_pyramids


def main(source: str) -> None:
    schedule = schedule_from_pyramids(pyramids_from_csv(Path(source)))
    text = json.dumps(schedule.as_dict(), ensure_ascii=False, indent=1)
    SCHEDULE_FILE.write_text(text + "\n", encoding="utf-8")
    print(f"written: {SCHEDULE_FILE}")


if __name__ == "__main__":
    main(sys.argv[1])
