"""Datasets, resources and their immutable versions (metadata; the tables live in the warehouse)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from sousei.catalog.licences import DEFAULT_LICENCE, LICENCES
from sousei.orgs.models import Organisation


class Dataset(models.Model):
    """A published collection of resources (CKAN's package, データセット)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.SlugField(max_length=100, unique=True, help_text="URL name, unique on the site")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="datasets"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="Markdown; sanitised when shown")
    tags = models.JSONField(default=list, blank=True)
    licence_id = models.CharField(
        max_length=32, choices=[(lic.id, lic.title_en) for lic in LICENCES], default=DEFAULT_LICENCE
    )
    update_frequency = models.CharField(max_length=32, blank=True)
    spatial = models.JSONField(default=list, blank=True, help_text="Area codes covered")
    temporal_start = models.DateField(null=True, blank=True)
    temporal_end = models.DateField(null=True, blank=True)
    contact = models.CharField(max_length=200, blank=True)
    is_private = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-modified_at"]

    def __str__(self) -> str:
        return self.title


class Resource(models.Model):
    """One table or file of a dataset; each load adds a version (リソース)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="resources")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    schema_id = models.CharField(
        max_length=64, blank=True, help_text="自治体標準オープンデータセット schema it follows"
    )
    current_version = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def warehouse_id(self) -> str:
        return self.id.hex


class ResourceVersion(models.Model):
    """An immutable load of a resource: the original file, its report, its warehouse table."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=8)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    sheet = models.CharField(max_length=100, blank=True)
    encoding = models.CharField(max_length=32, blank=True)
    row_count = models.BigIntegerField()
    report = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["resource", "version"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "version"], name="unique_resource_version")
        ]

    def __str__(self) -> str:
        return f"{self.resource} v{self.version}"
