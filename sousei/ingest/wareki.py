"""和暦 (Japanese era dates) → ISO dates, year-months and years. Pure functions.

Accepted, after NFKC (so full-width digits and letters work) and with spaces and trailing footnote
marks ("平成20年 a)") removed:

- years: 令和2年, 令和2, R2, R02, H30年, 平成元年, 2020年; 元年 and 21年 only with `era=` (the era
  carried from the row above);
- fiscal years (年度, April to March) as their starting year: 平成30年度 → 2018, R2年度, 2018年度;
- year-months: 令和2年4月, H30/4, R2.4, 2020年4月, 2020/4, 2020-04;
- dates: 令和2年4月1日, R2.4.1, H30/4/1, 2020年4月1日, 2020/4/1, 2020-04-01, and kanji numerals
  (令和二年四月一日).

Eras: 明治 (M) 1868, 大正 (T) 1912, 昭和 (S) 1926, 平成 (H) 1989, 令和 (R) 2019. A year past an
era's end is accepted, as plans written before 2019 say "平成32年度"; a date before the era's first
day is not.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sousei.ingest.text import nfkc, strip_footnotes


@dataclass(frozen=True)
class Era:
    name: str  # 元号
    letter: str
    start: dt.date  # first day of the era

    @property
    def offset(self) -> int:
        """Gregorian year = era year + offset."""
        return self.start.year - 1


ERAS = (
    Era("明治", "M", dt.date(1868, 10, 23)),
    Era("大正", "T", dt.date(1912, 7, 30)),
    Era("昭和", "S", dt.date(1926, 12, 25)),
    Era("平成", "H", dt.date(1989, 1, 8)),
    Era("令和", "R", dt.date(2019, 5, 1)),
)
_BY_KEY = {e.name: e for e in ERAS} | {e.letter: e for e in ERAS}
_MAX_ERA_YEAR = 99

_ERA = r"(?P<era>明治|大正|昭和|平成|令和|[MTSHR](?=\d))"
_EYEAR = r"(?P<year>元|\d{1,2})"
_GYEAR = r"(?P<gyear>\d{4})"
_M = r"(?P<month>\d{1,2})"
_D = r"(?P<day>\d{1,2})"
_SEP = r"[./\-]"

_YEAR_PATTERNS = (
    re.compile(rf"{_ERA}{_EYEAR}年?"),
    re.compile(rf"{_GYEAR}年"),
    re.compile(rf"{_EYEAR}年"),
)
_FISCAL_PATTERNS = (
    re.compile(rf"{_ERA}{_EYEAR}年度"),
    re.compile(rf"{_GYEAR}年度"),
    re.compile(rf"{_EYEAR}年度"),
    re.compile(r"FY(?P<gyear>\d{4})"),
)
_MONTH_PATTERNS = (
    re.compile(rf"{_ERA}{_EYEAR}年{_M}月"),
    re.compile(rf"{_ERA}{_EYEAR}{_SEP}{_M}"),
    re.compile(rf"{_GYEAR}年{_M}月"),
    re.compile(rf"{_GYEAR}[/\-]{_M}"),
    re.compile(rf"{_EYEAR}年{_M}月"),
)
_DATE_PATTERNS = (
    re.compile(rf"{_ERA}{_EYEAR}年{_M}月{_D}日"),
    re.compile(rf"{_ERA}{_EYEAR}(?P<sep>{_SEP}){_M}(?P=sep){_D}"),
    re.compile(rf"{_GYEAR}年{_M}月{_D}日"),
    re.compile(rf"{_GYEAR}(?P<sep>[./\-]){_M}(?P=sep){_D}(?:T?00:00(?::00)?)?"),
    re.compile(rf"{_EYEAR}年{_M}月{_D}日"),
)

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_KANJI_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_NUMBER = re.compile(r"[〇零一二三四五六七八九十]+")


def _kanji_to_int(text: str) -> int:
    """漢数字 up to 99 (二十三 → 23) or digit by digit (二〇二〇 → 2020)."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_KANJI_DIGITS.get(tens, 1) if tens else 1) * 10 + (
            _KANJI_DIGITS.get(ones, 0) if ones else 0
        )
    return int("".join(str(_KANJI_DIGITS[c]) for c in text))


