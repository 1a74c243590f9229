"""Small string helpers shared by the header, number and 和暦 parsers (pure, scalar)."""

from __future__ import annotations

import re
import unicodedata

# Whitespace seen around cell values: ASCII, full-width space (全角スペース), no-break space.
SPACES = " \t\r\n\f\v\u3000\u00a0"

_WS_RUN = re.compile(r"[\s\u3000\u00a0]+")
# 均等割り: Japanese tables space out short labels ("総 数", "神　戸　市"); the spaces are layout.
_CJK = r"\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_CJK_WORD = re.compile(rf"[{_CJK}]+")
# Footnote marks after a label or value: "(a)", "2)", "ｂ）", "1) 2)", "(a)/(b)", "※1", "*".
_FOOTNOTE = re.compile(
    r"(?:\s*(?:[(（][a-zａ-ｚ][)）]/[(（][a-zａ-ｚ][)）]"
    r"|(?<![A-Za-zＡ-Ｚａ-ｚ0-9０-９])[(（]?[a-zａ-ｚA-ZＡ-Ｚ0-9０-９][)）]"
    r"|[(（][a-zａ-ｚ0-9０-９]{1,2}[)）]"
    r"|※\s*[0-9０-９]*|[*＊]+))+$"
)


def trim(value: str) -> str:
    """Strip ASCII and full-width spaces (全角スペース) from both ends."""
    return value.strip(SPACES)


def nfkc(value: str) -> str:
    """NFKC folds full-width digits and letters (１２３ → 123, ＵＲＬ → URL), as the readers do."""
    return unicodedata.normalize("NFKC", value)


def clean_label(value: str) -> str:
    """A header or title as a person reads it: trimmed, one space between words, no 均等割り gaps.

    A space goes when the words on both sides are all kanji/kana and one of them is a single
    character ("総 数" → "総数", "神　戸　市" → "神戸市"); "人口　平成27年" keeps its space.
    """
    out: list[str] = []
    previous = ""
    for word in _WS_RUN.sub(" ", value).strip().split(" "):
        spaced = (len(previous) == 1 or len(word) == 1) and all(
            _CJK_WORD.fullmatch(w) for w in (previous, word)
        )
        if out and spaced:
            out[-1] += word
        else:
            out.append(word)
        previous = word
    return " ".join(out)


def strip_footnotes(value: str) -> tuple[str, str]:
    """Split trailing footnote marks off a label: "人口 平成27年 (a)" → ("人口 平成27年", "(a)")."""
    match = _FOOTNOTE.search(value)
    if not match or match.start() == 0:
        return value, ""
    return value[: match.start()].rstrip(SPACES), match.group(0).strip(SPACES)


def ascii_words(value: str) -> list[str]:
    """ASCII letter/digit runs after NFKC, lower-cased: "人口Population_総数 Total" → [population,
    total]."""
    return re.findall(r"[a-z0-9]+", nfkc(value).lower())
