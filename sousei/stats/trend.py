"""Trend (傾向): whether a yearly series is rising, falling or flat, by one documented rule.

The rule: fit a least-squares line through the values against the year; multiply its slope by
the span of years to get the fitted change over the period; the series is "increasing"
(増加傾向) when that change is at least `TREND_THRESHOLD` (2%) of the mean absolute level,
"decreasing" (減少傾向) when it is at most −2%, else "flat" (横ばい). Fewer than
`MIN_TREND_YEARS` (3) values give no trend at all: two points are a change, not a trend.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

Trend = Literal["increasing", "decreasing", "flat"]

TREND_THRESHOLD = 0.02
MIN_TREND_YEARS = 3


def slope(years: Sequence[float], values: Sequence[float]) -> float:
    """Least-squares slope of the values per year (最小二乗法による傾き)."""
    x = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    if len(x) != len(y) or len(x) < 2:
        raise ValueError("a slope needs at least two (year, value) pairs of equal length")
    x_mean = x.mean()
    return float(((x - x_mean) * (y - y.mean())).sum() / ((x - x_mean) ** 2).sum())


def relative_change(years: Sequence[float], values: Sequence[float]) -> float:
    """Fitted change over the period as a fraction of the mean absolute level."""
    level = float(np.abs(np.asarray(values, dtype=float)).mean())
    span = float(max(years) - min(years))
    fitted = slope(years, values) * span
    if level == 0:
        return 0.0 if fitted == 0 else float(np.sign(fitted))
    return fitted / level


def trend(
    years: Sequence[float], values: Sequence[float], *, threshold: float = TREND_THRESHOLD
) -> Trend | None:
    """The direction of a series under the rule above; None with fewer than 3 values."""
    if len(values) < MIN_TREND_YEARS:
        return None
    change = relative_change(years, values)
    if change >= threshold:
        return "increasing"
    if change <= -threshold:
        return "decreasing"
    return "flat"
