"""datastore_search on a large version answers from the worker's in-memory copy, the same rows."""

import json

import pytest

from sousei.catalog.services import dataset_load_file
from sousei.warehouse import Warehouse
from sousei.warehouse.resident import MIN_ROWS, RESIDENT

pytestmark = pytest.mark.django_db

TOWNS = ["本町1丁目", "栄町2丁目", "緑町3丁目"]
ROWS = MIN_ROWS + 2_000


@pytest.fixture
def data_dir(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "uploads"
    RESIDENT.clear()
    yield tmp_path
    RESIDENT.clear()


def test_a_large_version_is_searched_in_memory_with_the_same_answers(data_dir, client):
    lines = ["町丁名,人口,備考"] + [
        f"{TOWNS[i % 3]},{(i * 37) % 1000},{'メモ' if i % 7 else 'Memo'}{i % 11}"
        for i in range(ROWS)
    ]
    source = data_dir / "towns.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    resource = dataset_load_file(
        actor=None, org_code="03209", dataset_name="towns", path=source
    ).resource
    info = Warehouse(data_dir / "warehouse").current(resource.warehouse_id)
    parquet_only = Warehouse(data_dir / "warehouse")  # no in-memory copies
    for params, search in [
        (
            {"filters": json.dumps({"c1": "栄町2丁目"}), "sort": "c2 desc", "limit": 7},
            {"filters": {"c1": "栄町2丁目"}, "sort": [("c2", True)], "limit": 7},
        ),
        (
            {"q": "memo3", "sort": "c2 desc", "limit": 5, "offset": 3},
            {"q": "memo3", "sort": [("c2", True)], "limit": 5, "offset": 3},
        ),
    ]:
        response = client.get(
            "/api/3/action/datastore_search", {"resource_id": resource.warehouse_id, **params}
        )
        assert response.status_code == 200
        result = response.json()["result"]
        expected = parquet_only.search(resource.warehouse_id, **search)
        assert expected.total > len(expected.rows) > 0
        assert result["total"] == expected.total
        assert [tuple(r[c] for c in expected.columns) for r in result["records"]] == expected.rows
    assert RESIDENT.holds(info.parquet_path, info.created_at.isoformat())
