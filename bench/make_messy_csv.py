"""Deterministic generator of a large CP932 CSV in the messy government style.

Title row, 和暦 months (R2年4月 …), quoted thousands ("1,234"), △ negatives, full-width digits
in some cells, secret markers (-, X, …). Usage:
    python bench/make_messy_csv.py OUT.csv [--rows 1000000]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

FULL_WIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")
MARKERS = ("-", "X", "…", "秘匿")
TOWNS = [
    f"{name}{n}丁目" for name in ("本町", "栄町", "緑町", "旭町", "昭和町") for n in range(1, 9)
]


def _wareki_month(i: int) -> str:
    year, month = 2015 + (i // 12) % 10, i % 12 + 1
    if year >= 2019 and not (year == 2019 and month < 5):
        return f"R{year - 2018}年{month}月"
    return f"H{year - 1988}年{month}月"


def _number(rng: random.Random, value: int) -> str:
    roll = rng.random()
    if roll < 0.02:
        return rng.choice(MARKERS)
    text = f"{abs(value):,}"
    if roll < 0.10:
        text = text.translate(FULL_WIDTH)
    sign = "△" if value < 0 else ""
    return f'"{sign}{text}"' if "," in text or "，" in text else sign + text


def write(path: Path, rows: int, seed: int = 20260401) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="cp932", newline="") as out:
        out.write("町丁別人口・世帯数の推移（サンプル市）\r\n")
        out.write("年月,地域コード,町丁名,世帯数,人口（人）,男,女,前月比増減\r\n")
        for i in range(rows):
            town = i % len(TOWNS)
            population = rng.randint(50, 12000)
            male = population * rng.randint(45, 52) // 100
            out.write(
                ",".join(
                    [
                        _wareki_month(i // len(TOWNS)),
                        f"{992011:06d}{town:03d}",
                        TOWNS[town],
                        _number(rng, population // 2),
                        _number(rng, population),
                        _number(rng, male),
                        _number(rng, population - male),
                        _number(rng, rng.randint(-40, 40)),
                    ]
                )
                + "\r\n"
            )
        out.write("資料：住民基本台帳（ベンチマーク用の架空データ）\r\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    write(args.output, args.rows)


if __name__ == "__main__":
    main()
