"""Statistics imported through the real path (file → catalog → recognise → stored figures) once
per module, then removed, so the rest of the suite sees the demo database unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import shared_data

DATA = Path(__file__).resolve().parent / "data"
ICHINOSEKI = "032093"


@pytest.fixture(scope="module")
def imported_stats(django_db_setup, django_db_blocker):
    from sousei.catalog.models import Dataset
    from sousei.stats.models import StatSeries
    from sousei.stats.services import stats_import_file

    with django_db_blocker.unblock():
        imports = [
            stats_import_file(actor=None, area_code="03209", path=DATA / name)
            for name in (
                "ichinoseki-vital-h30-r4.cp932.csv",
                "ichinoseki-migration-h30-r4.cp932.csv",
            )
        ]
        imports.append(
            stats_import_file(
                actor=None,
                area_code=ICHINOSEKI,
                path=shared_data("ssdse-a-2025.cp932.csv"),
                dataset_name="ssdse-a-2025",
            )
        )
    yield imports
    with django_db_blocker.unblock():
        StatSeries.objects.filter(pk__in=[s.pk for i in imports for s in i.series]).delete()
        Dataset.objects.filter(name__in=["statistics-032093", "ssdse-a-2025"]).delete()
