"""A national-scale sanity check on real data: IPSS's 2017 national projection (medium
variant) rebuilt from its own implied ratios must come back cell for cell."""

import csv
import itertools
from collections import defaultdict

import numpy as np
import pytest

from sousei.projection import child_woman_ratio, parse_inputs, projection_run
from tests.conftest import shared_data

SEX = {"男性": "male", "女性": "female"}


def _pyramids() -> dict[int, np.ndarray]:
    """year → [2, 19], the classes 90-94, 95-99 and 100+ summed into 90+."""
    cells: dict[int, np.ndarray] = defaultdict(lambda: np.zeros((2, 19)))
    with shared_data("japan-pyramid-projection-2015-2065.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            low = int(row["age"].split("~")[0].replace("歳以上", ""))
            sex = 0 if SEX[row["sex"]] == "male" else 1
            cells[int(row["year"])][sex, min(low // 5, 18)] += float(row["value"])
    return dict(cells)


def _implied_input(pyramids: dict[int, np.ndarray]) -> dict:
    """Per step: S + M = P[x+5](t+5) / P[x](t) (split as 生残率 ≤ 1, the rest 純移動率),
    CWR and the 0-4 sex ratio of the year the step ends."""
    years = sorted(pyramids)
    ratios = []
    for a, b in itertools.pairwise(years):
        rate = pyramids[b][:, 1:].copy()
        rate[:, :-1] /= pyramids[a][:, :-2]
        rate[:, -1] /= pyramids[a][:, -2] + pyramids[a][:, -1]
        ratios.append(rate)
    ratios = np.array(ratios)  # [steps, 2, 18]
    survival = np.minimum(ratios, 1.0)
    later = [pyramids[y] for y in years[1:]]
    return {
        "base_year": years[0],
        "population": {
            "male": pyramids[years[0]][0].tolist(),
            "female": pyramids[years[0]][1].tolist(),
        },
        "survival": {s: survival[:, i].tolist() for i, s in enumerate(("male", "female"))},
        "net_migration": {
            s: (ratios - survival)[:, i].tolist() for i, s in enumerate(("male", "female"))
        },
        "child_woman_ratio": [float(child_woman_ratio(p)) for p in later],
        "sex_ratio_0_4": [float(p[0, 0] / p[1, 0] * 100) for p in later],
    }


def test_japan_2015_2065_reproduced_from_its_implied_ratios():
    pyramids = _pyramids()
    (result,) = projection_run(parse_inputs(_implied_input(pyramids)), to_year=2065)
    for y, year in enumerate(result.years):
        np.testing.assert_allclose(result.male[y], pyramids[year][0], rtol=1e-9)
        np.testing.assert_allclose(result.female[y], pyramids[year][1], rtol=1e-9)
    # IPSS 平成29年推計 (出生中位・死亡中位): 2065 = 88,077 thousand.
    assert result.total_in(2065) / 1000 == pytest.approx(88_077, abs=1)
