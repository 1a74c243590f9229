"""Reading the labels Japanese statistics tables use for sex, age, events and years.

The standard tables (`sousei.stats.tables`) speak one vocabulary: sex total|male|female, age
"0-4" / "85+" / "5" / "total" / "unknown", event births|deaths, direction in|out. Files speak
many: 男・女・総数・計, 0～4歳・０～４歳・5-9・85歳以上・100歳～・15歳未満・年齢不詳, 出生・死亡,
転入・転出, years as H30・R1・平成30年・令和元年度・2018年. Each parser here returns None for a
label it does not know, so a caller can tell "not this kind of label" from "this label, this value".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sousei.ingest.text import nfkc
from sousei.ingest.wareki import parse_fiscal_year, parse_wareki_year

_SPACES = re.compile(r"[\s\u3000]+")
_DASH = "~〜～\\-－−–—‐ー"


def _fold(label: str) -> str:
    """NFKC (０→0, ～→~), no spaces, lower case: the form every parser compares."""
    return _SPACES.sub("", nfkc(str(label))).lower()


# --- sex (性別) -------------------------------------------------------------------------------

_SEX = {
    "male": ("男", "男性", "男子", "男性計", "男計", "male", "males", "m", "man", "men"),
    "female": ("女", "女性", "女子", "女性計", "女計", "female", "females", "f", "woman", "women"),
    "total": ("総数", "計", "合計", "総計", "男女計", "男女", "総人口", "total", "all", "both"),
}
_SEX_BY_LABEL = {_fold(text): sex for sex, texts in _SEX.items() for text in texts}


def parse_sex(label: object) -> str | None:
    """男/男性 → "male", 女/女性 → "female", 総数/計/合計/男女計 → "total"; else None."""
    if label is None:
        return None
    return _SEX_BY_LABEL.get(_fold(str(label)).strip("＊*()（）"))


# --- age (年齢) -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Age:
    """An age class as the standard tables label it, with its bounds in years."""

    label: str
    age_from: int | None
    age_to: int | None


TOTAL_AGE = Age("total", None, None)
UNKNOWN_AGE = Age("unknown", None, None)

_AGE_TOTAL = {_fold(t) for t in ("総数", "計", "合計", "総計", "年齢計", "全年齢", "total", "all")}
_AGE_UNKNOWN = {_fold(t) for t in ("不詳", "年齢不詳", "unknown", "不明", "年齢不明")}
_NUM = r"(\d{1,3})"
_YRS = r"(?:歳|才)?"
_RANGE = re.compile(rf"^{_NUM}{_YRS}[{_DASH}]{_NUM}{_YRS}$")
_OPEN = re.compile(rf"^{_NUM}{_YRS}(?:以上|[{_DASH}]|\+|over|andover)$")
_UNDER = re.compile(rf"^{_NUM}{_YRS}未満$")
_SINGLE = re.compile(rf"^{_NUM}{_YRS}$")


def parse_age(label: object) -> Age | None:
    """0～4歳 → "0-4", 85歳以上/100歳～/90+ → "85+", 15歳未満 → "0-14", 5歳 → "5",
    総数/計 → "total", 不詳/年齢不詳 → "unknown"; None for anything else."""
    if label is None:
        return None
    text = _fold(str(label)).removeprefix("年齢")
    text = text.removeprefix("(").removesuffix(")")
    if text in _AGE_TOTAL:
        return TOTAL_AGE
    if text in _AGE_UNKNOWN:
        return UNKNOWN_AGE
    if m := _RANGE.match(text):
        low, high = int(m[1]), int(m[2])
        return Age(f"{low}-{high}", low, high) if low <= high else None
    if m := _OPEN.match(text):
        return Age(f"{int(m[1])}+", int(m[1]), None)
    if m := _UNDER.match(text):
        high = int(m[1]) - 1
        return Age(f"0-{high}", 0, high) if high >= 0 else None
    if m := _SINGLE.match(text):
        return Age(str(int(m[1])), int(m[1]), int(m[1]))
    return None


def is_restatement(label: object) -> bool:
    """再掲 columns ("再_65歳以上", "（再掲）75歳以上") repeat people already counted."""
    return "再" in nfkc(str(label))


# --- events and directions (出生・死亡・転入・転出) -------------------------------------------

_EVENTS = {
    "births": ("出生", "出生数", "出生者数", "births", "birth"),
    "deaths": ("死亡", "死亡数", "死亡者数", "deaths", "death"),
}
_DIRECTIONS = {
    "in": ("転入", "転入数", "転入者数", "転入者", "in", "movesin", "in-migration"),
    "out": ("転出", "転出数", "転出者数", "転出者", "out", "movesout", "out-migration"),
}
_DIFFERENCE = (
    "差",
    "差引",
    "差引き",
    "増減",
    "自然増減",
    "社会増減",
    "自然動態",
    "社会動態",
    "転入超過",
    "転出超過",
    "difference",
    "net",
)
_EVENT_BY_LABEL = {_fold(t): e for e, texts in _EVENTS.items() for t in texts}
_DIRECTION_BY_LABEL = {_fold(t): d for d, texts in _DIRECTIONS.items() for t in texts}
_DIFFERENCE_LABELS = {_fold(t) for t in _DIFFERENCE}


def _core(label: object) -> str:
    """A row label without a bracketed unit or note: 出生数（人） → 出生数."""
    return re.sub(r"\(.*?\)|\[.*?\]", "", _fold(str(label)))


def parse_event(label: object) -> str | None:
    """出生/出生数 → "births", 死亡/死亡数 → "deaths" (人口動態); else None."""
    return None if label is None else _EVENT_BY_LABEL.get(_core(label))


def parse_direction(label: object) -> str | None:
    """転入/転入者数 → "in", 転出/転出者数 → "out" (住民基本台帳人口移動); else None."""
    return None if label is None else _DIRECTION_BY_LABEL.get(_core(label))


def is_difference(label: object) -> bool:
    """差/増減/自然増減/社会増減: a row derived from two others, checked and not stored."""
    return label is not None and _core(label) in _DIFFERENCE_LABELS


_POPULATION = {_fold(t) for t in ("総人口", "人口", "人口総数", "住民基本台帳人口", "population")}
_HOUSEHOLDS = {_fold(t) for t in ("世帯数", "世帯", "households", "一般世帯数")}


def is_population_total(label: object) -> bool:
    """総人口/人口/人口総数: the whole population of an area (all ages, both sexes)."""
    return label is not None and _core(label) in _POPULATION


def is_households(label: object) -> bool:
    """世帯数: households (世帯), a table of their own."""
    return label is not None and _core(label) in _HOUSEHOLDS


# --- years (年・年度) -------------------------------------------------------------------------

_PLAIN_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)(?:年)?$")
_FY = re.compile(r"^fy(\d{4})$")


@dataclass(frozen=True)
class Year:
    """A year header: the Western year, and whether it is a fiscal year (年度, April–March)."""

    year: int
    fiscal: bool = False


def parse_year(label: object) -> Year | None:
    """H30/平成30年 → 2018, R1/令和元年 → 2019, 2018/2018年 → 2018, 令和元年度/FY2019 → 2019
    (fiscal); None for anything else (including bare numbers outside 1800–2099)."""
    if label is None or isinstance(label, bool):
        return None
    if isinstance(label, int):
        return Year(label) if 1800 <= label <= 2099 else None
    text = _fold(str(label)).removesuffix("現在")
    if m := _PLAIN_YEAR.match(text):
        return Year(int(m[1]))
    if m := _FY.match(text):
        return Year(int(m[1]), fiscal=True)
    year = parse_wareki_year(text)
    if year is not None:
        return Year(year)
    fiscal = parse_fiscal_year(text)
    return Year(fiscal, fiscal=True) if fiscal is not None else None
