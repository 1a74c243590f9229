"""Municipal boundaries: TopoJSON/GeoJSON reading and SVG paths on the real N03 file. No DB."""

from __future__ import annotations

import copy
import json
import math
import re

import pytest

from sousei.areas.boundaries import read_boundaries, svg_paths
from tests.conftest import shared_data

ICHINOSEKI = "032093"  # 岩手県一関市
SAPPORO_CHUO = "011011"  # 札幌市中央区
MORIOKA = "032018"  # 岩手県盛岡市

# Two squares on a quantized grid (scale 0.5° × 0.25°) sharing arc 0, the vertical edge at x=2.
# Square A is arcs [0, 1]; square B runs arc 0 backwards (~0 == -1) and then arc 2.
# A third feature has no code, like N03's 所属未定地, and must be skipped.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.25], "translate": [140.0, 38.0]},
    "arcs": [
        [[2, 0], [0, 2]],
        [[2, 2], [-2, 0], [0, -2], [2, 0]],
        [[2, 0], [2, 0], [0, 2], [-2, 0]],
    ],
    "objects": {
        "towns": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "properties": {"N03_007": "03209"}},
                {"type": "Polygon", "arcs": [[-1, 2]], "properties": {"code": MORIOKA}},
                {"type": "Polygon", "arcs": [[1, 2]], "properties": {"N03_007": None}},
            ],
        }
    },
}
SQUARE_A = [(141.0, 38.0), (141.0, 38.5), (140.0, 38.5), (140.0, 38.0), (141.0, 38.0)]
SQUARE_B = [(141.0, 38.5), (141.0, 38.0), (142.0, 38.0), (142.0, 38.5), (141.0, 38.5)]
EXPECTED = {ICHINOSEKI: [[SQUARE_A]], MORIOKA: [[SQUARE_B]]}


def _feature(properties: dict, rings: list) -> dict:
    coordinates = [[list(p) for p in ring] for ring in rings]
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Polygon", "coordinates": coordinates},
    }


GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        _feature({"N03_007": "03209"}, [SQUARE_A]),
        _feature({"area_code": MORIOKA}, [SQUARE_B]),
        _feature({"N03_007": None}, [SQUARE_A]),
    ],
}


@pytest.fixture(scope="module")
def japan() -> dict:
    return read_boundaries(shared_data("municipalities-2021.topojson").read_bytes())


def _points(boundaries: dict, code: str) -> list[tuple[float, float]]:
    return [p for polygon in boundaries[code] for ring in polygon for p in ring]


def _coordinates(path: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", path)]


# --- reading the real N03 file -------------------------------------------------------------------


def test_real_file_has_every_municipality_once(japan):
    assert 1700 <= len(japan) <= 1900
    assert {ICHINOSEKI, SAPPORO_CHUO, MORIOKA} <= japan.keys()
    assert all(len(code) == 6 and code.isdigit() for code in japan)


def test_real_file_places_ichinoseki_in_southern_iwate(japan):
    points = _points(japan, ICHINOSEKI)
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    assert min(lons) >= 140.5 and max(lons) <= 141.8
    assert min(lats) >= 38.6 and max(lats) <= 39.3
    assert max(lons) - min(lons) >= 0.5


def test_real_file_rings_are_closed(japan):
    rings = [ring for polygons in japan.values() for polygon in polygons for ring in polygon]
    assert all(ring[0] == ring[-1] for ring in rings)


# --- hand-written TopoJSON and GeoJSON -----------------------------------------------------------


def test_topojson_decodes_shared_and_reversed_arcs():
    assert read_boundaries(json.dumps(TOPOLOGY)) == EXPECTED


def test_topojson_without_transform_has_absolute_arcs():
    topology = copy.deepcopy(TOPOLOGY)
    del topology["transform"]
    decoded = read_boundaries(TOPOLOGY)
    topology["arcs"] = [
        [list(p) for p in decoded[ICHINOSEKI][0][0][:2]],
        [list(p) for p in decoded[ICHINOSEKI][0][0][1:]],
        [list(p) for p in decoded[MORIOKA][0][0][1:]],
    ]
    assert read_boundaries(topology) == EXPECTED


def test_geojson_gives_the_same_polygons():
    assert read_boundaries(json.dumps(GEOJSON, ensure_ascii=False).encode()) == EXPECTED


def test_features_sharing_a_code_are_merged():
    merged = copy.deepcopy(GEOJSON)
    merged["features"][1]["properties"] = {"団体コード": 3209}  # a spreadsheet's integer
    assert read_boundaries(merged) == {ICHINOSEKI: [[SQUARE_A], [SQUARE_B]]}


def test_multipolygon_and_unclosed_rings():
    feature = _feature({"JISCODE": MORIOKA}, [])
    feature["geometry"] = {"type": "MultiPolygon", "coordinates": [[SQUARE_A[:-1]], [SQUARE_B]]}
    collection = {"type": "FeatureCollection", "features": [feature]}
    assert read_boundaries(collection) == {MORIOKA: [[SQUARE_A], [SQUARE_B]]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe not json", "not UTF-8 JSON"),
        ("{not json", "not UTF-8 JSON"),
        ("[1, 2]", "not a TopoJSON or GeoJSON"),
        ({"type": "Point", "coordinates": [140, 38]}, "neither TopoJSON"),
        ({"type": "FeatureCollection", "features": []}, "no feature"),
        ({"type": "FeatureCollection", "features": [GEOJSON["features"][2]]}, "no feature"),
        ({**TOPOLOGY, "arcs": []}, "malformed"),
        ({**TOPOLOGY, "arcs": [[[0, 0], [1]]]}, "malformed TopoJSON arc 0"),
        ({"type": "FeatureCollection", "features": [_feature({"code": "3209x"}, [])]}, "3209x"),
    ],
)
def test_bad_input_raises_value_error(data, message):
    with pytest.raises(ValueError, match=message):
        read_boundaries(data)


