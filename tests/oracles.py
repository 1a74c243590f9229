"""Published facts used as test oracles across the suite."""

# (code, name, prefecture, kind, parent) from the issue: 全国地方公共団体コード with check digits.
AREA_ORACLES = [
    ("032093", "一関市", "岩手県", "city", "030007"),
    ("332020", "倉敷市", "岡山県", "city", "330001"),
    ("011002", "札幌市", "北海道", "designated_city", "010006"),
    ("011011", "札幌市中央区", "北海道", "ward", "011002"),
    ("131016", "千代田区", "東京都", "special_ward", "130001"),
    ("282103", "加古川市", "兵庫県", "city", "280003"),
    ("322091", "雲南市", "島根県", "city", "320005"),
]
