"""Areas (全国地方公共団体) and regions (圏域) as stored in the application database."""

from __future__ import annotations

from django.db import models

from sousei.areas.master import MUNICIPALITY_KINDS, AreaKind


class Area(models.Model):
    """A prefecture, municipality or ward, keyed by its 6-digit 全国地方公共団体コード."""

    code = models.CharField(max_length=6, primary_key=True)
    name = models.CharField(max_length=64)
    kana = models.CharField(max_length=128, blank=True)
    kind = models.CharField(max_length=16, choices=[(k.value, k.label_en) for k in AreaKind])
    prefecture_code = models.CharField(max_length=6, db_index=True)
    prefecture = models.CharField(max_length=16)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    district = models.CharField(max_length=32, blank=True)
    is_sample = models.BooleanField(
        default=False, help_text="Fictional area of the demo data (サンプルデータ)."
    )

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["kind"]), models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_municipality(self) -> bool:
        return AreaKind(self.kind) in MUNICIPALITY_KINDS


class Region(models.Model):
    """A group of municipalities working together (連携中枢都市圏, 定住自立圏 …)."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=128)
    name_en = models.CharField(max_length=128, blank=True)
    description = models.TextField(blank=True)
    is_sample = models.BooleanField(default=False)
    members = models.ManyToManyField(Area, through="RegionMembership", related_name="regions")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RegionMembership(models.Model):
    """A municipality's place in a region; one municipality can belong to several regions."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE)
    area = models.ForeignKey(Area, on_delete=models.PROTECT)
    is_core = models.BooleanField(default=False, help_text="The core city (中心市) of the region.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "area"], name="unique_region_member")
        ]
        ordering = ["area__code"]

    def __str__(self) -> str:
        return f"{self.region} / {self.area}"


class District(models.Model):
    """A part of a municipality that statistics are kept for: a 旧町村 地域, or a small area
    (町丁・字). Its code is the municipality's followed by the file's own code (`032093-01`,
    `281018-0010`), so that it sorts under its municipality; its name is as the file wrote it."""

    code = models.CharField(max_length=40, primary_key=True)
    parent = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="districts")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Boundary(models.Model):
    """An area's outline (行政区域) for maps: polygons of rings of [lon, lat], from a boundary
    file such as 国土数値情報 N03 loaded with `sousei areas boundaries`."""

    area = models.OneToOneField(Area, primary_key=True, on_delete=models.CASCADE)
    polygons = models.JSONField()
    source = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.area_id} ({self.source})"
