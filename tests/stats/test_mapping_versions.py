"""A published file read as statistics through the mapping screen's rule, and every later
version of it read the same way when it lands."""

from __future__ import annotations

import pytest

from sousei.catalog.services import dataset_publish_file
from sousei.errors import PermissionDenied
from sousei.orgs.services import organisation_for_area, user_create
from sousei.stats.mapping import Mapping, MappingError, mapping_as_dict, mapping_from_dict
from sousei.stats.models import StatSeries
from sousei.stats.selectors import stat_table
from sousei.stats.services import stats_import_file, stats_map_version
from sousei.stats.tables import Provenance
from tests.stats.conftest import DATA, ICHINOSEKI

pytestmark = pytest.mark.django_db

# A table no layout recognises: the city's own column names, one row per year.
HEADER = "集計年,出生者数（人）,死亡者数（人）\n"
MAPPING = Mapping(
    kind="vital",
    value="出生者数（人）",
    date="集計年",
    fixed_event="births",
    area_code=ICHINOSEKI,
    provenance=Provenance("juki", "一関市統計書"),
)


def _publish(tmp_path, body: str, name: str = "births.csv"):
    path = tmp_path / name
    path.write_bytes((HEADER + body).encode("cp932"))
    return dataset_publish_file(
        actor=None,
        organisation=organisation_for_area(code=ICHINOSEKI),
        dataset_name="ichinoseki-births",
        path=path,
        resource_name="births",
    )


def _births() -> dict[int, int]:
    vital = stat_table("vital", ICHINOSEKI)
    return vital[vital["event"] == "births"].set_index("year")["value"].to_dict()


def test_a_mapping_survives_its_json_round_trip():
    assert mapping_from_dict(mapping_as_dict(MAPPING)) == MAPPING


def test_mapped_version_stores_its_figures(tmp_path):
    load = _publish(tmp_path, "H30,626,1953\nR1,545,1949\n")
    result = stats_map_version(actor=None, version=load.version, mapping=MAPPING)
    assert result.layout == "mapping" and _births() == {2018: 626, 2019: 545}
    assert result.series[0].notes["mapping"]["value"] == "出生者数（人）"


def test_a_new_version_is_read_with_the_same_mapping(tmp_path, django_capture_on_commit_callbacks):
    load = _publish(tmp_path, "H30,626,1953\n")
    stats_map_version(actor=None, version=load.version, mapping=MAPPING)
    with django_capture_on_commit_callbacks(execute=True):
        newer = _publish(tmp_path, "H30,626,1953\nR1,545,1949\nR2,555,1799\n")
    assert newer.version.version == 2
    assert _births() == {2018: 626, 2019: 545, 2020: 555}
    series = StatSeries.objects.get(resource_version__resource=newer.resource)
    assert series.resource_version.version == 2 and series.layout == "mapping"


def test_a_new_version_that_no_longer_reads_keeps_the_old_figures(
    tmp_path, django_capture_on_commit_callbacks
):
    load = _publish(tmp_path, "H30,626,1953\n")
    stats_map_version(actor=None, version=load.version, mapping=MAPPING)
    with django_capture_on_commit_callbacks(execute=True):
        _publish(tmp_path, "H30,六百,1953\n")  # the new file has text in the births column
    assert _births() == {2018: 626}


def test_a_recognised_import_is_recognised_again_on_a_new_version(
    tmp_path, django_capture_on_commit_callbacks
):
    imported = stats_import_file(
        actor=None, area_code=ICHINOSEKI, path=DATA / "ichinoseki-vital-h30-r4.cp932.csv"
    )
    again = tmp_path / "ichinoseki-vital-h30-r4.cp932.csv"
    again.write_bytes((DATA / "ichinoseki-vital-h30-r4.cp932.csv").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        newer = dataset_publish_file(
            actor=None,
            organisation=imported.load.dataset.organisation,
            dataset_name=imported.load.dataset.name,
            path=again,
            resource_name=imported.load.resource.name,
        )
    series = StatSeries.objects.get(resource_version__resource=newer.resource)
    assert series.resource_version == newer.version and series.layout == "vital_rows"
    assert _births()[2022] == 444


def test_a_bad_mapping_names_row_and_column_and_stores_nothing(tmp_path):
    load = _publish(tmp_path, "H30,626,1953\nR1,不明,1949\n")
    before = StatSeries.objects.count()
    with pytest.raises(MappingError) as error:
        stats_map_version(actor=None, version=load.version, mapping=MAPPING)
    detail = error.value.details[0]
    assert detail["row"] == 3 and detail["column_name"] == "出生者数"  # the unit goes to the report
    assert StatSeries.objects.count() == before


def test_staff_of_another_organisation_may_not_map(tmp_path):
    load = _publish(tmp_path, "H30,626,1953\n")
    other = user_create(
        username="kurashiki-mapper",
        password="x-long-passphrase",
        organisation=organisation_for_area(code="332020"),
    )
    with pytest.raises(PermissionDenied):
        stats_map_version(actor=other, version=load.version, mapping=MAPPING)
