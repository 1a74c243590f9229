"""Projection against reality: how far the counted population is from a stored projection.

The question Ichinoseki's council asked (seed 004): the vision estimated 112,500 for 2020 and
the census counted 111,932 — ``gap = actual − projected = −568``, ``percent = gap ÷ projected
× 100 = −0.50%`` — 「推計以上に人口減少が進んでいる」. The projection can be any published
series (the vision's own estimate, an IPSS vintage); the actual counts a census or 住基.

The sentence assumes the projection foresaw decline (the usual case) unless `base` — the count
the projection started from — shows it foresaw growth; then it speaks of growth instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sousei.stats.findings import Finding
from sousei.stats.wording import MINUS, number, percent, signed, wareki_long, western_year


@dataclass(frozen=True)
class RealityGap:
    """One year: the projected and the actual population and how far apart they are."""

    year: int
    projected: float
    actual: float

    @property
    def gap(self) -> float:
        """actual − projected: negative when fewer people live there than projected."""
        return self.actual - self.projected

    @property
    def percent_gap(self) -> float:
        """The gap as a percentage of the projection."""
        return self.gap / self.projected * 100

    def as_dict(self) -> dict[str, float | int]:
        return {
            "year": self.year,
            "projected": self.projected,
            "actual": self.actual,
            "gap": self.gap,
            "percent_gap": round(self.percent_gap, 2),
        }


def reality_gaps(projected: Mapping[int, float], actual: Mapping[int, float]) -> list[RealityGap]:
    """A gap for every year both series have, oldest first."""
    years = sorted(set(projected) & set(actual))
    return [RealityGap(y, float(projected[y]), float(actual[y])) for y in years]


_WORDS = {
    # (projected growth?, actual below projection?) → (ja, en, kind)
    (False, True): (
        "推計以上に人口減少が進んでいる",
        "the population fell further than projected",
        "concern",
    ),
    (False, False): (
        "推計ほど人口減少が進んでいない",
        "the population fell less than projected",
        "positive",
    ),
    (True, True): (
        "推計ほど人口が増えていない",
        "the population grew less than projected",
        "concern",
    ),
    (True, False): (
        "推計以上に人口が増えている",
        "the population grew more than projected",
        "positive",
    ),
}


def reality_finding(
    gap: RealityGap,
    *,
    source_ja: str = "国勢調査",
    source_en: str = "census",
    base: float | None = None,
) -> Finding:
    """The finding sentence, e.g. 「令和2年は推計以上に人口減少が進んでいる（推計 112,500 人、
    国勢調査 111,932 人）。差は −568 人（−0.50%）。」"""
    figures = {**gap.as_dict(), "source": source_en}
    counts_ja = f"推計 {number(gap.projected)} 人、{source_ja} {number(gap.actual)} 人"
    counts_en = f"projected {number(gap.projected)}, {source_en} {number(gap.actual)}"
    when_ja, when_en = wareki_long(gap.year), western_year(gap.year)
    if round(gap.gap) == 0:
        return Finding(
            "projection-vs-reality",
            f"{when_ja}の人口はほぼ推計どおりとなっている（{counts_ja}）",
            f"In {when_en} the population was as projected ({counts_en}).",
            figures,
        )
    growth = base is not None and gap.projected > base
    ja, en, kind = _WORDS[(growth, gap.gap < 0)]
    share = _signed_percent(gap.percent_gap)
    return Finding(
        "projection-vs-reality",
        f"{when_ja}は{ja}（{counts_ja}）。差は {signed(gap.gap)} 人（{share}）。",
        f"In {when_en} {en} ({counts_en}); the gap is {signed(gap.gap)} ({share}).",
        figures,
        kind,
    )


def _signed_percent(value: float) -> str:
    """−0.50% / +1.20% (two decimals: a vision misses by fractions of a percent)."""
    text = percent(value, 2)
    return text if text.startswith(MINUS) or round(value, 2) == 0 else f"+{text}"
