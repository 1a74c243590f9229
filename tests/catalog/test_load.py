"""Loading files into datasets: versions, atomic publish, permissions, the CLI."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from sousei.catalog.models import Dataset, Resource
from sousei.catalog.services import dataset_load_file, warehouse
from sousei.cli import main
from sousei.errors import InvalidInput, PermissionDenied
from sousei.orgs.services import organisation_for_area, user_create

pytestmark = pytest.mark.django_db

POPULATION_V1 = (
    "人口の推移（一関市）\n"
    "年度,地域コード,人口（人）,増減\n"
    'H30,032093,"121,583","△1,208"\n'
    'R1,032093,"120,250","△1,333"\n'
    "R2,032093,１１８，７２５,▲1525\n"
    "資料：住民基本台帳\n"
)
POPULATION_V2 = POPULATION_V1.replace(
    "資料：住民基本台帳\n", 'R3,032093,"117,000",-\n資料：住民基本台帳\n'
)


@pytest.fixture
def data_dir(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return tmp_path


def write_cp932(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("cp932"))
    return path


def test_a_cp932_file_becomes_a_published_version(data_dir, tmp_path):
    source = write_cp932(tmp_path / "population.csv", POPULATION_V1)
    result = dataset_load_file(actor=None, org_code="03209", dataset_name="population", path=source)
    assert result.created_dataset
    assert result.dataset.organisation.name == "一関市"
    assert result.version.version == 1
    assert result.resource.current_version == 1
    assert result.report.encoding == "cp932"
    names = [c.name for c in result.report.columns]
    assert names[:3] == ["年度", "地域コード", "人口"]
    rows = warehouse().search(result.resource.warehouse_id, limit=10).rows
    assert rows[0][1] == "032093"  # the code keeps its leading zero
    assert rows[2][2] == 118725
    assert rows[0][3] == -1208


def test_a_second_load_adds_a_version_and_keeps_the_first(data_dir, tmp_path):
    dataset_load_file(
        actor=None,
        org_code="032093",
        dataset_name="population",
        path=write_cp932(tmp_path / "p1.csv", POPULATION_V1),
        resource_name="人口",
    )
    second = dataset_load_file(
        actor=None,
        org_code="032093",
        dataset_name="population",
        path=write_cp932(tmp_path / "p2.csv", POPULATION_V2),
        resource_name="人口",
    )
    assert second.version.version == 2
    assert not second.created_dataset
    store = warehouse()
    assert store.search(second.resource.warehouse_id).total == 4
    assert store.search(second.resource.warehouse_id, version=1).total == 3


def test_a_bad_file_changes_nothing(data_dir, tmp_path):
    good = write_cp932(tmp_path / "p1.csv", POPULATION_V1)
    first = dataset_load_file(
        actor=None, org_code="032093", dataset_name="population", path=good, resource_name="人口"
    )
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InvalidInput):
        dataset_load_file(
            actor=None,
            org_code="032093",
            dataset_name="population",
            path=empty,
            resource_name="人口",
        )
    resource = Resource.objects.get(pk=first.resource.pk)
    assert resource.current_version == 1
    assert resource.versions.count() == 1


def test_a_failed_first_load_leaves_no_dataset_behind(data_dir, tmp_path):
    binary = tmp_path / "photo.csv"
    binary.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InvalidInput):
        dataset_load_file(actor=None, org_code="032093", dataset_name="photo", path=binary)
    assert not Dataset.objects.filter(name="photo").exists()


def test_staff_of_another_municipality_cannot_load(data_dir, tmp_path):
    kurashiki = organisation_for_area(code="332020")
    staff = user_create(
        username="kurashiki-staff",
        password="a-long-test-passphrase",
        organisation=kurashiki,
        role="editor",
    )
    source = write_cp932(tmp_path / "p1.csv", POPULATION_V1)
    with pytest.raises(PermissionDenied):
        dataset_load_file(actor=staff, org_code="032093", dataset_name="population", path=source)
    assert not Dataset.objects.filter(name="population").exists()


def test_cli_load_prints_the_report_and_fails_cleanly(data_dir, tmp_path):
    source = write_cp932(tmp_path / "population.csv", POPULATION_V1)
    result = CliRunner().invoke(
        main, ["load", str(source), "--org", "032093", "--dataset", "population"]
    )
    assert result.exit_code == 0, result.output
    assert "cp932" in result.output
    assert "published" in result.output
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, ["load", str(empty), "--org", "032093", "--dataset", "x1"])
    assert result.exit_code == 1
    assert "Error:" in result.output


def test_staff_cannot_create_an_organisation_by_loading(data_dir, tmp_path):
    from sousei.orgs.models import Organisation

    staff = user_create(
        username="someone",
        password="a-long-test-passphrase",
        organisation=organisation_for_area(code="332020"),
        role="admin",
    )
    source = write_cp932(tmp_path / "p1.csv", POPULATION_V1)
    with pytest.raises(PermissionDenied):
        dataset_load_file(actor=staff, org_code="282103", dataset_name="kakogawa", path=source)
    assert not Organisation.objects.filter(area_id="282103").exists()
