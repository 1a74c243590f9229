"""Licences open-data portals in Japan use, by the ids CKAN portals give them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    id: str
    title_ja: str
    title_en: str
    url: str
    open: bool = True


LICENCES: tuple[Licence, ...] = (
    Licence(
        "cc-by-4.0",
        "クリエイティブ・コモンズ 表示 4.0 国際",
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/deed.ja",
    ),
    Licence(
        "cc-by-sa-4.0",
        "クリエイティブ・コモンズ 表示-継承 4.0 国際",
        "Creative Commons Attribution-ShareAlike 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/deed.ja",
    ),
    Licence(
        "cc-by-21-jp",
        "クリエイティブ・コモンズ 表示 2.1 日本",
        "Creative Commons Attribution 2.1 Japan",
        "https://creativecommons.org/licenses/by/2.1/jp/",
    ),
    Licence(
        "cc-zero",
        "CC0 1.0 全世界 パブリック・ドメイン提供",
        "Creative Commons CCZero 1.0",
        "https://creativecommons.org/publicdomain/zero/1.0/deed.ja",
    ),
    Licence(
        "japanese-20",
        "政府標準利用規約（第2.0版）",
        "Government of Japan Standard Terms of Use (Version 2.0)",
        "https://www.digital.go.jp/resources/open_data",
    ),
    Licence(
        "japanese-10",
        "政府標準利用規約（第1.0版）",
        "Government of Japan Standard Terms of Use (Version 1.0)",
        "https://www.digital.go.jp/resources/open_data",
    ),
    Licence(
        "pdl-1.0",
        "公共データ利用規約（第1.0版）",
        "Public Data License (Version 1.0)",
        "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0",
    ),
    Licence(
        "odc-odbl",
        "Open Data Commons Open Database License",
        "Open Data Commons Open Database License (ODbL)",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    Licence("other-open", "その他（オープン）", "Other (Open)", "", open=True),
    Licence("notspecified", "未指定", "License not specified", "", open=False),
)

LICENCES_BY_ID: dict[str, Licence] = {licence.id: licence for licence in LICENCES}
DEFAULT_LICENCE = "cc-by-4.0"

# Other spellings met in CKAN portals (BODIK's register, CKAN core), mapped to ours.
ALIASES: dict[str, str] = {
    "cc-by": "cc-by-4.0",
    "cc-by-40-intl": "cc-by-4.0",
    "cc-by-sa": "cc-by-sa-4.0",
    "cc0": "cc-zero",
    "cc0-1.0": "cc-zero",
    "gov-jp-2.0": "japanese-20",
}


def licence_resolve(value: str) -> Licence | None:
    """Our licence for an id or a known alias (case-insensitive); None when unknown."""
    key = value.strip().lower()
    return LICENCES_BY_ID.get(ALIASES.get(key, key))
