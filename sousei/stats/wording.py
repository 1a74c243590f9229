"""How figures are written in findings: 和暦 years, thousands separators, the true minus sign.

Japanese text uses 和暦 (H30, R1 … in figures; 平成30年, 令和元年 in the sentence), English
text uses western years. Negative numbers carry U+2212 (−), as printed statistics do, not
the ASCII hyphen.
"""

from __future__ import annotations

import datetime as dt

from sousei.ingest.wareki import ERAS, Era
from sousei.stats.frames import as_timestamp
from sousei.stats.tables import age_bounds

MINUS = "\u2212"


def _era_on(day: dt.date) -> Era:
    era = next((e for e in reversed(ERAS) if e.start <= day), None)
    if era is None:
        raise ValueError(f"{day} is before 明治")
    return era


def _day_of(when: object) -> dt.date:
    """A calendar year stands for its last day (2019 → 令和元年); a date for itself."""
    if isinstance(when, int) and not isinstance(when, bool):
        return dt.date(when, 12, 31)
    return as_timestamp(when).date()


def wareki_short(when: object) -> str:
    """和暦 in letters: 2018 → "H30", 2019 → "R1" (a year is named by the era at its end)."""
    day = _day_of(when)
    era = _era_on(day)
    return f"{era.letter}{day.year - era.offset}"


def wareki_long(when: object) -> str:
    """和暦 in full: 2018 → "平成30年", 2019 → "令和元年"."""
    day = _day_of(when)
    era = _era_on(day)
    year = day.year - era.offset
    return f"{era.name}{'元' if year == 1 else year}年"


def western_year(when: object) -> str:
    """The western year of a year or date, for English text."""
    return str(_day_of(when).year)


def number(value: float) -> str:
    """1953 → "1,953"; −1327 → "−1,327" (true minus)."""
    text = f"{round(value):,}"
    return text.replace("-", MINUS)


def signed(value: float) -> str:
    """A change with its sign: "+394", "−394", "0"."""
    text = number(value)
    return f"+{text}" if round(value) > 0 else text


def percent(value: float, digits: int = 1) -> str:
    """28.63 → "28.6%"; negatives with the true minus."""
    return f"{value:.{digits}f}%".replace("-", MINUS)


def age_ja(label: str) -> str:
    """Age class as written in Japanese: "20-24" → "20〜24歳", "90+" → "90歳以上"."""
    low, high = age_bounds(label)
    if low is None:
        return "年齢不詳" if label == "unknown" else "総数"
    if high is None:
        return f"{low}歳以上"
    return f"{low}歳" if low == high else f"{low}〜{high}歳"


def age_en(label: str) -> str:
    """Age class in English: "20-24" → "20–24", "90+" → "90 and over"."""
    low, high = age_bounds(label)
    if low is None:
        return "unknown age" if label == "unknown" else "all ages"
    if high is None:
        return f"{low} and over"
    return str(low) if low == high else f"{low}–{high}"
