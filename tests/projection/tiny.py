"""The tiny population of the hand-computed test, as an input object.

Men: 100 × (class + 1) in 2020 (100 … 1,900); 生残率 0.9 everywhere; 純移動率 0 into 5-9,
−0.1 into 10-14 … 85-89 (so S + M = 0.8), +0.1 into the open class (S + M = 1.0).
Women: 1,000 in every class; 生残率 1.0 except 0.5 for the open class; 純移動率 +0.2 into
15-19, 0 elsewhere. CWR 0.2 in 2025, 0.1 in 2030; sex ratio 100 in 2025, 150 in 2030.
"""

from __future__ import annotations

import copy

TINY = {
    "code": "tiny",
    "base_year": 2020,
    "population": {"male": [100 * (x + 1) for x in range(19)], "female": [1000] * 19},
    "survival": {"male": [0.9] * 18, "female": [1.0] * 17 + [0.5]},
    "net_migration": {
        "male": [0.0] + [-0.1] * 16 + [0.1],
        "female": [0.0, 0.0, 0.2] + [0.0] * 15,
    },
    "child_woman_ratio": [0.2, 0.1],
    "sex_ratio_0_4": [100.0, 150.0],
    "tfr_base": [1.5, 1.5],
}


def tiny(**changes: object) -> dict:
    """A fresh copy of the tiny input, with top-level fields replaced."""
    data = copy.deepcopy(TINY)
    data.update(changes)
    return data
