"""Imported standard statistics: one series per imported table, one row per figure.

Figures are rows in the application database (indexed by area, measure and year) because the
pages and API read a few hundred of them per area; the file they came from stays in the catalog
with all its versions, linked by `resource_version`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from sousei.catalog.models import ResourceVersion
from sousei.orgs.models import Organisation


class StatSeries(models.Model):
    """One standard table (標準統計表) read from one file, with its provenance (出典)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=16)  # population, vital, migration, households
    source = models.CharField(max_length=16)  # juki, census, estimate, projection, other
    vintage = models.CharField(max_length=100, blank=True)
    is_projection = models.BooleanField(default=False)
    layout = models.CharField(max_length=32)
    notes = models.JSONField(default=dict, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="stat_series"
    )
    resource_version = models.ForeignKey(
        ResourceVersion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stat_series",
    )
    row_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.source} {self.vintage}".strip()


class StatValue(models.Model):
    """One figure: a population on a date, or a count of events (births, moves) in a year."""

    series = models.ForeignKey(StatSeries, on_delete=models.CASCADE, related_name="values")
    area_code = models.CharField(max_length=40)
    measure = models.CharField(max_length=16)  # population, births, deaths, in, out, households
    date = models.DateField(null=True, blank=True)
    year = models.SmallIntegerField()
    sex = models.CharField(max_length=8, default="total")
    age = models.CharField(max_length=8, default="total")
    age_from = models.SmallIntegerField(null=True, blank=True)
    age_to = models.SmallIntegerField(null=True, blank=True)
    counterpart_code = models.CharField(max_length=40, blank=True)
    counterpart_name = models.CharField(max_length=100, blank=True)
    value = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["area_code", "measure", "year"]),
            models.Index(fields=["measure", "year", "sex", "age"]),
        ]

    def __str__(self) -> str:
        return f"{self.area_code} {self.measure} {self.year} {self.sex} {self.age}: {self.value}"
