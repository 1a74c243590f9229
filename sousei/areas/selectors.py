"""Reads of areas and regions, returning plain dataclasses for pages, API and CLI alike."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Q

from sousei.areas.codes import AreaCodeError, normalize_area_code
from sousei.areas.master import MUNICIPALITY_KINDS, AreaKind
from sousei.areas.models import Area, Region
from sousei.errors import InvalidInput, NotFound

MUNICIPALITY = "municipality"
KIND_CHOICES: tuple[str, ...] = (MUNICIPALITY, *(k.value for k in AreaKind))


@dataclass(frozen=True)
class KindChoice:
    value: str
    label_ja: str
    label_en: str


def kind_choices() -> list[KindChoice]:
    """The `kind` filter's values with labels; `municipality` means all 市区町村."""
    return [
        KindChoice(MUNICIPALITY, "市区町村", "Municipalities"),
        *(KindChoice(k.value, k.label_ja, k.label_en) for k in AreaKind),
    ]


@dataclass(frozen=True)
class AreaView:
    code: str
    name: str
    kana: str
    kind: str
    kind_label_ja: str
    kind_label_en: str
    prefecture: str
    prefecture_code: str
    parent: str | None
    parent_name: str | None
    district: str
    is_sample: bool

    def as_api(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RegionView:
    slug: str
    name: str
    name_en: str
    description: str
    is_sample: bool
    members: list[AreaView] = field(default_factory=list)


def _area_view(area: Area) -> AreaView:
    kind = AreaKind(area.kind)
    parent = area.parent
    return AreaView(
        code=area.code,
        name=area.name,
        kana=area.kana,
        kind=kind.value,
        kind_label_ja=kind.label_ja,
        kind_label_en=kind.label_en,
        prefecture=area.prefecture,
        prefecture_code=area.prefecture_code,
        parent=parent.code if parent else None,
        parent_name=parent.name if parent else None,
        district=area.district,
        is_sample=area.is_sample,
    )


def _to_code(raw: str) -> str:
    try:
        return normalize_area_code(raw)
    except AreaCodeError as exc:
        raise InvalidInput(exc.message_ja, exc.message_en, code="invalid_area_code") from exc


def area_get(*, code: str) -> AreaView:
    """One area by a 5- or 6-digit code; a malformed code is 400, an unknown one 404."""
    normalized = _to_code(code)
    area = Area.objects.select_related("parent").filter(code=normalized).first()
    if area is None:
        raise NotFound(
            f"地方公共団体コード {normalized} の団体は見つかりません。",
            f"No local government has the code {normalized}.",
            code="area_not_found",
        )
    return _area_view(area)


def _katakana(text: str) -> str:
    """Hiragana → katakana, so that a search for いちのせき finds イチノセキシ."""
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def prefecture_resolve(value: str) -> Area:
    """A prefecture from its name (岩手県 or 岩手), its 2-digit number or its 6-digit code."""
    text = unicodedata.normalize("NFKC", value).strip()
    prefectures = Area.objects.filter(kind=AreaKind.PREFECTURE)
    match: Area | None = None
    if text.isdigit() and len(text) <= 2:
        match = prefectures.filter(code__startswith=text.zfill(2)).first()
    elif text.isdigit():
        try:
            match = prefectures.filter(code=normalize_area_code(text)).first()
        except AreaCodeError:
            match = None
    elif text:
        match = (
            prefectures.filter(name=text).first()
            or prefectures.filter(
                name__in=[text + suffix for suffix in ("都", "道", "府", "県")]
            ).first()
        )
    if match is None:
        raise InvalidInput(
            f"都道府県「{value}」が見つかりません。名前（例：岩手県）か番号（例：03）で指定してください。",
            f"Unknown prefecture {value!r}: give a name (e.g. 岩手県) or a number (e.g. 03).",
            code="unknown_prefecture",
        )
    return match


def area_list(
    *,
    prefecture: str | None = None,
    kind: str | None = None,
    q: str | None = None,
    include_sample: bool = False,
) -> list[AreaView]:
    """Areas matching the filters, in code order.

    Fictional demo areas are left out of national listings unless asked for, so that
    `kind=municipality` always counts Japan's real 1,741 市区町村.
    """
    areas = Area.objects.select_related("parent")
    if prefecture:
        pref = prefecture_resolve(prefecture)
        areas = areas.filter(prefecture_code=pref.code)
        include_sample = include_sample or pref.is_sample
    if not include_sample:
        areas = areas.filter(is_sample=False)
    if kind:
        if kind not in KIND_CHOICES:
            raise InvalidInput(
                f"種別「{kind}」は使えません。使える値: {', '.join(KIND_CHOICES)}",
                f"Unknown kind {kind!r}; use one of: {', '.join(KIND_CHOICES)}",
                code="invalid_kind",
            )
        if kind == MUNICIPALITY:
            areas = areas.filter(kind__in=[k.value for k in MUNICIPALITY_KINDS])
        else:
            areas = areas.filter(kind=kind)
    if q:
        text = unicodedata.normalize("NFKC", q).strip()
        if text:
            areas = areas.filter(
                Q(name__contains=text) | Q(kana__contains=_katakana(text)) | Q(code=text)
            )
    return [_area_view(a) for a in areas.order_by("code")]


def area_children(*, code: str) -> list[AreaView]:
    """Municipalities of a prefecture, or wards of a designated city."""
    return [_area_view(a) for a in Area.objects.filter(parent_id=code).select_related("parent")]


def _region_view(region: Region, *, with_members: bool) -> RegionView:
    members: list[AreaView] = []
    if with_members:
        members = [
            _area_view(m.area) for m in region.regionmembership_set.select_related("area__parent")
        ]
    return RegionView(
        slug=region.slug,
        name=region.name,
        name_en=region.name_en,
        description=region.description,
        is_sample=region.is_sample,
        members=members,
    )


def region_list() -> list[RegionView]:
    return [_region_view(r, with_members=True) for r in Region.objects.order_by("name")]


def region_get(*, slug: str) -> RegionView:
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        raise NotFound(
            f"圏域「{slug}」は見つかりません。",
            f"No region {slug!r}.",
            code="region_not_found",
        )
    return _region_view(region, with_members=True)


def regions_of_area(*, code: str) -> list[RegionView]:
    return [
        _region_view(r, with_members=False)
        for r in Region.objects.filter(regionmembership__area_id=code).order_by("name")
    ]


def district_names(codes: Iterable[str]) -> dict[str, str]:
    """Names of districts and small areas by code, as their statistics files wrote them."""
    from sousei.areas.models import District

    return dict(District.objects.filter(code__in=list(codes)).values_list("code", "name"))


def boundary_polygons(codes: Iterable[str]) -> dict[str, list]:
    """Stored outlines by code (only the codes that have one)."""
    from sousei.areas.models import Boundary

    return dict(Boundary.objects.filter(area_id__in=list(codes)).values_list("area_id", "polygons"))
