"""Writes to areas and regions. Every door (CLI, web, demo) goes through these."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction

from sousei.areas.codes import district_parent
from sousei.areas.master import AreaRecord, load_area_master
from sousei.areas.models import Area, District, Region, RegionMembership
from sousei.errors import InvalidInput

_AREA_FIELDS = ["name", "kana", "kind", "prefecture_code", "prefecture", "district", "is_sample"]


def area_records_upsert(records: Iterable[AreaRecord], *, is_sample: bool = False) -> int:
    """Insert or update areas from master records; idempotent, one transaction."""
    rows = [
        Area(
            code=r.code,
            name=r.name,
            kana=r.kana,
            kind=r.kind.value,
            prefecture_code=r.prefecture_code,
            prefecture=r.prefecture,
            parent_id=r.parent_code,
            district=r.district,
            is_sample=is_sample,
        )
        for r in records
    ]
    with transaction.atomic():
        Area.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=[*_AREA_FIELDS, "parent"],
            batch_size=500,
        )
    return len(rows)


def area_master_sync() -> int:
    """Load the packaged national master (全国地方公共団体コード) into the database."""
    return area_records_upsert(load_area_master())


@transaction.atomic
def region_upsert(
    *,
    slug: str,
    name: str,
    member_codes: list[str],
    core_code: str | None = None,
    name_en: str = "",
    description: str = "",
    is_sample: bool = False,
) -> Region:
    """Create or update a region (圏域) and set its members exactly."""
    region, _ = Region.objects.update_or_create(
        slug=slug,
        defaults={
            "name": name,
            "name_en": name_en,
            "description": description,
            "is_sample": is_sample,
        },
    )
    areas = Area.objects.in_bulk(member_codes)
    missing = sorted(set(member_codes) - set(areas))
    if missing:
        raise ValueError(f"unknown area codes for region {slug}: {', '.join(missing)}")
    RegionMembership.objects.filter(region=region).exclude(area_id__in=member_codes).delete()
    for code in member_codes:
        RegionMembership.objects.update_or_create(
            region=region, area_id=code, defaults={"is_core": code == core_code}
        )
    return region


def district_names_store(names: Mapping[str, str]) -> int:
    """Record the names of districts and small areas (`<municipality>-<local code>`) a statistics
    file gave, under their municipality or ward; codes under no known area are left out."""
    parents = {code: parent for code in names if (parent := district_parent(code))}
    known = set(Area.objects.filter(code__in=set(parents.values())).values_list("code", flat=True))
    rows = [
        District(code=code, parent_id=parent, name=names[code])
        for code, parent in parents.items()
        if parent in known
    ]
    District.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["code"], update_fields=["name", "parent"]
    )
    return len(rows)


def boundaries_store(data: bytes, *, source: str = "") -> tuple[int, list[str]]:
    """Store the outlines of a TopoJSON/GeoJSON file for the areas of the master, replacing
    earlier ones; coordinates rounded to 1e-4° (about 10 m, far below what a map shows).
    Returns (stored, codes in the file that the master does not hold)."""
    from sousei.areas.boundaries import read_boundaries
    from sousei.areas.models import Boundary

    try:
        found = read_boundaries(data)
    except ValueError as exc:
        raise InvalidInput(
            f"境界ファイルを読めません: {exc}", f"Cannot read the boundary file: {exc}"
        ) from exc
    known = set(Area.objects.filter(code__in=list(found)).values_list("code", flat=True))
    rows = [
        Boundary(
            area_id=code,
            polygons=[
                [[[round(x, 4), round(y, 4)] for x, y in ring] for ring in polygon]
                for polygon in polygons
            ],
            source=source[:200],
        )
        for code, polygons in found.items()
        if code in known
    ]
    with transaction.atomic():
        Boundary.objects.bulk_create(
            rows,
            batch_size=200,
            update_conflicts=True,
            unique_fields=["area"],
            update_fields=["polygons", "source"],
        )
    return len(rows), sorted(set(found) - known)
