"""What the catalog tells the rest of sousei, without knowing who listens (data flows out of the
catalog, never back into it): `version_published(version=ResourceVersion)` after the version's
transaction commits."""

from django.dispatch import Signal

version_published = Signal()