# --- SVG -----------------------------------------------------------------------------------------


def test_iwate_paths_fit_the_box_and_stay_small(japan):
    iwate = sorted(code for code in japan if code.startswith("03"))
    paths, (width, height) = svg_paths(japan, [*iwate, "999999"], width=600, height=600)
    assert sorted(paths) == iwate
    assert width <= 600 and height <= 600 and max(width, height) == 600
    for path in paths.values():
        assert path.startswith("M") and path.endswith("Z")
        assert all(0 <= x <= width and 0 <= y <= height for x, y in _coordinates(path))
    assert sum(len(path) for path in paths.values()) < 60_000


def test_iwate_is_taller_than_wide_and_ichinoseki_in_the_south(japan):
    iwate = [code for code in japan if code.startswith("03")]
    paths, (width, height) = svg_paths(japan, iwate)
    assert width < height
    assert min(y for _, y in _coordinates(paths[ICHINOSEKI])) > height / 2


def test_tolerance_drops_points(japan):
    iwate = [code for code in japan if code.startswith("03")]
    fine, _ = svg_paths(japan, iwate, tolerance_px=0)
    coarse, _ = svg_paths(japan, iwate, tolerance_px=10)
    assert sorted(coarse) == sorted(fine)

    def points(paths: dict[str, str]) -> int:
        return sum(len(_coordinates(path)) for path in paths.values())

    assert points(coarse) < 0.8 * points(fine)


def test_squares_project_with_cosine_of_latitude():
    paths, (width, _) = svg_paths(read_boundaries(TOPOLOGY), [ICHINOSEKI, MORIOKA])
    assert width == 600
    xs = [x for path in paths.values() for x, _ in _coordinates(path)]
    ys = [y for path in paths.values() for _, y in _coordinates(path)]
    ratio = (max(xs) - min(xs)) / (max(ys) - min(ys))
    assert ratio == pytest.approx(4 * math.cos(math.radians(38.25)), rel=0.01)
    assert paths[ICHINOSEKI].count("M") == 1 and paths[ICHINOSEKI].count("Z") == 1


def test_several_polygons_give_several_subpaths():
    merged = {ICHINOSEKI: [[SQUARE_A], [SQUARE_B]]}
    paths, _ = svg_paths(merged, [ICHINOSEKI])
    assert paths[ICHINOSEKI].count("M") == 2 and paths[ICHINOSEKI].count("Z") == 2


def test_tiny_rings_keep_three_points_and_degenerate_ones_vanish():
    tiny = {ICHINOSEKI: [[SQUARE_A]], MORIOKA: [[SQUARE_B]]}
    paths, _ = svg_paths(tiny, [ICHINOSEKI, MORIOKA], tolerance_px=10_000)
    assert all(len(_coordinates(path)) == 3 for path in paths.values())
    flat = {MORIOKA: [[[(141.0, 38.0), (141.5, 38.0), (142.0, 38.0), (141.0, 38.0)]]]}
    assert svg_paths({**tiny, **flat}, [ICHINOSEKI, MORIOKA])[0].keys() == {ICHINOSEKI}


def test_no_known_code_gives_no_paths(japan):
    assert svg_paths(japan, ["999999"], width=300, height=200) == ({}, (300.0, 200.0))
