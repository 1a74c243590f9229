"""The national area master (全国地方公共団体コード一覧): every prefecture, municipality and ward.

The list ships with the package as ``data/areas.csv`` so the platform knows every area without a
network or a database; ``scripts/build_area_master.py`` regenerates it from Japan Post's data.
Pure Python: no Django imports, so scripts, migrations and tests can all use it.
"""

from __future__ import annotations

import csv
import enum
import functools
import io
from dataclasses import dataclass
from importlib import resources
from typing import Final

__all__ = [
    "MUNICIPALITY_KINDS",
    "AreaKind",
    "AreaRecord",
    "load_area_master",
]

CSV_COLUMNS: Final = (
    "code",
    "name",
    "kana",
    "kind",
    "prefecture_code",
    "prefecture",
    "parent_code",
    "district",
)


class AreaKind(enum.StrEnum):
    """Kind of area (団体区分); the value is what the CSV and the database store."""

    PREFECTURE = "prefecture"
    DESIGNATED_CITY = "designated_city"
    CITY = "city"
    TOWN = "town"
    VILLAGE = "village"
    SPECIAL_WARD = "special_ward"
    WARD = "ward"

    @property
    def label_ja(self) -> str:
        """Japanese name of the kind, as local government staff say it (e.g. 政令指定都市)."""
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English name of the kind, for the English interface and logs."""
        return _LABELS[self][1]


_LABELS: Final[dict[AreaKind, tuple[str, str]]] = {
    AreaKind.PREFECTURE: ("都道府県", "Prefecture"),
    AreaKind.DESIGNATED_CITY: ("政令指定都市", "Designated city"),
    AreaKind.CITY: ("市", "City"),
    AreaKind.TOWN: ("町", "Town"),
    AreaKind.VILLAGE: ("村", "Village"),
    AreaKind.SPECIAL_WARD: ("特別区", "Special ward"),
    AreaKind.WARD: ("行政区", "Ward"),
}

MUNICIPALITY_KINDS: Final[frozenset[AreaKind]] = frozenset(
    {
        AreaKind.DESIGNATED_CITY,
        AreaKind.CITY,
        AreaKind.TOWN,
        AreaKind.VILLAGE,
        AreaKind.SPECIAL_WARD,
    }
)
"""The kinds that make up the 1,741 市区町村: wards of designated cities (行政区) are not
municipalities in their own right, and prefectures are above them."""


@dataclass(frozen=True, slots=True)
class AreaRecord:
    """One row of the area master (団体コード一覧).

    ``parent_code`` is None for a prefecture, the prefecture's code for a municipality and the
    designated city's code for a ward (行政区). ``district`` is the 郡 of a town or village
    (e.g. 石狩郡), which Japan Post writes in front of its name; "" when there is none.
    """

    code: str
    name: str
    kana: str
    kind: AreaKind
    prefecture_code: str
    prefecture: str
    parent_code: str | None
    district: str

    @property
    def is_municipality(self) -> bool:
        """True for the 市区町村 (designated cities and special wards included, wards not)."""
        return self.kind in MUNICIPALITY_KINDS


def _record(row: dict[str, str]) -> AreaRecord:
    return AreaRecord(
        code=row["code"],
        name=row["name"],
        kana=row["kana"],
        kind=AreaKind(row["kind"]),
        prefecture_code=row["prefecture_code"],
        prefecture=row["prefecture"],
        parent_code=row["parent_code"] or None,
        district=row["district"],
    )


@functools.cache
def _load() -> tuple[AreaRecord, ...]:
    text = (resources.files("sousei.areas") / "data" / "areas.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if tuple(reader.fieldnames or ()) != CSV_COLUMNS:
        raise ValueError(
            f"areas.csv has columns {reader.fieldnames}, expected {list(CSV_COLUMNS)}; "
            "regenerate it with scripts/build_area_master.py"
        )
    return tuple(sorted((_record(row) for row in reader), key=lambda record: record.code))


def load_area_master() -> list[AreaRecord]:
    """Every prefecture, municipality and ward (都道府県・市区町村・行政区), sorted by code.

    Read once from the packaged CSV and cached; each call returns a fresh list so a caller that
    sorts or filters it in place cannot change what the next caller sees.
    """
    return list(_load())
