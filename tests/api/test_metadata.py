"""DCAT catalogue and Frictionless data packages, as harvesters and tools read them."""

import json
import subprocess
import sys

import pytest
import requests
from rdflib import Graph
from rdflib.namespace import DCAT, DCTERMS, RDF

from tests.conftest import PORTAL_PUBLIC_DATASETS, PRIVATE_DATASET


@pytest.mark.parametrize(
    ("path", "fmt"), [("/catalog.ttl", "turtle"), ("/catalog.jsonld", "json-ld")]
)
def test_dcat_catalogue_parses_and_lists_public_datasets(portal, path, fmt):
    response = requests.get(portal + path, timeout=10)
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format=fmt)
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == PORTAL_PUBLIC_DATASETS
    titles = {str(graph.value(d, DCTERMS.title)) for d in datasets}
    assert "サンプル市 公共施設一覧" in titles
    assert all(PRIVATE_DATASET not in str(d) for d in datasets)
    distributions = list(graph.subjects(RDF.type, DCAT.Distribution))
    resources = sum(
        len(
            requests.get(f"{portal}/api/3/action/package_show?id={name}", timeout=10).json()[
                "result"
            ]["resources"]
        )
        for name in requests.get(f"{portal}/api/3/action/package_list", timeout=10).json()["result"]
    )
    assert len(distributions) == 2 * resources  # CSV and Parquet for each resource


def test_datapackage_validates_with_frictionless(portal, tmp_path):
    url = f"{portal}/datasets/public-facilities-992011/datapackage.json"
    descriptor = requests.get(url, timeout=10).json()
    assert descriptor["resources"][0]["schema"]["fields"][0]["title"] == "全国地方公共団体コード"
    path = tmp_path / "datapackage.json"
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report, ensure_ascii=False)[:2000]


def test_private_dataset_answers_exactly_like_a_missing_one(portal):
    private = requests.get(f"{portal}/datasets/{PRIVATE_DATASET}/datapackage.json", timeout=10)
    missing = requests.get(f"{portal}/datasets/no-such-thing/datapackage.json", timeout=10)
    assert private.status_code == missing.status_code == 404
    assert private.text.replace(PRIVATE_DATASET, "X") == missing.text.replace("no-such-thing", "X")


@pytest.mark.django_db
def test_dcat_carries_update_frequency_and_period(client):
    import datetime

    from sousei.catalog.models import Dataset
    from sousei.catalog.services import dataset_update

    dataset = Dataset.objects.get(name="public-facilities-992011")
    dataset_update(
        actor=None,
        dataset=dataset,
        update_frequency="annual",
        temporal_start=datetime.date(2024, 4, 1),
        temporal_end=datetime.date(2025, 3, 31),
    )
    graph = Graph().parse(data=client.get("/catalog.ttl").content.decode(), format="turtle")
    node = next(
        s
        for s, _, o in graph.triples((None, DCTERMS.identifier, None))
        if str(o) == str(dataset.id)
    )
    assert str(graph.value(node, DCTERMS.accrualPeriodicity)).endswith("/frequency/ANNUAL")
    period = graph.value(node, DCTERMS.temporal)
    assert str(graph.value(period, DCAT.startDate)) == "2024-04-01"
    assert str(graph.value(period, DCAT.endDate)) == "2025-03-31"
