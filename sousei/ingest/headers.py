"""Column names from one or more header rows (見出し行), units out of names, machine names.

Names. Each header cell is cleaned (trimmed, one space between words, 均等割り gaps such as
"総 数" closed, trailing footnote marks like "(a)", "2)" dropped) and a unit in brackets at the end
is moved to `unit` ("歳出額（千円）" → "歳出額", "千円"). With several header rows:

- a *code row* (every cell an ASCII identifier, e.g. SSDSE's `A1101`) gives machine names, not
  names, as long as another row gives names;
- a *year row* (cells are years, e.g. SSDSE's 2020 per column) is left out of names unless
  names would repeat without it; it stays in `ColumnReport.header`;
- the other rows are *label rows*: an empty cell under a label that spans columns (a merged cell)
  takes the label on its left, and the labels are joined top to bottom with "_" ("人口_男").

Machine names: the code-row cell when there is one; else the ASCII words of the name joined with
"_" ("人口Population_総数 Total" → "population_total") when there is at least one letter; else
"c" + the column number in the file ("c3"). Lower case [a-z0-9_], never empty, at most 60
characters, starting with a letter, and unique in the table ("_2", "_3" … on repeats).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sousei.ingest import numbers, wareki
from sousei.ingest.report import WARNING, Problem
from sousei.ingest.text import ascii_words, clean_label, nfkc, strip_footnotes

# Units written in brackets at the end of a header (as NFKC text): money, people, area, shares.
_UNITS = (
    "円", "千円", "万円", "百万円", "億円", "十億円",
    "人", "千人", "万人", "世帯", "千世帯", "戸", "件", "所", "か所", "箇所", "校", "台", "床",
    "人/km2", "人/km^2", "%", "‰", "ポイント", "pt", "倍", "歳", "年", "か月", "ヶ月", "月", "日",
    "時間", "分", "km2", "km^2", "k㎡", "㎢", "m2", "㎡", "ha", "km", "m", "t", "kg", "トン",
    "千トン", "kl", "l", "kwh", "mwh", "百万kwh", "回", "冊", "頭", "羽", "本", "棟", "店", "社",
    "事業所", "胎", "組",
)  # fmt: skip
_UNIT_SET = frozenset(nfkc(u).lower() for u in _UNITS)
_UNIT_AT_END = re.compile(
    r"[（(\[［]\s*(?:単位\s*[:：]\s*)?(?P<unit>[^()（）\[\]［］]{1,12}?)\s*[）)\]］]$"
)
_UNIT_IN_TEXT = re.compile(r"単位\s*[:：]\s*(?P<unit>[^\s()（）、,]{1,12})")
_CODE_CELL = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")
_CODE_NAME = re.compile(r"コード|番号|ＣＤ|ＩＤ")
_CODE_WORDS = frozenset({"cd", "id", "code", "tel", "zip"})
_MAX_MACHINE = 60


def _unit_text(value: str) -> str:
    """Full-width ASCII folded ("％" → "%", "ｋｍ２" → "km2"), symbols like ㎢ kept as written."""
    return "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in value).strip()


def split_unit(label: str) -> tuple[str, str | None]:
    """ "歳出額（千円）" → ("歳出額", "千円"); "総人口（男）" stays, 男 being no unit."""
    match = _UNIT_AT_END.search(label)
    if not match:
        return label, None
    unit = _unit_text(match.group("unit"))
    if nfkc(unit).lower() not in _UNIT_SET:
        return label, None
    return label[: match.start()].rstrip(), unit


def unit_in_text(text: str) -> str | None:
    """ "（単位：千円）" in a title row → "千円", a unit for every numeric column without one."""
    match = _UNIT_IN_TEXT.search(text)
    return _unit_text(match.group("unit")) if match else None


def tidy(cell: str) -> tuple[str, str | None]:
    """A header cell as a name part and its unit: cleaned, footnote marks dropped."""
    label = clean_label(cell)
    if split_unit(label)[1] is None:  # "延長(m)": a unit, not the footnote "m)"
        label, _ = strip_footnotes(label)
    return split_unit(label)


def is_code_row(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip()]
    return bool(filled) and all(_CODE_CELL.fullmatch(nfkc(c)) for c in filled)


def is_year_cell(cell: str) -> bool:
    value = numbers.normalize(cell)
    if re.fullmatch(r"(?:18|19|20|21)\d{2}", value):
        return True
    return (
        wareki.parse_wareki_year(value) is not None or wareki.parse_fiscal_year(value) is not None
    )


def is_year_row(cells: list[str]) -> bool:
    """Mostly years ("2020", "令和2年度"), the rest short labels such as "年度"."""
    filled = [c for c in cells if c.strip()]
    years = sum(is_year_cell(c) for c in filled)
    return years >= 2 and years >= 0.6 * len(filled)


def looks_like_code_column(name: str) -> bool:
    """コード, 番号 (郵便番号, 電話番号), CD, ID …: identifiers, text even when all digits."""
    return bool(_CODE_NAME.search(name)) or bool(set(ascii_words(name)) & _CODE_WORDS)


@dataclass
class HeaderColumn:
    index: int  # 1-based column number in the file
    name: str
    unit: str | None
    code: str | None
    cells: list[str] = field(default_factory=list)


def _fill_spans(rows: list[list[str]]) -> list[list[str]]:
    """Upper label rows: an empty cell with a label below it takes the label on its left."""
    filled = [list(r) for r in rows]
    for upper in range(len(filled) - 1):
        row = filled[upper]
        for col in range(1, len(row)):
            below = any(filled[lower][col] for lower in range(upper + 1, len(filled)))
            if not row[col] and below and row[col - 1]:
                left_below = any(filled[lower][col - 1] for lower in range(upper + 1, len(filled)))
                if left_below:
                    row[col] = row[col - 1]
    return filled


def _join(parts: list[str] | tuple[str, ...]) -> str:
    out: list[str] = []
    for part in parts:
        if part and (not out or out[-1] != part):
            out.append(part)
    return "_".join(out)


def _names(parts: list[list[str]], width: int) -> list[str]:
    filled = _fill_spans(parts) if len(parts) > 1 else parts
    return [_join([r[c] for r in filled]) for c in range(width)]


def _disambiguate(names: list[str], extra: list[list[str]]) -> list[str]:
    """Add year/code parts, but only to the names that repeat ("人口" ×3 → "人口_2015" …)."""
    if not extra:
        return names
    seen: dict[str, int] = {}
    for name in names:
        if name:
            seen[name] = seen.get(name, 0) + 1
    out = []
    for c, name in enumerate(names):
        if name and seen[name] > 1:
            name = _join([name, *(r[c] for r in extra)])
        out.append(name)
    return out


def build_header(rows: list[list[str]], width: int, first_column: int = 1) -> list[HeaderColumn]:
    """One `HeaderColumn` per column from the header rows (each padded to `width`)."""
    raw = [[(r[i] if i < len(r) else "") for i in range(width)] for r in rows]
    tidied = [[tidy(c) for c in r] for r in raw]
    labels = [[label for label, _ in r] for r in tidied]
    kinds = ["label"] * len(rows)
    if len(rows) > 1:
        kinds = ["code" if is_code_row(r) else "year" if is_year_row(r) else "label" for r in raw]
        if "label" not in kinds:
            kinds = ["label" if k == "code" else k for k in kinds]
        if "label" not in kinds:
            kinds = ["label"] * len(rows)
    names = _names([labels[i] for i, k in enumerate(kinds) if k == "label"], width)
    names = _disambiguate(names, [labels[i] for i, k in enumerate(kinds) if k == "year"])
    names = _disambiguate(names, [labels[i] for i, k in enumerate(kinds) if k == "code"])
    code_row = kinds.index("code") if "code" in kinds else None
    columns = []
    for c in range(width):
        units = [r[c][1] for r in tidied if r[c][1]]
        code = labels[code_row][c] if code_row is not None and labels[code_row][c] else None
        columns.append(
            HeaderColumn(
                index=first_column + c,
                name=names[c],
                unit=units[-1] if units else None,
                code=code,
                cells=[r[c] for r in raw],
            )
        )
    return columns


def machine_name(column: HeaderColumn) -> str:
    words = ascii_words(column.code) if column.code else ascii_words(column.name)
    if not any(re.search(r"[a-z]", w) for w in words):
        return f"c{column.index}"
    slug = "_".join(words)
    if not slug[0].isalpha():
        slug = f"c{slug}"
    return slug[:_MAX_MACHINE].rstrip("_")


def _unique(value: str, taken: set[str], limit: int | None = None) -> str:
    if value not in taken:
        return value
    n = 2
    while True:
        suffix = f"_{n}"
        base = value[: limit - len(suffix)] if limit else value
        candidate = f"{base}{suffix}"
        if candidate not in taken:
            return candidate
        n += 1


def finish_names(columns: list[HeaderColumn]) -> tuple[list[str], list[str], list[Problem]]:
    """Names (blank → 列3, repeats → _2) and machine names, with warnings for both fixes."""
    problems: list[Problem] = []
    names: list[str] = []
    taken: set[str] = set()
    for column in columns:
        name = column.name
        if not name:
            name = f"列{column.index}"
            problems.append(
                Problem(
                    code="blank-header",
                    message_ja=f"{column.index} 列目に見出しがありません。「{name}」とします。",
                    message_en=f"Column {column.index} has no header; it is named "
                    f"{name!r} (column {column.index}).",
                    column=column.index,
                    column_name=name,
                    severity=WARNING,
                )
            )
        unique = _unique(name, taken)
        if unique != name:
            problems.append(
                Problem(
                    code="duplicate-header",
                    message_ja=f"見出し「{name}」が重複しています（{column.index} 列目）。"
                    f"「{unique}」とします。",
                    message_en=f"Header {name!r} is repeated (column {column.index}); "
                    f"it is renamed {unique!r}.",
                    column=column.index,
                    column_name=unique,
                    severity=WARNING,
                )
            )
        taken.add(unique)
        names.append(unique)
    machines: list[str] = []
    used: set[str] = set()
    for column in columns:
        slug = _unique(machine_name(column), used, _MAX_MACHINE)
        used.add(slug)
        machines.append(slug)
    return names, machines, problems