def _prepare(text: str) -> str:
    """NFKC, no spaces, no trailing footnote marks, kanji numerals as digits."""
    value = re.sub(r"\s+", "", nfkc(text))
    value, _ = strip_footnotes(value)
    value = _KANJI_NUMBER.sub(lambda m: str(_kanji_to_int(m.group(0))), value)
    if re.match(r"[mtshr]\d|fy\d", value):
        value = (
            value[:2].upper() + value[2:]
            if value.startswith("fy")
            else value[0].upper() + value[1:]
        )
    return value


def _era_year(match: re.Match[str], era: str | None) -> int | None:
    """The Gregorian year of a match, using `era` when the text has none ("21年")."""
    groups = match.groupdict()
    if groups.get("gyear"):
        return int(groups["gyear"])
    key = groups.get("era") or era
    if key is None or key not in _BY_KEY:
        return None
    number = 1 if groups["year"] == "元" else int(groups["year"])
    if not 1 <= number <= _MAX_ERA_YEAR:
        return None
    return _BY_KEY[key].offset + number


def _first(patterns: tuple[re.Pattern[str], ...], value: str) -> re.Match[str] | None:
    for pattern in patterns:
        match = pattern.fullmatch(value)
        if match:
            return match
    return None


def era_of(text: str) -> str | None:
    """The era named in a value ("平成" for "平成20年", "H30/4"), else None."""
    match = re.match(_ERA, _prepare(text))
    return _BY_KEY[match.group("era")].name if match else None


def needs_era(text: str) -> bool:
    """True for era-less forms that only make sense with the era above ("21年", "元年4月")."""
    value = _prepare(text)
    return bool(re.fullmatch(rf"{_EYEAR}年(?:度|{_M}月(?:{_D}日)?)?", value))


def parse_wareki_year(text: str, *, era: str | None = None) -> int | None:
    """令和2年 → 2020, R1 → 2019, 平成元年 → 1989, 2020年 → 2020; 21年 needs `era`."""
    match = _first(_YEAR_PATTERNS, _prepare(text))
    return _era_year(match, era) if match else None


def parse_fiscal_year(text: str, *, era: str | None = None) -> int | None:
    """年度 as its starting year: 平成30年度 → 2018 (April 2018 to March 2019)."""
    match = _first(_FISCAL_PATTERNS, _prepare(text))
    return _era_year(match, era) if match else None


def parse_wareki_month(text: str, *, era: str | None = None) -> tuple[int, int] | None:
    """令和2年4月, H30/4, 2020-04 → (year, month)."""
    match = _first(_MONTH_PATTERNS, _prepare(text))
    if not match:
        return None
    year = _era_year(match, era)
    month = int(match.group("month"))
    if year is None or not 1 <= month <= 12:
        return None
    return year, month


def parse_wareki_date(text: str, *, era: str | None = None) -> dt.date | None:
    """令和2年4月1日, R2.4.1, 2020/4/1 → date; None for anything else or an impossible date."""
    match = _first(_DATE_PATTERNS, _prepare(text))
    if not match:
        return None
    year = _era_year(match, era)
    if year is None:
        return None
    try:
        day = dt.date(year, int(match.group("month")), int(match.group("day")))
    except ValueError:
        return None
    key = match.groupdict().get("era") or era
    if key and day < _BY_KEY[key].start:
        return None
    return day


def to_wareki(day: dt.date, *, letters: bool = False) -> str:
    """The 和暦 for a date: 2020-04-01 → "令和2年4月1日" (letters: "R2.4.1"); 元年 for year 1."""
    era = next((e for e in reversed(ERAS) if e.start <= day), None)
    if era is None:
        raise ValueError(f"{day} is before 明治 (1868-10-23)")
    year = day.year - era.offset
    if letters:
        return f"{era.letter}{year}.{day.month}.{day.day}"
    shown = "元" if year == 1 else str(year)
    return f"{era.name}{shown}年{day.month}月{day.day}日"


def fiscal_year_wareki(year: int) -> str:
    """年度 in 和暦 without 年度: 2024 → "令和6", 2019 → "令和元", 1989 → "平成元".

    A fiscal year is named by the era it ends its calendar year in, as municipalities write
    令和元年度 for April 2019–March 2020 although 令和 began in May.
    """
    era = next(e for e in reversed(ERAS) if e.start <= dt.date(year, 12, 31))
    shown = year - era.offset
    return f"{era.name}{'元' if shown == 1 else shown}"


def year_month_iso(year: int, month: int) -> str:
    """(2020, 4) → "2020-04", the year_month form the tables hold."""
    return f"{year:04d}-{month:02d}"
