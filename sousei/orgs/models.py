"""Organisations that own data, and people's roles in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sousei.areas.models import Area, Region


class Role(models.TextChoices):
    """Roles inside one organisation; site administrators (superusers) stand above them."""

    ADMIN = "admin", "admin"
    EDITOR = "editor", "editor"
    VIEWER = "viewer", "viewer"


# The roles that may change an organisation's data (and are told of residents' posts).
EDITING_ROLES = (Role.EDITOR, Role.ADMIN)


class Organisation(models.Model):
    """A municipality, prefecture or region acting as a publisher (公開主体)."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=128)
    area = models.OneToOneField(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="organisation"
    )
    region = models.OneToOneField(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="organisation"
    )
    description = models.TextField(blank=True)
    is_sample = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(area__isnull=False, region__isnull=True)
                | models.Q(area__isnull=True, region__isnull=False),
                name="organisation_is_area_or_region",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=8, choices=Role.choices)
    department = models.CharField(max_length=128, blank=True, help_text="e.g. 政策企画課")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) @ {self.organisation}"


class LoginFailure(models.Model):
    """A failed log-in, kept a while to slow down password guessing (the address only hashed)."""

    username = models.CharField(max_length=150, db_index=True)
    client = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"
